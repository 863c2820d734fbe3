package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORMap;
import dev.convergent.lattice.Causality;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ORMap} from strings to {@link GCounter}s against Pekko's {@code ORMap[String, GCounter]}, 3 replicas: merge,
 * compare, update, remove, one-key delta apply and diff, as pairs of methods {@code op_convergent} / {@code op_pekko}.
 * Each key has one dot, and its counter one entry, at the replica that wrote it.
 *
 * <p>The key sets follow the same histories as {@link ORSetBenchmark} (disjoint; 90% shared; ancestor and a
 * descendant {@value History#CHANGES} edits ahead), and every map is built separately from them, as after decoding;
 * our interned {@link dev.convergent.clock.ReplicaId}s are shared by design. Pekko's map has no causal compare: its
 * rows use {@link Pekko#compareByMerge}. {@code update} increments the counter of a present key; {@code applyDelta}
 * merges another replica's delta for a new key (Pekko: {@code mergeDelta} of its update delta); {@code diff} is ours
 * only, and so is {@code updateIndexed}: {@value ORSetBenchmark#RUN} updates of different keys in a row on a map that
 * carries the live-dot index (as every map that has merged a delta does), time per update.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar ORMapBenchmark -prof gc -rf json -rff ormap.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ORMapBenchmark {

    /** Replicas that wrote the keys. */
    static final int REPLICAS = 3;

    /** Our maps. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Keys in each input map. */
        @Param({"100", "10000"})
        public int keys;

        ORMap<String, GCounter> base;
        ORMap<String, GCounter> equalCopy;
        ORMap<String, GCounter> descendant;
        ORMap<String, GCounter> descendantInProcess;
        ORMap<String, GCounter> disjointLocal;
        ORMap<String, GCounter> disjointRemote;
        ORMap<String, GCounter> sharedLocal;
        ORMap<String, GCounter> sharedRemote;
        ORMap<String, GCounter> delta;
        CausalContext peer;
        ReplicaId writer;
        UnaryOperator<GCounter> bump;
        String present;
        ORMap<String, GCounter> indexed;
        String[] presentRun;

        /** Builds the maps and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(REPLICAS);
            History ancestor = History.filled(names, keys);
            History[] disjoint = History.disjointPair(names, keys);
            History[] shared = History.sharedPair(names, keys);
            base = Rebuild.orMap(ancestor.withTombstones());
            equalCopy = Rebuild.orMap(ancestor.withTombstones());
            descendant = Rebuild.orMap(History.descendantOf(ancestor).withTombstones());
            disjointLocal = Rebuild.orMap(disjoint[0].withTombstones());
            disjointRemote = Rebuild.orMap(disjoint[1].withTombstones());
            sharedLocal = Rebuild.orMap(shared[0].withTombstones());
            sharedRemote = Rebuild.orMap(shared[1].withTombstones());
            peer = Rebuild.context(ancestor.live());
            writer = ReplicaId.of(names[0]);
            bump = c -> c.increment(writer, 1);
            present = new String("el-" + keys / 2);
            ReplicaId other = ReplicaId.of(names[1]);
            delta = Rebuild.orMap(ancestor.withTombstones())
                    .updateDelta(other, new String("delta-key"), c -> c.incrementDelta(other, 1)).delta();
            BenchInputs.check(base.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(base.compare(descendant) == Causality.BEFORE, "base before descendant");
            BenchInputs.check(sharedLocal.compare(sharedRemote) == Causality.CONCURRENT, "shared pair concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).size() == 2 * keys, "disjoint union");
            // on a copy: a delta merged into base would give it the live-dot index, and update and remove measure
            // a map without one
            BenchInputs.check(Rebuild.orMap(ancestor.withTombstones()).merge(delta).size() == keys + 1,
                    "delta adds a key");
            BenchInputs.check(base.containsKey(present), "update and remove a present key");
            ORMap<String, GCounter> edited = base;
            for (int i = 0; i < History.CHANGES / 2; i++) {
                edited = edited.remove(new String("el-" + (long) i * keys / (History.CHANGES / 2)))
                        .update(writer, new String("new-" + i), bump);
            }
            descendantInProcess = edited;
            BenchInputs.check(base.compare(descendantInProcess) == Causality.BEFORE
                    && base.merge(descendantInProcess).equals(descendantInProcess), "the descendant made here");
            indexed = Rebuild.orMap(ancestor.withTombstones());
            BenchInputs.check(indexed.diff(indexed.context()).isEmpty(), "an up-to-date peer needs nothing");
            presentRun = new String[ORSetBenchmark.RUN];
            for (int i = 0; i < presentRun.length; i++) {
                presentRun[i] = new String("el-" + (long) keys * (2 * i + 1) / (2 * presentRun.length));
                BenchInputs.check(indexed.containsKey(presentRun[i]), "a run of updates of present keys");
            }
        }
    }

    /** Pekko's maps, from the same histories. */
    @State(Scope.Benchmark)
    public static class Theirs {
        /** Keys in each input map. */
        @Param({"100", "10000"})
        public int keys;

        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> base;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> equalCopy;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> descendant;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> disjointLocal;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> disjointRemote;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> sharedLocal;
        org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> sharedRemote;
        org.apache.pekko.cluster.ddata.ORMap.DeltaOp delta;
        SelfUniqueAddress writer;
        org.apache.pekko.cluster.ddata.GCounter zero;
        java.util.function.Function<org.apache.pekko.cluster.ddata.GCounter, org.apache.pekko.cluster.ddata.GCounter>
                bump;
        String present;

        /** Builds the maps and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(REPLICAS);
            History ancestor = History.filled(names, keys);
            History[] disjoint = History.disjointPair(names, keys);
            History[] shared = History.sharedPair(names, keys);
            base = Rebuild.pekkoOrMap(ancestor.live());
            equalCopy = Rebuild.pekkoOrMap(ancestor.live());
            descendant = Rebuild.pekkoOrMap(History.descendantOf(ancestor).live());
            disjointLocal = Rebuild.pekkoOrMap(disjoint[0].live());
            disjointRemote = Rebuild.pekkoOrMap(disjoint[1].live());
            sharedLocal = Rebuild.pekkoOrMap(shared[0].live());
            sharedRemote = Rebuild.pekkoOrMap(shared[1].live());
            writer = Pekko.self(Pekko.node(names[0], 1));
            zero = org.apache.pekko.cluster.ddata.GCounter.empty();
            bump = c -> c.increment(writer, 1);
            present = new String("el-" + keys / 2);
            SelfUniqueAddress other = Pekko.self(Pekko.node(names[1], 2));
            delta = Rebuild.pekkoOrMap(ancestor.live())
                    .update(other, new String("delta-key"), zero, c -> c.increment(other, 1)).delta().get();
            BenchInputs.check(Pekko.compareByMerge(base, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(base, descendant) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(sharedLocal, sharedRemote) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).size() == 2 * keys, "disjoint union");
            BenchInputs.check(base.mergeDelta(delta).size() == keys + 1, "delta adds a key");
            BenchInputs.check(base.contains(present), "update and remove a present key");
        }
    }

    /** @return the union of two maps without a common key or dot */
    @Benchmark
    public ORMap<String, GCounter> mergeDisjoint_convergent(Ours s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public Object mergeDisjoint_pekko(Theirs s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return the join of two concurrent maps sharing 90% of their keys */
    @Benchmark
    public ORMap<String, GCounter> mergeShared_convergent(Ours s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public Object mergeShared_pekko(Theirs s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public ORMap<String, GCounter> mergeDescendantInProcess_convergent(Ours s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public ORMap<String, GCounter> mergeAncestor_convergent(Ours s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public Object mergeAncestor_pekko(Theirs s) {
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

    /** @return the map with the counter of a present key incremented */
    @Benchmark
    public ORMap<String, GCounter> update_convergent(Ours s) {
        return s.base.update(s.writer, s.present, s.bump);
    }

    /** @return an indexed map after {@value ORSetBenchmark#RUN} updates in a row (ours only: time per update) */
    @Benchmark
    @OperationsPerInvocation(ORSetBenchmark.RUN)
    public ORMap<String, GCounter> updateIndexed_convergent(Ours s) {
        ORMap<String, GCounter> map = s.indexed;
        for (String key : s.presentRun) {
            map = map.update(s.writer, key, s.bump);
        }
        return map;
    }

    /** @return Pekko twin of {@link #update_convergent} (it also records its delta) */
    @Benchmark
    public Object update_pekko(Theirs s) {
        return s.base.update(s.writer, s.present, s.zero, s.bump);
    }

    /** @return the map without one of its keys */
    @Benchmark
    public ORMap<String, GCounter> remove_convergent(Ours s) {
        return s.base.remove(s.present);
    }

    /** @return Pekko twin of {@link #remove_convergent} (it also records its delta) */
    @Benchmark
    public Object remove_pekko(Theirs s) {
        return s.base.remove(s.writer, s.present);
    }

    /** @return the map with another replica's one-key delta applied */
    @Benchmark
    public ORMap<String, GCounter> applyDelta_convergent(Ours s) {
        return s.base.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public Object applyDelta_pekko(Theirs s) {
        return s.base.mergeDelta(s.delta);
    }

    /** @return the {@value History#CHANGES} edits a peer at the ancestor is missing (ours only) */
    @Benchmark
    public ORMap<String, GCounter> diff_convergent(Ours s) {
        return s.descendant.diff(s.peer);
    }
}
