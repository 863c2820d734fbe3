package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One row of the report: an operation of a type family with one set of parameters, measured in our library and, if
 * Pekko has the operation, in Pekko.
 *
 * <p>Pekko's side of a row is a method {@code op_pekko}, or a like-for-like twin {@code op_pekko<Type>} built on
 * Pekko's {@code <Type>} when Pekko's nearest type is not the same type as ours (for {@code EnableWinsFlag}:
 * {@code op_pekkoORSet}, an OR-Set of one marker element, beside {@code op_pekko} on Pekko's one-way {@code Flag}).
 * When an operation has a twin, the twin is the row's Pekko measurement and its ratio is the one the targets judge;
 * the plain {@code op_pekko} measurement stays visible in a second row marked {@link #reference}, which no target
 * counts.
 *
 * @param family the type family
 * @param operation the operation
 * @param params the parameters as text
 * @param size the size parameter ({@code entries}, {@code elements} or {@code keys}), 1 if none
 * @param ours our measurement, or null
 * @param pekko Pekko's measurement, or null
 * @param twin the Pekko type of a like-for-like twin ({@code "ORSet"} for {@code op_pekkoORSet}), empty for
 *     {@code op_pekko}
 * @param reference whether this row pairs ours with {@code op_pekko} although the operation has a like-for-like
 *     twin: shown for reference, held to no target
 */
record Row(String family, String operation, String params, int size, Measurement ours, Measurement pekko,
        String twin, boolean reference) {

    /** A row whose Pekko side, if any, is a plain {@code op_pekko} method. */
    Row(String family, String operation, String params, int size, Measurement ours, Measurement pekko) {
        this(family, operation, params, size, ours, pekko, "", false);
    }

    /** Whether either side's iterations spread too far for its score to be trusted ({@link Measurement#unsteady}). */
    boolean unsteady() {
        return (ours != null && ours.unsteady()) || (pekko != null && pekko.unsteady());
    }

    /**
     * Returns the operation as the report shows it: {@code mergeConcurrent}, {@code mergeConcurrent (Pekko ORSet)}
     * for a twin's row, {@code mergeConcurrent (reference)} for a reference row.
     *
     * @return the label
     */
    String label() {
        if (reference) {
            return operation + " (reference)";
        }
        return twin.isEmpty() ? operation : operation + " (Pekko " + twin + ")";
    }

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

    /**
     * Pairs our and Pekko's measurements of the same operation and parameters, in report order: one row per
     * like-for-like twin, then the plain {@code op_pekko} row, marked reference if a twin exists.
     */
    static List<Row> pair(List<Measurement> measurements) {
        Map<String, Group> byKey = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String key = m.family() + '\u0000' + m.operation() + '\u0000' + m.paramText();
            Group group = byKey.computeIfAbsent(key, k -> new Group());
            if (!m.isPekko()) {
                group.ours = m;
            } else if (m.twin().isEmpty()) {
                group.pekko = m;
            } else {
                group.twins.put(m.twin(), m);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Group g : byKey.values()) {
            Measurement any = g.ours != null ? g.ours : g.pekko != null ? g.pekko : g.twins.values().iterator().next();
            for (Map.Entry<String, Measurement> twin : g.twins.entrySet()) {
                rows.add(new Row(any.family(), any.operation(), any.paramText(), any.size(), g.ours, twin.getValue(),
                        twin.getKey(), false));
            }
            if (g.twins.isEmpty() || g.pekko != null) {
                rows.add(new Row(any.family(), any.operation(), any.paramText(), any.size(), g.ours, g.pekko, "",
                        !g.twins.isEmpty()));
            }
        }
        rows.sort(Comparator.comparingInt((Row r) -> rank(FAMILY_ORDER, r.family))
                .thenComparing(Row::family)
                .thenComparingInt(r -> operationRank(r.operation))
                .thenComparing(Row::operation)
                .thenComparing(Row::paramKey)
                .thenComparing(Row::reference)
                .thenComparing(Row::twin));
        return rows;
    }

    /** The measurements of one operation and parameters. */
    private static final class Group {
        Measurement ours;
        Measurement pekko;
        final Map<String, Measurement> twins = new TreeMap<>();
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
