package dev.convergent.sim;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of one simulation run, parsed from the command line. Every run is a pure function of
 * these options: the same options give the same schedule, the same states and the same report.
 *
 * @param replicas replicas ("data centres"), named dc1, dc2, ...
 * @param clients clients; two clients share each cart (a household, or one customer's phone and laptop)
 * @param ops client operations to issue
 * @param seed the seed of every random choice
 * @param partitionRate network partitions per simulated second while clients write
 * @param loss probability that a message is lost
 * @param duplication probability that a delivered message is delivered twice
 * @param lagRate replica-lag episodes per simulated second while clients write
 * @param skewMs each replica's physical clock is off by a fixed amount in [-skewMs, +skewMs]
 * @param fullEvery every how many anti-entropy rounds a replica sends its full state instead of a
 *     summary (0: never, diffs only)
 * @param retireAtMillis the simulated time at which the last replica retires into the first, which then
 *     prunes its id from every cart; -1: no replica retires
 * @param json where to write the machine-readable report, with its time series, or null
 * @param svg where to write the time series as an SVG chart, or null
 */
record SimOptions(int replicas, int clients, int ops, long seed, double partitionRate, double loss,
        double duplication, double lagRate, long skewMs, int fullEvery, long retireAtMillis, Path json, Path svg) {

    /** The latest {@code --retire-at}, in simulated seconds. */
    static final int MAX_RETIRE_AT_SECONDS = 3_600;

    static final SimOptions DEFAULTS = new SimOptions(3, 100, 4_000, 42, 0.1, 0.05, 0.02, 0.1, 50, 5, -1, null, null);

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -cp crdt-bench/target/benchmarks.jar dev.convergent.sim.CartSimulation [options]",
            "",
            "Simulates replicas of shopping carts (ORMap<String, PNCounter>, a Dynamo-style MVRegister variant and",
            "an LWWMap of fields) under partitions, loss, duplication, reordering, replica lag and clock skew, in",
            "simulated time, and prints their truth health. Exit status: 0 converged with every invariant kept,",
            "1 not converged or an invariant broken, 2 bad options. The progress lines end with the real time",
            "elapsed (\"s wall\", for display only: the results depend on the options alone).",
            "",
            "--engine pekko (first) runs the carts on a real 3-node Apache Pekko cluster in this JVM instead",
            "(127.0.0.1 only; --engine pekko --help lists its options).",
            "",
            "options (defaults in brackets):",
            "  --replicas N          replicas, 2-64 [3]",
            "  --clients N           clients, 1-100000; two share each cart; each writes every 2 s [100]",
            "  --ops N               client operations, 1-1000000 [4000]",
            "  --seed N              seed of every random choice [42]",
            "  --partition-rate R    partitions per simulated second while writing, 0-100 [0.1]",
            "  --loss P              message loss probability, 0-0.9 [0.05]",
            "  --dup P               message duplication probability, 0-0.9 [0.02]",
            "  --lag-rate R          replica-lag episodes per simulated second while writing, 0-100 [0.1]",
            "  --skew-ms MS          clock skew bound per replica, 0-86400000; the hybrid clocks refuse",
            "                        timestamps more than " + Simulation.MAX_DRIFT_MS + " ms ahead [50]",
            "  --full-every N        full-state anti-entropy every N rounds, 0 = never (diffs only) [5]",
            "  --retire-at S         retire the last replica at S simulated seconds, 0-" + MAX_RETIRE_AT_SECONDS
                    + ": clients move to the others,",
            "                        it hands its final state to the first replica, which prunes its id from every",
            "                        cart's items and versions; it never sends or receives again [off]",
            "  --json FILE           also write the report as JSON to FILE, with its time series under \"series\": a",
            "                        sample every \"seriesIntervalMillis\" simulated ms (the writing time / "
                    + Simulation.SAMPLES_WHILE_WRITING + ", in whole",
            "                        seconds, at least 1 s) and one at the end, each with the simulated time,",
            "                        divergence, disagreeing replicas, siblings, staleness p50/p99 so far, bytes",
            "                        sent (in all and in the interval) and whether a partition splits the replicas",
            "  --svg FILE            also draw that time series as an SVG chart in FILE",
            "  --help                print this help");

    /** A command line that cannot be run: the message says which option and why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code --name value} and {@code --name=value} options; later ones win.
     *
     * @return the options, or null if help was asked for
     * @throws UsageException if an option is unknown, lacks its value, or its value is out of range
     */
    static SimOptions parse(String... args) throws UsageException {
        Objects.requireNonNull(args, "args");
        SimOptions d = DEFAULTS;
        int replicas = d.replicas;
        int clients = d.clients;
        int ops = d.ops;
        long seed = d.seed;
        double partitionRate = d.partitionRate;
        double loss = d.loss;
        double duplication = d.duplication;
        double lagRate = d.lagRate;
        long skewMs = d.skewMs;
        int fullEvery = d.fullEvery;
        long retireAtMillis = d.retireAtMillis;
        Path json = d.json;
        Path svg = d.svg;
        for (int i = 0; i < args.length; i++) {
            String arg = Objects.requireNonNull(args[i], "args contains null");
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "': options start with --");
            }
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            switch (name) {
                case "--replicas":
                    replicas = intIn(name, value, 2, 64);
                    break;
                case "--clients":
                    clients = intIn(name, value, 1, 100_000);
                    break;
                case "--ops":
                    ops = intIn(name, value, 1, 1_000_000);
                    break;
                case "--seed":
                    seed = longIn(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                case "--partition-rate":
                    partitionRate = doubleIn(name, value, 0, 100);
                    break;
                case "--loss":
                    loss = doubleIn(name, value, 0, 0.9);
                    break;
                case "--dup":
                    duplication = doubleIn(name, value, 0, 0.9);
                    break;
                case "--lag-rate":
                    lagRate = doubleIn(name, value, 0, 100);
                    break;
                case "--skew-ms":
                    skewMs = longIn(name, value, 0, 86_400_000);
                    break;
                case "--full-every":
                    fullEvery = intIn(name, value, 0, 1_000_000);
                    break;
                case "--retire-at":
                    retireAtMillis = Math.round(doubleIn(name, value, 0, MAX_RETIRE_AT_SECONDS) * 1000);
                    break;
                case "--json":
                    if (value.isBlank()) {
                        throw new UsageException("option --json needs a file name");
                    }
                    json = Path.of(value);
                    break;
                case "--svg":
                    if (value.isBlank()) {
                        throw new UsageException("option --svg needs a file name");
                    }
                    svg = Path.of(value);
                    break;
                default:
                    throw new UsageException("unknown option " + name);
            }
        }
        return new SimOptions(replicas, clients, ops, seed, partitionRate, loss, duplication, lagRate, skewMs,
                fullEvery, retireAtMillis, json, svg);
    }

    /** Returns these options as a command line that reproduces the run (without --json and --svg). */
    String commandLine() {
        return "--replicas " + replicas + " --clients " + clients + " --ops " + ops + " --seed " + seed
                + " --partition-rate " + number(partitionRate) + " --loss " + number(loss) + " --dup "
                + number(duplication) + " --lag-rate " + number(lagRate) + " --skew-ms " + skewMs
                + " --full-every " + fullEvery
                + (retireAtMillis >= 0 ? " --retire-at " + number(retireAtMillis / 1000.0) : "");
    }

    /** Whether a replica retires during the run. */
    boolean retires() {
        return retireAtMillis >= 0;
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static int intIn(String name, String value, int min, int max) throws UsageException {
        return (int) longIn(name, value, min, max);
    }

    private static long longIn(String name, String value, long min, long max) throws UsageException {
        long v;
        try {
            v = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a whole number, was '" + value + "'");
        }
        if (v < min || v > max) {
            throw new UsageException("option " + name + " must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    private static double doubleIn(String name, String value, double min, double max) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(value.trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a number, was '" + value + "'");
        }
        if (!(v >= min && v <= max)) {
            throw new UsageException("option " + name + " must be in [" + number(min) + ", " + number(max)
                    + "], was " + value);
        }
        return v;
    }
}
