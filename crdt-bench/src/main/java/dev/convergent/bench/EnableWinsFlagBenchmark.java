package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.lattice.Causality;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.ddata.Flag;
import org.apache.pekko.cluster.ddata.ORSet;
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
 * {@link EnableWinsFlag} against two Pekko peers, as methods {@code op_convergent}, {@code op_pekkoORSet} and
 * {@code op_pekko}:
 * <ul>
 *   <li>{@code op_pekkoORSet}, the like-for-like twin: Pekko's {@code ORSet} holding one marker element while the
 *       flag is on ({@link Pekko#orSetFlag}). Enable is {@code add(self, marker)} by the writer node, disable is
 *       {@code remove(self, marker)}, merge is the set's merge, a delta is {@code mergeDelta} of the delta its
 *       {@code add} records. Like ours it can be disabled again and keeps concurrent enables by their dots.
 *       Pekko's set has no causal compare, so its compare rows use {@link Pekko#compareByMerge} (one merge, then
 *       {@code equals} against each input): the equivalent a Pekko user would write.</li>
 *   <li>{@code op_pekko}, the reference: Pekko's {@code Flag}, a two-state lattice (off, then on forever, merge
 *       {@code that.enabled ? that : this}). It is not the same type, so its rows show the cost of the simpler type;
 *       it has no {@code compareConcurrent}, {@code disable} or {@code applyDelta}.</li>
 * </ul>
 * The report pairs ours with the twin where an operation has one and shows the {@code Flag} rows as reference.
 * {@code diff} is ours only (Pekko has no join decomposition).
 *
 * <p>{@code ancestor} is the flag never enabled; {@code enabledHere} and {@code enabledThere} are concurrent enables
 * of two replicas. Every flag is built separately from plain data; our interned {@link ReplicaId}s are shared by
 * design.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar EnableWinsFlagBenchmark -prof gc -rf json -rff flag.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnableWinsFlagBenchmark {

    /** Our flags. */
    @State(Scope.Benchmark)
    public static class Ours {
        EnableWinsFlag ancestor;
        EnableWinsFlag enabledHere;
        EnableWinsFlag equalCopy;
        EnableWinsFlag enabledThere;
        EnableWinsFlag delta;
        CausalContext peer;
        ReplicaId writer;

        /** Builds the flags and checks their relations. */
        @Setup
        public void setUp() {
            ancestor = EnableWinsFlag.disabled();
            enabledHere = enabled("replica-0000");
            equalCopy = enabled("replica-0000");
            enabledThere = enabled("replica-0001");
            delta = EnableWinsFlag.disabled().enableDelta(ReplicaId.of(new String("replica-0001"))).delta();
            peer = CausalContext.empty();
            writer = ReplicaId.of("replica-0000");
            BenchInputs.check(enabledHere.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(ancestor.compare(enabledHere) == Causality.BEFORE, "ancestor before enabled");
            BenchInputs.check(enabledHere.compare(enabledThere) == Causality.CONCURRENT, "concurrent enables");
        }

        private static EnableWinsFlag enabled(String replica) {
            ReplicaId id = ReplicaId.of(new String(replica));
            return EnableWinsFlag.of(Set.of(Dot.of(id, 1)), CausalContext.of(VersionVector.empty().advance(id, 1)));
        }
    }

    /** Pekko's flags. */
    @State(Scope.Benchmark)
    public static class Theirs {
        Flag ancestor;
        Flag enabledHere;
        Flag equalCopy;
        Flag enabledThere;

        /** Builds the flags and checks their relations. */
        @Setup
        public void setUp() {
            ancestor = Pekko.flag(false);
            enabledHere = Pekko.flag(true);
            equalCopy = Pekko.flag(true);
            enabledThere = Pekko.flag(true);
            BenchInputs.check(Pekko.compareByMerge(enabledHere, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(ancestor, enabledHere) == Causality.BEFORE, "before");
        }
    }

    /** Pekko's like-for-like twins: observed-remove sets of one marker element. */
    @State(Scope.Benchmark)
    public static class TheirsORSet {
        private static final String[] NAMES = {"replica-0000", "replica-0001"};
        private static final String MARKER = "on";

        ORSet<String> ancestor;
        ORSet<String> enabledHere;
        ORSet<String> equalCopy;
        ORSet<String> enabledThere;
        ORSet.DeltaOp delta;
        SelfUniqueAddress writer;
        String marker;

        /** Builds the sets and checks their relations. */
        @Setup
        public void setUp() {
            ancestor = Pekko.orSetFlag(NAMES, MARKER, -1, new long[] {0, 0});
            enabledHere = Pekko.orSetFlag(NAMES, MARKER, 0, new long[] {1, 0});
            equalCopy = Pekko.orSetFlag(NAMES, MARKER, 0, new long[] {1, 0});
            enabledThere = Pekko.orSetFlag(NAMES, MARKER, 1, new long[] {0, 1});
            delta = Pekko.orSetFlag(NAMES, MARKER, -1, new long[] {0, 0})
                    .add(Pekko.self(Pekko.node(NAMES[1], 2)), new String(MARKER)).delta().get();
            writer = Pekko.self(Pekko.node(NAMES[0], 1));
            marker = new String(MARKER);
            BenchInputs.check(Pekko.compareByMerge(enabledHere, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(ancestor, enabledHere) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(enabledHere, enabledThere) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(enabledHere.merge(enabledThere).elementsMap().get(MARKER).get().size() == 2,
                    "both enables kept");
            BenchInputs.check(!enabledHere.remove(writer, marker).contains(MARKER), "disable");
            BenchInputs.check(ancestor.mergeDelta(delta).contains(MARKER), "delta enables");
        }
    }

    /** @return both replicas' enables */
    @Benchmark
    public EnableWinsFlag mergeConcurrent_convergent(Ours s) {
        return s.enabledHere.merge(s.enabledThere);
    }

    /** @return Pekko twin of {@link #mergeConcurrent_convergent} */
    @Benchmark
    public Flag mergeConcurrent_pekko(Theirs s) {
        return s.enabledHere.merge(s.enabledThere);
    }

    /** @return like-for-like Pekko twin of {@link #mergeConcurrent_convergent}: the set with both enables */
    @Benchmark
    public ORSet<String> mergeConcurrent_pekkoORSet(TheirsORSet s) {
        return s.enabledHere.merge(s.enabledThere);
    }

    /** @return the enabled flag, merged into the never-enabled one */
    @Benchmark
    public EnableWinsFlag mergeAncestor_convergent(Ours s) {
        return s.ancestor.merge(s.enabledHere);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public Flag mergeAncestor_pekko(Theirs s) {
        return s.ancestor.merge(s.enabledHere);
    }

    /** @return like-for-like Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public ORSet<String> mergeAncestor_pekkoORSet(TheirsORSet s) {
        return s.ancestor.merge(s.enabledHere);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(Ours s) {
        return s.enabledHere.compare(s.equalCopy);
    }

    /** @return {@code EQUAL}, through a merge */
    @Benchmark
    public Causality compareEqual_pekko(Theirs s) {
        return Pekko.compareByMerge(s.enabledHere, s.equalCopy);
    }

    /** @return {@code EQUAL}, through a merge: like-for-like Pekko twin of {@link #compareEqual_convergent} */
    @Benchmark
    public Causality compareEqual_pekkoORSet(TheirsORSet s) {
        return Pekko.compareByMerge(s.enabledHere, s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(Ours s) {
        return s.ancestor.compare(s.enabledHere);
    }

    /** @return {@code BEFORE}, through a merge */
    @Benchmark
    public Causality compareBefore_pekko(Theirs s) {
        return Pekko.compareByMerge(s.ancestor, s.enabledHere);
    }

    /** @return {@code BEFORE}, through a merge: like-for-like Pekko twin of {@link #compareBefore_convergent} */
    @Benchmark
    public Causality compareBefore_pekkoORSet(TheirsORSet s) {
        return Pekko.compareByMerge(s.ancestor, s.enabledHere);
    }

    /** @return {@code CONCURRENT} (Pekko's {@code Flag} has no concurrent states; its OR-Set twin has) */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.enabledHere.compare(s.enabledThere);
    }

    /** @return {@code CONCURRENT}, through a merge: Pekko twin of {@link #compareConcurrent_convergent} */
    @Benchmark
    public Causality compareConcurrent_pekkoORSet(TheirsORSet s) {
        return Pekko.compareByMerge(s.enabledHere, s.enabledThere);
    }

    /** @return the flag enabled */
    @Benchmark
    public EnableWinsFlag enable_convergent(Ours s) {
        return s.ancestor.enable(s.writer);
    }

    /** @return Pekko twin of {@link #enable_convergent} */
    @Benchmark
    public Flag enable_pekko(Theirs s) {
        return s.ancestor.switchOn();
    }

    /** @return like-for-like Pekko twin of {@link #enable_convergent}: the marker added (it records its delta too) */
    @Benchmark
    public ORSet<String> enable_pekkoORSet(TheirsORSet s) {
        return s.ancestor.add(s.writer, s.marker);
    }

    /** @return the flag disabled again (Pekko's {@code Flag} cannot be) */
    @Benchmark
    public EnableWinsFlag disable_convergent(Ours s) {
        return s.enabledHere.disable();
    }

    /** @return like-for-like Pekko twin of {@link #disable_convergent}: the marker removed (records its delta too) */
    @Benchmark
    public ORSet<String> disable_pekkoORSet(TheirsORSet s) {
        return s.enabledHere.remove(s.writer, s.marker);
    }

    /** @return the never-enabled flag with another replica's enable delta applied */
    @Benchmark
    public EnableWinsFlag applyDelta_convergent(Ours s) {
        return s.ancestor.merge(s.delta);
    }

    /** @return like-for-like Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public ORSet<String> applyDelta_pekkoORSet(TheirsORSet s) {
        return s.ancestor.mergeDelta(s.delta);
    }

    /** @return what a peer that has seen nothing is missing (ours only) */
    @Benchmark
    public EnableWinsFlag diff_convergent(Ours s) {
        return s.enabledHere.diff(s.peer);
    }
}
