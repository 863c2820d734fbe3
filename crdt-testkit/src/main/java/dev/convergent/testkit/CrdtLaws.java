package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The law contract for a CRDT: implement it in a test class, say where replicas start and what they
 * can do, and jqwik checks every law as its own property.
 *
 * <pre>{@code
 * class MaxRegisterLawsTest implements CrdtLaws<MaxRegister> {
 *     public MaxRegister initial() { return MaxRegister.empty(); }
 *     public Arbitrary<Operation<MaxRegister>> operations() {
 *         return Arbitraries.longs().map(n -> Operation.of("write " + n, (replica, r) -> r.write(n)));
 *     }
 * }
 * }</pre>
 *
 * <p>States for the semilattice and order laws are not drawn independently: they are the replicas
 * of one generated history (several replicas applying operations and exchanging states over a
 * faulty network from a shared start), so they are genuinely concurrent and share ancestry.
 *
 * <p>Types with delta mutators implement {@link DeltaCrdtLaws} instead; types with a serialization
 * format also implement {@link SerializationLaws}. Without jqwik, run the same laws from any JUnit
 * test with {@link #check}. A failing law reports its name in words, the shrunk counterexample with
 * each state's {@code toString}, the two results that should have been equal, and the seed; rerun
 * with {@code -Dconvergent.laws.seed=<seed>} to reproduce it, under jqwik and under {@link #check}
 * alike. Each failed law is reported once, without a stack trace unless
 * {@code -Dconvergent.laws.stacktrace=true} is set.
 *
 * @param <T> the CRDT type
 */
public interface CrdtLaws<T extends Crdt<T>> {

    /**
     * Returns the state every simulated replica starts from, usually the empty state.
     *
     * @return the initial state
     */
    T initial();

    /**
     * Returns the operations replicas apply, with generated arguments.
     *
     * @return the operations
     */
    Arbitrary<Operation<T>> operations();

    /**
     * Returns the fewest replicas in the simulated histories of the inflation and convergence laws.
     *
     * @return at least 1; 2 unless overridden
     */
    default int minReplicas() {
        return 2;
    }

    /**
     * Returns the most replicas in the simulated histories of the inflation and convergence laws.
     *
     * @return at most 31 and at least {@link #minReplicas()}; 5 unless overridden
     */
    default int maxReplicas() {
        return 5;
    }

    /**
     * Returns what a user can see of a state: its value, its elements. Equal states must look equal
     * ({@link Law#OBSERVABLY_EQUAL}), which catches an {@code equals} that ignores part of the state
     * and a cached value that disagrees with the state it caches. Override it with the type's
     * accessors, e.g. {@code return counter.value();}.
     *
     * @param state a state
     * @return its observable value, compared with {@code equals}; the state itself unless overridden
     */
    default Object observe(T state) {
        return state;
    }

    /**
     * Checks every law that applies to {@code laws} without a property-testing engine, for use from
     * plain JUnit 5 (or any other framework): the laws of this contract, plus those of
     * {@link DeltaCrdtLaws} and {@link SerializationLaws} when {@code laws} implements them. Each law
     * is tried on {@code tries} generated inputs drawn from a random source seeded with {@code seed},
     * so a given seed always replays the same inputs. The system property
     * {@code convergent.laws.seed}, when set, overrides {@code seed}: a report's rerun instruction is
     * the same as under jqwik.
     *
     * <pre>{@code
     * @Test
     * void maxRegisterObeysTheLaws() {
     *     CrdtLaws.check(new MaxRegisterLaws(), 42L, 200);
     * }
     * }</pre>
     *
     * @param <T> the CRDT type
     * @param laws the contract to check, usually a small class that implements it
     * @param seed the seed of the random source
     * @param tries how many inputs to try per law, at least 1
     * @throws NullPointerException if {@code laws} is null
     * @throws IllegalArgumentException if {@code tries} is less than 1, or {@code convergent.laws.seed}
     *     is set to something other than a whole number
     * @throws AssertionError if a law fails: a {@link LawViolation} when a law check failed, naming the
     *     law, showing the shrunk counterexample and the seed; the failures of other laws are attached
     *     as suppressed exceptions
     */
    static <T extends Crdt<T>> void check(CrdtLaws<T> laws, long seed, int tries) {
        LawChecker.check(laws, seed, tries);
    }

    /**
     * Generates the states of three replicas at the end of a random history.
     *
     * @return related states
     */
    @Provide
    default Arbitrary<List<T>> crdtStates() {
        return Schedules.scenarios(operations(), 3, 3, Schedules.STATE_STEPS)
                .map(s -> Simulation.run(initial(), 3, s.steps(), false, false).midStates());
    }

    /**
     * Generates histories of {@link #minReplicas()} to {@link #maxReplicas()} replicas over a faulty network.
     *
     * @return scenarios
     */
    @Provide
    default Arbitrary<Scenario<T>> crdtScenarios() {
        return Schedules.scenarios(operations(), minReplicas(), maxReplicas(), Schedules.SCENARIO_STEPS);
    }

    /**
     * Law: {@code a ⊔ a = a}.
     *
     * @param states related states
     */
    @LawProperty
    default void mergeIsIdempotent(@ForAll("crdtStates") List<T> states) {
        states.forEach(Laws::mergeIsIdempotent);
    }

    /**
     * Law: {@code a ⊔ b = b ⊔ a}.
     *
     * @param states related states
     */
    @LawProperty
    default void mergeIsCommutative(@ForAll("crdtStates") List<T> states) {
        Laws.mergeIsCommutative(states.get(0), states.get(1));
        Laws.mergeIsCommutative(states.get(1), states.get(2));
    }

    /**
     * Law: {@code a ⊔ (b ⊔ c) = (a ⊔ b) ⊔ c}.
     *
     * @param states related states
     */
    @LawProperty
    default void mergeIsAssociative(@ForAll("crdtStates") List<T> states) {
        Laws.mergeIsAssociative(states.get(0), states.get(1), states.get(2));
    }

    /**
     * Law: {@code a ⊔ b} is an upper bound of {@code a} and {@code b}, and the least one.
     *
     * @param states related states
     */
    @LawProperty
    default void mergeIsTheLeastUpperBound(@ForAll("crdtStates") List<T> states) {
        T a = states.get(0);
        T b = states.get(1);
        T c = states.get(2);
        Laws.mergeIsUpperBound(a, b);
        Laws.mergeIsLeastUpperBound(a, b, c);
        Laws.mergeIsLeastUpperBound(a, b, a.merge(c).merge(b));
    }

    /**
     * Law: {@code compare(a, a) = EQUAL}.
     *
     * @param states related states
     */
    @LawProperty
    default void compareIsReflexive(@ForAll("crdtStates") List<T> states) {
        states.forEach(Laws::compareIsReflexive);
    }

    /**
     * Law: {@code compare(b, a)} reverses {@code compare(a, b)}; {@code EQUAL} only for equal states.
     *
     * @param states related states
     */
    @LawProperty
    default void compareIsAntisymmetric(@ForAll("crdtStates") List<T> states) {
        Laws.compareIsAntisymmetric(states.get(0), states.get(1));
        Laws.compareIsAntisymmetric(states.get(0), states.get(0).merge(states.get(1)));
    }

    /**
     * Law: {@code a ≤ b ∧ b ≤ c ⇒ a ≤ c}.
     *
     * @param states related states
     */
    @LawProperty
    default void compareIsTransitive(@ForAll("crdtStates") List<T> states) {
        T a = states.get(0);
        T ab = a.merge(states.get(1));
        Laws.compareIsTransitive(a, ab, ab.merge(states.get(2)));
        Laws.compareIsTransitive(states.get(0), states.get(1), states.get(2));
    }

    /**
     * Law: {@code a ≤ b ⇔ a ⊔ b = b}.
     *
     * @param states related states
     */
    @LawProperty
    default void compareAgreesWithMerge(@ForAll("crdtStates") List<T> states) {
        Laws.compareAgreesWithMerge(states.get(0), states.get(1));
        Laws.compareAgreesWithMerge(states.get(0), states.get(0).merge(states.get(2)));
    }

    /**
     * Law: equal states have equal hash codes; equals is reflexive and symmetric.
     *
     * @param states related states
     */
    @LawProperty
    default void equalsAndHashCodeAreConsistent(@ForAll("crdtStates") List<T> states) {
        Laws.equalsAndHashCodeAreConsistent(states.get(0), states.get(1));
        Laws.equalsAndHashCodeAreConsistent(states.get(0).merge(states.get(1)), states.get(1).merge(states.get(0)));
    }

    /**
     * Law: equal states have equal observable values ({@link #observe}). The equal states compared
     * are those one history builds along different paths: {@code a ⊔ b} and {@code b ⊔ a},
     * {@code a ⊔ (b ⊔ c)} and {@code (a ⊔ b) ⊔ c}, {@code a} and {@code a ⊔ a}, every replica merged
     * front to back and back to front, and the converged replicas.
     *
     * @param scenario a generated history
     */
    @LawProperty
    default void equalStatesAreObservablyEqual(@ForAll("crdtScenarios") Scenario<T> scenario) {
        Outcome<T> outcome = Simulation.run(initial(), scenario.replicas(), scenario.steps(), false, false);
        List<T> mid = outcome.midStates();
        T forward = initial();
        T backward = initial();
        for (int i = 0; i < mid.size(); i++) {
            forward = forward.merge(mid.get(i));
            backward = backward.merge(mid.get(mid.size() - 1 - i));
        }
        Laws.equalStatesAreObservablyEqual(forward, backward, this::observe);
        for (int i = 0; i < mid.size(); i++) {
            T a = mid.get(i);
            Laws.equalStatesAreObservablyEqual(a, a.merge(a), this::observe);
            for (int j = i + 1; j < mid.size(); j++) {
                T b = mid.get(j);
                Laws.equalStatesAreObservablyEqual(a, b, this::observe);
                Laws.equalStatesAreObservablyEqual(a.merge(b), b.merge(a), this::observe);
                if (j + 1 < mid.size()) {
                    T c = mid.get(j + 1);
                    Laws.equalStatesAreObservablyEqual(a.merge(b.merge(c)), a.merge(b).merge(c), this::observe);
                }
            }
        }
        List<T> finals = outcome.finalStates();
        for (T f : finals) {
            Laws.equalStatesAreObservablyEqual(finals.get(0), f, this::observe);
        }
    }

    /**
     * Law: operations, {@code merge}, {@code compare}, {@code equals}, {@code hashCode} and
     * {@link #observe} leave their inputs unchanged. The history is run twice; each call gets the
     * states of the first run, and afterwards every input must still equal, and look like, the same
     * replica's state in the second run, which no call saw. Also fails when the two runs differ: a call
     * wrote into a state shared with an earlier one (the initial state, say), or an operation is not
     * deterministic.
     *
     * @param scenario a generated history; each of its distinct operations (up to six) is applied to
     *     each replica's final state, and every pair of those states is merged and compared
     */
    @LawProperty
    default void operationsAndMergesLeaveTheirInputsUnchanged(@ForAll("crdtScenarios") Scenario<T> scenario) {
        InputChecks<T> inputs = InputChecks.replay(() -> Simulation.run(initial(), scenario.replicas(),
                scenario.steps(), false, false).midStates(), this::observe);
        inputs.checkOperationsMergeAndCompare(InputChecks.operations(scenario.steps()));
    }

    /**
     * Law: every operation inflates the state it is applied to ({@code old ≤ new}).
     *
     * @param scenario a generated history; the simulation checks each operation
     */
    @LawProperty
    default void operationsInflate(@ForAll("crdtScenarios") Scenario<T> scenario) {
        scenario.run(initial());
    }

    /**
     * Law: replicas that gossip full states over a network that reorders, duplicates, loses and
     * resends messages, and partitions then heals, hold equal states once every message is delivered.
     * Operations are not checked for inflation here ({@link #operationsInflate} does that), so a type
     * whose operations deflate is reported here only if its replicas really diverge.
     *
     * @param scenario a generated history
     */
    @LawProperty
    default void replicasConvergeUnderReorderingDuplicationLossAndPartition(
            @ForAll("crdtScenarios") Scenario<T> scenario) {
        Laws.replicasConverge(Simulation.run(initial(), scenario.replicas(), scenario.steps(), false, false));
    }
}
