package dev.convergent.testkit;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * jqwik generators for the built-in types' operations, public so that users can compose them into
 * law tests of their own types (a map of our counters, say). The operations are records, so a
 * reference model can read their arguments back from an {@link Event}.
 */
public final class ConvergentArbitraries {

    private ConvergentArbitraries() {
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
     * @return operations on version vectors
     */
    public static Arbitrary<Operation<VersionVector>> versionVectorOperations() {
        return Arbitraries.just(new Tick());
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
     * Generates G-Counter increments of 0 to 1000.
     *
     * @return operations on G-Counters
     */
    public static Arbitrary<Operation<GCounter>> gCounterOperations() {
        return amounts().map(Increment::new);
    }

    /**
     * Generates PN-Counter increments and decrements of 0 to 1000.
     *
     * @return operations on PN-Counters
     */
    public static Arbitrary<Operation<PNCounter>> pnCounterOperations() {
        return Arbitraries.oneOf(amounts().map(PNIncrement::new), amounts().map(PNDecrement::new));
    }

    /**
     * Generates writes of the given values to an LWW register. Each write takes a timestamp just
     * after the register's current one (0 to 20 ms later), so concurrent writes often tie on the
     * timestamp and are decided by replica id.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return operations on LWW registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<Operation<LWWRegister<V>>> lwwRegisterOperations(Arbitrary<V> values) {
        Objects.requireNonNull(values, "values");
        return values.flatMap(v -> Arbitraries.integers().between(0, 20).map(ms -> new Write<>(v, ms)));
    }

    /**
     * Generates adds (two in three) and removes (one in three) of the given elements.
     *
     * @param <E> the element type
     * @param elements the elements; a small domain makes adds and removes of one element meet
     * @return operations on OR-Sets
     * @throws NullPointerException if {@code elements} is null
     */
    public static <E> Arbitrary<Operation<ORSet<E>>> orSetOperations(Arbitrary<E> elements) {
        Objects.requireNonNull(elements, "elements");
        return Arbitraries.frequencyOf(
                Tuple.of(2, elements.map(Add::new)),
                Tuple.of(1, elements.map(Remove::new)));
    }

    private static Arbitrary<Long> amounts() {
        return Arbitraries.longs().between(0, 1000).edgeCases(c -> c.includeOnly(0L, 1L, 1000L));
    }

    /** Records one more event of the acting replica in a version vector. */
    public record Tick() implements Operation<VersionVector> {
        @Override
        public VersionVector apply(ReplicaId replica, VersionVector state) {
            return state.increment(replica);
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
    public record Increment(long amount) implements Operation<GCounter> {
        @Override
        public GCounter apply(ReplicaId replica, GCounter state) {
            return state.increment(replica, amount);
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
    public record PNIncrement(long amount) implements Operation<PNCounter> {
        @Override
        public PNCounter apply(ReplicaId replica, PNCounter state) {
            return state.increment(replica, amount);
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
    public record PNDecrement(long amount) implements Operation<PNCounter> {
        @Override
        public PNCounter apply(ReplicaId replica, PNCounter state) {
            return state.decrement(replica, amount);
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
    public record Write<V>(V value, int laterMillis) implements Operation<LWWRegister<V>> {
        @Override
        public LWWRegister<V> apply(ReplicaId replica, LWWRegister<V> state) {
            return state.write(replica, value, after(state.timestamp(), laterMillis));
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
    public record Add<E>(E element) implements Operation<ORSet<E>> {
        @Override
        public ORSet<E> apply(ReplicaId replica, ORSet<E> state) {
            return state.add(replica, element);
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
    public record Remove<E>(E element) implements Operation<ORSet<E>> {
        @Override
        public ORSet<E> apply(ReplicaId replica, ORSet<E> state) {
            return state.remove(element);
        }

        @Override
        public String toString() {
            return "remove(" + element + ")";
        }
    }

    /**
     * Generates writes of the given values to a multi-value register.
     *
     * @param <V> the value type
     * @param values the values to write
     * @return operations on multi-value registers
     * @throws NullPointerException if {@code values} is null
     */
    public static <V> Arbitrary<Operation<MVRegister<V>>> mvRegisterOperations(Arbitrary<V> values) {
        Objects.requireNonNull(values, "values");
        return values.map(MvWrite::new);
    }

    /**
     * Generates enables (two in three) and disables of an enable-wins flag.
     *
     * @return operations on flags
     */
    public static Arbitrary<Operation<EnableWinsFlag>> enableWinsFlagOperations() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(new Enable())),
                Tuple.of(1, Arbitraries.just(new Disable())));
    }

    /**
     * Generates updates (three in four) and removes of the given keys of an OR-Map, the updates
     * applying the given value operations.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param keys the keys; a small domain makes updates and removes of one key meet
     * @param valueOperations the operations on values
     * @return operations on OR-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V extends Crdt<V>> Arbitrary<Operation<ORMap<K, V>>> orMapOperations(Arbitrary<K> keys,
            Arbitrary<Operation<V>> valueOperations) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(valueOperations, "valueOperations");
        Arbitrary<Operation<ORMap<K, V>>> update = keys.flatMap(k -> valueOperations.map(op -> new MapUpdate<>(k, op)));
        Arbitrary<Operation<ORMap<K, V>>> remove = keys.map(MapRemove::new);
        return Arbitraries.frequencyOf(Tuple.of(3, update), Tuple.of(1, remove));
    }

    /**
     * Generates puts (two in three) and removes of the given keys and values of an LWW-Map, each
     * timestamped 0 to 20 ms after the key's current write (1,000 ms for a key never written).
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param keys the keys
     * @param values the values
     * @return operations on LWW-Maps
     * @throws NullPointerException if an argument is null
     */
    public static <K, V> Arbitrary<Operation<LWWMap<K, V>>> lwwMapOperations(Arbitrary<K> keys, Arbitrary<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        Arbitrary<Integer> later = Arbitraries.integers().between(0, 20);
        Arbitrary<Operation<LWWMap<K, V>>> put = keys.flatMap(k -> values.flatMap(v -> later.map(
                ms -> new MapPut<>(k, v, ms))));
        Arbitrary<Operation<LWWMap<K, V>>> remove = keys.flatMap(k -> later.map(ms -> new MapDelete<K, V>(k, ms)));
        return Arbitraries.frequencyOf(Tuple.of(2, put), Tuple.of(1, remove));
    }

    /** The timestamp just after {@code now}: {@code laterMillis} ms later, or the next logical tick when 0. */
    static HybridTimestamp after(HybridTimestamp now, int laterMillis) {
        return laterMillis > 0 || now.logical() == HybridTimestamp.MAX_LOGICAL
                ? HybridTimestamp.ofMillis(now.physicalMillis() + Math.max(1, laterMillis))
                : HybridTimestamp.of(now.physicalMillis(), now.logical() + 1);
    }

    /**
     * Writes a value to a multi-value register.
     *
     * @param <V> the value type
     * @param value the value
     */
    public record MvWrite<V>(V value) implements Operation<MVRegister<V>> {
        @Override
        public MVRegister<V> apply(ReplicaId replica, MVRegister<V> state) {
            return state.write(replica, value);
        }

        @Override
        public String toString() {
            return "write(" + value + ")";
        }
    }

    /** Enables a flag. */
    public record Enable() implements Operation<EnableWinsFlag> {
        @Override
        public EnableWinsFlag apply(ReplicaId replica, EnableWinsFlag state) {
            return state.enable(replica);
        }

        @Override
        public String toString() {
            return "enable";
        }
    }

    /** Disables a flag. */
    public record Disable() implements Operation<EnableWinsFlag> {
        @Override
        public EnableWinsFlag apply(ReplicaId replica, EnableWinsFlag state) {
            return state.disable();
        }

        @Override
        public String toString() {
            return "disable";
        }
    }

    /**
     * Updates the value of a key of an OR-Map.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param key the key
     * @param operation the operation applied to the key's value
     */
    public record MapUpdate<K, V extends Crdt<V>>(K key, Operation<V> operation) implements Operation<ORMap<K, V>> {
        @Override
        public ORMap<K, V> apply(ReplicaId replica, ORMap<K, V> state) {
            return state.update(replica, key, v -> operation.apply(replica, v));
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
    public record MapRemove<K, V extends Crdt<V>>(K key) implements Operation<ORMap<K, V>> {
        @Override
        public ORMap<K, V> apply(ReplicaId replica, ORMap<K, V> state) {
            return state.remove(key);
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
    public record MapPut<K, V>(K key, V value, int laterMillis) implements Operation<LWWMap<K, V>> {
        @Override
        public LWWMap<K, V> apply(ReplicaId replica, LWWMap<K, V> state) {
            return state.putDelta(replica, key, value, after(keyTime(state, key), laterMillis)).state();
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
    public record MapDelete<K, V>(K key, int laterMillis) implements Operation<LWWMap<K, V>> {
        @Override
        public LWWMap<K, V> apply(ReplicaId replica, LWWMap<K, V> state) {
            return state.removeDelta(replica, key, after(keyTime(state, key), laterMillis)).state();
        }

        @Override
        public String toString() {
            return "remove(" + key + ", +" + laterMillis + "ms)";
        }
    }

    private static <K, V> HybridTimestamp keyTime(LWWMap<K, V> state, K key) {
        LWWRegister<Optional<V>> r = state.registers().get(key);
        return r == null ? HybridTimestamp.ofMillis(1_000) : r.timestamp();
    }
}
