package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.bench.peer.PekkoSerialization;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import dev.convergent.kryo.KryoCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * Prints the serialized size of two workloads in each library: a grow-only counter with 1,000 replicas, and an OR-Set
 * of the 10,000 short strings {@code "el-0" .. "el-9999"} added at 3 replicas (one dot each). Bytes are shown raw and
 * gzipped, per element, and as metadata per element: the bytes beyond the elements' own UTF-8 characters (for the
 * counter every byte is metadata).
 *
 * <p>Pekko's side uses its {@code ReplicatedDataSerializer} on a throw-away ActorSystem (cluster provider, Artery on
 * 127.0.0.1, port chosen by the OS, joins nothing; see {@link PekkoSerialization}). Pekko gzips an OR-Set itself on
 * the wire, so its protobuf is shown before and after. Our side is the Kryo codec's format version 1
 * ({@link #kryoEncoding}), raw and gzipped, with our {@code stats().estimatedBytes()} metadata estimate for reference.
 *
 * <p>Run after {@code ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests} with
 * <pre>{@code
 * java -cp crdt-bench/target/benchmarks.jar dev.convergent.bench.SizeReport [--properties sizes.properties]
 * }</pre>
 * {@code --properties} also writes the numbers for {@link dev.convergent.bench.report.BenchReport}.
 */
public final class SizeReport {

    private static final KryoCodec RAW = KryoCodec.builder().noCompression().build();

    /** Replicas of the counter workload. */
    static final int COUNTER_REPLICAS = 1_000;
    /** Elements of the set workload. */
    static final int SET_ELEMENTS = 10_000;
    /** Replicas that added the set's elements. */
    static final int SET_REPLICAS = 3;

    private SizeReport() {
    }

    /**
     * Prints the table, and writes the properties file if asked to.
     *
     * @param args {@code --properties FILE}, optional
     * @throws IOException if the properties file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Properties properties = new Properties();
        PrintStream out = System.out;
        BenchInputs.Vectors v = BenchInputs.Vectors.of(COUNTER_REPLICAS, 42);
        GCounter counter = Rebuild.gCounter(v.names(), v.base());
        org.apache.pekko.cluster.ddata.GCounter pekkoCounter = Pekko.gCounter(v.names(), v.base());
        History.Snapshot plain = History.filled(BenchInputs.replicaNames(SET_REPLICAS), SET_ELEMENTS).live();
        ORSet<String> set = Rebuild.orSet(plain);
        org.apache.pekko.cluster.ddata.ORSet<String> pekkoSet = Rebuild.pekkoOrSet(plain);
        long payload = 0;
        for (String e : plain.keys()) {
            payload += e.getBytes(StandardCharsets.UTF_8).length;
        }

        String counterName = "GCounter, 1,000 replicas";
        String setName = "ORSet, 10,000 strings, 3 replicas";
        out.printf(Locale.ROOT, "%-34s %-10s %-32s %10s %12s %16s%n", "workload", "library", "encoding", "bytes",
                "B/element", "metadata B/el.");
        try (PekkoSerialization pekko = PekkoSerialization.start()) {
            byte[] counterBytes = pekko.wire(pekkoCounter);
            row(out, counterName, "Pekko", "protobuf (wire)", counterBytes.length, COUNTER_REPLICAS, 0);
            row(out, counterName, "Pekko", "protobuf, gzip", gzip(counterBytes).length, COUNTER_REPLICAS, -1);
            properties.setProperty("size.gcounter.1000.pekko.bytes", Long.toString(counterBytes.length));
            properties.setProperty("size.gcounter.1000.pekko.gzipBytes", Long.toString(gzip(counterBytes).length));

            byte[] setBytes = pekko.protobuf(pekkoSet);
            byte[] setWire = pekko.wire(pekkoSet);
            row(out, setName, "Pekko", "protobuf", setBytes.length, SET_ELEMENTS, payload);
            row(out, setName, "Pekko", "protobuf, gzip (wire)", setWire.length, SET_ELEMENTS, -1);
            properties.setProperty("size.orset.10000.pekko.bytes", Long.toString(setBytes.length));
            properties.setProperty("size.orset.10000.pekko.gzipBytes", Long.toString(setWire.length));
            properties.setProperty("size.orset.10000.pekko.metadataPerElement",
                    perElement(setBytes.length - payload, SET_ELEMENTS));
            ours(out, properties, counterName, counter, setName, set, payload);
            DefaultCodecSizes.report(out, properties, pekko);
        }

        if (args.length == 2 && args[0].equals("--properties")) {
            try (OutputStream file = Files.newOutputStream(Path.of(args[1]))) {
                properties.store(file, "SizeReport");
            }
        }
    }

    /** Our rows of the two workloads: uncompressed Kryo, gzipped, and our own estimate. */
    private static void ours(PrintStream out, Properties properties, String counterName, GCounter counter,
            String setName, ORSet<String> set, long payload) {
        convergentRows(out, properties, counterName, "gcounter.1000", counter, COUNTER_REPLICAS, 0);
        out.printf(Locale.ROOT, "%-34s %-10s %-32s %10d %12s %16s%n", counterName, "ours", "stats() estimate",
                counter.stats().estimatedBytes(), perElement(counter.stats().estimatedBytes(), COUNTER_REPLICAS),
                perElement(counter.stats().estimatedBytes(), COUNTER_REPLICAS));
        convergentRows(out, properties, setName, "orset.10000", set, SET_ELEMENTS, payload);
        out.printf(Locale.ROOT, "%-34s %-10s %-32s %10d %12s %16s%n", setName, "ours",
                "stats() estimate, metadata only", set.stats().estimatedBytes(), "-",
                perElement(set.stats().estimatedBytes(), SET_ELEMENTS));
        properties.setProperty("size.orset.10000.convergent.estimatedMetadataPerElement",
                perElement(set.stats().estimatedBytes(), SET_ELEMENTS));
    }

    private static void convergentRows(PrintStream out, Properties properties, String name, String key, Object state,
            int elements, long payload) {
        byte[] bytes = kryoEncoding(state);
        row(out, name, "ours", "Kryo", bytes.length, elements, payload);
        row(out, name, "ours", "Kryo, gzip", gzip(bytes).length, elements, -1);
        properties.setProperty("size." + key + ".convergent.bytes", Long.toString(bytes.length));
        properties.setProperty("size." + key + ".convergent.metadataPerElement",
                perElement(bytes.length - payload, elements));
    }

    /**
     * Returns the bytes our Kryo codec writes for a state, uncompressed (the gzip row compresses them).
     *
     * @param state our GCounter or ORSet
     * @return the encoded bytes
     */
    static byte[] kryoEncoding(Object state) {
        return RAW.encode(state);
    }

    private static void row(PrintStream out, String name, String library, String encoding, long bytes, int elements,
            long payload) {
        out.printf(Locale.ROOT, "%-34s %-10s %-32s %10d %12s %16s%n", name, library, encoding, bytes,
                perElement(bytes, elements), payload < 0 ? "-" : perElement(bytes - payload, elements));
    }

    private static String perElement(long bytes, int elements) {
        return String.format(Locale.ROOT, "%.2f", (double) bytes / elements);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(buffer)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
