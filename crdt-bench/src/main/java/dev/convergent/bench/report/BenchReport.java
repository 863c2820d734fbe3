package dev.convergent.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Turns a JMH JSON result ({@code -rf json}) into {@code docs/benchmarks.md}: a machine header, the targets
 * marked met, missed or not measured, and per type family a table (benchmark, params, ours, Pekko, Pekko/ours, and
 * allocation per operation when the run used {@code -prof gc}) with an SVG bar chart, {@code
 * docs/benchmarks/<Family>.svg}, ours against Pekko on a log scale.
 *
 * <p>Run it on the machine that ran the benchmarks, since it records that machine's {@code nproc} and
 * {@code /proc/cpuinfo} model name (the JDK comes from the JSON):
 * <pre>{@code
 * java -cp crdt-bench/target/benchmarks.jar dev.convergent.bench.report.BenchReport jmh-result.json \
 *     [--out docs] [--extra sizes.properties] [--extra heap.properties]
 * }</pre>
 * {@code --extra} takes the properties files {@code SizeReport} and {@code HeapReport} write with
 * {@code --properties}, for the size and heap targets.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * Reads the JSON and writes the markdown and the charts.
     *
     * @param args the JMH JSON file, then {@code --out DIR} (default {@code docs}) and any {@code --extra FILE}
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: BenchReport JMH.json [--out docs] [--extra FILE.properties]...");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        Path out = Path.of("docs");
        Properties extras = new Properties();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("--extra") && i + 1 < args.length) {
                try (InputStream in = Files.newInputStream(Path.of(args[++i]))) {
                    extras.load(in);
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Output output = generate(Files.readString(json, StandardCharsets.UTF_8), json.getFileName().toString(),
                extras, Machine.current());
        Files.createDirectories(out.resolve(CHART_DIR));
        Files.writeString(out.resolve("benchmarks.md"), output.markdown(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> chart : output.charts().entrySet()) {
            Files.writeString(out.resolve(CHART_DIR).resolve(chart.getKey()), chart.getValue(),
                    StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + out.resolve("benchmarks.md") + " and " + output.charts().size() + " charts in "
                + out.resolve(CHART_DIR));
    }

    /** The folder of the charts, next to {@code benchmarks.md}. */
    static final String CHART_DIR = "benchmarks";

    /** What a reader needs to know to read a family's rows. */
    static final Map<String, String> NOTES = Map.ofEntries(
            Map.entry("VersionVector", "Pekko's vector has no delta: its `applyDelta` merges a one-entry vector."),
            Map.entry("GCounter", "Pekko's `applyDelta` is `mergeDelta` of the delta its `increment` records."),
            Map.entry("PNCounter",
                    "Both halves hold an entry per replica; only the increments differ between inputs."),
            Map.entry("ORSet", "Merge, compare and diff at 100 / 10,000 / 100,000 elements; add, remove and "
                    + "applyDelta at 1,000 / 10,000 / 100,000. Pekko's `applyDelta` is `mergeDelta` of its "
                    + "`AddDeltaOp`. Ours only: `applyDecodedDelta` (the delta after encoding and decoding), and "
                    + "`addIndexed` / `removeIndexed`, 32 writes in a row on a set that carries the live-dot index, "
                    + "as every set that has merged a delta or answered a diff does (time per write; the 32nd "
                    + "applies the changes the others recorded)."),
            Map.entry("ORMap", "Values are grow-only counters; 3 replicas. Pekko's `applyDelta` is `mergeDelta`. "
                    + "`updateIndexed` (ours only): 32 updates in a row on a map that carries the live-dot index."),
            Map.entry("LWWMap",
                    "Ours keeps removed keys as tombstones; Pekko's drops them (an OR-Set of keys). 3 replicas."),
            Map.entry("LWWRegister", "The merge rows merge 1,024 different pairs per call (time per merge): "
                    + "either side wins at random, and in `mergeConcurrent` one pair in eight shares its millisecond. "
                    + "`compareConcurrent` is ours only: two values with one timestamp and writer, "
                    + "which Pekko's merge resolves silently. `write` reads a clock: ours is node-wide and "
                    + "thread-safe; the row marked (Pekko AtomicLong) gives Pekko's write the same kind of clock "
                    + "(its default clock, also above the last timestamp it gave, kept in an `AtomicLong`) and is "
                    + "the one the targets judge; the (reference) row uses Pekko's default clock, a function of the "
                    + "register's own timestamp only."),
            Map.entry("MVRegister", "Pekko has no multi-value register: ours only."),
            Map.entry("EnableWinsFlag", "Pekko has no enable-wins flag. Rows marked (Pekko ORSet) pair ours with "
                    + "its like-for-like twin, Pekko's `ORSet` holding one marker element (enable adds it, disable "
                    + "removes it, compare is one merge plus `equals`); their ratios are the ones the targets judge. "
                    + "Rows marked (reference) pair ours with Pekko's `Flag`, a simpler type (off, then on forever; "
                    + "no concurrent states, no disable): they show the cost of that type and count for no target."),
            Map.entry("HybridClock",
                    "Pekko's side is `LWWRegister.defaultClock`: max(currentTimeMillis, last + 1). Ours is "
                    + "thread-safe (its last timestamp is updated by compare-and-set) and returns a timestamp object; "
                    + "the row marked (Pekko AtomicLong) keeps Pekko's last timestamp in an `AtomicLong` the same way "
                    + "and is the one the targets judge; the (reference) row keeps it in a plain field, which only "
                    + "one thread may use."),
            Map.entry("Pruning", "A retired replica's writes renamed to its successor's (`prune(retired, "
                    + "successor)`). `pruneORSet`: the successor prunes a replica that added a third of the elements "
                    + "(Pekko: `ORSet.prune`, which re-adds those elements under new dots of the successor); "
                    + "`mergeStaleIntoPruned`: the pruned set merges a concurrent set from before the pruning, which "
                    + "ours renames first and Pekko's replicator cleans with `pruningCleanup`; `mergeUnpruned` (ours "
                    + "only) is the same merge without any pruning, the baseline of the renaming; `pruneGCounter` "
                    + "at 100 / 1,000 entries. Not held to the merge-speed targets."));

    /**
     * What the report is generated on.
     *
     * @param cores the number of processors ({@code nproc})
     * @param cpu the first {@code model name} of {@code /proc/cpuinfo}
     * @param date the day of generation
     */
    record Machine(int cores, String cpu, String date) {

        /** Reads this machine. */
        static Machine current() {
            String cpu = "unknown (no /proc/cpuinfo)";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException e) {
                // keep the placeholder
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), cpu, LocalDate.now().toString());
        }
    }

    /**
     * The generated files.
     *
     * @param markdown the content of {@code benchmarks.md}
     * @param charts the SVG charts by file name
     */
    record Output(String markdown, Map<String, String> charts) {
    }

    /** Generates the report from JMH's JSON. */
    static Output generate(String jmhJson, String source, Properties extras, Machine machine) {
        Objects.requireNonNull(extras, "extras");
        List<Measurement> measurements = Measurement.fromJmhJson(jmhJson);
        List<Row> rows = Row.pair(measurements);
        RunInfo run = RunInfo.of(jmhJson);
        boolean allocation = measurements.stream().anyMatch(m -> m.allocatedPerOp() != null);

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: Convergent vs Apache Pekko Distributed Data\n\n");
        md.append("Generated by `dev.convergent.bench.report.BenchReport` from `").append(source)
                .append("`; do not edit by hand. See the README for the commands that produce it.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(machine.date()).append(" |\n");
        md.append("| cores (nproc) | ").append(machine.cores()).append(" |\n");
        md.append("| CPU (/proc/cpuinfo model name) | ").append(Format.cell(machine.cpu())).append(" |\n");
        md.append("| JDK | ").append(Format.cell(run.jdk)).append(" |\n");
        md.append("| JMH | ").append(Format.cell(run.jmh)).append(" |\n");
        md.append("| results | ").append(measurements.size()).append(" measurements, ").append(rows.size())
                .append(" rows |\n\n");
        md.append("Times are JMH's average time per operation: lower is faster. **Pekko/ours** is Pekko's time divided "
                + "by ours, so above 1 ours is faster. Every input is rebuilt from plain data, as after a network "
                + "transfer, so no two states share element, map or node objects; the exception is our `ReplicaId`, "
                + "which is interned by design (a decoded state gets the local id objects), and the rows "
                + "`mergeDescendantInProcess` (ours only), whose descendant is made from the ancestor by mutators "
                + "and shares all it did not change, as on a replica merging a state of its own lineage. "
                + "Pekko has a causal "
                + "`compareTo` only on `VersionVector`: its other `compare` rows are one `merge` plus `equals` "
                + "against each input, which is what a Pekko user would write. `-` means the library has no such "
                + "operation (Pekko has no `diff` and no multi-value register). A time marked " + Format.UNSTEADY
                + " is the mean of iterations of which the slowest took more than "
                + String.format(Locale.ROOT, "%.0f", Measurement.UNSTEADY) + " times as long as the fastest: something "
                + "outside the operation (the machine, or the collector) slowed some iterations down, so that "
                + "score and its ratio are not to be trusted; " + unsteadyCount(measurements) + " of "
                + measurements.size() + " measurements in this run are marked.\n\n");

        md.append("## Targets\n\n| target | measured | status |\n|---|---|---|\n");
        for (Targets.Result t : Targets.evaluate(rows, extras)) {
            String status = t.status() == Targets.Status.MISSED ? "**missed**" : t.status().text;
            md.append("| ").append(Format.cell(t.target())).append(" | ").append(Format.cell(t.measured()))
                    .append(" | ").append(status).append(" |\n");
        }
        md.append('\n');
        md.append(defaultCodecSizes(extras));

        Map<String, String> charts = new LinkedHashMap<>();
        for (String family : Row.families(rows)) {
            List<Row> familyRows = rows.stream().filter(r -> r.family().equals(family)).collect(Collectors.toList());
            String chart = family + ".svg";
            charts.put(chart, SvgChart.render(family, familyRows));
            md.append("## ").append(family).append("\n\n");
            if (NOTES.containsKey(family)) {
                md.append(NOTES.get(family)).append("\n\n");
            }
            md.append("![").append(family).append(": ours vs Pekko, log scale](").append(CHART_DIR).append('/')
                    .append(chart).append(")\n\n");
            md.append("| benchmark | params | ours | Pekko | Pekko/ours |");
            md.append(allocation ? " ours alloc/op | Pekko alloc/op |\n|---|---|---:|---:|---:|---:|---:|\n"
                    : "\n|---|---|---:|---:|---:|\n");
            for (Row r : familyRows) {
                md.append("| ").append(r.label()).append(" | ").append(Format.cell(r.params())).append(" | ")
                        .append(time(r.ours())).append(" | ").append(time(r.pekko())).append(" | ")
                        .append(r.ratio().isPresent() ? Format.ratio(r.ratio().getAsDouble()) : "-").append(" |");
                if (allocation) {
                    md.append(' ').append(alloc(r.ours())).append(" | ").append(alloc(r.pekko())).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        return new Output(md.toString(), charts);
    }

    /**
     * The table of {@code SizeReport}'s sweep: per workload and size, the bytes of our default codec and of Pekko's
     * default serializer; empty without those properties.
     */
    static String defaultCodecSizes(Properties extras) {
        List<SizePair> pairs = SizePair.from(extras);
        if (pairs.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Encoded size with each library's default serializer\n\n"
                + "`SizeReport`: our `KryoCodec.create()` against Pekko's `ReplicatedDataSerializer` as a node ships "
                + "a value (it gzips every OR-Set, OR-Map and LWW-Map, and no counter). Sets and maps: short string "
                + "keys written round-robin by 3 replicas; counters: one entry per replica.\n\n"
                + "| type | size | Pekko | ours | ours/Pekko |\n|---|---:|---:|---:|---:|\n");
        for (SizePair p : pairs) {
            md.append("| ").append(p.type()).append(" | ").append(String.format(Locale.ROOT, "%,d", p.size()))
                    .append(" | ").append(p.pekko() < 0 ? "-" : String.format(Locale.ROOT, "%,d B", p.pekko()))
                    .append(" | ").append(p.ours() < 0 ? "-" : String.format(Locale.ROOT, "%,d B", p.ours()))
                    .append(" | ").append(p.complete()
                            ? String.format(Locale.ROOT, "%.2f", (double) p.ours() / p.pekko()) : "-")
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static String time(Measurement m) {
        return m == null ? "-" : Format.time(m.nanosPerOp()) + (m.unsteady() ? " " + Format.UNSTEADY : "");
    }

    private static long unsteadyCount(List<Measurement> measurements) {
        return measurements.stream().filter(Measurement::unsteady).count();
    }

    private static String alloc(Measurement m) {
        return m == null ? "-" : Format.bytes(m.allocatedPerOp());
    }

    /** The JDK and JMH settings of the run, from its first result. */
    private static final class RunInfo {
        final String jdk;
        final String jmh;

        private RunInfo(String jdk, String jmh) {
            this.jdk = jdk;
            this.jmh = jmh;
        }

        @SuppressWarnings("unchecked")
        static RunInfo of(String jmhJson) {
            List<Object> all = (List<Object>) Json.parse(jmhJson);
            if (all.isEmpty()) {
                return new RunInfo("unknown", "unknown");
            }
            Map<String, Object> first = (Map<String, Object>) all.get(0);
            String jdk = first.get("jdkVersion") + " (" + first.get("vmName") + " " + first.get("vmVersion") + ")";
            List<String> settings = new ArrayList<>();
            settings.add(String.valueOf(first.get("jmhVersion")));
            settings.add(count(first.get("forks")) + " fork(s)");
            settings.add("warm-up " + count(first.get("warmupIterations")) + " x " + first.get("warmupTime"));
            settings.add("measurement " + count(first.get("measurementIterations")) + " x "
                    + first.get("measurementTime"));
            return new RunInfo(jdk, String.join(", ", settings));
        }

        private static String count(Object value) {
            double d = Measurement.number(value);
            return Double.isNaN(d) ? String.valueOf(value) : String.format(Locale.ROOT, "%.0f", d);
        }
    }
}
