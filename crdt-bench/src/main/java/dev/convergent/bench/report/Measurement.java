package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One result of a JMH run: a benchmark method with one set of parameters, split into the type family (the class name
 * without {@code Benchmark}), the operation and the library (the method's {@code _convergent} or {@code _pekko}
 * suffix, or {@code _pekko<Type>} for a like-for-like twin built on Pekko's {@code <Type>}, see {@link Row}; a method
 * without a suffix counts as ours).
 *
 * @param family the type family, e.g. {@code ORSet}
 * @param operation the operation, e.g. {@code mergeDisjoint}
 * @param library {@code convergent}, {@code pekko} or {@code pekko<Type>}
 * @param params the JMH parameters by name
 * @param mode JMH's mode, e.g. {@code avgt}
 * @param score the primary score
 * @param error the score's error (NaN when JMH could not compute one)
 * @param unit the score's unit, e.g. {@code ns/op}
 * @param allocatedPerOp bytes allocated per operation ({@code gc.alloc.rate.norm}), or null without {@code -prof gc}
 * @param spread the slowest measurement iteration's score over the fastest's (1 without raw data): well above 1,
 *     something outside the benchmark slowed some iterations down, and the score (their mean) is not to be trusted
 * @param iterationNanos the length of one measurement iteration ({@code measurementTime}), NaN when not recorded
 */
record Measurement(String family, String operation, String library, Map<String, String> params, String mode,
        double score, double error, String unit, Double allocatedPerOp, double spread, double iterationNanos) {

    /** A measurement whose iteration length is not recorded. */
    Measurement(String family, String operation, String library, Map<String, String> params, String mode,
            double score, double error, String unit, Double allocatedPerOp, double spread) {
        this(family, operation, library, params, mode, score, error, unit, allocatedPerOp, spread, Double.NaN);
    }

    /** The {@link #spread} above which a score is marked unsteady in the report. */
    static final double UNSTEADY = 3.0;

    /** Our library's suffix. */
    static final String CONVERGENT = "convergent";
    /** Pekko's suffix. */
    static final String PEKKO = "pekko";

    Measurement {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(library, "library");
        params = Map.copyOf(params);
    }

    /** Whether this is Pekko's measurement: library {@code pekko} or a twin's {@code pekko<Type>}. */
    boolean isPekko() {
        return library.startsWith(PEKKO);
    }

    /** The Pekko type of a like-for-like twin ({@code ORSet} for {@code pekkoORSet}), empty otherwise. */
    String twin() {
        return isPekko() ? library.substring(PEKKO.length()) : "";
    }

    /** Reads every result of a JMH JSON document. */
    @SuppressWarnings("unchecked")
    static List<Measurement> fromJmhJson(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List)) {
            throw new IllegalArgumentException("a JMH result file is a JSON array");
        }
        List<Measurement> all = new ArrayList<>();
        for (Object o : (List<Object>) root) {
            all.add(of((Map<String, Object>) o));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Measurement of(Map<String, Object> result) {
        String benchmark = (String) result.get("benchmark");
        int lastDot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
        String family = className.endsWith("Benchmark")
                ? className.substring(0, className.length() - "Benchmark".length()) : className;
        String method = benchmark.substring(lastDot + 1);
        String operation = method;
        String library = CONVERGENT;
        int underscore = method.lastIndexOf('_');
        if (underscore > 0) {
            operation = method.substring(0, underscore);
            library = method.substring(underscore + 1);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Object p = result.get("params");
        if (p instanceof Map) {
            ((Map<String, Object>) p).forEach((k, v) -> params.put(k, String.valueOf(v)));
        }
        Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
        Double allocated = null;
        Object secondary = result.get("secondaryMetrics");
        if (secondary instanceof Map) {
            Object norm = ((Map<String, Object>) secondary).get("gc.alloc.rate.norm");
            if (norm instanceof Map) {
                allocated = number(((Map<String, Object>) norm).get("score"));
            }
        }
        return new Measurement(family, operation, library, params, String.valueOf(result.get("mode")),
                number(primary.get("score")), number(primary.get("scoreError")),
                String.valueOf(primary.get("scoreUnit")), allocated, spread(primary.get("rawData")),
                nanos(result.get("measurementTime")));
    }

    /** A JMH time value such as {@code "500 ms"} or {@code "1 s"} in nanoseconds; NaN if absent or unknown. */
    static double nanos(Object timeValue) {
        if (!(timeValue instanceof String)) {
            return Double.NaN;
        }
        String[] parts = ((String) timeValue).trim().split("\\s+");
        if (parts.length != 2) {
            return Double.NaN;
        }
        return number(parts[0]) * nanosIn(parts[1]);
    }

    /** Nanoseconds in one {@code ns}, {@code us}, {@code ms}, {@code s} or {@code min}; NaN for another unit. */
    private static double nanosIn(String unit) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "min":
                return 60e9;
            default:
                return Double.NaN;
        }
    }

    /** Slowest over fastest iteration, over every fork; 1 when there are fewer than two iterations. */
    @SuppressWarnings("unchecked")
    private static double spread(Object rawData) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        int n = 0;
        if (rawData instanceof List) {
            for (Object fork : (List<Object>) rawData) {
                if (fork instanceof List) {
                    for (Object iteration : (List<Object>) fork) {
                        double v = number(iteration);
                        if (v > 0) {
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                            n++;
                        }
                    }
                }
            }
        }
        return n < 2 ? 1 : max / min;
    }

    /** Whether some iterations took over {@link #UNSTEADY} times as long as others. */
    boolean unsteady() {
        return spread > UNSTEADY;
    }

    /** JMH writes NaN and infinities as strings. */
    static double number(Object value) {
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble((String) value);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * Returns the score in nanoseconds per operation, converting {@code us/op}, {@code ms/op} and {@code s/op}.
     *
     * @return the time per operation, NaN for a throughput unit
     */
    double nanosPerOp() {
        return unit.endsWith("/op") ? score * nanosIn(unit.substring(0, unit.length() - "/op".length())) : Double.NaN;
    }

    /** Returns the size this result is about: the {@code entries}, {@code elements} or {@code keys} parameter. */
    int size() {
        for (String name : List.of("entries", "elements", "keys")) {
            String v = params.get(name);
            if (v != null) {
                return Integer.parseInt(v);
            }
        }
        return 1;
    }

    /** Returns the parameters as {@code elements=10000, replicas=3}, sorted by name. */
    String paramText() {
        StringBuilder sb = new StringBuilder();
        params.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        });
        return sb.toString();
    }
}
