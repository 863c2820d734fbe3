package dev.convergent.sim.pekko;

import dev.convergent.pekko.cluster.LoopbackCluster;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.PNCounterMap;
import org.apache.pekko.cluster.ddata.PNCounterMapKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.pattern.Patterns;

/**
 * The same cart workload with Pekko's own {@code PNCounterMap<String>} on a fresh 3-node loopback cluster (same
 * settings, same partition and checkout), for {@code PekkoCartSimulation --compare}: the bytes each library's
 * serializer writes (digests apart) and the time from the heal to agreement.
 */
final class EngineComparison {

    /** What one engine's run measured. */
    record Result(String engine, long bytes, long values, long convergenceMillis, int writes, double encodeMicros,
            double decodeMicros) {
    }

    /** Times the system's serializer on {@code values}: mean microseconds to encode, and to decode, one of them. */
    static double[] serializerMicros(ActorSystem system, List<Object> values) {
        org.apache.pekko.serialization.Serialization serialization =
                org.apache.pekko.serialization.SerializationExtension.get(system);
        List<byte[]> bytes = new ArrayList<>();
        List<org.apache.pekko.serialization.Serializer> serializers = new ArrayList<>();
        for (Object v : values) {
            bytes.add(serialization.serialize(v).get());
            serializers.add(serialization.findSerializerFor(v));
        }
        int rounds = 2_000;
        long encode = 0;
        long decode = 0;
        for (int round = -500; round < rounds; round++) { // the first 500 rounds warm up
            long t0 = System.nanoTime();
            for (Object v : values) {
                serialization.serialize(v).get();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                org.apache.pekko.serialization.Serializer s = serializers.get(i);
                serialization.deserialize(bytes.get(i), s.identifier(),
                        org.apache.pekko.serialization.Serializers.manifestFor(s, values.get(i))).get();
            }
            long t2 = System.nanoTime();
            if (round >= 0) {
                encode += t1 - t0;
                decode += t2 - t1;
            }
        }
        double per = 1_000.0 * rounds * values.size();
        return new double[] {encode / per, decode / per};
    }

    private EngineComparison() {
    }

    static Result runPekko(Workload workload, PrintStream out) {
        CountingPekkoSerializer.COUNTS.reset();
        try (LoopbackCluster cluster = LoopbackCluster.start("Cart", 3, """
                pekko.actor.serializers.pekko-replicated-data = "dev.convergent.sim.pekko.CountingPekkoSerializer"
                """, PekkoCartSimulation.WAIT)) {
            List<ActorRef> replicators = new ArrayList<>();
            List<SelfUniqueAddress> selves = new ArrayList<>();
            for (ActorSystem node : cluster.nodes()) {
                replicators.add(DistributedData.get(node).replicator());
                selves.add(DistributedData.get(node).selfUniqueAddress());
            }
            Workload.Phase phase = Workload.Phase.CONNECTED;
            for (Workload.Write write : workload.writes()) {
                if (write.phase() != phase) {
                    if (write.phase() == Workload.Phase.PARTITIONED) {
                        cluster.cut(0, 2);
                        cluster.cut(1, 2);
                    } else {
                        cluster.heal(0, 2);
                        cluster.heal(1, 2);
                    }
                    phase = write.phase();
                }
                SelfUniqueAddress me = selves.get(write.node());
                Replicator.WriteConsistency consistency = write.majority()
                        ? new Replicator.WriteMajority(Duration.ofSeconds(3)) : Replicator.writeLocal();
                update(replicators.get(write.node()), key(write.cart()), consistency, m -> write.change() >= 0
                        ? m.increment(me, write.item(), write.change())
                        : m.decrement(me, write.item(), -write.change()));
                PekkoCartSimulation.sleep(5);
            }
            long lastWrite = System.nanoTime();
            long converged = awaitAgreement(cluster, replicators, workload.carts());
            Map<String, BigInteger> entries;
            for (int c = 0; c < workload.carts(); c++) {
                entries = get(replicators.get(0), key(c));
                for (Map.Entry<String, BigInteger> e : entries.entrySet()) {
                    if (e.getValue().signum() <= 0) {
                        String item = e.getKey();
                        update(replicators.get(0), key(c), new Replicator.WriteMajority(Duration.ofSeconds(3)),
                                m -> m.remove(item, selves.get(0)));
                    }
                }
            }
            awaitAgreement(cluster, replicators, workload.carts());
            long millis = converged < 0 ? -1 : (converged - lastWrite) / 1_000_000;
            List<Object> finals = new ArrayList<>();
            for (int c = 0; c < workload.carts(); c++) {
                Object reply = PekkoCartSimulation.await(Patterns.ask(replicators.get(0), new Replicator.Get<>(key(c),
                        Replicator.readLocal()), Duration.ofSeconds(15)));
                if (reply instanceof Replicator.GetSuccess<?> success) {
                    finals.add(success.dataValue());
                }
            }
            long bytes = CountingPekkoSerializer.COUNTS.bytes.get();
            long values = CountingPekkoSerializer.COUNTS.values.get();
            double[] micros = serializerMicros(cluster.node(0), finals);
            out.printf("  Pekko PNCounterMap run: %,d B in %,d values; converged %s after the last write; %,d B more"
                    + " serialized only for digests%n", bytes, values, millis < 0 ? "NOT" : millis + " ms",
                    CountingPekkoSerializer.COUNTS.digestBytes.get());
            return new Result("Pekko PNCounterMap<String>", bytes, values, millis, workload.writes().size(),
                    micros[0], micros[1]);
        }
    }

