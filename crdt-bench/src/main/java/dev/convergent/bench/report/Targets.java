package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The performance targets, each checked against the measured rows (and, for sizes, against the properties
 * {@code SizeReport} and {@code HeapReport} write). A target is {@code met}, {@code missed}, or {@code not measured}
 * when the run lacks the rows it needs (for example a quick run without 100,000-element sets, or without
 * {@code -prof gc}).
 */
final class Targets {

    /** How much a merge with a descendant may grow while the state grows at least tenfold, to count as O(changes). */
    static final double FLAT_GROWTH = 2.0;

    private Targets() {
    }

    /** The outcome of one target. */
    enum Status {
        MET("met"), MISSED("missed"), NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /**
     * One checked target.
     *
     * @param target what was promised
     * @param measured what the run shows
     * @param status met, missed or not measured
     */
    record Result(String target, String measured, Status status) {
    }

    /** Evaluates every target on the rows; reference rows ({@link Row#reference}) count for none. */
    static List<Result> evaluate(List<Row> allRows, Properties extras) {
        List<Row> rows = select(allRows, r -> !r.reference());
        List<Result> results = new ArrayList<>();
        noRowBehind(rows, results);
        speedup(rows, results);
        perEntry(rows, results);
        compareAllocation(rows, results);
        orSetMergePerElement(rows, results, "mergeDisjoint", 150, "disjoint");
        orSetMergePerElement(rows, results, "mergeShared", 30, ">= 90% shared");
        descendantMerge(rows, results);
        orSetDelta(rows, results, "applyDelta", "made in memory");
        orSetDelta(rows, results, "applyDecodedDelta", "encoded and decoded");
        diff(rows, results);
        encodedSize(extras, results);
        defaultCodecSize(extras, results);
        heap(extras, results);
        return results;
    }

    /**
     * Families whose rows no target covers: {@code Pruning}'s merges pair our renaming merge with Pekko's cleanup and
     * merge, a different step from the type families' merges the speed target is about.
     */
    static final List<String> UNTARGETED = List.of("Pruning");

    /**
     * No row below 1.0x Pekko, in any family and at any size (a reference row, paired with a Pekko type that is not
     * like-for-like, counts for none; its like-for-like twin's row does).
     */
    private static void noRowBehind(List<Row> rows, List<Result> results) {
        List<Row> paired = select(rows, r -> r.ratio().isPresent());
        if (paired.isEmpty()) {
            return;
        }
        List<Row> behind = paired.stream().filter(r -> r.ratio().getAsDouble() < 1.0)
                .sorted(Comparator.comparingDouble(r -> r.ratio().getAsDouble())).collect(Collectors.toList());
        List<String> misses = new ArrayList<>();
        for (Row r : behind) {
            misses.add(String.format(Locale.ROOT, "%s.%s %s%s", r.family(), label(r),
                    Format.ratio(r.ratio().getAsDouble()), r.unsteady() ? " " + Format.UNSTEADY : ""));
        }
        String measured = String.format(Locale.ROOT, "%d of %d rows at >= 1.0x", paired.size() - behind.size(),
                paired.size());
        // every row behind is named: each is a miss of its own
        results.add(new Result("no row below 1.0x Pekko, at any size",
                measured + (misses.isEmpty() ? "" : "; behind: " + String.join(", ", misses)),
                behind.isEmpty() ? Status.MET : Status.MISSED));
    }

