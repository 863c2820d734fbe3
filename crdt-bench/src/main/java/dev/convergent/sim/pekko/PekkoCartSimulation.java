package dev.convergent.sim.pekko;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.health.Staleness;
import dev.convergent.health.TruthHealth;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.pekko.ConvergentReplicator;
import dev.convergent.pekko.CrdtKey;
import dev.convergent.pekko.cluster.CountingSerializer;
import dev.convergent.pekko.cluster.LoopbackCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ddata.Replicator;

/**
 * The shopping cart on a real Apache Pekko cluster: three nodes in one JVM (127.0.0.1, OS-chosen ports) edit
 * carts ({@code ORMap<String, PNCounter>}) and shipping addresses ({@code MVRegister<String>}) through Pekko's
 * Replicator and crdt-pekko, while node 2 is cut off for the middle of the run; after the heal a checkout
 * removes the empty items, then node 2 leaves the cluster and Pekko's pruning removes its replica id. It prints
 * a truth-health report — digests, divergence, siblings, staleness, bytes on the wire, time to convergence, the
 * retired id, and a check of every cart against the write log — and a verdict; the exit status is 0 when the
 * nodes converged and every check held, 1 when not, 2 for bad options. {@code --compare} runs the same
 * workload again with Pekko's own {@code PNCounterMap} and prints both engines' bytes and convergence times.
 *
 * <pre>{@code java -cp crdt-bench/target/benchmarks.jar dev.convergent.sim.pekko.PekkoCartSimulation [--seed 7]}</pre>
 */
public final class PekkoCartSimulation {

    static final String USAGE = """
            usage: PekkoCartSimulation [--seed N] [--carts N] [--writes N] [--compare] [--help]
              --seed N     the workload's seed (default 7)
              --carts N    carts, 1 to 1000 (default 20)
              --writes N   writes, 10 to 100000 (default 240)
              --compare    run the same workload with Pekko's PNCounterMap too, and compare
            """;
    static final Duration WAIT = Duration.ofSeconds(60);

    private PekkoCartSimulation() {
    }

    /**
     * Runs the simulation and exits with its status.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /**
     * Runs the simulation.
     *
     * @param args the options
     * @param out the report
     * @param err usage errors
     * @return 0 converged, 1 not, 2 bad options
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Objects.requireNonNull(args, "args");
        long seed = 7;
        int carts = 20;
        int writes = 240;
        boolean compare = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--carts" -> carts = bounded(value(args, ++i), 1, 1000, "--carts");
                    case "--writes" -> writes = bounded(value(args, ++i), 10, 100_000, "--writes");
                    case "--compare" -> compare = true;
                    case "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Workload workload = Workload.generate(seed, carts, writes);
        out.printf("Convergent carts on a 3-node Pekko cluster (one JVM, 127.0.0.1), seed %d: %,d writes to %d"
                + " carts%n", seed, writes, carts);
        OurRun ours = new OurRun(workload, out, compare);
        boolean ok = ours.run();
        if (compare) {
            EngineComparison.Result pekko = EngineComparison.runPekko(workload, out);
            EngineComparison.print(out, ours.result(), pekko);
        }
        return ok ? 0 : 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int bounded(String text, int min, int max, String option) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, was " + text);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + " must be from " + min + " to " + max + ", was " + v);
        }
        return v;
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Replicator did not answer in time: " + e, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One run of the workload on our types. */
    static final class OurRun {
        private final Workload workload;
        private final PrintStream out;
        private final ORMap<String, PNCounter> emptyCart = ORMap.empty(PNCounter.empty());
        private final KryoCodec codec = KryoCodec.create();
        private final Map<Integer, Map<String, Long>> log = new TreeMap<>();
        private final List<Pending> pending = new ArrayList<>();
        private final Staleness staleness = Staleness.create();
        private final boolean compare;
        private EngineComparison.Result result;
        private List<ConvergentReplicator> replicas;

        /** A write not yet seen by every live node: its cart, its writer's id and dot counter, when it was made. */
        private record Pending(int cart, ReplicaId writer, long counter, long madeNanos, boolean[] seen) {
        }

