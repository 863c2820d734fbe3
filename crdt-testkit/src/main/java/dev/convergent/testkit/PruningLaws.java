package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The law contract for a CRDT whose retired replica ids can be pruned ({@link Prunable}). Supply
 * the initial state, the delta operations and what a user observes; each law is its own property
 * over {@link PruningScenario histories} in which replica {@code r0} retires and {@code r1} prunes it
 * while the others go on and messages from before the pruning arrive late.
 *
 * <pre>{@code
 * class CartPruningLawsTest implements PruningLaws<ORMap<String, PNCounter>> {
 *     public ORMap<String, PNCounter> initial() { return ORMap.empty(PNCounter.empty()); }
 *     public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> deltaOperations() { ... }
 *     public Object observe(ORMap<String, PNCounter> cart) { return quantities(cart); }
 * }
 * }</pre>
 *
 * <p>The laws: pruning is invisible (every replica observes, after every step, what it would have
 * observed had nobody pruned); pruning is idempotent, keeps the value and removes the retired id;
 * pruning commutes with merging a state that has not seen it ({@code prune(s) ⊔ x = prune(s ⊔ x)});
 * and the replicas converge afterwards with the retired id gone from every state.
 *
 * @param <T> the CRDT type
 */
public interface PruningLaws<T extends Crdt<T> & Prunable<T>> {

    /**
     * Returns the state every replica starts from, usually the empty state.
     *
     * @return the initial state
     */
    T initial();

    /**
     * Returns the delta operations replicas apply, with generated arguments.
     *
     * @return the delta operations
     */
    Arbitrary<DeltaOperation<T>> deltaOperations();

    /**
     * Returns what a user reads from a state (the elements of a set, the value of a counter). Pruning
     * renames replica ids inside the state, so the laws compare observations, not states.
     *
     * @param state a state
     * @return its observable value, with value equality
     */
    Object observe(T state);

    /**
     * Returns the number of replicas in a history, 3 or more; 4 by default.
     *
     * @return the number of replicas
     */
    default int pruningReplicas() {
        return 4;
    }

    /**
     * Returns whether a replica of a delta-shipping history with pruning is consistent with the same
     * replica without pruning. By default it must observe the same. A counter relaxes this: its
     * successor folds the retired replica's count into its own entry, so the successor's deltas
     * carry the retired replica's last count and a replica may see those writes earlier than it would
     * without pruning; a counter then checks that it observes at least its shadow's value and at most
     * every write made so far ({@code everything}). Histories that ship full states always check
     * observable equality.
     *
     * @param pruned the replica's state with pruning
     * @param withoutPruning the same replica's state without
     * @param everything the join of every replica's state without pruning
     * @return whether the replica is consistent
     */
    default boolean observesConsistently(T pruned, T withoutPruning, T everything) {
        return Objects.equals(observe(pruned), observe(withoutPruning));
    }

    /**
     * Generates histories with one pruning.
     *
     * @return the scenarios
     */
    @Provide
    default Arbitrary<PruningScenario<T>> pruningScenarios() {
        return PruningScenario.scenarios(deltaOperations(), pruningReplicas(), 14);
    }

    /**
     * Law: in a history that ships full states, every replica, after every step, observes what it
     * would have observed without the pruning.
     *
     * @param scenario a history
     */
    @LawProperty
    default void pruningIsInvisibleToEveryReplicaAtEveryStep(@ForAll("pruningScenarios") PruningScenario<T> scenario) {
        scenario.run(initial(), this::observe, false, (pruned, shadow, everything) ->
                Objects.equals(observe(pruned), observe(shadow)));
    }

    /**
     * Law: in a history that ships deltas, every replica, after every step, is consistent with the
     * same replica without the pruning ({@link #observesConsistently}: observes the same, by default).
     *
     * @param scenario a history
     */
    @LawProperty
    default void pruningKeepsDeltaShippingReplicasConsistentAtEveryStep(
            @ForAll("pruningScenarios") PruningScenario<T> scenario) {
        runShippingDeltas(scenario);
    }

    /**
     * Runs a history that ships deltas, checking {@link #observesConsistently} at every step.
     *
     * @param scenario the history
     * @return what the laws look at
     */
    private PruningScenario.Run<T> runShippingDeltas(PruningScenario<T> scenario) {
        return scenario.run(initial(), this::observe, true, this::observesConsistently);
    }

    /**
     * Law: {@code prune(prune(s)) = prune(s)}; the pruned state keeps the value, no longer carries the
     * retired id and records it as retired; forgetting the marker keeps the value, and a merge with a
     * state that holds the marker brings it back.
     *
     * @param scenario a history
     */
    @LawProperty
    default void pruningIsIdempotentKeepsTheValueAndRemovesTheId(
            @ForAll("pruningScenarios") PruningScenario<T> scenario) {
        PruningScenario.Run<T> run = runShippingDeltas(scenario);
        T pruned = run.pruned();
        String where = "\n  before: " + run.beforePruning() + "\n  pruned: " + pruned + "\nhistory:\n" + run.history();
        T again = pruned.prune(PruningScenario.RETIRING, PruningScenario.SUCCESSOR);
        if (!again.equals(pruned)) {
            throw new LawViolation(Law.PRUNING_IDEMPOTENT, "pruning twice gave " + again + where);
        }
        if (!Objects.equals(observe(pruned), observe(run.beforePruning()))) {
            throw new LawViolation(Law.PRUNING_IDEMPOTENT, "the value changed from " + observe(run.beforePruning())
                    + " to " + observe(pruned) + where);
        }
        T forgotten = pruned.forgetPruning(PruningScenario.RETIRING);
        if (!forgotten.merge(pruned).equals(pruned) || !pruned.merge(forgotten).equals(pruned)
                || !Objects.equals(observe(forgotten), observe(pruned))) {
            throw new LawViolation(Law.PRUNING_IDEMPOTENT, "forgetting the marker changed the value, or merging"
                    + " with a state that still holds it did not bring it back: " + forgotten + where);
        }
        if (pruned.replicaIds().contains(PruningScenario.RETIRING)
                || !pruned.retiredReplicas().contains(PruningScenario.RETIRING)) {
            throw new LawViolation(Law.PRUNING_IDEMPOTENT, "carries " + pruned.replicaIds() + ", retired "
                    + pruned.retiredReplicas() + where);
        }
    }