    /** Every merge and compare at least 3x Pekko at 3 entries (any size below 100), 10x from 100 entries on. */
    private static void speedup(List<Row> rows, List<Result> results) {
        for (String family : Row.families(rows)) {
            if (UNTARGETED.contains(family)) {
                continue;
            }
            List<Row> paired = rows.stream()
                    .filter(r -> r.family().equals(family) && isMergeOrCompare(r) && r.ratio().isPresent())
                    .collect(Collectors.toList());
            if (paired.isEmpty()) {
                continue;
            }
            List<String> misses = new ArrayList<>();
            for (Row r : paired) {
                double needed = r.size() >= 100 ? 10 : 3;
                if (r.ratio().getAsDouble() < needed) {
                    misses.add(String.format(Locale.ROOT, "%s %s < %.0fx", label(r),
                            Format.ratio(r.ratio().getAsDouble()), needed));
                }
            }
            Row slowest = paired.stream().min(Comparator.comparingDouble(r -> r.ratio().getAsDouble())).get();
            String measured = String.format(Locale.ROOT, "%d of %d rows met; lowest %s (%s)",
                    paired.size() - misses.size(), paired.size(), Format.ratio(slowest.ratio().getAsDouble()),
                    label(slowest));
            results.add(new Result(family + ": every merge and compare >= 3x Pekko's speed below 100 entries, "
                    + ">= 10x from 100 entries on", measured + misses(misses),
                    misses.isEmpty() ? Status.MET : Status.MISSED));
        }
    }

    /** GCounter and VersionVector merge and compare at most 3 ns per entry at 1,000 entries. */
    private static void perEntry(List<Row> rows, List<Result> results) {
        for (String family : List.of("GCounter", "VersionVector")) {
            List<Row> selected = rows.stream().filter(r -> r.family().equals(family) && isMergeOrCompare(r)
                    && r.ours() != null && r.size() == 1000).collect(Collectors.toList());
            String target = family + ": merge and compare <= 3 ns per entry at 1,000 entries";
            if (selected.isEmpty()) {
                results.add(new Result(target, "no rows with entries=1000", Status.NOT_MEASURED));
                continue;
            }
            List<String> misses = new ArrayList<>();
            for (Row r : selected) {
                double perEntry = r.ours().nanosPerOp() / r.size();
                if (perEntry > 3) {
                    misses.add(String.format(Locale.ROOT, "%s %.2f ns", r.operation(), perEntry));
                }
            }
            Row worst = selected.stream().max(Comparator.comparingDouble(r -> r.ours().nanosPerOp())).get();
            String measured = String.format(Locale.ROOT, "highest %.2f ns/entry (%s)",
                    worst.ours().nanosPerOp() / worst.size(), worst.operation());
            results.add(new Result(target, measured + misses(misses), misses.isEmpty() ? Status.MET : Status.MISSED));
        }
    }

    /**
     * JMH allocates a few kilobytes of its own per measurement iteration, whatever the benchmark does (about 6 KB
     * in every run of 2026-12: 4 B/op for a 332 µs compare, 449 B/op for a 39.7 ms one), and {@code -prof gc} divides
     * them among the iteration's operations. An operation so slow that a whole iteration allocates less than this
     * cannot be told from an allocation-free one by JMH; {@code CompareAllocatesNothingTest} counts such compares
     * exactly, call by call.
     */
    static final double HARNESS_BYTES_PER_ITERATION = 16 * 1024;

