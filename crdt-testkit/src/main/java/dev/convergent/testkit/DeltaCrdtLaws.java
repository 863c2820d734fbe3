package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The law contract for a CRDT with delta mutators (Almeida, Shoker, Baquero, "Delta State Replicated
 * Data Types"): every law of {@link CrdtLaws}, plus the delta laws. Supply the delta operations;
 * {@link #operations()} runs them as plain operations for the state-based laws unless overridden.
 *
 * <pre>{@code
 * class TwoPhaseSetLawsTest implements DeltaCrdtLaws<TwoPhaseSet<String>> {
 *     public TwoPhaseSet<String> initial() { return TwoPhaseSet.empty(); }
 *     public Arbitrary<DeltaOperation<TwoPhaseSet<String>>> deltaOperations() {
 *         return Arbitraries.of("milk", "eggs").map(e -> DeltaOperation.of("add(" + e + ")", (r, s) -> s.addDelta(e)));
 *     }
 * }
 * }</pre>
 *
 * <p>The delta laws, each its own property: the delta is below or equal to the new state; merging it
 * into the old state gives the new state; consecutive deltas merge into delta groups; merging a
 * delta twice changes nothing; merging a delta inflates any replica; and replicas that ship only
 * deltas over a network that reorders, duplicates, loses and resends them converge once all are
 * delivered. The states of the semilattice and order laws come from full-state and from
 * delta-shipping histories, so they include the gapped states that out-of-order deltas leave.
 *
 * @param <T> the CRDT type
 */
public interface DeltaCrdtLaws<T extends Crdt<T>> extends CrdtLaws<T> {

    /**
     * Returns the delta operations replicas apply, with generated arguments.
     *
     * @return the delta operations
     */
    Arbitrary<DeltaOperation<T>> deltaOperations();

    /**
     * Returns the delta operations as plain operations ({@link DeltaOperation#asOperation}). Override
     * it to add mutators that have no delta form.
     *
     * @return the operations
     */
    @Override
    default Arbitrary<Operation<T>> operations() {
        return deltaOperations().map(DeltaOperation::asOperation);
    }

    /**
     * Generates the states of three replicas at the end of a random history in which replicas gossip
     * full states or ship only deltas.
     *
     * @return related states
     */
    @Provide
    @Override
    default Arbitrary<List<T>> crdtStates() {
        Arbitrary<List<T>> shippingDeltas = Schedules.deltaScenarios(deltaOperations(), 3, 3, Schedules.STATE_STEPS)
                .map(s -> Simulation.run(initial(), 3, s.steps(), true, false).midStates());
        return Arbitraries.oneOf(CrdtLaws.super.crdtStates(), shippingDeltas);
    }

    /**
     * Generates the delta operations the delta laws apply.
     *
     * @return the delta operations
     */
    @Provide
    default Arbitrary<DeltaOperation<T>> crdtDeltaOperations() {
        return deltaOperations();
    }

    /**
     * Generates histories of {@link #minReplicas()} to {@link #maxReplicas()} replicas that ship only deltas.
     *
     * @return scenarios
     */
    @Provide
    default Arbitrary<Scenario<T>> crdtDeltaScenarios() {
        return Schedules.deltaScenarios(deltaOperations(), minReplicas(), maxReplicas(), Schedules.SCENARIO_STEPS);
    }

    /**
     * Law: the delta is below or equal to the state the mutator produced ({@code delta ≤ new}).
     *
     * @param states related states; replica {@code i} applies the operation to state {@code i}
     * @param operation a delta operation
     */
    @LawProperty
    default void deltaIsBelowTheNewState(@ForAll("crdtStates") List<T> states,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> operation) {
        for (int i = 0; i < states.size(); i++) {
            Laws.deltaIsBelowTheNewState(states.get(i), operation, Simulation.replicaId(i));
        }
    }

    /**
     * Law: merging the delta into the old state gives the new state ({@code old ⊔ delta = new}).
     *
     * @param states related states; replica {@code i} applies the operation to state {@code i}
     * @param operation a delta operation
     */
    @LawProperty
    default void mergingTheDeltaGivesTheNewState(@ForAll("crdtStates") List<T> states,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> operation) {
        for (int i = 0; i < states.size(); i++) {
            Laws.mergingTheDeltaGivesTheNewState(states.get(i), operation, Simulation.replicaId(i));
        }
    }

    /**
     * Law: two consecutive deltas merge into a delta group, {@code s ⊔ (d1 ⊔ d2) = (s ⊔ d1) ⊔ d2},
     * on the replica that produced them and on every other replica.
     *
     * @param states related states; replica {@code i} applies both operations to state {@code i}
     * @param first the first delta operation
     * @param second the second delta operation
     */
    @LawProperty
    default void deltasMergeIntoDeltaGroups(@ForAll("crdtStates") List<T> states,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> first,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> second) {
        for (int i = 0; i < states.size(); i++) {
            List<T> others = new ArrayList<>(states);
            others.remove(i);
            Laws.deltasMergeIntoDeltaGroups(states.get(i), first, second, Simulation.replicaId(i), others);
        }
    }

    /**
     * Law: merging a delta a second time changes nothing, on any replica ({@code (s ⊔ d) ⊔ d = s ⊔ d}).
     *
     * @param states related states; replica 0 produces the delta and every replica merges it
     * @param operation a delta operation
     */
    @LawProperty
    default void mergingADeltaTwiceChangesNothing(@ForAll("crdtStates") List<T> states,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> operation) {
        for (T delta : deltasOf(states, operation)) {
            for (T s : states) {
                Laws.mergingADeltaTwiceChangesNothing(s, delta);
            }
        }
    }

    /**
     * Law: merging a delta into any replica's state inflates it ({@code s ≤ s ⊔ d}).
     *
     * @param states related states; each replica produces a delta and every replica merges it
     * @param operation a delta operation
     */
    @LawProperty
    default void mergingADeltaInflatesAnyReplica(@ForAll("crdtStates") List<T> states,
            @ForAll("crdtDeltaOperations") DeltaOperation<T> operation) {
        for (T delta : deltasOf(states, operation)) {
            for (T s : states) {
                Laws.mergingADeltaInflates(s, delta);
            }
        }
    }

    /**
     * Law: replicas that ship only deltas, each delta broadcast to every other replica over a network
     * that reorders, duplicates, loses and later resends messages, and partitions then heals, hold
     * equal states once every delta is delivered. No full state is ever sent.
     *
     * @param scenario a generated history of delta operations
     */
    @LawProperty
    default void replicasConvergeWhenShippingOnlyDeltas(@ForAll("crdtDeltaScenarios") Scenario<T> scenario) {
        Laws.replicasShippingDeltasConverge(
                Simulation.run(initial(), scenario.replicas(), scenario.steps(), true, false));
    }

    /**
     * Law: delta mutators, and merging their deltas, leave their inputs unchanged: the state a delta
     * mutator is applied to, and both the state and the delta of {@code s ⊔ d} and {@code d ⊔ s}.
     * Checked as in {@link #operationsAndMergesLeaveTheirInputsUnchanged}, against a replay of the
     * history; a delta is checked against the same mutator's delta on the replayed state.
     *
     * @param scenario a generated history of delta operations; each of its distinct delta operations
     *     (up to six) is applied to each replica's final state, and its delta merged with every state
     */
    @LawProperty
    default void deltaMutatorsAndDeltaMergesLeaveTheirInputsUnchanged(
            @ForAll("crdtDeltaScenarios") Scenario<T> scenario) {
        InputChecks<T> inputs = InputChecks.replay(() -> Simulation.run(initial(), scenario.replicas(),
                scenario.steps(), true, false).midStates(), this::observe);
        for (DeltaOperation<T> operation : InputChecks.deltaOperations(scenario.steps())) {
            for (int i = 0; i < inputs.size(); i++) {
                ReplicaId replica = Simulation.replicaId(i);
                String applies = replica + " applies " + operation + " to s" + i;
                T delta = inputs.apply(applies, i, x -> operation.apply(replica, x)).delta();
                T deltaSnapshot = operation.apply(replica, inputs.snapshot(i)).delta();
                for (int j = 0; j < inputs.size(); j++) {
                    String merge = "s" + j + ".merge(d), d the delta of " + applies;
                    inputs.apply(merge, j, x -> x.merge(delta));
                    inputs.unchanged(merge + ", checking d", delta, deltaSnapshot);
                    String reverse = "d.merge(s" + j + "), d the delta of " + applies;
                    inputs.apply(reverse, j, x -> delta.merge(x));
                    inputs.unchanged(reverse + ", checking d", delta, deltaSnapshot);
                }
            }
        }
    }

    private List<T> deltasOf(List<T> states, DeltaOperation<T> operation) {
        List<T> deltas = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            ReplicaId replica = Simulation.replicaId(i);
            Mutation<T> m = operation.apply(replica, states.get(i));
            deltas.add(m.delta());
        }
        return deltas;
    }
}