        OurRun(Workload workload, PrintStream out, boolean compare) {
            this.workload = workload;
            this.out = out;
            this.compare = compare;
        }

        EngineComparison.Result result() {
            return result;
        }

        private CrdtKey<ORMap<String, PNCounter>> cart(int i) {
            return CrdtKey.create("cart-" + i);
        }

        private CrdtKey<MVRegister<String>> address(int i) {
            return CrdtKey.create("address-" + i);
        }

        boolean run() {
            CountingSerializer.COUNTS.reset();
            try (LoopbackCluster cluster = LoopbackCluster.start("Cart", 3, """
                    pekko.actor.serializers.convergent = "dev.convergent.pekko.cluster.CountingSerializer"
                    """, WAIT)) {
                replicas = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    replicas.add(ConvergentReplicator.get(cluster.node(i)).withAskTimeout(Duration.ofSeconds(10)));
                }
                List<String> names = replicas.stream().map(r -> r.self().name()).toList();
                out.printf("  %-16s %s%n", "nodes", String.join(", ", names));
                long start = System.nanoTime();
                Workload.Phase phase = Workload.Phase.CONNECTED;
                long healed = 0;
                int cutAt = -1;
                int healAt = -1;
                for (int w = 0; w < workload.writes().size(); w++) {
                    Workload.Write write = workload.writes().get(w);
                    if (write.phase() != phase) {
                        if (write.phase() == Workload.Phase.PARTITIONED) {
                            cluster.cut(0, 2);
                            cluster.cut(1, 2);
                            cutAt = w;
                        } else {
                            cluster.heal(0, 2);
                            cluster.heal(1, 2);
                            healed = System.nanoTime();
                            healAt = w;
                        }
                        phase = write.phase();
                    }
                    apply(write);
                    if (w % 8 == 7) {
                        observe(false);
                    }
                    sleep(5);
                }
                long lastWrite = System.nanoTime();
                out.printf("  %-16s node 2 cut off from writes %d to %d; healed %.1f s into the run%n", "partition",
                        cutAt, healAt - 1, (healed - start) / 1e9);
                long converged = awaitAgreement(cluster, WAIT);
                long convergenceMillis = converged < 0 ? -1 : (converged - lastWrite) / 1_000_000;
                checkout();
                boolean agreeAfterCheckout = awaitAgreement(cluster, WAIT) >= 0;
                observe(true);
                List<String> digests = digests();
                ReplicaId retired = replicas.get(2).self();
                long bytes = CountingSerializer.COUNTS.bytes.get();
                long values = CountingSerializer.COUNTS.values.get();
                long digestBytes = CountingSerializer.COUNTS.digestBytes.get();
                List<Object> finals = new ArrayList<>();
                for (int c = 0; c < workload.carts(); c++) {
                    PekkoCartSimulation.await(replicas.get(0).get(cart(c), Replicator.readLocal()))
                            .ifPresent(m -> finals.add(dev.convergent.pekko.ReplicatedCrdt.of(m)));
                }
                double[] micros = compare ? EngineComparison.serializerMicros(cluster.node(0), finals)
                        : new double[] {Double.NaN, Double.NaN};
                boolean pruned = leaveAndAwaitPruning(cluster, retired);

                boolean modelOk = checkModel();
                String divergence = divergence();
                List<MVRegister<String>> registers = new ArrayList<>();
                for (int c = 0; c < workload.carts(); c++) {
                    PekkoCartSimulation.await(replicas.get(0).get(address(c), Replicator.readLocal()))
                            .ifPresent(registers::add);
                }
                var siblings = TruthHealth.siblingCount(registers);
                out.printf("  %-16s %s (%d of 3 disagree)%n", "digests", String.join(" ", digests),
                        TruthHealth.disagreeing(digests));
                out.printf("  %-16s %s%n", "divergence", divergence);
                out.printf("  %-16s %d address registers, %d with siblings, %d values in all (max %d)%n",
                        "siblings", siblings.registers(), siblings.conflicted(), siblings.siblings(), siblings.max());
                out.printf("  %-16s p50 %d ms, p99 %d ms, max %d ms (%d writes seen on every node)%n", "staleness",
                        staleness.percentile(50), staleness.percentile(99), staleness.max(), staleness.count());
                out.printf("  %-16s %,d B in %,d values, %,d B per write; %,d B more serialized only for Pekko's"
                        + " digests (never sent)%n", "bytes on wire", bytes, values,
                        bytes / workload.writes().size(), digestBytes);
                out.printf("  %-16s %s after the last write (the heal was %.1f s before it)%n", "convergence",
                        convergenceMillis < 0 ? "NOT within " + WAIT.toSeconds() + " s" : convergenceMillis + " ms",
                        (lastWrite - healed) / 1e9);
                out.printf("  %-16s %s%n", "retired node", pruned
                        ? "node 2 left; Pekko's pruning removed " + retired + " from every cart on both live nodes"
                        : "node 2 left; its id was NOT pruned within " + WAIT.toSeconds() + " s");
                out.printf("  %-16s %s%n", "write log", modelOk
                        ? "every cart's quantities equal the write log, on both live nodes"
                        : "MISMATCH against the write log");
                boolean ok = converged >= 0 && agreeAfterCheckout && pruned && modelOk
                        && TruthHealth.disagreeing(digests) == 0;
                out.println("verdict: " + (ok ? "CONVERGED" : "NOT CONVERGED"));
                result = new EngineComparison.Result("Convergent ORMap<String, PNCounter>", bytes, values,
                        convergenceMillis, workload.writes().size(), micros[0], micros[1]);
                return ok;
            } catch (IllegalStateException e) {
                out.println("verdict: NOT CONVERGED (" + e.getMessage() + ")");
                result = new EngineComparison.Result("Convergent ORMap<String, PNCounter>",
                        CountingSerializer.COUNTS.bytes.get(), CountingSerializer.COUNTS.values.get(), -1,
                        workload.writes().size(),
                        Double.NaN, Double.NaN);
                return false;
            }
        }

