package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORSet;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.lattice.Causality;
import java.util.concurrent.TimeUnit;
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
 * {@link ORSet} against Pekko's {@code ORSet} of short strings ({@code "el-0"}, ...), every element with one dot,
 * across 3 and 20 replicas: merge, compare, add, remove, one-element delta apply and diff, as pairs of methods
 * {@code op_convergent} / {@code op_pekko}.
 *
 * <p>The inputs come from plain edit histories ({@link History}) and every set is built separately from them, as a
 * replica decodes one (ours through {@code ORSet.of}, Pekko's through the constructor its serializer uses), so no
 * two inputs share element strings, maps or (for Pekko) node ids; our interned {@link ReplicaId}s are shared by
 * design.
 * <ul>
 *   <li>{@code mergeDisjoint}: two sets of {@code elements} elements with no element, dot or context entry in common
 *       (each written by half of the replicas); {@code mergeShared}: two concurrent sets that share 90% of their
 *       elements and dots; {@code mergeAncestor}: a set merges its descendant, {@value History#CHANGES} edits ahead
 *       (5 removes, 5 adds), so the cost should be O(changes).</li>
 *   <li>{@code compareEqual}, {@code compareBefore} (ancestor against descendant), {@code compareConcurrent} (the
 *       shared pair). Pekko's set has no causal compare: its rows use {@link Pekko#compareByMerge}.</li>
 *   <li>{@code add} of a new element to a large set; {@code remove} of a present one; {@code applyDelta}: merge
 *       another replica's one-element add delta (Pekko: {@code mergeDelta} of its {@code AddDeltaOp}); these use
 *       sets of 1,000, 10,000 and 100,000 elements. {@code diff} (ours only: Pekko has no join decomposition): what
 *       a peer at the ancestor is missing.</li>
 *   <li>Ours only: {@code applyDecodedDelta}, the same delta after {@link KryoCodec} encoded and decoded it (no
 *       hints survive the wire); {@code addIndexed} and {@code removeIndexed}, the mutators on a set that has
 *       answered a diff, so it carries the live-dot index. A set gets the index from its first diff or merged delta,
 *       so on a replica that merges deltas these are its write costs. Each write records its change and every 32nd
 *       applies them all, so these rows make {@value #RUN} writes in a row from the indexed set and give the time per
 *       write, the 32nd's work included: the steady cost of a replica's writes between merges.</li>
 * </ul>
 *
 * <p>Run with (the 100,000-element trials need a few seconds of set-up each):
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar ORSetBenchmark -prof gc -rf json -rff orset.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ORSetBenchmark {

    /** The writes in a row of {@code addIndexed} and {@code removeIndexed}: as many as the index records at most. */
    static final int RUN = 32;

    /** Our sets for merge, compare and diff. */
    @State(Scope.Benchmark)
    public static class OursPair {
        /** Elements in each input set. */
        @Param({"100", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements. */
        @Param({"3", "20"})
        public int replicas;

        ORSet<String> base;
        ORSet<String> equalCopy;
        ORSet<String> descendant;
        ORSet<String> disjointLocal;
        ORSet<String> descendantInProcess;
        ORSet<String> disjointRemote;
        ORSet<String> sharedLocal;
        ORSet<String> sharedRemote;
        CausalContext peer;

        /** Builds the sets and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(replicas);
            History ancestor = History.filled(names, elements);
            History[] disjoint = History.disjointPair(names, elements);
            History[] shared = History.sharedPair(names, elements);
            base = Rebuild.orSet(ancestor.live());
            equalCopy = Rebuild.orSet(ancestor.live());
            descendant = Rebuild.orSet(History.descendantOf(ancestor).live());
            disjointLocal = Rebuild.orSet(disjoint[0].live());
            disjointRemote = Rebuild.orSet(disjoint[1].live());
            sharedLocal = Rebuild.orSet(shared[0].live());
            sharedRemote = Rebuild.orSet(shared[1].live());
            peer = Rebuild.context(ancestor.live());
            BenchInputs.check(base.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(base.compare(descendant) == Causality.BEFORE, "base before descendant");
            BenchInputs.check(sharedLocal.compare(sharedRemote) == Causality.CONCURRENT, "shared pair concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).size() == 2 * elements, "disjoint union");
            BenchInputs.check(sharedLocal.merge(sharedRemote).size() == elements + elements / 10, "shared union");
            BenchInputs.check(base.merge(descendant).equals(descendant), "merge with descendant");
            ORSet<String> edited = base;
            ReplicaId writer = ReplicaId.of(names[0]);
            for (int i = 0; i < History.CHANGES / 2; i++) {
                edited = edited.remove(new String("el-" + (long) i * elements / (History.CHANGES / 2)))
                        .add(writer, new String("new-" + i));
            }
            descendantInProcess = edited;
            BenchInputs.check(base.compare(descendantInProcess) == Causality.BEFORE
                    && base.merge(descendantInProcess).equals(descendantInProcess), "the descendant made here");
        }
    }

    /** Pekko's sets for merge and compare, from the same histories. */
    @State(Scope.Benchmark)
    public static class TheirsPair {
        /** Elements in each input set. */
        @Param({"100", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements. */
        @Param({"3", "20"})
        public int replicas;

        org.apache.pekko.cluster.ddata.ORSet<String> base;
        org.apache.pekko.cluster.ddata.ORSet<String> equalCopy;
        org.apache.pekko.cluster.ddata.ORSet<String> descendant;
        org.apache.pekko.cluster.ddata.ORSet<String> disjointLocal;
        org.apache.pekko.cluster.ddata.ORSet<String> disjointRemote;
        org.apache.pekko.cluster.ddata.ORSet<String> sharedLocal;
        org.apache.pekko.cluster.ddata.ORSet<String> sharedRemote;

        /** Builds the sets and checks their relations. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(replicas);
            History ancestor = History.filled(names, elements);
            History[] disjoint = History.disjointPair(names, elements);
            History[] shared = History.sharedPair(names, elements);
            base = Rebuild.pekkoOrSet(ancestor.live());
            equalCopy = Rebuild.pekkoOrSet(ancestor.live());
            descendant = Rebuild.pekkoOrSet(History.descendantOf(ancestor).live());
            disjointLocal = Rebuild.pekkoOrSet(disjoint[0].live());
            disjointRemote = Rebuild.pekkoOrSet(disjoint[1].live());
            sharedLocal = Rebuild.pekkoOrSet(shared[0].live());
            sharedRemote = Rebuild.pekkoOrSet(shared[1].live());
            BenchInputs.check(Pekko.compareByMerge(base, equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(Pekko.compareByMerge(base, descendant) == Causality.BEFORE, "before");
            BenchInputs.check(Pekko.compareByMerge(sharedLocal, sharedRemote) == Causality.CONCURRENT, "concurrent");
            BenchInputs.check(disjointLocal.merge(disjointRemote).size() == 2 * elements, "disjoint union");
            BenchInputs.check(sharedLocal.merge(sharedRemote).size() == elements + elements / 10, "shared union");
        }
    }

    /** Our set for the mutators and the delta. */
    @State(Scope.Benchmark)
    public static class OursEdit {
        /** Elements in the set. */
        @Param({"1000", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements. */
        @Param({"3", "20"})
        public int replicas;

        ORSet<String> set;
        ORSet<String> indexed;
        ORSet<String> delta;
        ORSet<String> decodedDelta;
        ReplicaId writer;
        String added;
        String removed;
        String[] addedRun;
        String[] removedRun;

        /** Builds the set and another replica's one-element add delta. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(replicas);
            History.Snapshot plain = History.filled(names, elements).live();
            set = Rebuild.orSet(plain);
            writer = ReplicaId.of(names[0]);
            added = new String("added-element");
            removed = new String("el-" + elements / 2);
            delta = Rebuild.orSet(plain).addDelta(ReplicaId.of(names[1]), new String("delta-element")).delta();
            KryoCodec codec = KryoCodec.create();
            decodedDelta = codec.decodeORSet(codec.encode(delta), String.class);
            indexed = Rebuild.orSet(plain);
            BenchInputs.check(indexed.diff(indexed.context()).isEmpty(), "an up-to-date peer needs nothing");
            // checked on a copy: merging any delta into set would give it the index, and add and remove measure a
            // set without one (addIndexed and removeIndexed measure a set with one, as on a replica that merges deltas)
            ORSet<String> copy = Rebuild.orSet(plain);
            BenchInputs.check(copy.merge(decodedDelta).equals(copy.merge(delta)), "the decoded delta is the delta");
            BenchInputs.check(copy.merge(delta).size() == elements + 1, "delta adds one element");
            BenchInputs.check(set.contains(removed) && !set.contains(added), "remove a present, add a new element");
            addedRun = new String[RUN];
            removedRun = new String[RUN];
            for (int i = 0; i < RUN; i++) {
                addedRun[i] = new String("added-element-" + i);
                removedRun[i] = new String("el-" + (long) elements * (2 * i + 1) / (2 * RUN));
                BenchInputs.check(set.contains(removedRun[i]) && !set.contains(addedRun[i]), "a run of writes");
            }
        }
    }

    /** Pekko's set for the mutators and the delta. */
    @State(Scope.Benchmark)
    public static class TheirsEdit {
        /** Elements in the set. */
        @Param({"1000", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements. */
        @Param({"3", "20"})
        public int replicas;

        org.apache.pekko.cluster.ddata.ORSet<String> set;
        org.apache.pekko.cluster.ddata.ORSet.DeltaOp delta;
        SelfUniqueAddress writer;
        String added;
        String removed;

        /** Builds the set and another replica's one-element add delta. */
        @Setup
        public void setUp() {
            String[] names = BenchInputs.replicaNames(replicas);
            History.Snapshot plain = History.filled(names, elements).live();
            set = Rebuild.pekkoOrSet(plain);
            writer = Pekko.self(Pekko.node(names[0], 1));
            added = new String("added-element");
            removed = new String("el-" + elements / 2);
            delta = Rebuild.pekkoOrSet(plain).add(Pekko.self(Pekko.node(names[1], 2)), new String("delta-element"))
                    .delta().get();
            BenchInputs.check(set.contains(removed) && !set.contains(added), "remove a present, add a new element");
            BenchInputs.check(set.mergeDelta(delta).size() == elements + 1, "delta adds one element");
        }
    }

    /** @return the union of two sets without a common element or dot */
    @Benchmark
    public ORSet<String> mergeDisjoint_convergent(OursPair s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return Pekko twin of {@link #mergeDisjoint_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> mergeDisjoint_pekko(TheirsPair s) {
        return s.disjointLocal.merge(s.disjointRemote);
    }

    /** @return the join of two concurrent sets sharing 90% of their elements */
    @Benchmark
    public ORSet<String> mergeShared_convergent(OursPair s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /** @return Pekko twin of {@link #mergeShared_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> mergeShared_pekko(TheirsPair s) {
        return s.sharedLocal.merge(s.sharedRemote);
    }

    /**
     * @return the descendant made here by mutators from the ancestor, which it shares all it did not change
     *     with, merged into the ancestor (ours only: the in-process case of {@code mergeAncestor}, whose
     *     descendant was decoded and shares nothing)
     */
    @Benchmark
    public ORSet<String> mergeDescendantInProcess_convergent(OursPair s) {
        return s.base.merge(s.descendantInProcess);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public ORSet<String> mergeAncestor_convergent(OursPair s) {
        return s.base.merge(s.descendant);
    }

    /** @return Pekko twin of {@link #mergeAncestor_convergent} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> mergeAncestor_pekko(TheirsPair s) {
        return s.base.merge(s.descendant);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(OursPair s) {
        return s.base.compare(s.equalCopy);
    }

    /** @return {@code EQUAL}, through a merge */
    @Benchmark
    public Causality compareEqual_pekko(TheirsPair s) {
        return Pekko.compareByMerge(s.base, s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(OursPair s) {
        return s.base.compare(s.descendant);
    }

    /** @return {@code BEFORE}, through a merge */
    @Benchmark
    public Causality compareBefore_pekko(TheirsPair s) {
        return Pekko.compareByMerge(s.base, s.descendant);
    }

    /** @return {@code CONCURRENT} */
    @Benchmark
    public Causality compareConcurrent_convergent(OursPair s) {
        return s.sharedLocal.compare(s.sharedRemote);
    }

    /** @return {@code CONCURRENT}, through a merge */
    @Benchmark
    public Causality compareConcurrent_pekko(TheirsPair s) {
        return Pekko.compareByMerge(s.sharedLocal, s.sharedRemote);
    }

    /** @return the {@value History#CHANGES} edits a peer at the ancestor is missing (ours only) */
    @Benchmark
    public ORSet<String> diff_convergent(OursPair s) {
        return s.descendant.diff(s.peer);
    }

    /** @return the set with a new element */
    @Benchmark
    public ORSet<String> add_convergent(OursEdit s) {
        return s.set.add(s.writer, s.added);
    }

    /** @return Pekko twin of {@link #add_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> add_pekko(TheirsEdit s) {
        return s.set.add(s.writer, s.added);
    }

    /** @return the set without one of its elements */
    @Benchmark
    public ORSet<String> remove_convergent(OursEdit s) {
        return s.set.remove(s.removed);
    }

    /** @return Pekko twin of {@link #remove_convergent} (it also records its delta) */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> remove_pekko(TheirsEdit s) {
        return s.set.remove(s.writer, s.removed);
    }

    /** @return the set with another replica's one-element add delta applied */
    @Benchmark
    public ORSet<String> applyDelta_convergent(OursEdit s) {
        return s.set.merge(s.delta);
    }

    /** @return Pekko twin of {@link #applyDelta_convergent}, through {@code mergeDelta} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> applyDelta_pekko(TheirsEdit s) {
        return s.set.mergeDelta(s.delta);
    }

    /** @return the set with another replica's one-element delta after encoding and decoding (ours only) */
    @Benchmark
    public ORSet<String> applyDecodedDelta_convergent(OursEdit s) {
        return s.set.merge(s.decodedDelta);
    }

    /** @return an indexed set after {@value #RUN} adds of new elements in a row (ours only: time per add) */
    @Benchmark
    @OperationsPerInvocation(RUN)
    public ORSet<String> addIndexed_convergent(OursEdit s) {
        ORSet<String> set = s.indexed;
        for (String e : s.addedRun) {
            set = set.add(s.writer, e);
        }
        return set;
    }

    /** @return an indexed set after {@value #RUN} removes of present elements in a row (ours only: time per remove) */
    @Benchmark
    @OperationsPerInvocation(RUN)
    public ORSet<String> removeIndexed_convergent(OursEdit s) {
        ORSet<String> set = s.indexed;
        for (String e : s.removedRun) {
            set = set.remove(e);
        }
        return set;
    }
}
