package dev.convergent.bench;

import dev.convergent.clock.Causality;
import dev.convergent.clock.VersionVector;
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
 * Merge and compare of {@link VersionVector} as the number of replicas grows, for each outcome of
 * the comparison.
 *
 * <p>{@code vector} and {@code equalCopy} hold the same entries in separate arrays; {@code later} is
 * {@code vector} after one more event at a random replica; {@code left} and {@code right} descend
 * from {@code vector} and are concurrent, each ahead at about half of the replicas. Every vector is
 * built from a fresh map. {@code EQUAL} and {@code BEFORE} need a full pass; {@code CONCURRENT}
 * stops at the first pair of entries that proves it.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar VersionVectorBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VersionVectorBenchmark {

    /** How many replicas have an entry in each vector. */
    @Param({"3", "100", "1000"})
    public int replicas;

    private VersionVector vector;
    private VersionVector equalCopy;
    private VersionVector later;
    private VersionVector left;
    private VersionVector right;

    /** Builds the vectors from a seeded {@link Random} and checks their causal relations. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] names = BenchInputs.replicaNames(replicas);
        long[] common = BenchInputs.randomCounts(random, replicas, 1_000);
        long[] oneMore = common.clone();
        oneMore[random.nextInt(replicas)]++;
        long[][] increments = BenchInputs.concurrentIncrements(random, replicas);
        vector = VersionVector.of(BenchInputs.entries(names, common));
        equalCopy = VersionVector.of(BenchInputs.entries(names, common));
        later = VersionVector.of(BenchInputs.entries(names, oneMore));
        left = VersionVector.of(BenchInputs.entries(names, BenchInputs.plus(common, increments[0])));
        right = VersionVector.of(BenchInputs.entries(names, BenchInputs.plus(common, increments[1])));
        BenchInputs.check(vector != equalCopy && vector.compare(equalCopy) == Causality.EQUAL,
                "equalCopy must be an equal, separate vector");
        BenchInputs.check(vector.compare(later) == Causality.BEFORE, "vector must be before later");
        BenchInputs.check(left.compare(right) == Causality.CONCURRENT, "left and right must be concurrent");
    }

    /**
     * Merges two concurrent vectors: allocates the merged vector.
     *
     * @return the pointwise maximum
     */
    @Benchmark
    public VersionVector mergeConcurrent() {
        return left.merge(right);
    }

    /**
     * Merges an ancestor into its descendant: the result is the descendant itself.
     *
     * @return the pointwise maximum
     */
    @Benchmark
    public VersionVector mergeAncestor() {
        return later.merge(vector);
    }

    /**
     * Compares two equal vectors held in separate arrays.
     *
     * @return {@code EQUAL}
     */
    @Benchmark
    public Causality compareEqual() {
        return vector.compare(equalCopy);
    }

    /**
     * Compares a vector with its successor by one event.
     *
     * @return {@code BEFORE}
     */
    @Benchmark
    public Causality compareBefore() {
        return vector.compare(later);
    }

    /**
     * Compares two concurrent vectors.
     *
     * @return {@code CONCURRENT}
     */
    @Benchmark
    public Causality compareConcurrent() {
        return left.compare(right);
    }
}