        private void apply(Workload.Write write) {
            ConvergentReplicator r = replicas.get(write.node());
            ReplicaId me = r.self();
            Replicator.WriteConsistency consistency = write.majority()
                    ? new Replicator.WriteMajority(Duration.ofSeconds(3)) : Replicator.writeLocal();
            ORMap<String, PNCounter> after = PekkoCartSimulation.await(r.update(cart(write.cart()), emptyCart,
                    c -> c.updateDelta(me, write.item(), q -> write.change() >= 0
                            ? q.incrementDelta(me, write.change()) : q.decrementDelta(me, -write.change())),
                    consistency));
            log.computeIfAbsent(write.cart(), c -> new HashMap<>()).merge(write.item(), (long) write.change(),
                    Long::sum);
            pending.add(new Pending(write.cart(), me, after.context().versionVector().get(me), System.nanoTime(),
                    new boolean[3]));
            if (write.address() != null) {
                PekkoCartSimulation.await(r.update(address(write.cart()), MVRegister.empty(),
                        m -> m.writeDelta(me, write.address()), Replicator.writeLocal()));
            }
        }

        /** Marks the pending writes each node now shows; records the staleness of those all nodes show. */
        private void observe(boolean all) {
            if (pending.isEmpty()) {
                return;
            }
            Map<Integer, List<VersionVector>> seenBy = new HashMap<>();
            for (Pending p : pending) {
                seenBy.computeIfAbsent(p.cart(), c -> {
                    List<VersionVector> vvs = new ArrayList<>();
                    for (ConvergentReplicator r : replicas) {
                        vvs.add(PekkoCartSimulation.await(r.get(cart(c), Replicator.readLocal()))
                                .map(m -> m.context().versionVector()).orElse(VersionVector.empty()));
                    }
                    return vvs;
                });
            }
            long now = System.nanoTime();
            pending.removeIf(p -> {
                List<VersionVector> vvs = seenBy.get(p.cart());
                boolean everywhere = true;
                for (int n = 0; n < 3; n++) {
                    everywhere &= vvs.get(n).get(p.writer()) >= p.counter();
                }
                if (everywhere) {
                    staleness.record((now - p.madeNanos()) / 1_000_000);
                }
                return everywhere;
            });
        }

