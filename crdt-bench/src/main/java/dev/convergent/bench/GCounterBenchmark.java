package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
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
 * {@link GCounter} against Pekko's {@code GCounter} as the number of replicas grows: merge, compare, increment,
 * delta apply and diff, as pairs of methods {@code op_convergent} / {@code op_pekko} on the same plain data
 * ({@link BenchInputs.Vectors}, as in {@link VersionVectorBenchmark}). Every counter is built separately from it,
 * as after decoding, so no two inputs share maps or (for Pekko) node ids; our interned {@link ReplicaId}s are shared
 * by design.
 *
 * <p>Pekko's counter has no causal compare: its {@code compare} rows use {@link Pekko#compareByMerge} (one merge and
 * an {@code equals} against each input). Its delta is the one-entry counter that {@code increment} records, applied
 * with {@code mergeDelta}. {@code diff} is ours only.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar GCounterBenchmark -prof gc -rf json -rff gcounter.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GCounterBenchmark {

    /** Our counters. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Replicas with an entry in each counter. */
        @Param({"3", "100", "1000"})
        public int entries;

        GCounter base;
        GCounter equalCopy;
        GCounter disjoint;
        GCounter sharedLocal;
        GCounter sharedRemote;
        GCounter descendant;
        GCounter descendantInProcess;
        GCounter delta;
        VersionVector peer;
        ReplicaId writer;

        /** Builds the counters and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            base = Rebuild.gCounter(v.names(), v.base());
            equalCopy = Rebuild.gCounter(v.names(), v.base());
            disjoint = Rebuild.gCounter(v.names(), v.disjoint());
            sharedLocal = Rebuild.gCounter(v.names(), v.sharedLocal());
            sharedRemote = Rebuild.gCounter(v.names(), v.sharedRemote());
            descendant = Rebuild.gCounter(v.names(), v.descendant());
            writer = ReplicaId.of(v.names()[v.changed()]);
            delta = Rebuild.gCounter(v.names(), v.base()).incrementDelta(writer, 1).delta();
            peer = Rebuild.versionVector(v.names(), v.base());
            BenchInputs.check(base.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(base.compare(descendant) == Causality.BEFORE, "base before descendant");
            BenchInputs.check(sharedLocal.compare(sharedRemote) == Causality.CONCURRENT, "shared pair concurrent");
            BenchInputs.check(base.merge(delta).equals(descendant), "delta brings base to descendant");
            descendantInProcess = base.increment(writer, 1);
            BenchInputs.check(base.merge(descendantInProcess).equals(descendant), "the descendant made here");
        }
    }

    /** Pekko's counters, built from the same plain data. */
    @State(Scope.Benchmark)
    public static class Theirs {
        /** Replicas with an entry in each counter. */
        @Param({"3", "100", "1000"})
        public int entries;

        org.apache.pekko.cluster.ddata.GCounter base;
        org.apache.pekko.cluster.ddata.GCounter equalCopy;
        org.apache.pekko.cluster.ddata.GCounter disjoint;
        org.apache.pekko.cluster.ddata.GCounter sharedLocal;
        org.apache.pekko.cluster.ddata.GCounter sharedRemote;
        org.apache.pekko.cluster.ddata.GCounter descendant;
        org.apache.pekko.cluster.ddata.GCounter delta;
        SelfUniqueAddress writer;

        /** Builds the counters and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            base = Pekko.gCounter(v.names(), v.base());
            equalCopy = Pekko.gCounter(v.names(), v.base());
            disjoint = Pekko.gCounter(v.names(), v.disjoint());
            sharedLocal = Pekko.gCounter(v.names(), v.sharedLocal());
            sharedRemote = Pekko.gCounter(v.names(), v.sharedRemote());
            descendant = Pekko.gCounter(v.names(), v.descendant());
            writer = Pekko.self(Pekko.node(v.names()[v.changed()], v.changed() + 1));
            delta = Pekko.gCounter(v.names(), v.base()).increment(writer, 1).delta().get();
            BenchInputs.check(Pekko.compareByMerge(base, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(base, descendant) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(sharedLocal, sharedRemote) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(base.mergeDelta(delta).equals(descendant), "delta brings base to descendant");
        }
    }

    /** @return the union of two counters without a common replica */
    @Benchmark
    public GCounter mergeDisjoint_convergent(Ours s) {
        return s.base.merge(s.disjoint);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter mergeDisjoint_pekko(Theirs s) {
        return s.base.merge(s.disjoint);
    }

    /** @return the join of two concurrent counters that share most entries */
    @Benchmark
    public GCounter mergeShared_convergent(Ours s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter mergeShared_pekko(Theirs s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public GCounter mergeDescendantInProcess_convergent(Ours s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public GCounter mergeAncestor_convergent(Ours s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter mergeAncestor_pekko(Theirs s) {
        return s.base.merge(s.descendant);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(Ours s) {
        return s.base.compare(s.equalCopy);
    }

    /** @return {@code EQUAL}, through a merge */
    @Benchmark
    public Causality compareEqual_pekko(Theirs s) {
        return Pekko.compareByMerge(s.base, s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(Ours s) {
        return s.base.compare(s.descendant);
    }

    /** @return {@code BEFORE}, through a merge */
    @Benchmark
    public Causality compareBefore_pekko(Theirs s) {
        return Pekko.compareByMerge(s.base, s.descendant);
    }

    /** @return {@code CONCURRENT} */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.sharedLocal.compare(s.sharedRemote);
    }

    /** @return {@code CONCURRENT}, through a merge */
    @Benchmark
    public Causality compareConcurrent_pekko(Theirs s) {
        return Pekko.compareByMerge(s.sharedLocal, s.sharedRemote);
    }

    /** @return the counter incremented by one at an existing replica */
    @Benchmark
    public GCounter increment_convergent(Ours s) {
        return s.base.increment(s.writer, 1);
    }

    /** @return Pekko twin of {@link #increment_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter increment_pekko(Theirs s) {
        return s.base.increment(s.writer, 1);
    }

    /** @return the counter with another replica's one-entry increment delta applied */
    @Benchmark
    public GCounter applyDelta_convergent(Ours s) {
        return s.base.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter applyDelta_pekko(Theirs s) {
        return s.base.mergeDelta(s.delta);
    }

    /** @return the one entry a peer at the ancestor is missing (ours only: Pekko has no diff) */
    @Benchmark
    public GCounter diff_convergent(Ours s) {
        return s.descendant.diff(s.peer);
    }
}
