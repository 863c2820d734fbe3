package dev.convergent.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The shopping-cart convergence simulation, the project's main job: replicas ("data centres") of
 * many carts take writes from clients while the network loses, duplicates and reorders messages,
 * partitions split the replicas and heal, replicas lag and clocks are skewed; replicas exchange
 * Kryo-encoded deltas, with diff-based and full-state anti-entropy as fallback. It prints a
 * progress line as it runs and a "truth health" report at the end: each replica's state digest and
 * version vector, version divergence, siblings, conflicts resolved by kind, bytes sent, staleness
 * (p50/p99), time to convergence after the last partition healed, invariants checked against an
 * independent log of the writes, and a one-line verdict. {@code --json FILE} writes the report with
 * its time series (a sample of divergence, disagreeing replicas, siblings, staleness and bytes sent
 * at a fixed interval of simulated time), {@code --svg FILE} draws that series as a chart.
 *
 * <p>Run it after {@code ./mvnw -B -q -DskipTests package} with
 * <pre>{@code java -cp crdt-bench/target/benchmarks.jar dev.convergent.sim.CartSimulation [--seed 7] [--help]}</pre>
 * Exit status: 0 when the replicas converged and every invariant held, 1 when not, 2 for bad options.
 * Everything happens in simulated time from the seed, so a run is reproducible: the same options
 * print the same report and write the same JSON and SVG. Only the progress line shows real time
 * (the seconds elapsed on the wall clock), which feeds nothing else.
 */
public final class CartSimulation {

    private CartSimulation() {
    }

    /**
     * Runs the simulation with the given options and exits with its status.
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the simulation, printing to {@code out} (progress and report) and {@code err} (usage errors).
     *
     * @param args the options
     * @param out where the progress lines and the report go
     * @param err where usage errors go
     * @return the exit status: 0 converged with every invariant kept, 1 not, 2 bad options
     * @throws NullPointerException if an argument is null
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::nanoTime);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the wall clock the progress line shows. */
    static int run(String[] args, PrintStream out, PrintStream err, LongSupplier wallNanos) {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        if (args.length >= 2 && args[0].equals("--engine")) {
            if (args[1].equals("pekko")) {
                return dev.convergent.sim.pekko.PekkoCartSimulation.run(
                        java.util.Arrays.copyOfRange(args, 2, args.length), out, err);
            }
            if (!args[1].equals("sim")) {
                err.println("error: --engine takes sim (the default, in-process) or pekko, was " + args[1]);
                return 2;
            }
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (SimOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(SimOptions.USAGE);
            return 2;
        }
        if (options == null) {
            out.println(SimOptions.USAGE);
            return 0;
        }
        Report report = new Simulation(options, out, Simulation.Sabotage.NONE, wallNanos).run();
        report.print(out);
        if (options.json() != null) {
            if (!write(options.json(), report.toJson() + System.lineSeparator(), err)) {
                return 2;
            }
            out.println("report written to " + options.json());
        }
        if (options.svg() != null) {
            if (!write(options.svg(), SeriesChart.render(report), err)) {
                return 2;
            }
            out.println("chart written to " + options.svg());
        }
        if (report.exitCode() != 0) {
            out.println("reproduce: java -cp crdt-bench/target/benchmarks.jar " + CartSimulation.class.getName() + " "
                    + options.commandLine());
        }
        return report.exitCode();
    }

    private static boolean write(Path file, String text, PrintStream err) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("error: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }
}
