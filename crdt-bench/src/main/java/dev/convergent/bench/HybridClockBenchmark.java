package dev.convergent.bench;

import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.cluster.ddata.LWWRegister;
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
 * The timestamp source of last-writer-wins types: our {@link HybridClock#now()} (physical milliseconds plus a
 * logical counter, packed in one long updated by compare-and-set) against the clock Pekko's {@code LWWRegister}
 * uses by default, {@code max(System.currentTimeMillis(), last + 1)}. Both read the wall clock on every call; ours
 * keeps its last timestamp in the clock (thread-safe), Pekko's in the benchmark state, as a writer does
 * ({@code now_pekko}, a reference row), or in an {@link AtomicLong} updated by compare-and-set, so that threads can
 * share it as they share ours ({@code now_pekkoAtomicLong}, the like-for-like twin).
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar HybridClockBenchmark -prof gc -rf json -rff clock.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HybridClockBenchmark {

    /** Our clock. */
    @State(Scope.Thread)
    public static class Ours {
        HybridClock clock;

        /** Creates the clock. */
        @Setup
        public void setUp() {
            clock = HybridClock.system(Duration.ofMinutes(1));
        }
    }

    /** Pekko's default clock and the last timestamp it gave. */
    @State(Scope.Thread)
    public static class Theirs {
        LWWRegister.Clock<String> clock;
        long last;

        /** Fetches the clock. */
        @Setup
        public void setUp() {
            clock = LWWRegister.defaultClock();
        }
    }

    /** Pekko's default clock with its last timestamp in an {@link AtomicLong}, so that threads can share it. */
    @State(Scope.Thread)
    public static class TheirsShared {
        LWWRegister.Clock<String> clock;
        final AtomicLong last = new AtomicLong();

        /** Fetches the clock. */
        @Setup
        public void setUp() {
            clock = LWWRegister.defaultClock();
        }
    }

    /** @return a timestamp greater than every earlier one */
    @Benchmark
    public HybridTimestamp now_convergent(Ours s) {
        return s.clock.now();
    }

    /** @return Pekko twin of {@link #now_convergent} */
    @Benchmark
    public long now_pekko(Theirs s) {
        s.last = s.clock.apply(s.last, null);
        return s.last;
    }

    /**
     * @return like-for-like twin of {@link #now_convergent}: Pekko's clock kept thread-safe as ours is, its last
     *     timestamp updated by compare-and-set
     */
    @Benchmark
    public long now_pekkoAtomicLong(TheirsShared s) {
        long current;
        long next;
        do {
            current = s.last.get();
            next = s.clock.apply(current, null);
        } while (!s.last.compareAndSet(current, next));
        return next;
    }
}