    /**
     * Our compare allocates nothing: {@code gc.alloc.rate.norm} below 1 byte per operation, or below what JMH
     * allocates itself per iteration (see {@link #HARNESS_BYTES_PER_ITERATION}).
     */
    private static void compareAllocation(List<Row> rows, List<Result> results) {
        String target = "compare allocates nothing (0 B/op in -prof gc)";
        List<Row> compares = rows.stream()
                .filter(r -> r.operation().startsWith("compare") && r.ours() != null
                        && r.ours().allocatedPerOp() != null)
                .collect(Collectors.toList());
        if (compares.isEmpty()) {
            results.add(new Result(target, "no allocation data: run with -prof gc", Status.NOT_MEASURED));
            return;
        }
        List<String> misses = new ArrayList<>();
        int harness = 0;
        for (Row r : compares) {
            Measurement m = r.ours();
            if (m.allocatedPerOp() < 1) {
                continue;
            }
            double perIteration = m.allocatedPerOp() * m.iterationNanos() / m.nanosPerOp();
            if (perIteration < HARNESS_BYTES_PER_ITERATION) {
                harness++;
            } else {
                misses.add(String.format(Locale.ROOT, "%s.%s %.0f B/op", r.family(), label(r), m.allocatedPerOp()));
            }
        }
        String measured = String.format(Locale.ROOT, "%d of %d compare rows at 0 B/op",
                compares.size() - misses.size() - harness, compares.size());
        if (harness > 0) {
            measured += String.format(Locale.ROOT, "; %d more under JMH's own allocation per iteration (B/op times "
                    + "operations per iteration < %.0f KB; counted exactly, 0 B, by CompareAllocatesNothingTest)",
                    harness, HARNESS_BYTES_PER_ITERATION / 1024);
        }
        results.add(new Result(target, measured + misses(misses), misses.isEmpty() ? Status.MET : Status.MISSED));
    }

    /** OR-Set merge of two 10,000-element replicas, per element of one replica. */
    private static void orSetMergePerElement(List<Row> rows, List<Result> results, String operation, double limit,
            String kind) {
        String target = String.format(Locale.ROOT, "ORSet merge of two decoded 10,000-element replicas, %s: "
                + "<= %.0f ns per element", kind, limit);
        List<Row> selected = select(rows, r -> r.family().equals("ORSet") && r.operation().equals(operation)
                && r.size() == 10_000 && r.ours() != null);
        if (selected.isEmpty()) {
            results.add(new Result(target, "no rows with elements=10000", Status.NOT_MEASURED));
            return;
        }
        boolean met = true;
        List<String> parts = new ArrayList<>();
        for (Row r : selected) {
            double perElement = r.ours().nanosPerOp() / r.size();
            met &= perElement <= limit;
            parts.add(String.format(Locale.ROOT, "%s: %.1f ns/element", r.params(), perElement));
        }
        results.add(new Result(target, String.join("; ", parts), met ? Status.MET : Status.MISSED));
    }

    /**
     * Merging a state with its own descendant made in process ({@code mergeDescendantInProcess}, which shares the
     * ancestor's structure) should not grow with the state: O(changes). A decoded descendant ({@code mergeAncestor})
     * shares nothing, so its merge is a full one; its growth is shown beside the judged one, not judged.
     */
    private static void descendantMerge(List<Row> rows, List<Result> results) {
        for (String family : Row.families(rows)) {
            List<String> parts = new ArrayList<>();
            boolean met = growths(rows, family, "mergeDescendantInProcess", parts);
            if (parts.isEmpty()) {
                continue;
            }
            List<String> decoded = new ArrayList<>();
            growths(rows, family, "mergeAncestor", decoded);
            String measured = "in process: " + String.join("; ", parts) + (decoded.isEmpty() ? ""
                    : "; decoded (a full merge, nothing shared): " + String.join("; ", decoded));
            results.add(new Result(family + ": merging a state with its own descendant in process is O(changes) "
                    + "(time grows < " + FLAT_GROWTH + "x while the state grows >= 10x)", measured,
                    met ? Status.MET : Status.MISSED));
        }
    }

