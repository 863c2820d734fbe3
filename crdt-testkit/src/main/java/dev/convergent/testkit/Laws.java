package dev.convergent.testkit;

import dev.convergent.clock.Causality;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Crdt;
import java.util.List;


/**
 * The CRDT laws as plain checks over states, independent of any property-testing engine. Each
 * method returns normally when the law holds for its inputs and throws {@link LawViolation} naming
 * the law, the inputs and the results that should have been equal when it does not.
 *
 * <p>{@link CrdtLaws} runs these checks under jqwik; call them directly from any other test engine.
 */
public final class Laws {

    private Laws() {
    }

    /**
     * Checks every law that involves up to three states: the semilattice laws, the order laws and
     * value equality.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @param c a state
     * @throws LawViolation if a law fails
     */
    public static <T extends Crdt<T>> void checkAll(T a, T b, T c) {
        for (T x : List.of(a, b, c)) {
            mergeIsIdempotent(x);
            compareIsReflexive(x);
        }
        mergeIsCommutative(a, b);
        mergeIsCommutative(b, c);
        mergeIsAssociative(a, b, c);
        mergeIsUpperBound(a, b);
        mergeIsLeastUpperBound(a, b, c);
        compareIsAntisymmetric(a, b);
        compareIsTransitive(a, b, c);
        compareAgreesWithMerge(a, b);
        compareAgreesWithMerge(b, c);
        equalsAndHashCodeAreConsistent(a, b);
    }

