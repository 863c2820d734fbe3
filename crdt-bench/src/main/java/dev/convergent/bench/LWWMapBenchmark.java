package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWMap;
import dev.convergent.lattice.Causality;
import java.time.Duration;
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
 * {@link LWWMap} from strings to strings against Pekko's {@code LWWMap[String, String]}, 3 replicas: merge, compare,
 * put, remove, one-key delta apply and diff, as pairs of methods {@code op_convergent} / {@code op_pekko}.
 *
 * <p>The key sets follow the same histories as {@link ORSetBenchmark} (disjoint; 90% shared; ancestor and a
 * descendant {@value History#CHANGES} edits ahead: 5 removes, 5 new keys). The representations differ: ours is a map
 * of timestamped registers in which a remove writes a tombstone; Pekko's is an OR-Map of registers whose keys are an
 * OR-Set, so a remove drops the key and keeps its dot in the set's version vector. Every map is built separately from
 * the plain data, as after decoding; our interned {@link ReplicaId}s are shared by design. Pekko's map has no causal
 * compare: its rows use {@link Pekko#compareByMerge}. {@code put} overwrites a present key, reading the clock (ours a
 * {@link HybridClock}, Pekko's its default clock); {@code applyDelta} merges another replica's put of a new key
 * (Pekko: {@code mergeDelta}); {@code diff} (ours only) ships the registers written after a timestamp.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar LWWMapBenchmark -prof gc -rf json -rff lwwmap.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class LWWMapBenchmark {

    /** Replicas that wrote the keys. */
    static final int REPLICAS = 3;

    /** Our maps. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Keys in each input map. */
        @Param({"100", "10000"})
        public int keys;

        LWWMap<String, String> base;
        LWWMap<String, String> equalCopy;
        LWWMap<String, String> descendant;
        LWWMap<String, String> descendantInProcess;
        LWWMap<String, String> disjointLocal;
        LWWMap<String, String> disjointRemote;
        LWWMap<String, String> sharedLocal;
        LWWMap<String, String> sharedRemote;
        LWWMap<String, String> delta;
        HybridTimestamp since;
        ReplicaId writer;
        HybridClock clock;
        String present;
        String value;

        /** Builds the maps and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(REPLICAS);
            History ancestor = History.filled(names, keys);
            History[] disjoint = History.disjointPair(names, keys);
            History[] shared = History.sharedPair(names, keys);
            base = Rebuild.lwwMap(ancestor.withTombstones());
            equalCopy = Rebuild.lwwMap(ancestor.withTombstones());
            descendant = Rebuild.lwwMap(History.descendantOf(ancestor).withTombstones());
            disjointLocal = Rebuild.lwwMap(disjoint[0].withTombstones());
            disjointRemote = Rebuild.lwwMap(disjoint[1].withTombstones());
            sharedLocal = Rebuild.lwwMap(shared[0].withTombstones());
            sharedRemote = Rebuild.lwwMap(shared[1].withTombstones());
            since = HybridTimestamp.ofMillis(ancestor.lastMillis());
            writer = ReplicaId.of(names[0]);
            clock = HybridClock.system(Duration.ofMinutes(1));
            present = new String("el-" + keys / 2);
            value = new String("written");
            delta = Rebuild.lwwMap(ancestor.withTombstones()).putDelta(ReplicaId.of(names[1]),
                    new String("delta-key"), new String("v"), HybridTimestamp.ofMillis(ancestor.lastMillis() + 1))
                    .delta();
            BenchInputs.check(base.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(base.compare(descendant) == Causality.BEFORE, "base before descendant");
            BenchInputs.check(sharedLocal.compare(sharedRemote) == Causality.CONCURRENT, "shared pair concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).entries().size() == 2 * keys, "disjoint union");
            BenchInputs.check(base.merge(delta).entries().size() == keys + 1, "delta adds a key");
            LWWMap<String, String> edited = base;
            for (int i = 0; i < History.CHANGES / 2; i++) {
                long millis = ancestor.lastMillis() + 1 + i;
                edited = edited.put(writer, new String("el-" + (long) i * keys / (History.CHANGES / 2)),
                                new String("changed"), HybridTimestamp.ofMillis(millis))
                        .put(writer, new String("new-" + i), new String("v"), HybridTimestamp.ofMillis(millis));
            }
            descendantInProcess = edited;
            BenchInputs.check(base.compare(descendantInProcess) == Causality.BEFORE
                    && base.merge(descendantInProcess).equals(descendantInProcess), "the descendant made here");
            BenchInputs.check(descendant.diff(since).registers().size() == History.CHANGES, "diff ships the edits");
        }
    }

    /** Pekko's maps, from the same histories. */
    @State(Scope.Benchmark)
    public static class Theirs {
        /** Keys in each input map. */
        @Param({"100", "10000"})
        public int keys;

        org.apache.pekko.cluster.ddata.LWWMap<String, String> base;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> equalCopy;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> descendant;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> disjointLocal;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> disjointRemote;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> sharedLocal;
        org.apache.pekko.cluster.ddata.LWWMap<String, String> sharedRemote;
        org.apache.pekko.cluster.ddata.ORMap.DeltaOp delta;
        SelfUniqueAddress writer;
        String present;
        String value;

        /** Builds the maps and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(REPLICAS);
            History ancestor = History.filled(names, keys);
            History[] disjoint = History.disjointPair(names, keys);
            History[] shared = History.sharedPair(names, keys);
            base = Rebuild.pekkoLwwMap(ancestor.live());
            equalCopy = Rebuild.pekkoLwwMap(ancestor.live());
            descendant = Rebuild.pekkoLwwMap(History.descendantOf(ancestor).live());
            disjointLocal = Rebuild.pekkoLwwMap(disjoint[0].live());
            disjointRemote = Rebuild.pekkoLwwMap(disjoint[1].live());
            sharedLocal = Rebuild.pekkoLwwMap(shared[0].live());
            sharedRemote = Rebuild.pekkoLwwMap(shared[1].live());
            writer = Pekko.self(Pekko.node(names[0], 1));
            present = new String("el-" + keys / 2);
            value = new String("written");
            delta = Rebuild.pekkoLwwMap(ancestor.live())
                    .put(Pekko.self(Pekko.node(names[1], 2)), new String("delta-key"), new String("v")).delta().get();
            BenchInputs.check(Pekko.compareByMerge(base, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(base, descendant) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(sharedLocal, sharedRemote) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).size() == 2 * keys, "disjoint union");
            BenchInputs.check(base.mergeDelta(delta).size() == keys + 1, "delta adds a key");
        }
    }

    /** @return the union of two maps without a common key */
    @Benchmark
    public LWWMap<String, String> mergeDisjoint_convergent(Ours s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> mergeDisjoint_pekko(Theirs s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return the join of two concurrent maps sharing 90% of their keys */
    @Benchmark
    public LWWMap<String, String> mergeShared_convergent(Ours s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> mergeShared_pekko(Theirs s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public LWWMap<String, String> mergeDescendantInProcess_convergent(Ours s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public LWWMap<String, String> mergeAncestor_convergent(Ours s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> mergeAncestor_pekko(Theirs s) {
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

    /** @return the map with a present key overwritten */
    @Benchmark
    public LWWMap<String, String> put_convergent(Ours s) {
        return s.base.put(s.writer, s.present, s.value, s.clock);
    }

    /** @return Pekko twin of {@link #put_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> put_pekko(Theirs s) {
        return s.base.put(s.writer, s.present, s.value);
    }

    /** @return the map with a present key removed (ours: a tombstone) */
    @Benchmark
    public LWWMap<String, String> remove_convergent(Ours s) {
        return s.base.remove(s.writer, s.present, s.clock);
    }

    /** @return Pekko twin of {@link #remove_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> remove_pekko(Theirs s) {
        return s.base.remove(s.writer, s.present);
    }

    /** @return the map with another replica's one-key put delta applied */
    @Benchmark
    public LWWMap<String, String> applyDelta_convergent(Ours s) {
        return s.base.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.LWWMap<String, String> applyDelta_pekko(Theirs s) {
        return s.base.mergeDelta(s.delta);
    }

    /** @return the {@value History#CHANGES} registers written after the ancestor (ours only) */
    @Benchmark
    public LWWMap<String, String> diff_convergent(Ours s) {
        return s.descendant.diff(s.since);
    }
}
