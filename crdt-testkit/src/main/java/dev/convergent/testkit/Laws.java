package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The CRDT laws as plain checks over states, operations and simulated delivery schedules,
 * independent of any property-testing engine. Each method returns normally when the law holds for
 * its inputs and throws {@link LawViolation} naming the law, the inputs and the results that should
 * have been equal when it does not.
 *
 * <p>{@link CrdtLaws}, {@link DeltaCrdtLaws} and {@link SerializationLaws} run these checks under
 * jqwik, and {@link CrdtLaws#check} runs them from plain JUnit; call them directly from any other
 * test engine.
 */
public final class Laws {

    private static final int MAX_HEX_BYTES = 48;

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
            throw new LawViolation(Law.MERGE_COMMUTATIVE,
                    inputs("a", a, "b", b) + results("a ⊔ b", ab, "b ⊔ a", ba));
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
        inflates(state, after, operation, replica);
        return after;
    }

    /**
     * Applying a delta mutator at {@code replica} moves {@code state} up the order: {@code old ≤ new}.
     *
     * @param <T> the CRDT type
     * @param state the state before
     * @param operation the delta operation
     * @param replica the replica applying it
     * @return the new state and the delta
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> Mutation<T> deltaOperationInflates(T state, DeltaOperation<T> operation,
            ReplicaId replica) {
        Mutation<T> m = operation.apply(replica, state);
        inflates(state, m.state(), operation, replica);
        return m;
    }

    private static <T extends Crdt<T>> void inflates(T state, T after, Object operation, ReplicaId replica) {
        Causality r = state.compare(after);
        boolean mergeAgrees = state.merge(after).equals(after);
        if (!r.isBeforeOrEqual() || !mergeAgrees) {
            throw new LawViolation(Law.OPERATION_INFLATES, "  operation: " + operation + " at " + replica + nl()
                    + inputs("before", state) + "  after = " + after + nl() + "  compare(before, after) = " + r
                    + ", (before ⊔ after).equals(after) = " + mergeAgrees + nl());
        }
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
     * Every replica of a finished full-state simulation ({@link Simulation#run}) holds the same state.
     *
     * @param <T> the CRDT type
     * @param outcome the simulation's outcome, after every message was delivered
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void replicasConverge(Outcome<T> outcome) {
        converge(Law.REPLICAS_CONVERGE, outcome);
    }

    /**
     * Every replica of a finished delta-shipping simulation ({@link Simulation#runShippingDeltas})
     * holds the same state.
     *
     * @param <T> the CRDT type
     * @param outcome the simulation's outcome, after every delta was delivered
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void replicasShippingDeltasConverge(Outcome<T> outcome) {
        converge(Law.DELTA_REPLICAS_CONVERGE, outcome);
    }

    private static <T extends Crdt<T>> void converge(Law law, Outcome<T> outcome) {
        List<T> finals = outcome.finalStates();
        for (int i = 1; i < finals.size(); i++) {
            if (!finals.get(i).equals(finals.get(0))) {
                throw new LawViolation(law, "  after delivering every message:" + nl()
                        + results("replica 0", finals.get(0), "replica " + i, finals.get(i))
                        + "  schedule:" + nl() + outcome.trace());
            }
        }
    }

    /**
     * Equal states have equal observable values: if {@code a.equals(b)} then
     * {@code observe(a).equals(observe(b))}. Catches an {@code equals} that ignores part of the state a
     * user can see, or a cached value (a sum, a size) that disagrees with the state it caches.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state; nothing is checked unless it equals {@code a}
     * @param observe what a user can see of a state, e.g. {@code GCounter::value}
     * @throws NullPointerException if {@code observe} is null
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void equalStatesAreObservablyEqual(T a, T b, Function<? super T, ?> observe) {
        Objects.requireNonNull(observe, "observe");
        if (a.equals(b)) {
            Object oa = observe.apply(a);
            Object ob = observe.apply(b);
            if (!Objects.equals(oa, ob)) {
                throw new LawViolation(Law.OBSERVABLY_EQUAL, inputs("a", a, "b", b) + "  a.equals(b) = true" + nl()
                        + results("observe(a)", oa, "observe(b)", ob));
            }
        }
    }

    /**
     * The delta a mutator returns is below or equal to the new state: {@code delta ≤ new}, by
     * {@code compare} and by {@code merge}. A delta that holds more than the state it describes would
     * make a receiving replica jump past the sender.
     *
     * @param <T> the CRDT type
     * @param before the state the mutator is applied to
     * @param operation the delta operation
     * @param replica the replica applying it
     * @return the new state and the delta
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> Mutation<T> deltaIsBelowTheNewState(T before, DeltaOperation<T> operation,
            ReplicaId replica) {
        Mutation<T> m = operation.apply(replica, before);
        Causality r = m.delta().compare(m.state());
        T merged = m.delta().merge(m.state());
        if (!r.isBeforeOrEqual() || !merged.equals(m.state())) {
            throw new LawViolation(Law.DELTA_BELOW_STATE, mutation(before, operation, replica, m)
                    + "  compare(delta, new) = " + r + " (expected BEFORE or EQUAL)" + nl()
                    + results("delta ⊔ new", merged, "new", m.state()));
        }
        return m;
    }

    /**
     * Merging the delta into the state the mutator was applied to gives the mutator's new state:
     * {@code old ⊔ delta = new}.
     *
     * @param <T> the CRDT type
     * @param before the state the mutator is applied to
     * @param operation the delta operation
     * @param replica the replica applying it
     * @return the new state and the delta
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> Mutation<T> mergingTheDeltaGivesTheNewState(T before,
            DeltaOperation<T> operation, ReplicaId replica) {
        Mutation<T> m = operation.apply(replica, before);
        T merged = before.merge(m.delta());
        if (!merged.equals(m.state())) {
            throw new LawViolation(Law.DELTA_MATCHES_OPERATION, mutation(before, operation, replica, m)
                    + results("old ⊔ delta", merged, "new", m.state()));
        }
        return m;
    }

    /**
     * Two consecutive deltas merge into a delta group that has the same effect as merging them one
     * after the other, on the replica that produced them and on any other replica:
     * {@code s ⊔ (d1 ⊔ d2) = (s ⊔ d1) ⊔ d2} for {@code s} in {@code before} and {@code others}.
     *
     * @param <T> the CRDT type
     * @param before the state the first mutator is applied to
     * @param first the first delta operation
     * @param second the second delta operation, applied to the first one's new state
     * @param replica the replica applying both
     * @param others states of other replicas that receive the deltas
     * @throws NullPointerException if {@code others} is null
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void deltasMergeIntoDeltaGroups(T before, DeltaOperation<T> first,
            DeltaOperation<T> second, ReplicaId replica, List<T> others) {
        Objects.requireNonNull(others, "others");
        Mutation<T> m1 = first.apply(replica, before);
        Mutation<T> m2 = second.apply(replica, m1.state());
        T group = m1.delta().merge(m2.delta());
        List<T> receivers = new ArrayList<>();
        receivers.add(before);
        receivers.addAll(others);
        for (T s : receivers) {
            T together = s.merge(group);
            T oneByOne = s.merge(m1.delta()).merge(m2.delta());
            if (!together.equals(oneByOne)) {
                throw new LawViolation(Law.DELTA_GROUP, "  operations: " + first + " then " + second + " at "
                        + replica + nl() + inputs("s", s, "d1", m1.delta(), "d2", m2.delta(), "d1 ⊔ d2", group)
                        + results("s ⊔ (d1 ⊔ d2)", together, "(s ⊔ d1) ⊔ d2", oneByOne));
            }
        }
    }

    /**
     * Merging a delta into a state that has already merged it changes nothing:
     * {@code (s ⊔ d) ⊔ d = s ⊔ d}. A network that duplicates a delta must do no harm.
     *
     * @param <T> the CRDT type
     * @param state a replica's state
     * @param delta a delta
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergingADeltaTwiceChangesNothing(T state, T delta) {
        T once = state.merge(delta);
        T twice = once.merge(delta);
        if (!twice.equals(once)) {
            throw new LawViolation(Law.DELTA_IDEMPOTENT, inputs("s", state, "d", delta)
                    + results("(s ⊔ d) ⊔ d", twice, "s ⊔ d", once));
        }
    }

    /**
     * Merging a delta into any replica's state moves it up the order: {@code s ≤ s ⊔ d}.
     *
     * @param <T> the CRDT type
     * @param state a replica's state
     * @param delta a delta, possibly produced at another replica
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void mergingADeltaInflates(T state, T delta) {
        T merged = state.merge(delta);
        Causality r = state.compare(merged);
        if (!r.isBeforeOrEqual()) {
            throw new LawViolation(Law.DELTA_INFLATES, inputs("s", state, "d", delta, "s ⊔ d", merged)
                    + "  compare(s, s ⊔ d) = " + r + " (expected BEFORE or EQUAL)" + nl());
        }
    }

    /**
     * A call left its input as it was: after the call, {@code input} still equals {@code snapshot},
     * an equal state built independently before the call (for example by replaying the same
     * history), and still looks the same ({@code observe}). States are immutable: a mutator that
     * writes into a map it shares with its input changes a state that other replicas, in-flight
     * messages and earlier results still hold, and no other law can see it.
     *
     * @param <T> the CRDT type
     * @param call what was called, shown in the report, e.g. {@code "r0 applies decrement(3) to a"}
     * @param input the state passed to the call, checked after it
     * @param snapshot an equal state that the call never saw
     * @param observe what a user can see of a state; use {@code x -> x} to compare states only
     * @throws NullPointerException if {@code call} or {@code observe} is null
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void callLeavesItsInputUnchanged(String call, T input, T snapshot,
            Function<? super T, ?> observe) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(observe, "observe");
        Object seen = observe.apply(input);
        Object expected = observe.apply(snapshot);
        if (!input.equals(snapshot) || !Objects.equals(seen, expected)) {
            throw new LawViolation(Law.INPUTS_UNCHANGED, "  call: " + call + nl()
                    + results("the input after the call", input, "the input before it", snapshot)
                    + "  observed after = " + seen + ", before = " + expected + nl()
                    + "  (a call must not write into its inputs, nor into structure it shares with them)" + nl());
        }
    }

    /**
     * {@code decode(encode(x))} equals {@code x}, and looks the same ({@code observe}).
     *
     * @param <T> the CRDT type
     * @param state the state to encode
     * @param codec the serialization under test
     * @param observe what a user can see of a state; use {@code x -> x} to compare states only
     * @return the decoded state
     * @throws NullPointerException if {@code codec} or {@code observe} is null
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> T decodeInvertsEncode(T state, Codec<T> codec, Function<? super T, ?> observe) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(observe, "observe");
        byte[] bytes = codec.encode(state);
        T decoded = codec.decode(bytes.clone());
        if (!state.equals(decoded)) {
            throw new LawViolation(Law.SERIALIZATION_ROUND_TRIP, inputs("x", state, "encode(x)", hex(bytes))
                    + results("decode(encode(x))", decoded, "x", state));
        }
        equalStatesAreObservablyEqual(state, decoded, observe);
        return decoded;
    }

    /**
     * Equal states encode to identical bytes, however they were built: in another merge order, from
     * maps filled in another order, or decoded from bytes. Storage and hashing of encoded states
     * depend on it. Nothing is checked unless {@code a.equals(b)}.
     *
     * @param <T> the CRDT type
     * @param a a state
     * @param b a state
     * @param codec the serialization under test
     * @throws NullPointerException if {@code codec} is null
     * @throws LawViolation if the law fails
     */
    public static <T extends Crdt<T>> void equalStatesEncodeToIdenticalBytes(T a, T b, Codec<T> codec) {
        Objects.requireNonNull(codec, "codec");
        if (a.equals(b)) {
            byte[] ea = codec.encode(a);
            byte[] eb = codec.encode(b);
            int at = Arrays.mismatch(ea, eb);
            if (at >= 0) {
                throw new LawViolation(Law.SERIALIZATION_DETERMINISTIC, inputs("a", a, "b", b)
                        + "  a.equals(b) = true, but the encodings differ at byte " + at + ":" + nl()
                        + results("encode(a)", hex(ea), "encode(b)", hex(eb)));
            }
        }
    }

    private static <T extends Crdt<T>> String mutation(T before, Object operation, ReplicaId replica, Mutation<T> m) {
        return "  operation: " + operation + " at " + replica + nl()
                + inputs("old", before, "new", m.state(), "delta", m.delta());
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(bytes.length, MAX_HEX_BYTES);
        for (int i = 0; i < shown; i++) {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.append(bytes.length > shown ? "..." : "").append(" (").append(bytes.length).append(" bytes)")
                .toString();
    }

    static String inputs(Object... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sb.append("  ").append(namesAndValues[i]).append(" = ").append(namesAndValues[i + 1]).append(nl());
        }
        return sb.toString();
    }

    static String results(String leftName, Object left, String rightName, Object right) {
        return "  should be equal:" + nl() + "    " + leftName + " = " + left + nl() + "    " + rightName + " = "
                + right + nl();
    }

    static String nl() {
        return System.lineSeparator();
    }
}
