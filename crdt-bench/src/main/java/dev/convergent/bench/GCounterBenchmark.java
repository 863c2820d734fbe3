package dev.convergent.bench;

import dev.convergent.clock.Causality;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merge, compare and increment of {@link GCounter} as the number of replicas grows.
 *
 * <p>{@code local} and {@code remote} descend from a common {@code ancestor}; every replica then
 * incremented each by a different random amount, so neither dominates and their merge must build a
 * new counter. {@code remote} and {@code ancestor} are built from fresh maps and share no arrays with
 * {@code local}. {@code compare} stops at the first pair of entries that proves concurrency, so
 * {@link #compareConcurrent} barely grows with the replica count; see {@link VersionVectorBenchmark}
 * for the full passes.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar GCounterBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GCounterBenchmark {

    /** How many replicas have an entry in each counter. */
    @Param({"3", "100", "1000"})
    public int replicas;

    private GCounter ancestor;
    private GCounter local;
    private GCounter remote;
    private ReplicaId writer;

    /** Builds the counters from a seeded {@link Random} and checks their causal relations. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] names = BenchInputs.replicaNames(replicas);
        long[] common = BenchInputs.randomCounts(random, replicas, 1_000);
        long[][] increments = BenchInputs.concurrentIncrements(random, replicas);
        ancestor = GCounter.of(BenchInputs.entries(names, common));
        local = GCounter.of(BenchInputs.entries(names, BenchInputs.plus(common, increments[0])));
        remote = GCounter.of(BenchInputs.entries(names, BenchInputs.plus(common, increments[1])));
        writer = ReplicaId.of(names[random.nextInt(replicas)]);
        BenchInputs.check(local.compare(remote) == Causality.CONCURRENT, "local and remote must be concurrent");
        BenchInputs.check(ancestor.compare(local) == Causality.BEFORE, "ancestor must be before local");
    }

    /**
     * Merges two concurrent counters: allocates the merged counter.
     *
     * @return the merged counter
     */
    @Benchmark
    public GCounter mergeConcurrent() {
        return local.merge(remote);
    }

    /**
     * Merges an ancestor into its descendant: the result is the descendant itself.
     *
     * @return the merged counter
     */
    @Benchmark
    public GCounter mergeAncestor() {
        return local.merge(ancestor);
    }

    /**
     * Compares two concurrent counters.
     *
     * @return {@code CONCURRENT}
     */
    @Benchmark
    public Causality compareConcurrent() {
        return local.compare(remote);
    }

    /**
     * Increments an existing replica's count by one: copies the counts.
     *
     * @return the incremented counter
     */
    @Benchmark
    public GCounter increment() {
        return local.increment(writer);
    }
}
