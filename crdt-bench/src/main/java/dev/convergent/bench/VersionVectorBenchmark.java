package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
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
 * {@link VersionVector} against Pekko's {@code VersionVector}: merge, compare, increment, one-entry delta and diff as
 * the number of entries grows. Each operation is a pair of methods, {@code op_convergent} and {@code op_pekko}, on
 * the same plain data ({@link BenchInputs.Vectors}); every vector is built separately from it, so no two inputs share
 * arrays, maps or (for Pekko) node ids. Our {@link ReplicaId}s are interned and so shared by design.
 *
 * <ul>
 *   <li>{@code mergeDisjoint}: no replica in common; {@code mergeShared}: concurrent, at least 90% of the entries
 *       equal (from 20 entries on); {@code mergeAncestor}: an ancestor merges its descendant, one entry ahead.</li>
 *   <li>{@code compareEqual}: equal vectors in separate objects; {@code compareBefore}: ancestor against
 *       descendant (a full pass); {@code compareConcurrent}: the shared pair, which both libraries stop comparing at
 *       the first pair of entries that proves concurrency.</li>
 *   <li>{@code increment}: one more event at an existing replica; {@code applyDelta}: merge a one-entry vector (Pekko
 *       has no delta for vectors: merging a one-entry vector is its equivalent); {@code diff} (ours only, Pekko has
 *       no equivalent): the entries a peer is missing.</li>
 * </ul>
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar VersionVectorBenchmark -prof gc -rf json -rff vv.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VersionVectorBenchmark {

    /** Our vectors. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Entries in each vector. */
        @Param({"3", "100", "1000"})
        public int entries;

        VersionVector base;
        VersionVector equalCopy;
        VersionVector disjoint;
        VersionVector sharedLocal;
        VersionVector sharedRemote;
        VersionVector descendant;
        VersionVector descendantInProcess;
        VersionVector delta;
        ReplicaId writer;

        /** Builds the vectors and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            base = Rebuild.versionVector(v.names(), v.base());
            equalCopy = Rebuild.versionVector(v.names(), v.base());
            disjoint = Rebuild.versionVector(v.names(), v.disjoint());
            sharedLocal = Rebuild.versionVector(v.names(), v.sharedLocal());
            sharedRemote = Rebuild.versionVector(v.names(), v.sharedRemote());
            descendant = Rebuild.versionVector(v.names(), v.descendant());
            delta = Rebuild.versionVector(v.names(), v.delta());
            writer = ReplicaId.of(v.names()[v.changed()]);
            BenchInputs.check(base != equalCopy && base.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(base.compare(descendant) == Causality.BEFORE, "base before descendant");
            BenchInputs.check(sharedLocal.compare(sharedRemote) == Causality.CONCURRENT, "shared pair concurrent");
            BenchInputs.check(base.compare(disjoint) == Causality.CONCURRENT, "disjoint pair concurrent");
            BenchInputs.check(base.merge(delta).equals(descendant), "delta brings base to descendant");
            descendantInProcess = base.increment(writer);
            BenchInputs.check(base.merge(descendantInProcess).equals(descendant), "the descendant made here");
        }
    }

    /** Pekko's vectors, built from the same plain data. */
    @State(Scope.Benchmark)
    public static class Theirs {
        /** Entries in each vector. */
        @Param({"3", "100", "1000"})
        public int entries;

        org.apache.pekko.cluster.ddata.VersionVector base;
        org.apache.pekko.cluster.ddata.VersionVector equalCopy;
        org.apache.pekko.cluster.ddata.VersionVector disjoint;
        org.apache.pekko.cluster.ddata.VersionVector sharedLocal;
        org.apache.pekko.cluster.ddata.VersionVector sharedRemote;
        org.apache.pekko.cluster.ddata.VersionVector descendant;
        org.apache.pekko.cluster.ddata.VersionVector delta;
        SelfUniqueAddress writer;

        /** Builds the vectors and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            base = Pekko.versionVector(v.names(), v.base());
            equalCopy = Pekko.versionVector(v.names(), v.base());
            disjoint = Pekko.versionVector(v.names(), v.disjoint());
            sharedLocal = Pekko.versionVector(v.names(), v.sharedLocal());
            sharedRemote = Pekko.versionVector(v.names(), v.sharedRemote());
            descendant = Pekko.versionVector(v.names(), v.descendant());
            delta = Pekko.versionVector(v.names(), v.delta());
            writer = Pekko.self(Pekko.node(v.names()[v.changed()], v.changed() + 1));
            BenchInputs.check(Pekko.causality(base.compareTo(equalCopy)) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.causality(base.compareTo(descendant)) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.causality(sharedLocal.compareTo(sharedRemote)) == Causality.CONCURRENT,
                    "shared pair concurrent");
            BenchInputs.check(base.merge(delta).equals(descendant), "delta brings base to descendant");
        }
    }

    /** @return the union of two vectors without a common replica */
    @Benchmark
    public VersionVector mergeDisjoint_convergent(Ours s) {
        return s.base.merge(s.disjoint);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector mergeDisjoint_pekko(Theirs s) {
        return s.base.merge(s.disjoint);
    }

    /** @return the join of two concurrent vectors that share most entries */
    @Benchmark
    public VersionVector mergeShared_convergent(Ours s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector mergeShared_pekko(Theirs s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public VersionVector mergeDescendantInProcess_convergent(Ours s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public VersionVector mergeAncestor_convergent(Ours s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector mergeAncestor_pekko(Theirs s) {
        return s.base.merge(s.descendant);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(Ours s) {
        return s.base.compare(s.equalCopy);
    }

    /** @return Pekko's {@code Same} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector.Ordering compareEqual_pekko(Theirs s) {
        return s.base.compareTo(s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(Ours s) {
        return s.base.compare(s.descendant);
    }

    /** @return Pekko's {@code Before} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector.Ordering compareBefore_pekko(Theirs s) {
        return s.base.compareTo(s.descendant);
    }

    /** @return {@code CONCURRENT} */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.sharedLocal.compare(s.sharedRemote);
    }

    /** @return Pekko's {@code Concurrent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector.Ordering compareConcurrent_pekko(Theirs s) {
        return s.sharedLocal.compareTo(s.sharedRemote);
    }

    /** @return the vector with one more event at an existing replica */
    @Benchmark
    public VersionVector increment_convergent(Ours s) {
        return s.base.increment(s.writer);
    }

    /** @return Pekko twin of {@link #increment_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector increment_pekko(Theirs s) {
        return s.base.increment(s.writer);
    }

    /** @return the vector with a one-entry delta applied */
    @Benchmark
    public VersionVector applyDelta_convergent(Ours s) {
        return s.base.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.VersionVector applyDelta_pekko(Theirs s) {
        return s.base.merge(s.delta);
    }

    /** @return the one entry the ancestor is missing (ours only: Pekko has no diff) */
    @Benchmark
    public VersionVector diff_convergent(Ours s) {
        return s.descendant.diff(s.equalCopy);
    }
}