    /**
     * {@code a ⊔ a = a}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergeIsIdempotent(T a) {
        T aa = a.merge(a);
        if (!aa.equals(a)) {
            throw new LawViolation(Law.MERGE_IDEMPOTENT, inputs("a", a) + results("a ⊔ a", aa, "a", a));
        }
    }

    /**
     * {@code a ⊔ b = b ⊔ a}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergeIsCommutative(T a, T b) {
        T ab = a.merge(b);
        T ba = b.merge(a);
        if (!ab.equals(ba)) {
            throw new LawViolation(Law.MERGE_COMMUTATIVE, inputs("a", a, "b", b) + results("a ⊔ b", ab, "b ⊔ a", ba));
        }
    }

    /**
     * {@code a ⊔ (b ⊔ c) = (a ⊔ b) ⊔ c}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @param c a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergeIsAssociative(T a, T b, T c) {
        T right = a.merge(b.merge(c));
        T left = a.merge(b).merge(c);
        if (!right.equals(left)) {
            throw new LawViolation(Law.MERGE_ASSOCIATIVE,
                    inputs("a", a, "b", b, "c", c) + results("a ⊔ (b ⊔ c)", right, "(a ⊔ b) ⊔ c", left));
        }
    }

    /**
     * {@code a ≤ a ⊔ b} and {@code b ≤ a ⊔ b}, by {@code compare}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergeIsUpperBound(T a, T b) {
        T ab = a.merge(b);
        Causality left = a.compare(ab);
        Causality right = b.compare(ab);
        if (!left.isBeforeOrEqual() || !right.isBeforeOrEqual()) {
            throw new LawViolation(Law.MERGE_UPPER_BOUND, inputs("a", a, "b", b) + "  a ⊔ b = " + ab
                    + nl() + "  compare(a, a ⊔ b) = " + left + ", compare(b, a ⊔ b) = " + right
                    + " (expected BEFORE or EQUAL for both)" + nl());
        }
    }

    /**
     * If {@code a ≤ c} and {@code b ≤ c} then {@code a ⊔ b ≤ c}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @param c a state, an upper bound of both when the law has something to say
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergeIsLeastUpperBound(T a, T b, T c) {
        if (a.compare(c).isBeforeOrEqual() && b.compare(c).isBeforeOrEqual()) {
            T ab = a.merge(b);
            Causality r = ab.compare(c);
            if (!r.isBeforeOrEqual()) {
                throw new LawViolation(Law.MERGE_LEAST_UPPER_BOUND, inputs("a", a, "b", b, "c", c)
                        + "  a ≤ c and b ≤ c, but compare(a ⊔ b, c) = " + r + " where a ⊔ b = " + ab + nl());
            }
        }
    }

    /**
     * {@code compare(a, a) = EQUAL}, also for an equal copy.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void compareIsReflexive(T a) {
        Causality r = a.compare(a);
        if (r != Causality.EQUAL) {
            throw new LawViolation(Law.COMPARE_REFLEXIVE, inputs("a", a) + "  compare(a, a) = " + r + nl());
        }
    }

    /**
     * {@code compare(b, a)} is the reverse of {@code compare(a, b)}, and {@code EQUAL} exactly when
     * the states are equal.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void compareIsAntisymmetric(T a, T b) {
        Causality ab = a.compare(b);
        Causality ba = b.compare(a);
        if (ba != ab.reverse() || (ab == Causality.EQUAL) != a.equals(b)) {
            throw new LawViolation(Law.COMPARE_ANTISYMMETRIC, inputs("a", a, "b", b) + "  compare(a, b) = " + ab
                    + ", compare(b, a) = " + ba + ", a.equals(b) = " + a.equals(b) + nl());
        }
    }

    /**
     * If {@code a ≤ b} and {@code b ≤ c} then {@code a ≤ c}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @param c a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void compareIsTransitive(T a, T b, T c) {
        Causality ab = a.compare(b);
        Causality bc = b.compare(c);
        if (ab.isBeforeOrEqual() && bc.isBeforeOrEqual()) {
            Causality ac = a.compare(c);
            if (!ac.isBeforeOrEqual()) {
                throw new LawViolation(Law.COMPARE_TRANSITIVE, inputs("a", a, "b", b, "c", c) + "  compare(a, b) = "
                        + ab + ", compare(b, c) = " + bc + ", but compare(a, c) = " + ac + nl());
            }
        }
    }

    /**
     * {@code compare(a, b)} is {@code BEFORE} or {@code EQUAL} exactly when {@code a ⊔ b = b}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void compareAgreesWithMerge(T a, T b) {
        check(a, b);
        check(b, a);
    }

    private static <T extends Crdt<T>> void check(T a, T b) {
        Causality r = a.compare(b);
        T ab = a.merge(b);
        if (r.isBeforeOrEqual() != ab.equals(b)) {
            throw new LawViolation(Law.COMPARE_AGREES_WITH_MERGE, inputs("a", a, "b", b) + "  compare(a, b) = " + r
                    + nl() + results("a ⊔ b", ab, "b", b)
                    + "  (a ≤ b must hold exactly when a ⊔ b equals b)" + nl());
        }
    }

    /**
     * Applying {@code operation} at {@code replica} moves {@code state} up the order: {@code old ≤ new}.
     *
     * @param <T> the CRDT type
     * @param state the state before
     * @param operation the operation
     * @param replica the replica applying it
     * @return the state after the operation
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> T operationInflates(T state, Operation<T> operation, ReplicaId replica) {
        T after = operation.apply(replica, state);
        Causality r = state.compare(after);
        boolean mergeAgrees = state.merge(after).equals(after);
        if (!r.isBeforeOrEqual() || !mergeAgrees) {
            throw new LawViolation(Law.OPERATION_INFLATES, "  operation: " + operation + " at " + replica + nl()
                    + inputs("before", state) + "  after = " + after + nl() + "  compare(before, after) = " + r
                    + ", (before ⊔ after).equals(after) = " + mergeAgrees + nl());
        }
        return after;
    }

    /**
     * Equal states have equal hash codes; {@code equals} is reflexive and symmetric and rejects null.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void equalsAndHashCodeAreConsistent(T a, T b) {
        boolean ab = a.equals(b);
        boolean ok = a.equals(a) && ab == b.equals(a) && !a.equals(null) && (!ab || a.hashCode() == b.hashCode());
        if (!ok) {
            throw new LawViolation(Law.EQUALS_HASHCODE_CONSISTENT, inputs("a", a, "b", b) + "  a.equals(b) = " + ab
                    + ", b.equals(a) = " + b.equals(a) + ", hashCodes " + a.hashCode() + " and " + b.hashCode() + nl());
        }
    }

    /**
     * Every replica of a finished simulation holds the same state.
     *
     * @param <T> the CRDT type
     * @param outcome the simulation's outcome, after every message was delivered
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void replicasConverge(Outcome<T> outcome) {
        List<T> finals = outcome.finalStates();
        for (int i = 1; i < finals.size(); i++) {
            if (!finals.get(i).equals(finals.get(0))) {
                throw new LawViolation(Law.REPLICAS_CONVERGE, "  after delivering every message:" + nl()
                        + results("replica 0", finals.get(0), "replica " + i, finals.get(i))
                        + "  schedule:" + nl() + outcome.trace());
            }
        }
    }

    static String inputs(Object... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append("  ").append(namesAndValues[i]).append(" = ").append(namesAndValues[i + 1]).append(nl());
        }
        return sb.toString();
    }

    private static String results(String leftName, Object left, String rightName, Object right) {
        return "  should be equal:" + nl() + "    " + leftName + " = " + left + nl() + "    " + rightName + " = "
                + right + nl();
    }

    private static String nl() {
        return System.lineSeparator();
    }

}
