package dev.convergent.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One workload of {@code SizeReport}'s sweep of default serializers: the bytes our {@code KryoCodec.create()} writes
 * and the bytes Pekko's serializer writes, from the properties {@code size.default.<type>.<n>.convergent.bytes} and
 * {@code size.default.<type>.<n>.pekko.bytes}.
 *
 * @param type the data type, for example {@code orset}
 * @param size elements or entries
 * @param ours our bytes, or -1 when missing
 * @param pekko Pekko's bytes, or -1 when missing
 */
record SizePair(String type, int size, long ours, long pekko) {

    /** Returns the pairs in the properties, ordered by type, then size. */
    static List<SizePair> from(Properties extras) {
        Map<String, Map<Integer, long[]>> byType = new TreeMap<>();
        for (String key : extras.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length != 6 || !parts[0].equals("size") || !parts[1].equals("default")
                    || !parts[5].equals("bytes") || !(parts[4].equals("convergent") || parts[4].equals("pekko"))) {
                continue;
            }
            long[] pair = byType.computeIfAbsent(parts[2], t -> new TreeMap<>())
                    .computeIfAbsent(Integer.parseInt(parts[3]), n -> new long[] {-1, -1});
            pair[parts[4].equals("convergent") ? 0 : 1] = Long.parseLong(extras.getProperty(key));
        }
        List<SizePair> pairs = new ArrayList<>();
        byType.forEach((type, sizes) -> sizes.forEach((n, p) -> pairs.add(new SizePair(type, n, p[0], p[1]))));
        return pairs;
    }

    /** Whether both sides were measured. */
    boolean complete() {
        return ours >= 0 && pekko > 0;
    }
}
