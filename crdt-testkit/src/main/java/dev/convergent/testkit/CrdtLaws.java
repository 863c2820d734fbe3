package dev.convergent.testkit;

import dev.convergent.crdt.Crdt;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The law contract for a CRDT: implement it in a test class, say where replicas start and what they
 * can do, and jqwik checks every law as its own property.
 *
 * <pre>{@code
 * class MaxRegisterLawsTest implements CrdtLaws<MaxRegister> {
 *     public MaxRegister initial() { return MaxRegister.empty(); }
 *     public Arbitrary<Operation<MaxRegister>> operations() {
 *         return Arbitraries.integers().map(n -> Operation.of("write " + n, (replica, r) -> r.write(n)));
 *     }
 * }
 * }</pre>
 *
 * <p>States for the semilattice and order laws are not drawn independently: they are the replicas
 * of one generated history (several replicas applying operations and exchanging states over a
 * faulty network from a shared start), so they are genuinely concurrent and share ancestry.
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
     * Generates the states of three replicas at the end of a random history.
     *
     * @return related states
     */
    @Provide
    default Arbitrary<List<T>> crdtStates() {
        return Schedules.scenarios(operations(), 3, 3, 40).map(s -> s.run(initial()).midStates());
    }

    /**
     * Generates histories of 2 to 5 replicas over a faulty network.
     *
     * @return scenarios
     */
    @Provide
    default Arbitrary<Scenario<T>> crdtScenarios() {
        return Schedules.scenarios(operations(), 2, 5, 60);
    }

    /**
     * Law: {@code a ⊔ a = a}.
     *
     * @param states related states
     */
    @Property
    default void mergeIsIdempotent(@ForAll("crdtStates") List<T> states) {
        states.forEach(Laws::mergeIsIdempotent);
    }

    /**
     * Law: {@code a ⊔ b = b ⊔ a}.
     *
     * @param states related states
     */
    @Property
    default void mergeIsCommutative(@ForAll("crdtStates") List<T> states) {
        Laws.mergeIsCommutative(states.get(0), states.get(1));
        Laws.mergeIsCommutative(states.get(1), states.get(2));
    }

    /**
     * Law: {@code a ⊔ (b ⊔ c) = (a ⊔ b) ⊔ c}.
     *
     * @param states related states
     */
    @Property
    default void mergeIsAssociative(@ForAll("crdtStates") List<T> states) {
        Laws.mergeIsAssociative(states.get(0), states.get(1), states.get(2));
    }

    /**
     * Law: {@code a ⊔ b} is an upper bound of {@code a} and {@code b}, and the least one.
     *
     * @param states related states
     */
    @Property
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
    @Property
    default void compareIsReflexive(@ForAll("crdtStates") List<T> states) {
        states.forEach(Laws::compareIsReflexive);
    }

    /**
     * Law: {@code compare(b, a)} reverses {@code compare(a, b)}; {@code EQUAL} only for equal states.
     *
     * @param states related states
     */
    @Property
    default void compareIsAntisymmetric(@ForAll("crdtStates") List<T> states) {
        Laws.compareIsAntisymmetric(states.get(0), states.get(1));
        Laws.compareIsAntisymmetric(states.get(0), states.get(0).merge(states.get(1)));
    }

    /**
     * Law: {@code a ≤ b ∧ b ≤ c ⇒ a ≤ c}.
     *
     * @param states related states
     */
    @Property
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
    @Property
    default void compareAgreesWithMerge(@ForAll("crdtStates") List<T> states) {
        Laws.compareAgreesWithMerge(states.get(0), states.get(1));
        Laws.compareAgreesWithMerge(states.get(0), states.get(0).merge(states.get(2)));
    }

    /**
     * Law: equal states have equal hash codes; equals is reflexive and symmetric.
     *
     * @param states related states
     */
    @Property
    default void equalsAndHashCodeAreConsistent(@ForAll("crdtStates") List<T> states) {
        Laws.equalsAndHashCodeAreConsistent(states.get(0), states.get(1));
        Laws.equalsAndHashCodeAreConsistent(states.get(0).merge(states.get(1)), states.get(1).merge(states.get(0)));
    }

    /**
     * Law: every operation inflates the state it is applied to ({@code old ≤ new}).
     *
     * @param scenario a generated history; the simulation checks each operation
     */
    @Property
    default void operationsInflate(@ForAll("crdtScenarios") Scenario<T> scenario) {
        scenario.run(initial());
    }

    /**
     * Law: replicas that gossip over a network that reorders, duplicates, loses and resends
     * messages, and partitions then heals, hold equal states once every message is delivered.
     *
     * @param scenario a generated history
     */
    @Property
    default void replicasConvergeUnderReorderingDuplicationLossAndPartition(
            @ForAll("crdtScenarios") Scenario<T> scenario) {
        Laws.replicasConverge(scenario.run(initial()));
    }
}
