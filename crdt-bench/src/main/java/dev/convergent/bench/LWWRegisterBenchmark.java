package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.Causality;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link LWWRegister} against Pekko's {@code LWWRegister}: merge, compare and write, as pairs of methods
 * {@code op_convergent} / {@code op_pekko}. A register has no size, so there is no parameter; and since
 * last-writer-wins orders every pair of writes, "disjoint" and "shared" collapse into {@code mergeConcurrent} (two
 * writers, the later timestamp wins) next to {@code mergeAncestor} (a later write by the same writer).
 *
 * <p>Every register is built separately, with fresh value strings and (for Pekko) node ids; our interned
 * {@link ReplicaId}s are shared by design. Pekko's register has no causal compare: its rows use
 * {@link Pekko#compareByMerge}. {@code compareConcurrent} is ours only: it is the one way two registers can be
 * concurrent, two different values with the same timestamp and writer (a replica id used twice), which Pekko's merge
 * resolves silently. {@code write} reads the clock (ours a {@link HybridClock}, node-wide and thread-safe; Pekko's
 * its default clock, a pure function of the register's timestamp, in a reference row, and the same clock made
 * node-wide in an {@code AtomicLong} in {@code write_pekkoAtomicLong}, the like-for-like twin). The delta
 * of a register is the register itself, so delta apply is {@code mergeAncestor}; Pekko's and our clocks alone are
 * compared in {@link HybridClockBenchmark}.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar LWWRegisterBenchmark -prof gc -rf json -rff lwwregister.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LWWRegisterBenchmark {

    private static final long OLDER = History.EPOCH_MILLIS;
    private static final long NEWER = History.EPOCH_MILLIS + 1_000;
    private static final long OTHER = History.EPOCH_MILLIS + 500;

    /** Our registers. */
    @State(Scope.Benchmark)
    public static class Ours {
        LWWRegister<String> older;
        LWWRegister<String> equalCopy;
        LWWRegister<String> newer;
        LWWRegister<String> other;
        LWWRegister<String> conflicting;
        ReplicaId writer;
        HybridClock clock;
        String value;

        /** Builds the registers and checks their relations. */
        @Setup
        public void setUp() {
            older = register("replica-0000", "old", OLDER);
            equalCopy = register("replica-0000", "old", OLDER);
            newer = register("replica-0000", "new", NEWER);
            other = register("replica-0001", "other", OTHER);
            conflicting = register("replica-0000", "conflicting", OLDER);
            writer = ReplicaId.of("replica-0000");
            clock = HybridClock.system(Duration.ofMinutes(1));
            value = new String("written");
            BenchInputs.check(older.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(older.compare(newer) == Causality.BEFORE, "older before newer");
            BenchInputs.check(older.compare(conflicting) == Causality.CONCURRENT, "conflicting writes");
            BenchInputs.check(newer.merge(other) == newer, "later timestamp wins");
        }

        private static LWWRegister<String> register(String writer, String value, long millis) {
            ReplicaId id = ReplicaId.of(new String(writer));
            return LWWRegister.of(id, new String(value), HybridTimestamp.ofMillis(millis));
        }
    }

    /** Pekko's registers. */
    @State(Scope.Benchmark)
    public static class Theirs {
        org.apache.pekko.cluster.ddata.LWWRegister<String> older;
        org.apache.pekko.cluster.ddata.LWWRegister<String> equalCopy;
        org.apache.pekko.cluster.ddata.LWWRegister<String> newer;
        org.apache.pekko.cluster.ddata.LWWRegister<String> other;
        SelfUniqueAddress writer;
        org.apache.pekko.cluster.ddata.LWWRegister.Clock<String> clock;
        /** Pekko's default clock made node-wide and thread-safe, as our {@link HybridClock} is. */
        org.apache.pekko.cluster.ddata.LWWRegister.Clock<String> sharedClock;
        String value;

        /** Builds the registers and checks their relations. */
        @Setup
        public void setUp() {
            older = Pekko.lwwRegister("replica-0000", 1, "old", OLDER);
            equalCopy = Pekko.lwwRegister("replica-0000", 1, "old", OLDER);
            newer = Pekko.lwwRegister("replica-0000", 1, "new", NEWER);
            other = Pekko.lwwRegister("replica-0001", 2, "other", OTHER);
            writer = Pekko.self(Pekko.node("replica-0000", 1));
            clock = org.apache.pekko.cluster.ddata.LWWRegister.defaultClock();
            sharedClock = atomicLongClock(clock);
            value = new String("written");
            BenchInputs.check(Pekko.compareByMerge(older, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(older, newer) == Causality.BEFORE, "older before newer");
            BenchInputs.check(newer.merge(other) == newer, "later timestamp wins");
        }
    }

    /** @return the later of two writers' registers */
    @Benchmark
    public LWWRegister<String> mergeConcurrent_convergent(Ours s) {
        return s.newer.merge(s.other);
    }

    /** @return Pekko twin of {@link #mergeConcurrent_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWRegister<String> mergeConcurrent_pekko(Theirs s) {
        return s.newer.merge(s.other);
    }

    /** @return the newer register, merged into the older */
    @Benchmark
    public LWWRegister<String> mergeAncestor_convergent(Ours s) {
        return s.older.merge(s.newer);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWRegister<String> mergeAncestor_pekko(Theirs s) {
        return s.older.merge(s.newer);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(Ours s) {
        return s.older.compare(s.equalCopy);
    }

    /** @return {@code EQUAL}, through a merge */
    @Benchmark
    public Causality compareEqual_pekko(Theirs s) {
        return Pekko.compareByMerge(s.older, s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(Ours s) {
        return s.older.compare(s.newer);
    }

    /** @return {@code BEFORE}, through a merge */
    @Benchmark
    public Causality compareBefore_pekko(Theirs s) {
        return Pekko.compareByMerge(s.older, s.newer);
    }

    /** @return {@code CONCURRENT}: two values with one timestamp and writer (ours only) */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.older.compare(s.conflicting);
    }

    /** @return the register after a write that reads the hybrid clock */
    @Benchmark
    public LWWRegister<String> write_convergent(Ours s) {
        return s.older.write(s.writer, s.value, s.clock);
    }

    /** @return Pekko twin of {@link #write_convergent}, reading Pekko's default clock */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWRegister<String> write_pekko(Theirs s) {
        return s.older.withValue(s.writer, s.value, s.clock);
    }

    /**
     * @return like-for-like twin of {@link #write_convergent}: Pekko's write with a clock shared by every register of
     *     the node, its last timestamp in an {@code AtomicLong} updated by compare-and-set, as our hybrid clock keeps
     *     its own
     */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWRegister<String> write_pekkoAtomicLong(Theirs s) {
        return s.older.withValue(s.writer, s.value, s.sharedClock);
    }

    /**
     * Pekko's {@code clock} made node-wide: each timestamp also exceeds the last one it gave, kept in an {@code
     * AtomicLong} updated by compare-and-set so that threads can share it.
     */
    static org.apache.pekko.cluster.ddata.LWWRegister.Clock<String> atomicLongClock(
            org.apache.pekko.cluster.ddata.LWWRegister.Clock<String> clock) {
        AtomicLong last = new AtomicLong();
        return (current, value) -> {
            long seen;
            long next;
            do {
                seen = last.get();
                next = Math.max(clock.apply(current, value), seen + 1);
            } while (!last.compareAndSet(seen, next));
            return next;
        };
    }
}
