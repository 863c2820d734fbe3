package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Causality;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.ddata.Flag;
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
 * {@link EnableWinsFlag} against Pekko's {@code Flag}, as pairs of methods {@code op_convergent} / {@code op_pekko}
 * where Pekko has the operation. The two are not the same type: Pekko's flag is a two-state lattice (off, then on
 * forever), ours can be disabled again and keeps concurrent enables by their dots. So the Pekko rows show the cost
 * of the simpler type, and {@code compareConcurrent}, {@code disable}, {@code applyDelta} and {@code diff} are ours
 * only.
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

    /** @return {@code CONCURRENT} (ours only: Pekko's flag has no concurrent states) */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.enabledHere.compare(s.enabledThere);
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

    /** @return the flag disabled again (ours only) */
    @Benchmark
    public EnableWinsFlag disable_convergent(Ours s) {
        return s.enabledHere.disable();
    }

    /** @return the never-enabled flag with another replica's enable delta applied (ours only) */
    @Benchmark
    public EnableWinsFlag applyDelta_convergent(Ours s) {
        return s.ancestor.merge(s.delta);
    }

    /** @return what a peer that has seen nothing is missing (ours only) */
    @Benchmark
    public EnableWinsFlag diff_convergent(Ours s) {
        return s.enabledHere.diff(s.peer);
    }
}
