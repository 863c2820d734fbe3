package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.lattice.Causality;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * <p>A merge of two registers is a comparison of two fields, well under a nanosecond: one such merge per call
 * measures the harness more than the merge, with a branch that is predicted every time. So both merge rows merge
 * {@link #PAIRS} different pairs per call ({@code @OperationsPerInvocation}, so the score is still per merge), in
 * an order drawn once from a fixed seed: either side wins at random, and in {@code mergeConcurrent} one pair in
 * eight is written in the same millisecond, which ours decides by the logical counter and then the writer, and
 * Pekko's by the node. Each call returns how many merges kept the left register, so none can be skipped.
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

    /** Register pairs merged per call by the merge rows. */
    static final int PAIRS = 1024;

    /**
     * The timestamps of the merge rows, drawn once from a fixed seed: per pair, the left and right writes'
     * milliseconds and logical counters; for {@code concurrent} pairs two writers (one pair in eight in the same
     * millisecond), for {@code ancestor} pairs one writer and a later write on a random side.
     */
    record Pairs(long[] leftMillis, int[] leftLogical, long[] rightMillis, int[] rightLogical) {

        static Pairs draw(boolean concurrent) {
            SplittableRandom random = new SplittableRandom(concurrent ? 17 : 23);
            long[] lm = new long[PAIRS];
            int[] ll = new int[PAIRS];
            long[] rm = new long[PAIRS];
            int[] rl = new int[PAIRS];
            for (int i = 0; i < PAIRS; i++) {
                lm[i] = OLDER + random.nextInt(1_000);
                boolean sameMilli = concurrent && random.nextInt(8) == 0;
                long gap = sameMilli ? 0 : 1 + random.nextInt(1_000);
                rm[i] = random.nextBoolean() ? lm[i] + gap : Math.max(0, lm[i] - gap);
                if (!concurrent && rm[i] == lm[i]) {
                    rm[i]++;
                }
                ll[i] = sameMilli ? random.nextInt(3) : 0;
                rl[i] = sameMilli ? random.nextInt(3) : 0;
            }
            return new Pairs(lm, ll, rm, rl);
        }
    }

    /** Our register pairs for the merge rows. */
    @State(Scope.Benchmark)
    public static class OursPairs {
        LWWRegister<String>[] concurrentLeft;
        LWWRegister<String>[] concurrentRight;
        LWWRegister<String>[] ancestorLeft;
        LWWRegister<String>[] ancestorRight;

        /** Builds the pairs and checks that either side wins some merges. */
        @Setup
        public void setUp() {
            Pairs c = Pairs.draw(true);
            concurrentLeft = registers("replica-0000", c.leftMillis(), c.leftLogical());
            concurrentRight = registers("replica-0001", c.rightMillis(), c.rightLogical());
            Pairs a = Pairs.draw(false);
            ancestorLeft = registers("replica-0000", a.leftMillis(), a.leftLogical());
            ancestorRight = registers("replica-0000", a.rightMillis(), a.rightLogical());
            for (LWWRegister<String>[][] p : new LWWRegister[][][] {{concurrentLeft, concurrentRight},
                    {ancestorLeft, ancestorRight}}) {
                int kept = keptLeft(p[0], p[1]);
                BenchInputs.check(kept > PAIRS / 4 && kept < 3 * PAIRS / 4, "either side wins about half the merges");
            }
        }

        @SuppressWarnings("unchecked")
        private static LWWRegister<String>[] registers(String writer, long[] millis, int[] logical) {
            LWWRegister<String>[] out = new LWWRegister[PAIRS];
            for (int i = 0; i < PAIRS; i++) {
                out[i] = LWWRegister.of(ReplicaId.of(new String(writer)), "v" + i + writer,
                        HybridTimestamp.of(millis[i], logical[i]));
            }
            return out;
        }
    }

    /** Pekko's register pairs, from the same timestamps (Pekko's have no logical part). */
    @State(Scope.Benchmark)
    public static class TheirsPairs {
        org.apache.pekko.cluster.ddata.LWWRegister<String>[] concurrentLeft;
        org.apache.pekko.cluster.ddata.LWWRegister<String>[] concurrentRight;
        org.apache.pekko.cluster.ddata.LWWRegister<String>[] ancestorLeft;
        org.apache.pekko.cluster.ddata.LWWRegister<String>[] ancestorRight;

        /** Builds the pairs and checks that either side wins some merges. */
        @Setup
        public void setUp() {
            Pairs c = Pairs.draw(true);
            concurrentLeft = registers("replica-0000", 1, c.leftMillis());
            concurrentRight = registers("replica-0001", 2, c.rightMillis());
            Pairs a = Pairs.draw(false);
            ancestorLeft = registers("replica-0000", 1, a.leftMillis());
            ancestorRight = registers("replica-0000", 1, a.rightMillis());
            int kept = keptLeft(concurrentLeft, concurrentRight) + keptLeft(ancestorLeft, ancestorRight);
            BenchInputs.check(kept > PAIRS / 2 && kept < 3 * PAIRS / 2, "either side wins about half the merges");
        }

        @SuppressWarnings("unchecked")
        private static org.apache.pekko.cluster.ddata.LWWRegister<String>[] registers(String writer, long uid,
                long[] millis) {
            org.apache.pekko.cluster.ddata.LWWRegister<String>[] out =
                    new org.apache.pekko.cluster.ddata.LWWRegister[PAIRS];
            for (int i = 0; i < PAIRS; i++) {
                out[i] = Pekko.lwwRegister(writer, uid, "v" + i + writer, millis[i]);
            }
            return out;
        }
    }

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

    /** @return how many of {@link #PAIRS} merges of two writers' registers kept the left one */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int mergeConcurrent_convergent(OursPairs s) {
        return keptLeft(s.concurrentLeft, s.concurrentRight);
    }

    /** @return Pekko twin of {@link #mergeConcurrent_convergent} */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int mergeConcurrent_pekko(TheirsPairs s) {
        return keptLeft(s.concurrentLeft, s.concurrentRight);
    }

    /** @return how many of {@link #PAIRS} merges of a register with its ancestor (on either side) kept the left one */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int mergeAncestor_convergent(OursPairs s) {
        return keptLeft(s.ancestorLeft, s.ancestorRight);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public int mergeAncestor_pekko(TheirsPairs s) {
        return keptLeft(s.ancestorLeft, s.ancestorRight);
    }

    private static int keptLeft(LWWRegister<String>[] left, LWWRegister<String>[] right) {
        int kept = 0;
        for (int i = 0; i < left.length; i++) {
            kept += left[i].merge(right[i]) == left[i] ? 1 : 0;
        }
        return kept;
    }

    private static int keptLeft(org.apache.pekko.cluster.ddata.LWWRegister<String>[] left,
            org.apache.pekko.cluster.ddata.LWWRegister<String>[] right) {
        int kept = 0;
        for (int i = 0; i < left.length; i++) {
            kept += left[i].merge(right[i]) == left[i] ? 1 : 0;
        }
        return kept;
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
