package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.bench.peer.PekkoSerialization;
import dev.convergent.kryo.KryoCodec;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Properties;

/**
 * What each library's default serializer writes, across sizes: our {@link KryoCodec#create()} against Pekko's
 * {@code ReplicatedDataSerializer} as a node ships it (Pekko gzips every OR-Set, OR-Map and LWW-Map it writes, and no
 * counter). Our uncompressed bytes and our codec compressing every body ({@code compressAbove(0)}) are shown beside,
 * so the threshold of the default ({@link KryoCodec#DEFAULT_COMPRESSION_THRESHOLD}) can be checked against the sizes
 * where compression starts to pay. Part of {@link SizeReport}.
 */
final class DefaultCodecSizes {

    /** Elements of the swept set and map workloads (3 replicas, short string keys and values). */
    private static final int[] ELEMENTS = {1, 10, 30, 100, 300, 1_000, 10_000, 100_000};
    /** Entries of the swept counter workload. */
    private static final int[] COUNTER_ENTRIES = {3, 100, 1_000};

    private static final KryoCodec DEFAULT = KryoCodec.create();
    private static final KryoCodec RAW = KryoCodec.builder().noCompression().build();
    private static final KryoCodec ALWAYS = KryoCodec.builder().compressAbove(0).build();

    private DefaultCodecSizes() {
    }

    /**
     * Prints one row per workload and size, and records each pair as {@code size.default.<type>.<n>.convergent.bytes}
     * and {@code size.default.<type>.<n>.pekko.bytes}.
     *
     * @param out where the table goes
     * @param properties where the numbers go
     * @param pekko Pekko's serializer, on a started throw-away ActorSystem
     */
    static void report(PrintStream out, Properties properties, PekkoSerialization pekko) {
        out.println();
        out.println("Default serializers across sizes: KryoCodec.create() against Pekko's ReplicatedDataSerializer");
        out.printf(Locale.ROOT, "%-9s %9s %12s %12s %12s %12s%n", "type", "size", "Pekko", "ours", "ours raw",
                "ours zlib");
        String[] replicas = BenchInputs.replicaNames(3);
        for (int n : ELEMENTS) {
            History.Snapshot live = History.filled(replicas, n).live();
            row(out, properties, "orset", n, Rebuild.orSet(live), pekko.wire(Rebuild.pekkoOrSet(live)));
            row(out, properties, "ormap", n, Rebuild.orMap(live), pekko.wire(Rebuild.pekkoOrMap(live)));
            row(out, properties, "lwwmap", n, Rebuild.lwwMap(live), pekko.wire(Rebuild.pekkoLwwMap(live)));
        }
        for (int n : COUNTER_ENTRIES) {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(n, 42);
            row(out, properties, "gcounter", n, Rebuild.gCounter(v.names(), v.base()),
                    pekko.wire(Pekko.gCounter(v.names(), v.base())));
        }
    }

    private static void row(PrintStream out, Properties properties, String type, int n, Object ours, byte[] pekko) {
        int bytes = DEFAULT.encode(ours).length;
        out.printf(Locale.ROOT, "%-9s %9d %12d %12d %12d %12d%s%n", type, n, pekko.length, bytes,
                RAW.encode(ours).length, ALWAYS.encode(ours).length, bytes > pekko.length ? "  <- larger" : "");
        properties.setProperty("size.default." + type + "." + n + ".convergent.bytes", Integer.toString(bytes));
        properties.setProperty("size.default." + type + "." + n + ".pekko.bytes", Integer.toString(pekko.length));
    }
}
