package dev.convergent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, with the quick profile ({@link #OPTIONS}), and writes JMH's JSON result: a first look
 * at every row in under five minutes on two cores, not a measurement to publish.
 *
 * <p>The profile pins each size parameter to one value (100 entries, 10,000 elements across 3 replicas, 1,000 keys),
 * so each of the 181 benchmark methods runs once: one fork, one 400 ms warm-up and one 500 ms measurement
 * iteration, with the GC profiler on (allocation per operation): 181 x ~1.75 s, about 5 minutes. Run after
 * {@code ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests} with
 * <pre>{@code
 * java -cp crdt-bench/target/benchmarks.jar dev.convergent.bench.QuickRun [result.json] [JMH options]
 * }</pre>
 * The result file defaults to {@code jmh-quick.json}; further JMH options are appended (a regex narrows the run).
 * The same run from JMH's command line is {@code java -jar crdt-bench/target/benchmarks.jar} followed by the
 * options in {@link #OPTIONS} and {@code -rff jmh-quick.json}.
 */
public final class QuickRun {

    /** The quick profile as JMH command-line options. */
    public static final List<String> OPTIONS = List.of(
            "-f", "1", "-wi", "1", "-w", "400ms", "-i", "1", "-r", "500ms",
            "-p", "entries=100", "-p", "elements=10000", "-p", "replicas=3", "-p", "keys=1000",
            "-prof", "gc", "-rf", "json");

    /**
     * Seconds per benchmark: warm-up and measurement, plus ~0.85 s to fork a JVM and set up the quick sizes on a
     * two-core machine (159 benchmarks took 4 min 35 s on 2026-11-22: 1.73 s each).
     */
    static final double SECONDS_PER_BENCHMARK = 0.4 + 0.5 + 0.85;

    private QuickRun() {
    }

    /**
     * Runs the quick profile.
     *
     * @param args an optional result file name, then further JMH options
     * @throws CommandLineOptionException if an option is malformed
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws CommandLineOptionException, RunnerException {
        List<String> all = new ArrayList<>(OPTIONS);
        int first = 0;
        String result = "jmh-quick.json";
        if (args.length > 0 && !args[0].startsWith("-")) {
            result = args[0];
            first = 1;
        }
        all.add("-rff");
        all.add(result);
        for (int i = first; i < args.length; i++) {
            all.add(args[i]);
        }
        CommandLineOptions options = new CommandLineOptions(all.toArray(new String[0]));
        int count = countBenchmarks(options);
        if (count > 0) {
            System.out.printf(Locale.ROOT, "Quick run: %d benchmarks x ~%.1f s = ~%.1f min; JSON to %s%n",
                    count, SECONDS_PER_BENCHMARK, count * SECONDS_PER_BENCHMARK / 60, result);
        }
        new Runner(options).run();
    }

    /** Counts the benchmark methods the options select; each runs once, since every size parameter is pinned. */
    private static int countBenchmarks(CommandLineOptions options) {
        try {
            SortedSet<BenchmarkListEntry> selected = BenchmarkList.defaultList().find(
                    OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                    options.getIncludes().isEmpty() ? List.of(".*") : options.getIncludes(), options.getExcludes());
            return selected.size();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