        private List<String> digests() {
            List<String> digests = new ArrayList<>();
            for (ConvergentReplicator r : replicas) {
                StringBuilder all = new StringBuilder();
                for (int c = 0; c < workload.carts(); c++) {
                    Optional<ORMap<String, PNCounter>> state = PekkoCartSimulation.await(r.get(cart(c),
                            Replicator.readLocal()));
                    all.append(state.map(s -> TruthHealth.digest(s, codec::encode)).orElse("-"));
                }
                digests.add(TruthHealth.digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            return digests;
        }

        private String divergence() {
            long max = 0;
            for (int c = 0; c < workload.carts(); c++) {
                List<VersionVector> vvs = new ArrayList<>();
                for (int n = 0; n < 2; n++) {
                    PekkoCartSimulation.await(replicas.get(n).get(cart(c), Replicator.readLocal()))
                            .ifPresent(m -> vvs.add(m.context().versionVector()));
                }
                max = Math.max(max, TruthHealth.divergence(vvs).max());
            }
            return "max " + max + " writes between the live nodes' version vectors, over every cart";
        }

        /** Waits until all three nodes hold the same carts; returns when, or -1. */
        private long awaitAgreement(LoopbackCluster cluster, Duration timeout) {
            try {
                cluster.await(timeout, "the nodes agree on every cart", () -> TruthHealth.disagreeing(digests()) == 0);
                return System.nanoTime();
            } catch (IllegalStateException e) {
                return -1;
            }
        }

        /** From node 0, once the nodes agree: removes every item whose quantity is not positive. */
        private void checkout() {
            ConvergentReplicator r = replicas.get(0);
            for (int c = 0; c < workload.carts(); c++) {
                Optional<ORMap<String, PNCounter>> state = PekkoCartSimulation.await(r.get(cart(c),
                        Replicator.readLocal()));
                if (state.isEmpty()) {
                    continue;
                }
                for (Map.Entry<String, PNCounter> e : state.get().entries().entrySet()) {
                    if (e.getValue().value() <= 0) {
                        String item = e.getKey();
                        PekkoCartSimulation.await(r.update(cart(c), emptyCart, m -> m.removeDelta(item),
                                new Replicator.WriteMajority(Duration.ofSeconds(3))));
                    }
                }
            }
        }

        private boolean leaveAndAwaitPruning(LoopbackCluster cluster, ReplicaId retired) {
            Cluster leaver = Cluster.get(cluster.node(2));
            leaver.leave(leaver.selfAddress());
            try {
                cluster.await(WAIT, "node 2's id pruned from every cart", () -> {
                    for (int n = 0; n < 2; n++) {
                        for (int c = 0; c < workload.carts(); c++) {
                            Optional<ORMap<String, PNCounter>> s = PekkoCartSimulation.await(replicas.get(n)
                                    .get(cart(c), Replicator.readLocal()));
                            if (s.isPresent() && s.get().replicaIds().contains(retired)) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        /** Every cart, on both live nodes: the logged sums, without the items the checkout removed. */
        private boolean checkModel() {
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < workload.carts(); c++) {
                    Map<String, Long> expected = new HashMap<>();
                    log.getOrDefault(c, Map.of()).forEach((item, sum) -> {
                        if (sum > 0) {
                            expected.put(item, sum);
                        }
                    });
                    Map<String, Long> actual = new HashMap<>();
                    PekkoCartSimulation.await(replicas.get(n).get(cart(c), Replicator.readLocal()))
                            .ifPresent(m -> m.entries().forEach((k, v) -> actual.put(k, v.value())));
                    if (!expected.equals(actual)) {
                        out.printf("  cart-%d on node %d: expected %s, found %s%n", c, n, expected, actual);
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
