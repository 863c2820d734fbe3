package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Causality;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.UniqueAddress;
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
 * Pruning a retired replica ({@code prune(retired, successor)}, see {@code docs/operations.md}) against what Pekko's
 * replicator calls for the same step, as pairs of methods {@code op_convergent} / {@code op_pekko}.
 *
 * <p>The OR-Set rows come from one history ({@link Histories}) of {@code elements} adds across {@code replicas}
 * replicas in which the retired replica (the last) added every third element and the others the rest, round-robin.
 * The successor (replica 0) has merged the retired replica's last state and added {@value #EDITS} elements of its
 * own; a third replica (replica 1) holds a copy from before the pruning (every dot of the retired replica) and has
 * since removed {@value #EDITS} elements of the other replicas and added {@value #EDITS}. Every set is built
 * separately from that history, as after decoding; our interned {@link ReplicaId}s are shared by design.
 * <ul>
 *   <li>{@code pruneORSet}: the successor prunes the retired replica from its set. Ours renames the retired
 *       replica's dots {@code (retired, c)} to {@code (successor, base + c)} and records the marker; Pekko's
 *       {@code ORSet.prune(removedNode, collapseInto)} gives each of those elements a new dot of the successor
 *       (drawn from its JVM-wide counter) and records the delta of these re-adds.</li>
 *   <li>{@code mergeStaleIntoPruned}: the pruned set merges the third replica's set from before the pruning. Ours
 *       renames the stale side first (once, O(entries)); Pekko's twin is what its replicator does with such a
 *       state: {@code pruningCleanup(removedNode)} on the incoming set (it drops the retired node from dots and
 *       version vector), then {@code merge}. {@code mergeUnpruned} (ours only) merges the same two states as if
 *       nobody had pruned, so the difference is the cost of the renaming.</li>
 *   <li>{@code pruneGCounter}: the successor folds the retired replica's count into its own in a counter with an
 *       entry per replica ({@code entries} 100 and 1,000, the data of {@link GCounterBenchmark}); Pekko's twin is
 *       {@code GCounter.prune}.</li>
 * </ul>
 * Each state's {@code @Setup} checks once that the pruned value equals the unpruned one, that the pruned state (and
 * the merge with the stale one) no longer mentions the retired replica, and that the merge gives the same elements
 * as the merge without pruning, for both libraries. The concurrent edits of the stale replica leave the retired
 * replica's elements alone: Pekko re-adds those under new dots of the successor, so a concurrent remove of one of
 * them by a replica that has not seen the pruning would not win there, and the two libraries would not merge to the
 * same set.
 *
 * <p>Run with (the 100,000-element trials need a few seconds of set-up each):
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar PruningBenchmark -prof gc -rf json -rff pruning.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class PruningBenchmark {

    /** Elements the successor adds after the retired replica stopped; removes and adds of the stale replica. */
    static final int EDITS = 5;

    /** The index of the successor in the replica names. */
    static final int SUCCESSOR = 0;

    /** The index of the replica whose copy from before the pruning is merged into the pruned set. */
    static final int STALE = 1;

    /**
     * The plain histories behind the OR-Set rows.
     *
     * @param names the replicas' names
     * @param retired the index of the retired replica (the last)
     * @param successor the successor's history: everything, then {@link PruningBenchmark#EDITS} adds of its own
     * @param stale the third replica's history: everything, then as many removes (of elements the retired replica
     *     did not add) and adds
     */
    record Histories(String[] names, int retired, History successor, History stale) {

        /** Builds the histories and checks that the retired replica wrote about a third of the elements. */
        static Histories of(int elements, int replicas) {
            if (replicas < 3) {
                throw new IllegalArgumentException("replicas must be >= 3, was " + replicas);
            }
            String[] names = BenchInputs.replicaNames(replicas);
            int retired = replicas - 1;
            int[] writers = writers(replicas);
            History common = History.over(names).addAll("el-", 0, elements, writers);
            History successor = common.copy().addAll("after-", 0, EDITS, new int[] {SUCCESSOR});
            History stale = common.copy();
            for (int j = 0; j < EDITS; j++) {
                int i = (int) ((long) j * elements / EDITS);
                while (writers[i % writers.length] == retired) {
                    i++;
                }
                stale.remove("el-" + i, STALE);
            }
            stale.addAll("stale-", 0, EDITS, new int[] {STALE});
            int byRetired = 0;
            for (int r : successor.live().dotReplica()) {
                byRetired += r == retired ? 1 : 0;
            }
            BenchInputs.check(Math.abs(3 * byRetired - elements) <= 3, "the retired replica wrote a third");
            return new Histories(names, retired, successor, stale);
        }

        /**
         * Returns the writers of one round: {@code 3 * (replicas - 1)} slots, every third the retired replica's,
         * the others taken by the remaining replicas in turn.
         */
        static int[] writers(int replicas) {
            int others = replicas - 1;
            int[] writers = new int[3 * others];
            int next = 0;
            for (int k = 0; k < writers.length; k++) {
                writers[k] = k % 3 == 2 ? others : next++ % others;
            }
            return writers;
        }
    }

    /** Our sets: the successor's before and after the pruning, and the stale replica's. */
    @State(Scope.Benchmark)
    public static class OursSet {
        /** Elements in the sets. */
        @Param({"1000", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements; the last one retires. */
        @Param({"3", "20"})
        public int replicas;

        ORSet<String> successorState;
        ORSet<String> pruned;
        ORSet<String> stale;
        ReplicaId retired;
        ReplicaId successor;

        /** Builds the sets and checks that pruning changes no value. */
        @Setup
        public void setUp() {
            Histories h = Histories.of(elements, replicas);
            retired = ReplicaId.of(h.names()[h.retired()]);
            successor = ReplicaId.of(h.names()[SUCCESSOR]);
            successorState = Rebuild.orSet(h.successor().live());
            stale = Rebuild.orSet(h.stale().live());
            pruned = Rebuild.orSet(h.successor().live()).prune(retired, successor);
            BenchInputs.check(pruned.elements().equals(successorState.elements()), "pruning keeps the elements");
            BenchInputs.check(successorState.replicaIds().contains(retired) && stale.replicaIds().contains(retired)
                    && !pruned.replicaIds().contains(retired), "pruning drops the retired replica");
            BenchInputs.check(successorState.compare(stale) == Causality.CONCURRENT, "stale side concurrent");
            ORSet<String> unprunedMerge = successorState.merge(stale);
            ORSet<String> prunedMerge = pruned.merge(stale);
            BenchInputs.check(prunedMerge.elements().equals(unprunedMerge.elements()), "merge keeps the elements");
            BenchInputs.check(unprunedMerge.size() == elements + EDITS, "merge has both sides' edits");
            BenchInputs.check(!prunedMerge.replicaIds().contains(retired), "merge renames the stale side");
            BenchInputs.check(prunedMerge.equals(unprunedMerge.prune(retired, successor)),
                    "pruning commutes with the merge");
        }
    }

    /** Pekko's sets, from the same histories. */
    @State(Scope.Benchmark)
    public static class TheirsSet {
        /** Elements in the sets. */
        @Param({"1000", "10000", "100000"})
        public int elements;
        /** Replicas that wrote the elements; the last one retires. */
        @Param({"3", "20"})
        public int replicas;

        org.apache.pekko.cluster.ddata.ORSet<String> successorState;
        org.apache.pekko.cluster.ddata.ORSet<String> pruned;
        org.apache.pekko.cluster.ddata.ORSet<String> stale;
        UniqueAddress retired;
        UniqueAddress successor;

        /** Builds the sets and checks that pruning changes no value. */
        @Setup
        public void setUp() {
            Histories h = Histories.of(elements, replicas);
            retired = Pekko.node(h.names()[h.retired()], h.retired() + 1);
            successor = Pekko.node(h.names()[SUCCESSOR], SUCCESSOR + 1);
            successorState = Rebuild.pekkoOrSet(h.successor().live());
            stale = Rebuild.pekkoOrSet(h.stale().live());
            pruned = Rebuild.pekkoOrSet(h.successor().live()).prune(retired, successor);
            BenchInputs.check(pruned.getElements().equals(successorState.getElements()), "pruning keeps the elements");
            BenchInputs.check(successorState.needPruningFrom(retired) && stale.needPruningFrom(retired)
                    && !pruned.needPruningFrom(retired), "pruning drops the retired node");
            BenchInputs.check(Pekko.compareByMerge(successorState, stale) == Causality.CONCURRENT,
                    "stale side concurrent");
            org.apache.pekko.cluster.ddata.ORSet<String> unprunedMerge = successorState.merge(stale);
            org.apache.pekko.cluster.ddata.ORSet<String> prunedMerge = pruned.merge(stale.pruningCleanup(retired));
            BenchInputs.check(prunedMerge.getElements().equals(unprunedMerge.getElements()),
                    "merge keeps the elements");
            BenchInputs.check(unprunedMerge.size() == elements + EDITS, "merge has both sides' edits");
            BenchInputs.check(!prunedMerge.needPruningFrom(retired), "merge drops the retired node");
        }
    }

    /** Our counters with an entry per replica, before the pruning. */
    @State(Scope.Benchmark)
    public static class OursCounter {
        /** Replicas with an entry in the counter; the last one retires into the first. */
        @Param({"100", "1000"})
        public int entries;

        GCounter counter;
        ReplicaId retired;
        ReplicaId successor;

        /** Builds the counter and checks that pruning keeps its value. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            counter = Rebuild.gCounter(v.names(), v.base());
            retired = ReplicaId.of(v.names()[entries - 1]);
            successor = ReplicaId.of(v.names()[SUCCESSOR]);
            GCounter pruned = counter.prune(retired, successor);
            BenchInputs.check(pruned.value() == counter.value(), "pruning keeps the value");
            BenchInputs.check(counter.replicaIds().size() == entries && pruned.replicaIds().size() == entries - 1
                    && !pruned.replicaIds().contains(retired), "pruning drops the retired replica");
        }
    }

    /** Pekko's counters, from the same data. */
    @State(Scope.Benchmark)
    public static class TheirsCounter {
        /** Replicas with an entry in the counter; the last one retires into the first. */
        @Param({"100", "1000"})
        public int entries;

        org.apache.pekko.cluster.ddata.GCounter counter;
        UniqueAddress retired;
        UniqueAddress successor;

        /** Builds the counter and checks that pruning keeps its value. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            counter = Pekko.gCounter(v.names(), v.base());
            retired = Pekko.node(v.names()[entries - 1], entries);
            successor = Pekko.node(v.names()[SUCCESSOR], SUCCESSOR + 1);
            org.apache.pekko.cluster.ddata.GCounter pruned = counter.prune(retired, successor);
            BenchInputs.check(pruned.getValue().equals(counter.getValue()), "pruning keeps the value");
            BenchInputs.check(counter.needPruningFrom(retired) && !pruned.needPruningFrom(retired)
                    && pruned.modifiedByNodes().size() == entries - 1, "pruning drops the retired node");
        }
    }

    /** @return the successor's set with the retired replica's dots renamed to its own */
    @Benchmark
    public ORSet<String> pruneORSet_convergent(OursSet s) {
        return s.successorState.prune(s.retired, s.successor);
    }

    /** @return Pekko twin of {@link #pruneORSet_convergent}: {@code ORSet.prune(removedNode, collapseInto)} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> pruneORSet_pekko(TheirsSet s) {
        return s.successorState.prune(s.retired, s.successor);
    }

    /** @return the pruned set merged with a set from before the pruning, which is renamed first */
    @Benchmark
    public ORSet<String> mergeStaleIntoPruned_convergent(OursSet s) {
        return s.pruned.merge(s.stale);
    }

    /** @return Pekko twin of {@link #mergeStaleIntoPruned_convergent}: {@code pruningCleanup}, then merge */
    @Benchmark
    public org.apache.pekko.cluster.ddata.ORSet<String> mergeStaleIntoPruned_pekko(TheirsSet s) {
        return s.pruned.merge(s.stale.pruningCleanup(s.retired));
    }

    /** @return the same two sets merged without any pruning: the baseline of the renaming */
    @Benchmark
    public ORSet<String> mergeUnpruned_convergent(OursSet s) {
        return s.successorState.merge(s.stale);
    }

    /** @return the counter with the retired replica's count folded into the successor's */
    @Benchmark
    public GCounter pruneGCounter_convergent(OursCounter s) {
        return s.counter.prune(s.retired, s.successor);
    }

    /** @return Pekko twin of {@link #pruneGCounter_convergent}: {@code GCounter.prune(removedNode, collapseInto)} */
    @Benchmark
    public org.apache.pekko.cluster.ddata.GCounter pruneGCounter_pekko(TheirsCounter s) {
        return s.counter.prune(s.retired, s.successor);
    }
}
