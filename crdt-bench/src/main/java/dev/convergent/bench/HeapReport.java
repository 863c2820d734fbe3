package dev.convergent.bench;

import dev.convergent.crdt.ORSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.openjdk.jol.info.GraphLayout;

/**
 * Prints the retained heap of an OR-Set of 10,000 and of 100,000 short strings ({@code "el-0"}, ...), each element
 * with a single dot, added round-robin at 3 replicas, in each library, measured with JOL's
 * {@code GraphLayout.parseInstance(set).totalSize()}. The overhead per element is the set's total minus the element
 * strings themselves (their {@code String} objects and byte arrays), divided by the element count: what the CRDT costs
 * on top of the data.
 *
 * <p>Both sets are built from the same plain data as the benchmarks ({@link History}, {@link Rebuild}). JOL may
 * print a warning about attaching its agent; the sizes are right without it (JOL then computes them from the field
 * layout, with {@code jol.magicFieldOffset}, which this report sets, since {@code Unsafe} refuses record fields).
 *
 * <p>Run after {@code ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests} with
 * <pre>{@code
 * java -cp crdt-bench/target/benchmarks.jar dev.convergent.bench.HeapReport [--properties heap.properties]
 * }</pre>
 * {@code --properties} also writes the numbers for {@link dev.convergent.bench.report.BenchReport}.
 */
public final class HeapReport {

    /** Replicas that added the elements. */
    static final int REPLICAS = 3;

    /**
     * Without an agent JOL reads field offsets through {@code Unsafe}, which refuses record fields (our {@code Dot});
     * this property makes JOL find them another way. Set before JOL's first use.
     */
    private static final String MAGIC_FIELD_OFFSET = "jol.magicFieldOffset";

    private HeapReport() {
    }

    /**
     * Prints the table, and writes the properties file if asked to.
     *
     * @param args {@code --properties FILE}, optional
     * @throws IOException if the properties file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (System.getProperty(MAGIC_FIELD_OFFSET) == null) {
            System.setProperty(MAGIC_FIELD_OFFSET, "true");
        }
        PrintStream out = System.out;
        Properties properties = new Properties();
        out.printf(Locale.ROOT, "%-10s %-8s %14s %14s %14s %18s%n", "elements", "library", "total bytes",
                "element bytes", "B/element", "overhead B/element");
        for (int elements : new int[] {10_000, 100_000}) {
            History.Snapshot plain = History.filled(BenchInputs.replicaNames(REPLICAS), elements).live();
            ORSet<String> ours = Rebuild.orSet(plain);
            row(out, properties, elements, "convergent", ours, ours.elements().toArray());
            org.apache.pekko.cluster.ddata.ORSet<String> pekko = Rebuild.pekkoOrSet(plain);
            row(out, properties, elements, "pekko", pekko, pekko.getElements().toArray());
        }
        if (args.length == 2 && args[0].equals("--properties")) {
            try (OutputStream file = Files.newOutputStream(Path.of(args[1]))) {
                properties.store(file, "HeapReport");
            }
        }
    }

    private static void row(PrintStream out, Properties properties, int elements, String library, Object set,
            Object[] elementObjects) {
        long total = GraphLayout.parseInstance(set).totalSize();
        long data = GraphLayout.parseInstance(elementObjects).totalSize();
        double overhead = (double) (total - data) / elements;
        out.printf(Locale.ROOT, "%-10d %-8s %14d %14d %14.1f %18.1f%n", elements,
                library.equals("pekko") ? "Pekko" : "ours", total, data, (double) total / elements, overhead);
        properties.setProperty("heap.orset." + elements + "." + library + ".overheadPerElement",
                String.format(Locale.ROOT, "%.1f", overhead));
    }
}
