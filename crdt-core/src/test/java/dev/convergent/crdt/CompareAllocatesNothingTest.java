package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.lang.management.ManagementFactory;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@code compare} allocates nothing, counted by the JVM's per-thread allocation counter around one call, for every
 * type and for an equal, a later and a concurrent state decoded from bytes (so the two sides share no objects
 * but the interned replica ids), at sizes where JMH's {@code -prof gc} cannot tell a few bytes per operation from
 * its own bookkeeping per iteration. The count is exact, and it is taken before the JIT has compiled the code, so
 * an object that only escape analysis would remove counts too.
 */
class CompareAllocatesNothingTest {

    private static final KryoCodec CODEC = KryoCodec.builder().noCompression().build();
    private static final ReplicaId[] REPLICAS = replicas(20);
    private static final ReplicaId X = ReplicaId.of("x");
    private static final ReplicaId Y = ReplicaId.of("y");

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ReplicaId[] replicas(int n) {
        ReplicaId[] ids = new ReplicaId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = ReplicaId.of("replica-" + i);
        }
        return ids;
    }

    private static ReplicaId at(int i) {
        return REPLICAS[i % REPLICAS.length];
    }

    private static Causality result;

    /**
     * The fewest bytes one {@code a.compare(b)} allocated in five calls, after two that link and resolve everything
     * it uses: what every call allocates. A single call can also pay for the JVM's own events (a deoptimization
     * materializes the objects compiled code had kept in registers), which the other calls do not repeat.
     */
    private static <T extends Crdt<T>> long allocatedByCompare(T a, T b, Causality expected) {
        for (int i = 0; i < 2; i++) {
            result = a.compare(b);
        }
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            result = a.compare(b);
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(result).isEqualTo(expected);
        return fewest;
    }

    /**
     * Compares {@code base} with its decoded copy (equal), with a decoded later state (before) and a state that
     * went one other way with one that went this way (concurrent), both directions each.
     */
    @SuppressWarnings("unchecked")
    private static <T extends Crdt<T>> void assertComparesAllocateNothing(T base, UnaryOperator<T> oneWay,
            UnaryOperator<T> otherWay) {
        Class<T> type = (Class<T>) base.getClass();
        T copy = CODEC.decode(CODEC.encode(base), type);
        T later = CODEC.decode(CODEC.encode(oneWay.apply(base)), type);
        T elsewhere = otherWay.apply(base);
        String name = type.getSimpleName();

        assertThat(allocatedByCompare(base, copy, Causality.EQUAL)).as("%s compare, equal", name).isZero();
        assertThat(allocatedByCompare(base, later, Causality.BEFORE)).as("%s compare, before", name).isZero();
        assertThat(allocatedByCompare(later, base, Causality.AFTER)).as("%s compare, after", name).isZero();
        assertThat(allocatedByCompare(later, elsewhere, Causality.CONCURRENT)).as("%s compare, concurrent", name)
                .isZero();
        assertThat(allocatedByCompare(elsewhere, later, Causality.CONCURRENT)).as("%s compare, concurrent", name)
                .isZero();
    }

    @Test
    void versionVectorAndCounterComparesAllocateNothing() {
        VersionVector vv = VersionVector.empty();
        GCounter g = GCounter.empty();
        PNCounter pn = PNCounter.empty();
        for (int i = 0; i < 1_000; i++) {
            ReplicaId r = ReplicaId.of("replica-" + i);
            vv = vv.increment(r, 1 + i);
            g = g.increment(r, 1 + i);
            pn = pn.increment(r, 1 + i).decrement(r, i);
        }
        assertComparesAllocateNothing(vv, v -> v.increment(X), v -> v.increment(Y));
        assertComparesAllocateNothing(g, c -> c.increment(X), c -> c.increment(Y));
        assertComparesAllocateNothing(pn, c -> c.decrement(X, 1), c -> c.increment(Y, 1));
    }

    @Test
    void orSetComparesAllocateNothing() {
        ORSet<String> set = ORSet.empty();
        for (int i = 0; i < 20_000; i++) {
            set = set.add(at(i), "el-" + i);
        }
        set = set.remove("el-7");
        assertComparesAllocateNothing(set, s -> s.add(X, "el-1"), s -> s.remove("el-2"));
    }

    @Test
    void mapComparesAllocateNothing() {
        ORMap<String, PNCounter> or = ORMap.empty(PNCounter.empty());
        LWWMap<String, String> lww = LWWMap.empty();
        for (int i = 0; i < 5_000; i++) {
            int n = i;
            or = or.update(at(i), "key-" + i, c -> c.increment(at(n), 1 + n % 7));
            lww = lww.put(at(i), "key-" + i, "value-" + i, HybridTimestamp.of(1_000 + i, 0));
        }
        assertComparesAllocateNothing(or, m -> m.update(X, "key-3", c -> c.increment(X, 1)),
                m -> m.update(Y, "key-4", c -> c.decrement(Y, 1)));
        assertComparesAllocateNothing(lww, m -> m.put(X, "key-3", "later", HybridTimestamp.of(9_000, 0)),
                m -> m.put(Y, "key-4", "elsewhere", HybridTimestamp.of(9_000, 1)));
    }

    @Test
    void registerAndFlagComparesAllocateNothing() {
        MVRegister<String> mv =
                MVRegister.<String>empty().write(X, "a").merge(MVRegister.<String>empty().write(Y, "b"));
        LWWRegister<String> lww = LWWRegister.of(X, "a", HybridTimestamp.of(1_000, 3));
        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(X).merge(EnableWinsFlag.disabled().enable(Y));

        assertComparesAllocateNothing(mv, r -> r.write(X, "c"), r -> r.write(Y, "d"));
        assertComparesAllocateNothing(lww, r -> r.write(X, "c", HybridTimestamp.of(2_000, 0)),
                r -> LWWRegister.of(X, "d", HybridTimestamp.of(2_000, 0)));
        assertComparesAllocateNothing(flag, f -> f.enable(X), f -> f.enable(Y));
    }
}