    /**
     * Adds to {@code parts} how much our {@code operation} grows from the smallest to the largest size of each
     * series (rows alike but for their size, when the largest is at least 10 times the smallest).
     *
     * @return whether every growth is within {@link #FLAT_GROWTH}
     */
    private static boolean growths(List<Row> rows, String family, String operation, List<String> parts) {
        Map<String, List<Row>> byOtherParams = new TreeMap<>();
        for (Row r : rows) {
            if (r.family().equals(family) && r.operation().equals(operation) && r.ours() != null) {
                byOtherParams.computeIfAbsent(withoutSize(r.params()), k -> new ArrayList<>()).add(r);
            }
        }
        boolean met = true;
        for (List<Row> series : byOtherParams.values()) {
            if (series.size() < 2) {
                continue;
            }
            Row small = series.stream().min(Comparator.comparingInt(Row::size)).get();
            Row large = series.stream().max(Comparator.comparingInt(Row::size)).get();
            if (large.size() < 10 * small.size()) {
                continue;
            }
            double growth = large.ours().nanosPerOp() / small.ours().nanosPerOp();
            met &= growth <= FLAT_GROWTH;
            parts.add(String.format(Locale.ROOT, "%.1fx from %s to %s (%s to %s)", growth, small.params(),
                    large.params(), Format.time(small.ours().nanosPerOp()), Format.time(large.ours().nanosPerOp())));
        }
        return met;
    }

    /** A one-element delta into a 100,000-element OR-Set within 300 ns; 1,000 and 10,000 shown too. */
    private static void orSetDelta(List<Row> rows, List<Result> results, String operation, String which) {
        String target = "one-element delta (" + which + ") into a 100,000-element ORSet <= 300 ns";
        List<Row> selected = select(rows, r -> r.family().equals("ORSet") && r.operation().equals(operation)
                && r.ours() != null);
        List<String> parts = new ArrayList<>();
        boolean measured = false;
        boolean met = true;
        for (Row r : selected) {
            parts.add(r.params() + ": " + Format.time(r.ours().nanosPerOp()));
            if (r.size() == 100_000) {
                measured = true;
                met &= r.ours().nanosPerOp() <= 300;
            }
        }
        String text = parts.isEmpty() ? "no " + operation + " rows" : String.join("; ", parts);
        results.add(new Result(target, measured ? text : text + " (no row with elements=100000)",
                !measured ? Status.NOT_MEASURED : met ? Status.MET : Status.MISSED));
    }

    /** The limit on an ORSet diff when the peer is {@code History.CHANGES} edits behind, at 100,000 elements. */
    static final double DIFF_LIMIT_NANOS = 10_000;

    /**
     * {@code diff} proportional to what the peer is missing: at 100,000 elements an ORSet diff for a peer a few edits
     * behind within {@value #DIFF_LIMIT_NANOS} ns, and in every family no diff slower than that family's full merge
     * ({@code mergeShared}) at the same parameters.
     */
    private static void diff(List<Row> rows, List<Result> results) {
        String target = "diff proportional to what the peer misses: ORSet 100,000 elements <= 10 µs, and no diff "
                + "slower than a full merge (mergeShared, same parameters)";
        List<String> parts = new ArrayList<>();
        List<String> slower = new ArrayList<>();
        boolean measured = false;
        boolean met = true;
        for (Row d : select(rows, r -> r.operation().equals("diff") && r.ours() != null)) {
            if (d.family().equals("ORSet") && d.size() == 100_000) {
                measured = true;
                met &= d.ours().nanosPerOp() <= DIFF_LIMIT_NANOS;
                parts.add(d.params() + ": " + Format.time(d.ours().nanosPerOp()));
            }
            for (Row m : select(rows, r -> r.family().equals(d.family()) && r.operation().equals("mergeShared")
                    && r.params().equals(d.params()) && r.ours() != null)) {
                if (d.ours().nanosPerOp() > m.ours().nanosPerOp()) {
                    met = false;
                    slower.add(d.family() + " " + d.params() + ": " + Format.time(d.ours().nanosPerOp()) + " vs "
                            + Format.time(m.ours().nanosPerOp()));
                }
            }
        }
        String text = (parts.isEmpty() ? "no ORSet diff row with elements=100000" : "ORSet " + String.join("; ", parts))
                + (slower.isEmpty() ? "; no diff slower than its full merge" : "; slower than a full merge: "
                        + String.join(", ", slower));
        results.add(new Result(target, text, !measured ? Status.NOT_MEASURED : met ? Status.MET : Status.MISSED));
    }