    /**
     * Law: {@code prune(s) ⊔ x = prune(s ⊔ x) = x ⊔ prune(s)} for every state or message {@code x} from
     * before the pruning, where {@code s} is the successor's state when it pruned.
     *
     * @param scenario a history
     */
    @LawProperty
    default void pruningCommutesWithMergingAStateThatHasNotSeenIt(
            @ForAll("pruningScenarios") PruningScenario<T> scenario) {
        PruningScenario.Run<T> run = runShippingDeltas(scenario);
        for (T stale : run.notSeenPruning()) {
            T mergedAfter = run.pruned().merge(stale);
            T prunedAfter = run.beforePruning().merge(stale).prune(PruningScenario.RETIRING, PruningScenario.SUCCESSOR);
            T otherOrder = stale.merge(run.pruned());
            if (!mergedAfter.equals(prunedAfter) || !mergedAfter.equals(otherOrder)) {
                throw new LawViolation(Law.PRUNING_COMMUTES_WITH_MERGE, "x = " + stale
                        + "\n  prune(s) ⊔ x = " + mergedAfter + "\n  prune(s ⊔ x) = " + prunedAfter
                        + "\n  x ⊔ prune(s) = " + otherOrder + "\n  s = " + run.beforePruning()
                        + "\nhistory:\n" + run.history());
            }
        }
    }

    /**
     * Law: once every message is delivered the replicas hold equal states, observe what they would
     * have without the pruning, and none carries the retired id.
     *
     * @param scenario a history
     */
    @LawProperty
    default void replicasConvergeAfterPruningWithoutTheRetiredId(
            @ForAll("pruningScenarios") PruningScenario<T> scenario) {
        PruningScenario.Run<T> run = runShippingDeltas(scenario);
        T first = run.finalStates().get(0);
        for (T s : run.finalStates()) {
            if (!s.equals(first)) {
                throw new LawViolation(Law.PRUNED_REPLICAS_CONVERGE, "final states differ:\n  " + first + "\n  " + s
                        + "\nhistory:\n" + run.history());
            }
            for (ReplicaId retired : run.retired()) {
                if (s.replicaIds().contains(retired) || !s.retiredReplicas().contains(retired)) {
                    throw new LawViolation(Law.PRUNED_REPLICAS_CONVERGE, "a final state still carries " + retired
                            + " or lacks its marker: " + s + "\nhistory:\n" + run.history());
                }
            }
        }
        Object expected = observe(run.shadowFinalStates().get(0));
        if (!Objects.equals(observe(first), expected)) {
            throw new LawViolation(Law.PRUNED_REPLICAS_CONVERGE, "converged to " + observe(first)
                    + " but without the pruning to " + expected + "\nhistory:\n" + run.history());
        }
    }

    /**
     * Law: {@code prune}, {@code forgetPruning} and merges with states that have not seen the pruning
     * leave their inputs unchanged. The history is run twice; the calls get the states of the first
     * run, and afterwards each must still equal, and look like, its counterpart in the second run.
     * In the report, {@code s0} is the successor's state just before it pruned, {@code s1} the pruned
     * state, and {@code s2}, ... the states and messages from before the pruning.
     *
     * @param scenario a history
     */
    @LawProperty
    default void pruningLeavesItsInputsUnchanged(@ForAll("pruningScenarios") PruningScenario<T> scenario) {
        InputChecks<T> inputs = InputChecks.replay(() -> {
            PruningScenario.Run<T> run = runShippingDeltas(scenario);
            List<T> states = new ArrayList<>();
            states.add(run.beforePruning());
            states.add(run.pruned());
            states.addAll(run.notSeenPruning());
            return states;
        }, this::observe);
        inputs.apply("s0.prune(r0, r1)", 0, s -> s.prune(PruningScenario.RETIRING, PruningScenario.SUCCESSOR));
        inputs.apply("s1.prune(r0, r1)", 1, s -> s.prune(PruningScenario.RETIRING, PruningScenario.SUCCESSOR));
        inputs.apply("s1.forgetPruning(r0)", 1, s -> s.forgetPruning(PruningScenario.RETIRING));
        for (int k = 2; k < inputs.size(); k++) {
            inputs.apply("s1.merge(s" + k + ")", 1, k, (a, b) -> a.merge(b));
            inputs.apply("s" + k + ".merge(s1)", k, 1, (a, b) -> a.merge(b));
        }
    }
}
