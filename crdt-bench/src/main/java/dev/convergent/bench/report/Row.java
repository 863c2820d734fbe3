package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One row of the report: an operation of a type family with one set of parameters, measured in our library and, if
 * Pekko has the operation, in Pekko.
 *
 * @param family the type family
 * @param operation the operation
 * @param params the parameters as text
 * @param size the size parameter ({@code entries}, {@code elements} or {@code keys}), 1 if none
 * @param ours our measurement, or null
 * @param pekko Pekko's measurement, or null
 */
record Row(String family, String operation, String params, int size, Measurement ours, Measurement pekko) {

    /** The order families appear in the report; others follow alphabetically. */
    static final List<String> FAMILY_ORDER = List.of("VersionVector", "GCounter", "PNCounter", "ORSet", "ORMap",
            "LWWMap", "LWWRegister", "MVRegister", "EnableWinsFlag", "HybridClock");

    /** The order operations appear within a family; others come between the compares and the delta. */
    static final List<String> OPERATION_ORDER = List.of("mergeDisjoint", "mergeShared", "mergeConcurrent",
            "mergeAncestor", "compareEqual", "compareBefore", "compareConcurrent");

    /**
     * Returns how many times faster ours is: Pekko's time over ours (for throughput modes, our rate over Pekko's).
     *
     * @return the ratio, empty unless both libraries were measured
     */
    OptionalDouble ratio() {
        if (ours == null || pekko == null || ours.score() <= 0 || pekko.score() <= 0) {
            return OptionalDouble.empty();
        }
        boolean throughput = ours.mode().equals("thrpt");
        return OptionalDouble.of(throughput ? ours.score() / pekko.score() : pekko.score() / ours.score());
    }

    /** Pairs our and Pekko's measurements of the same operation and parameters, in report order. */
    static List<Row> pair(List<Measurement> measurements) {
        Map<String, Measurement[]> byKey = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String key = m.family() + '\u0000' + m.operation() + '\u0000' + m.paramText();
            Measurement[] pair = byKey.computeIfAbsent(key, k -> new Measurement[2]);
            pair[m.library().equals(Measurement.PEKKO) ? 1 : 0] = m;
        }
        List<Row> rows = new ArrayList<>();
        for (Measurement[] pair : byKey.values()) {
            Measurement any = pair[0] != null ? pair[0] : pair[1];
            rows.add(new Row(any.family(), any.operation(), any.paramText(), any.size(), pair[0], pair[1]));
        }
        rows.sort(Comparator.comparingInt((Row r) -> rank(FAMILY_ORDER, r.family))
                .thenComparing(Row::family)
                .thenComparingInt(r -> operationRank(r.operation))
                .thenComparing(Row::operation)
                .thenComparing(Row::paramKey));
        return rows;
    }

    /** Returns the families of the rows, in report order. */
    static List<String> families(List<Row> rows) {
        List<String> families = new ArrayList<>();
        for (Row r : rows) {
            if (!families.contains(r.family)) {
                families.add(r.family);
            }
        }
        return families;
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i >= 0 ? i : order.size();
    }

    private static int operationRank(String operation) {
        int i = OPERATION_ORDER.indexOf(operation);
        if (i >= 0) {
            return i;
        }
        if (operation.equals("applyDelta")) {
            return OPERATION_ORDER.size() + 1;
        }
        if (operation.equals("diff")) {
            return OPERATION_ORDER.size() + 2;
        }
        return OPERATION_ORDER.size();
    }

    /** Sorts numeric parameter values as numbers: {@code elements=100} before {@code elements=10000}. */
    private String paramKey() {
        StringBuilder sb = new StringBuilder();
        for (String part : params.split(", ")) {
            int eq = part.indexOf('=');
            String value = eq >= 0 ? part.substring(eq + 1) : part;
            sb.append(part, 0, Math.max(eq, 0)).append('=');
            sb.append(value.matches("\\d{1,12}") ? String.format("%012d", Long.parseLong(value)) : value).append(';');
        }
        return sb.toString();
    }
}