    private static Key<PNCounterMap<String>> key(int cart) {
        return PNCounterMapKey.create("cart-" + cart);
    }

    private static void update(ActorRef replicator, Key<PNCounterMap<String>> key,
            Replicator.WriteConsistency consistency, java.util.function.Function<PNCounterMap<String>,
            PNCounterMap<String>> modify) {
        PekkoCartSimulation.await(Patterns.ask(replicator, new Replicator.Update<>(key, PNCounterMap.create(),
                consistency, modify), Duration.ofSeconds(15)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, BigInteger> get(ActorRef replicator, Key<PNCounterMap<String>> key) {
        Object reply = PekkoCartSimulation.await(Patterns.ask(replicator, new Replicator.Get<>(key,
                Replicator.readLocal()), Duration.ofSeconds(15)));
        if (reply instanceof Replicator.GetSuccess<?> success) {
            return new HashMap<>(((PNCounterMap<String>) success.dataValue()).getEntries());
        }
        return Map.of();
    }

    private static long awaitAgreement(LoopbackCluster cluster, List<ActorRef> replicators, int carts) {
        try {
            cluster.await(PekkoCartSimulation.WAIT, "the nodes agree on every cart", () -> {
                for (int c = 0; c < carts; c++) {
                    Map<String, BigInteger> first = get(replicators.get(0), key(c));
                    for (int n = 1; n < 3; n++) {
                        if (!first.equals(get(replicators.get(n), key(c)))) {
                            return false;
                        }
                    }
                }
                return true;
            });
            return System.nanoTime();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    static void print(PrintStream out, Result ours, Result pekko) {
        out.println();
        out.println("| engine | bytes serialized | values | bytes per write | converged after the last write"
                + " | encode a cart | decode a cart |");
        out.println("|---|---|---|---|---|---|---|");
        for (Result r : List.of(pekko, ours)) {
            out.printf("| %s | %,d B | %,d | %,d B | %s | %.2f µs | %.2f µs |%n", r.engine(), r.bytes(), r.values(),
                    r.bytes() / r.writes(), r.convergenceMillis() < 0 ? "not" : r.convergenceMillis() + " ms",
                    r.encodeMicros(), r.decodeMicros());
        }
        out.printf("ours / Pekko: bytes %.2fx, convergence time %s%n", (double) ours.bytes() / pekko.bytes(),
                pekko.convergenceMillis() <= 0 || ours.convergenceMillis() < 0 ? "n/a"
                        : String.format("%.2fx", (double) ours.convergenceMillis() / pekko.convergenceMillis()));
    }
}
