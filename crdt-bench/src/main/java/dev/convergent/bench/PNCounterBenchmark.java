package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.PNCounter;
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
 * {@link PNCounter} against Pekko's {@code PNCounter} as the number of replicas grows: merge, compare, increment,
 * decrement, delta apply and diff, as pairs of methods {@code op_convergent} / {@code op_pekko}. Both halves hold an
 * entry for every replica: the increments follow {@link BenchInputs.Vectors} (as in {@link GCounterBenchmark}), the
 * decrements are the same in every input except the disjoint one. Every counter is built separately from the plain
 * data, as after decoding; our interned {@link ReplicaId}s are shared by design.
 *
 * <p>Pekko's counter has no causal compare: its {@code compare} rows use {@link Pekko#compareByMerge}. Its delta is
 * the one that {@code increment} records, applied with {@code mergeDelta}. {@code diff} is ours only.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar PNCounterBenchmark -prof gc -rf json -rff pncounter.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PNCounterBenchmark {

    /** Our counters. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Replicas with an entry in each half of each counter. */
        @Param({"3", "100", "1000"})
        public int entries;

        PNCounter base;
        PNCounter equalCopy;
        PNCounter disjoint;
        PNCounter sharedLocal;
        PNCounter sharedRemote;
        PNCounter descendant;
        PNCounter descendantInProcess;
        PNCounter delta;
        PNCounter peer;
        ReplicaId writer;

        /** Builds the counters and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors inc = BenchInputs.Vectors.of(entries, 42);
            BenchInputs.Vectors dec = BenchInputs.Vectors.of(entries, 43);
            String[] names = inc.names();
            base = Rebuild.pnCounter(names, inc.base(), dec.base());
            equalCopy = Rebuild.pnCounter(names, inc.base(), dec.base());
            disjoint = Rebuild.pnCounter(names, inc.disjoint(), dec.disjoint());
            sharedLocal = Rebuild.pnCounter(names, inc.sharedLocal(), dec.base());
            sharedRemote = Rebuild.pnCounter(names, inc.sharedRemote(), dec.base());
            descendant = Rebuild.pnCounter(names, inc.descendant(), dec.base());
            writer = ReplicaId.of(names[inc.changed()]);
            delta = Rebuild.pnCounter(names, inc.base(), dec.base()).incrementDelta(writer, 1).delta();
            peer = Rebuild.pnCounter(names, inc.base(), dec.base());
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
        /** Replicas with an entry in each half of each counter. */
        @Param({"3", "100", "1000"})
        public int entries;

        org.apache.pekko.cluster.ddata.PNCounter base;
        org.apache.pekko.cluster.ddata.PNCounter equalCopy;
        org.apache.pekko.cluster.ddata.PNCounter disjoint;
        org.apache.pekko.cluster.ddata.PNCounter sharedLocal;
        org.apache.pekko.cluster.ddata.PNCounter sharedRemote;
        org.apache.pekko.cluster.ddata.PNCounter descendant;
        org.apache.pekko.cluster.ddata.PNCounter delta;
        SelfUniqueAddress writer;

        /** Builds the counters and checks their relations. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors inc = BenchInputs.Vectors.of(entries, 42);
            BenchInputs.Vectors dec = BenchInputs.Vectors.of(entries, 43);
            String[] names = inc.names();
            base = Pekko.pnCounter(names, inc.base(), dec.base());
            equalCopy = Pekko.pnCounter(names, inc.base(), dec.base());
            disjoint = Pekko.pnCounter(names, inc.disjoint(), dec.disjoint());
            sharedLocal = Pekko.pnCounter(names, inc.sharedLocal(), dec.base());
            sharedRemote = Pekko.pnCounter(names, inc.sharedRemote(), dec.base());
            descendant = Pekko.pnCounter(names, inc.descendant(), dec.base());
            writer = Pekko.self(Pekko.node(names[inc.changed()], inc.changed() + 1));
            delta = Pekko.pnCounter(names, inc.base(), dec.base()).increment(writer, 1).delta().get();
            BenchInputs.check(Pekko.compareByMerge(base, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(base, descendant) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(sharedLocal, sharedRemote) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(base.mergeDelta(delta).equals(descendant), "delta brings base to descendant");
        }
    }

    /** @return the union of two counters without a common replica */
    @Benchmark
    public PNCounter mergeDisjoint_convergent(Ours s) {
        return s.base.merge(s.disjoint);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter mergeDisjoint_pekko(Theirs s) {
        return s.base.merge(s.disjoint);
    }

    /** @return the join of two concurrent counters that share most entries */
    @Benchmark
    public PNCounter mergeShared_convergent(Ours s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter mergeShared_pekko(Theirs s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public PNCounter mergeDescendantInProcess_convergent(Ours s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public PNCounter mergeAncestor_convergent(Ours s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter mergeAncestor_pekko(Theirs s) {
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
    public PNCounter increment_convergent(Ours s) {
        return s.base.increment(s.writer, 1);
    }

    /** @return Pekko twin of {@link #increment_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter increment_pekko(Theirs s) {
        return s.base.increment(s.writer, 1);
    }

    /** @return the counter decremented by one at an existing replica */
    @Benchmark
    public PNCounter decrement_convergent(Ours s) {
        return s.base.decrement(s.writer, 1);
    }

    /** @return Pekko twin of {@link #decrement_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter decrement_pekko(Theirs s) {
        return s.base.decrement(s.writer, 1);
    }

    /** @return the counter with another replica's one-entry increment delta applied */
    @Benchmark
    public PNCounter applyDelta_convergent(Ours s) {
        return s.base.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.PNCounter applyDelta_pekko(Theirs s) {
        return s.base.mergeDelta(s.delta);
    }

    /** @return the one entry a peer at the ancestor is missing (ours only: Pekko has no diff) */
    @Benchmark
    public PNCounter diff_convergent(Ours s) {
        return s.descendant.diff(s.peer);
    }
}
