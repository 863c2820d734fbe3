package dev.convergent.testkit;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for the built-in types' operations, public so that users can compose them into
 * law tests of their own types (a map of our counters, say). Each operation is a record that
 * implements {@link DeltaOperation}, so a reference model can read its arguments back from an
 * {@link Event} (through {@link #unwrap}); the {@code ...Operations()} generators offer the same
 * records as plain {@link Operation}s.
 */
public final class ConvergentArbitraries {

    /**
     * The largest amount the built-in counters' generated operations add or subtract, {@code 2^55 - 1}:
     * large enough to pass far beyond {@code int} range in one operation, small enough that the longest
     * generated history (a few hundred operations) cannot overflow a {@code long} total.
     */
    public static final long MAX_AMOUNT = (1L << 55) - 1;

    /** The upper end of the small amounts. */
    private static final long SMALL_AMOUNT = 1000;

    private ConvergentArbitraries() {
    }

    /**
     * Returns the operation behind an event: the delta operation record when the event ran a delta
     * operation as a plain one, else the operation itself.
     *
     * @param <T> the CRDT type
     * @param event an event of a simulation
     * @return the operation record
     */
    public static <T extends Crdt<T>> Object unwrap(Event<T> event) {
        Operation<T> op = event.operation();
        return op instanceof DeltaOperation.StateOnly<T> s ? s.mutator() : op;
    }

    /**
     * Generates replica ids: short names, a few of them, so that generated states share replicas.
     *
     * @return replica ids
     */
    public static Arbitrary<ReplicaId> replicaIds() {
        return Arbitraries.of("a", "b", "c", "d", "phone", "laptop").map(ReplicaId::of);
    }

    /**
     * Generates version-vector increments.
     *
     * @return delta operations on version vectors
     */
    public static Arbitrary<DeltaOperation<VersionVector>> versionVectorDeltaOperations() {
        return Arbitraries.just(new Tick());
    }

    /**
     * Generates version-vector increments as plain operations.
     *
     * @return operations on version vectors
     */
    public static Arbitrary<Operation<VersionVector>> versionVectorOperations() {
        return versionVectorDeltaOperations().map(DeltaOperation::asOperation);
    }

    /**
     * Generates additions of dots with counters 1 to 8 of the acting replica to a causal context,
     * out of order, so that contexts carry dot clouds with gaps and compact as gaps fill.
     *
     * @return operations on causal contexts
     */
    public static Arbitrary<Operation<CausalContext>> causalContextOperations() {
        return Arbitraries.longs().between(1, 8).map(AddDot::new);
    }

    /**
     * Generates G-Counter increments of 0 to {@link #MAX_AMOUNT}, mostly small ({@link #counterAmounts}).
     *
     * @return delta operations on G-Counters
     */
    public static Arbitrary<DeltaOperation<GCounter>> gCounterDeltaOperations() {
        return amounts().map(Increment::new);
    }

    /**
     * Generates G-Counter increments of 0 to {@link #MAX_AMOUNT} as plain operations.
     *
     * @return operations on G-Counters
     */
    public static Arbitrary<Operation<GCounter>> gCounterOperations() {
        return gCounterDeltaOperations().map(DeltaOperation::asOperation);
    }

    /**
     * Generates PN-Counter increments and decrements of 0 to {@link #MAX_AMOUNT}, mostly small.
     *
     * @return delta operations on PN-Counters
     */
    public static Arbitrary<DeltaOperation<PNCounter>> pnCounterDeltaOperations() {
        return Arbitraries.oneOf(amounts().map(PNIncrement::new), amounts().map(PNDecrement::new));
    }

    /**
     * Generates PN-Counter increments and decrements as plain operations.
     *
     * @return operations on PN-Counters
     */
    public static Arbitrary<Operation<PNCounter>> pnCounterOperations() {
        return pnCounterDeltaOperations().map(DeltaOperation::asOperation);
    }

    /**
     * Generates writes of the given values to an LWW register. Each write takes a timestamp just
     * after the register's current one (0 to 20 ms later), so concurrent writes often tie on the
     * timestamp and are decided by replica id.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return delta operations on LWW registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<DeltaOperation<LWWRegister<V>>> lwwRegisterDeltaOperations(Arbitrary<V> values) {
        Objects.requireNonNull(values, "values");
        return values.flatMap(v -> Arbitraries.integers().between(0, 20).map(ms -> new Write<>(v, ms)));
    }

    /**
     * Generates writes to an LWW register as plain operations.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return operations on LWW registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<Operation<LWWRegister<V>>> lwwRegisterOperations(Arbitrary<V> values) {
        return lwwRegisterDeltaOperations(values).map(DeltaOperation::asOperation);
    }

    /**
     * Generates adds (two in three) and removes (one in three) of the given elements.
     *
     * @param <E> the element type
     * @param elements the elements; a small domain makes adds and removes of one element meet
     * @return delta operations on OR-Sets
     * @throws NullPointerException if {@code elements} is null
     */
    public static <E> Arbitrary<DeltaOperation<ORSet<E>>> orSetDeltaOperations(Arbitrary<E> elements) {
        Objects.requireNonNull(elements, "elements");
        return Arbitraries.frequencyOf(Tuple.of(2, elements.map(Add::new)), Tuple.of(1, elements.map(Remove::new)));
    }

    /**
     * Generates adds and removes of the given elements as plain operations.
     *
     * @param <E> the element type
     * @param elements the elements
     * @return operations on OR-Sets
     * @throws NullPointerException if {@code elements} is null
     */
    public static <E> Arbitrary<Operation<ORSet<E>>> orSetOperations(Arbitrary<E> elements) {
        return orSetDeltaOperations(elements).map(DeltaOperation::asOperation);
    }

    /**
     * Generates writes of the given values to a multi-value register.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return delta operations on multi-value registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<DeltaOperation<MVRegister<V>>> mvRegisterDeltaOperations(Arbitrary<V> values) {
        Objects.requireNonNull(values, "values");
        return values.map(MvWrite::new);
    }

    /**
     * Generates writes to a multi-value register as plain operations.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return operations on multi-value registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<Operation<MVRegister<V>>> mvRegisterOperations(Arbitrary<V> values) {
        return mvRegisterDeltaOperations(values).map(DeltaOperation::asOperation);
    }

    /**
     * Generates enables (two in three) and disables of an enable-wins flag.
     *
     * @return delta operations on flags
     */
    public static Arbitrary<DeltaOperation<EnableWinsFlag>> enableWinsFlagDeltaOperations() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new Enable())),
                Tuple.of(1, Arbitraries.just(new Disable())));
    }

    /**
     * Generates enables and disables as plain operations.
     *
     * @return operations on flags
     */
    public static Arbitrary<Operation<EnableWinsFlag>> enableWinsFlagOperations() {
        return enableWinsFlagDeltaOperations().map(DeltaOperation::asOperation);
    }

    /**
     * Generates updates (three in four) and removes of the given keys of an OR-Map, the updates
     * applying the given value delta operations.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param keys the keys; a small domain makes updates and removes of one key meet
     * @param valueOperations the delta operations on values
     * @return delta operations on OR-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V extends Crdt<V>> Arbitrary<DeltaOperation<ORMap<K, V>>> orMapDeltaOperations(
            Arbitrary<K> keys, Arbitrary<DeltaOperation<V>> valueOperations) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(valueOperations, "valueOperations");
        Arbitrary<DeltaOperation<ORMap<K, V>>> update =
                keys.flatMap(k -> valueOperations.map(op -> new MapUpdate<>(k, op)));
        Arbitrary<DeltaOperation<ORMap<K, V>>> remove = keys.map(MapRemove::new);
        return Arbitraries.frequencyOf(Tuple.of(3, update), Tuple.of(1, remove));
    }

    /**
     * Generates updates and removes of an OR-Map as plain operations.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param keys the keys
     * @param valueOperations the delta operations on values
     * @return operations on OR-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V extends Crdt<V>> Arbitrary<Operation<ORMap<K, V>>> orMapOperations(Arbitrary<K> keys,
            Arbitrary<DeltaOperation<V>> valueOperations) {
        return orMapDeltaOperations(keys, valueOperations).map(DeltaOperation::asOperation);
    }

    /**
     * Generates puts (two in three) and removes of the given keys and values of an LWW-Map, each
     * timestamped 0 to 20 ms after the key's current write (1,000 ms for a key never written).
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param keys the keys
     * @param values the values
     * @return delta operations on LWW-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V> Arbitrary<DeltaOperation<LWWMap<K, V>>> lwwMapDeltaOperations(Arbitrary<K> keys,
            Arbitrary<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        Arbitrary<Integer> later = Arbitraries.integers().between(0, 20);
        Arbitrary<DeltaOperation<LWWMap<K, V>>> put =
                keys.flatMap(k -> values.flatMap(v -> later.map(ms -> new MapPut<>(k, v, ms))));
        Arbitrary<DeltaOperation<LWWMap<K, V>>> remove = keys.flatMap(k -> later.map(ms -> new MapDelete<K, V>(k, ms)));
        return Arbitraries.frequencyOf(Tuple.of(2, put), Tuple.of(1, remove));
    }

    /**
     * Generates puts and removes of an LWW-Map as plain operations.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param keys the keys
     * @param values the values
     * @return operations on LWW-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V> Arbitrary<Operation<LWWMap<K, V>>> lwwMapOperations(Arbitrary<K> keys, Arbitrary<V> values) {
        return lwwMapDeltaOperations(keys, values).map(DeltaOperation::asOperation);
    }

    /**
     * Generates amounts for counter operations from 0 to {@code max}: three in four small (0 to 1000),
     * one in four drawn uniformly from the whole range, with the values where counters break among
     * the edge cases ({@code max}, {@code Integer.MAX_VALUE} and the values either side of it when
     * they are in range). A counter that keeps its counts in an {@code int}, or adds without an
     * overflow check, fails within a few tries, and its counterexample shrinks to a few large
     * amounts rather than hundreds of small ones. Compose it into your own counter's operations;
     * for an {@code int} counter use {@code counterAmounts(Integer.MAX_VALUE).map(Long::intValue)}.
     *
     * @param max the largest amount, at least 1
     * @return amounts from 0 to {@code max}
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public static Arbitrary<Long> counterAmounts(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, was " + max);
        }
        Arbitrary<Long> small = Arbitraries.longs().between(0, Math.min(SMALL_AMOUNT, max));
        Arbitrary<Long> large = Arbitraries.longs().between(0, max).withDistribution(RandomDistribution.uniform());
        List<Long> nearIntLimit = new ArrayList<>();
        for (long edge : new long[] {Integer.MAX_VALUE - 1L, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L}) {
            if (edge < max) {
                nearIntLimit.add(edge);
            }
        }
        Long[] added = nearIntLimit.toArray(new Long[0]);
        return Arbitraries.frequencyOf(Tuple.of(3, small), Tuple.of(1, large)).edgeCases(c -> {
            c.includeOnly(0L, 1L, max);
            c.add(added);
        });
    }

    private static Arbitrary<Long> amounts() {
        return counterAmounts(MAX_AMOUNT);
    }

    /**
     * Generates batches: {@code minSize} to {@code maxSize} operations drawn from {@code operations},
     * applied one after the other as one step, whose delta is the join of their deltas (a delta
     * group). A history of a few dozen steps then builds states of hundreds of keys or elements, whose
     * maps grow several trie levels deep; mix batches into a type's operations to check the laws on
     * real structure, e.g. {@code Arbitraries.frequencyOf(Tuple.of(9, ops), Tuple.of(1, batches(ops, 50, 300)))}.
     *
     * @param <T> the CRDT type
     * @param operations the operations a batch is made of
     * @param minSize the fewest operations in a batch, at least 1
     * @param maxSize the most operations in a batch, at least {@code minSize}
     * @return batches of operations
     * @throws NullPointerException if {@code operations} is null
     * @throws IllegalArgumentException if the sizes are out of range
     */
    public static <T extends Crdt<T>> Arbitrary<DeltaOperation<T>> batches(Arbitrary<DeltaOperation<T>> operations,
            int minSize, int maxSize) {
        Objects.requireNonNull(operations, "operations");
        if (minSize < 1 || maxSize < minSize) {
            throw new IllegalArgumentException("sizes must satisfy 1 <= minSize <= maxSize, were " + minSize
                    + " and " + maxSize);
        }
        return operations.list().ofMinSize(minSize).ofMaxSize(maxSize).map(Batch::new);
    }

    /** The timestamp just after {@code now}: {@code laterMillis} ms later, or the next logical tick when 0. */
    static HybridTimestamp after(HybridTimestamp now, int laterMillis) {
        return laterMillis > 0 || now.logical() == HybridTimestamp.MAX_LOGICAL
                ? HybridTimestamp.ofMillis(now.physicalMillis() + Math.max(1, laterMillis))
                : HybridTimestamp.of(now.physicalMillis(), now.logical() + 1);
    }

    private static <K, V> HybridTimestamp keyTime(LWWMap<K, V> state, K key) {
        LWWRegister<Optional<V>> r = state.registers().get(key);
        return r == null ? HybridTimestamp.ofMillis(1_000) : r.timestamp();
    }

    /**
     * Several operations applied one after the other as one step; the delta is the join of their deltas.
     *
     * @param <T> the CRDT type
     * @param operations the operations, in order
     */
    public record Batch<T extends Crdt<T>>(List<DeltaOperation<T>> operations) implements DeltaOperation<T> {

        /**
         * Copies the operations.
         *
         * @param operations the operations, in order, at least one
         * @throws IllegalArgumentException if {@code operations} is empty
         */
        public Batch {
            operations = List.copyOf(operations);
            if (operations.isEmpty()) {
                throw new IllegalArgumentException("a batch needs at least one operation");
            }
        }

        @Override
        public Mutation<T> apply(ReplicaId replica, T state) {
            Mutation<T> first = operations.get(0).apply(replica, state);
            T current = first.state();
            T delta = first.delta();
            for (int i = 1; i < operations.size(); i++) {
                Mutation<T> m = operations.get(i).apply(replica, current);
                current = m.state();
                delta = delta.merge(m.delta());
            }
            return new Mutation<>(current, delta);
        }

        @Override
        public String toString() {
            return "batch of " + operations.size() + " " + operations;
        }
    }

    /** Records one more event of the acting replica in a version vector. */
    public record Tick() implements DeltaOperation<VersionVector> {
        @Override
        public Mutation<VersionVector> apply(ReplicaId replica, VersionVector state) {
            return state.incrementDelta(replica);
        }

        @Override
        public String toString() {
            return "increment";
        }
    }

    /**
     * Adds the dot {@code (acting replica, counter)} to a causal context.
     *
     * @param counter the dot's counter
     */
    public record AddDot(long counter) implements Operation<CausalContext> {
        @Override
        public CausalContext apply(ReplicaId replica, CausalContext state) {
            return state.add(Dot.of(replica, counter));
        }

        @Override
        public String toString() {
            return "add dot " + counter;
        }
    }

    /**
     * Increments a G-Counter.
     *
     * @param amount how much to add
     */
    public record Increment(long amount) implements DeltaOperation<GCounter> {
        @Override
        public Mutation<GCounter> apply(ReplicaId replica, GCounter state) {
            return state.incrementDelta(replica, amount);
        }

        @Override
        public String toString() {
            return "increment(" + amount + ")";
        }
    }

    /**
     * Increments a PN-Counter.
     *
     * @param amount how much to add
     */
    public record PNIncrement(long amount) implements DeltaOperation<PNCounter> {
        @Override
        public Mutation<PNCounter> apply(ReplicaId replica, PNCounter state) {
            return state.incrementDelta(replica, amount);
        }

        @Override
        public String toString() {
            return "increment(" + amount + ")";
        }
    }

    /**
     * Decrements a PN-Counter.
     *
     * @param amount how much to subtract
     */
    public record PNDecrement(long amount) implements DeltaOperation<PNCounter> {
        @Override
        public Mutation<PNCounter> apply(ReplicaId replica, PNCounter state) {
            return state.decrementDelta(replica, amount);
        }

        @Override
        public String toString() {
            return "decrement(" + amount + ")";
        }
    }

    /**
     * Writes a value to an LWW register with a timestamp {@code laterMillis} after the current one
     * (the next logical tick when 0).
     *
     * @param <V> the value type
     * @param value the value
     * @param laterMillis how many milliseconds after the register's timestamp
     */
    public record Write<V>(V value, int laterMillis) implements DeltaOperation<LWWRegister<V>> {
        @Override
        public Mutation<LWWRegister<V>> apply(ReplicaId replica, LWWRegister<V> state) {
            return state.writeDelta(replica, value, after(state.timestamp(), laterMillis));
        }

        @Override
        public String toString() {
            return "write(" + value + ", +" + laterMillis + "ms)";
        }
    }

    /**
     * Adds an element to an OR-Set.
     *
     * @param <E> the element type
     * @param element the element
     */
    public record Add<E>(E element) implements DeltaOperation<ORSet<E>> {
        @Override
        public Mutation<ORSet<E>> apply(ReplicaId replica, ORSet<E> state) {
            return state.addDelta(replica, element);
        }

        @Override
        public String toString() {
            return "add(" + element + ")";
        }
    }

    /**
     * Removes an element from an OR-Set.
     *
     * @param <E> the element type
     * @param element the element
     */
    public record Remove<E>(E element) implements DeltaOperation<ORSet<E>> {
        @Override
        public Mutation<ORSet<E>> apply(ReplicaId replica, ORSet<E> state) {
            return state.removeDelta(element);
        }

        @Override
        public String toString() {
            return "remove(" + element + ")";
        }
    }

    /**
     * Writes a value to a multi-value register.
     *
     * @param <V> the value type
     * @param value the value
     */
    public record MvWrite<V>(V value) implements DeltaOperation<MVRegister<V>> {
        @Override
        public Mutation<MVRegister<V>> apply(ReplicaId replica, MVRegister<V> state) {
            return state.writeDelta(replica, value);
        }

        @Override
        public String toString() {
            return "write(" + value + ")";
        }
    }

    /** Enables a flag. */
    public record Enable() implements DeltaOperation<EnableWinsFlag> {
        @Override
        public Mutation<EnableWinsFlag> apply(ReplicaId replica, EnableWinsFlag state) {
            return state.enableDelta(replica);
        }

        @Override
        public String toString() {
            return "enable";
        }
    }

    /** Disables a flag. */
    public record Disable() implements DeltaOperation<EnableWinsFlag> {
        @Override
        public Mutation<EnableWinsFlag> apply(ReplicaId replica, EnableWinsFlag state) {
            return state.disableDelta();
        }

        @Override
        public String toString() {
            return "disable";
        }
    }

    /**
     * Updates the value of a key of an OR-Map with a value delta operation.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param key the key
     * @param operation the delta operation applied to the key's value
     */
    public record MapUpdate<K, V extends Crdt<V>>(K key, DeltaOperation<V> operation)
            implements DeltaOperation<ORMap<K, V>> {
        @Override
        public Mutation<ORMap<K, V>> apply(ReplicaId replica, ORMap<K, V> state) {
            return state.updateDelta(replica, key, v -> operation.apply(replica, v));
        }

        @Override
        public String toString() {
            return "update(" + key + ": " + operation + ")";
        }
    }

    /**
     * Removes a key of an OR-Map.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param key the key
     */
    public record MapRemove<K, V extends Crdt<V>>(K key) implements DeltaOperation<ORMap<K, V>> {
        @Override
        public Mutation<ORMap<K, V>> apply(ReplicaId replica, ORMap<K, V> state) {
            return state.removeDelta(key);
        }

        @Override
        public String toString() {
            return "remove(" + key + ")";
        }
    }

    /**
     * Puts a value under a key of an LWW-Map, {@code laterMillis} after the key's current write.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param key the key
     * @param value the value
     * @param laterMillis how many milliseconds after the key's current timestamp
     */
    public record MapPut<K, V>(K key, V value, int laterMillis) implements DeltaOperation<LWWMap<K, V>> {
        @Override
        public Mutation<LWWMap<K, V>> apply(ReplicaId replica, LWWMap<K, V> state) {
            return state.putDelta(replica, key, value, after(keyTime(state, key), laterMillis));
        }

        @Override
        public String toString() {
            return "put(" + key + "=" + value + ", +" + laterMillis + "ms)";
        }
    }

    /**
     * Removes a key of an LWW-Map, {@code laterMillis} after the key's current write.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param key the key
     * @param laterMillis how many milliseconds after the key's current timestamp
     */
    public record MapDelete<K, V>(K key, int laterMillis) implements DeltaOperation<LWWMap<K, V>> {
        @Override
        public Mutation<LWWMap<K, V>> apply(ReplicaId replica, LWWMap<K, V> state) {
            return state.removeDelta(replica, key, after(keyTime(state, key), laterMillis));
        }

        @Override
        public String toString() {
            return "remove(" + key + ", +" + laterMillis + "ms)";
        }
    }
}
