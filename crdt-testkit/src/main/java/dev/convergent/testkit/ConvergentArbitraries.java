package dev.convergent.testkit;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Objects;
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
            HybridTimestamp now = state.timestamp();
            HybridTimestamp at = laterMillis > 0 || now.logical() == HybridTimestamp.MAX_LOGICAL
                    ? HybridTimestamp.ofMillis(now.physicalMillis() + Math.max(1, laterMillis))
                    : HybridTimestamp.of(now.physicalMillis(), now.logical() + 1);
            return state.write(replica, value, at);
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
}