    private static void encodedSize(Properties extras, List<Result> results) {
        String target = "encoded size: metadata <= 4 B per element (ORSet, 10,000 elements)";
        String ours = extras.getProperty("size.orset.10000.convergent.metadataPerElement");
        String pekko = extras.getProperty("size.orset.10000.pekko.metadataPerElement");
        String context = pekko == null ? "" : "; Pekko protobuf: " + pekko + " B/element";
        if (ours == null) {
            results.add(new Result(target, "pending: our Kryo codec (dev.convergent.kryo)" + context,
                    Status.NOT_MEASURED));
            return;
        }
        double value = Double.parseDouble(ours);
        results.add(new Result(target, "ours: " + ours + " B/element" + context,
                value <= 4 ? Status.MET : Status.MISSED));
    }

    /**
     * Our default codec never larger than Pekko's default serializer, at every size {@code SizeReport} measured
     * (its {@code size.default.<type>.<n>.convergent.bytes} and {@code .pekko.bytes} pairs).
     */
    private static void defaultCodecSize(Properties extras, List<Result> results) {
        String target = "default codec never larger than Pekko's default serializer, at any size measured";
        List<String> larger = new ArrayList<>();
        int pairs = 0;
        double worst = 0;
        for (SizePair p : SizePair.from(extras)) {
            if (!p.complete()) {
                continue;
            }
            pairs++;
            worst = Math.max(worst, (double) p.ours() / p.pekko());
            if (p.ours() > p.pekko()) {
                larger.add(p.type() + " " + p.size() + ": " + p.ours() + " B vs " + p.pekko() + " B");
            }
        }
        results.add(pairs == 0
                ? new Result(target, "run SizeReport --properties and pass it with --extra", Status.NOT_MEASURED)
                : new Result(target, String.format(Locale.ROOT, "%d workloads and sizes, largest ours/Pekko %.2f",
                        pairs, worst) + misses(larger), larger.isEmpty() ? Status.MET : Status.MISSED));
    }

    private static void heap(Properties extras, List<Result> results) {
        String target = "heap: <= 64 B overhead per single-dot ORSet element";
        List<String> parts = new ArrayList<>();
        boolean met = true;
        for (String size : List.of("10000", "100000")) {
            String ours = extras.getProperty("heap.orset." + size + ".convergent.overheadPerElement");
            String pekko = extras.getProperty("heap.orset." + size + ".pekko.overheadPerElement");
            if (ours != null) {
                met &= Double.parseDouble(ours) <= 64;
                parts.add(size + " elements: ours " + ours + " B" + (pekko == null ? "" : ", Pekko " + pekko + " B"));
            }
        }
        results.add(parts.isEmpty()
                ? new Result(target, "run HeapReport --properties and pass it with --extra", Status.NOT_MEASURED)
                : new Result(target, String.join("; ", parts), met ? Status.MET : Status.MISSED));
    }

    /** The operation and, if any, its parameters. */
    private static String label(Row r) {
        return r.params().isEmpty() ? r.operation() : r.operation() + " " + r.params();
    }

    private static boolean isMergeOrCompare(Row r) {
        return r.operation().startsWith("merge") || r.operation().startsWith("compare");
    }

    private static List<Row> select(List<Row> rows, Predicate<Row> filter) {
        return rows.stream().filter(filter).collect(Collectors.toList());
    }

    private static String withoutSize(String params) {
        return List.of(params.split(", ")).stream()
                .filter(p -> !p.startsWith("entries=") && !p.startsWith("elements=") && !p.startsWith("keys="))
                .collect(Collectors.joining(", "));
    }

    private static String misses(List<String> misses) {
        if (misses.isEmpty()) {
            return "";
        }
        int shown = Math.min(3, misses.size());
        return "; missed: " + String.join(", ", misses.subList(0, shown))
                + (misses.size() > shown ? " and " + (misses.size() - shown) + " more" : "");
    }
}
