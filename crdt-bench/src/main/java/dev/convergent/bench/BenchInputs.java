package dev.convergent.bench;

import dev.convergent.clock.ReplicaId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Seeded inputs shared by the benchmarks' {@code @Setup} methods. */
final class BenchInputs {

    private BenchInputs() {
    }

    /** Returns {@code replica-0000}, {@code replica-0001}, ...; at least two, so that concurrency is possible. */
    static String[] replicaNames(int replicas) {
        if (replicas < 2) {
            throw new IllegalArgumentException("replicas must be >= 2, was " + replicas);
        }
        String[] names = new String[replicas];
        for (int i = 0; i < replicas; i++) {
            names[i] = String.format("replica-%04d", i);
        }
        return names;
    }

    /**
     * Returns a fresh map from replica to count, looking every id up from a new copy of its name, so
     * states built from it share nothing with other states but the interned {@link ReplicaId}s.
     */
    static Map<ReplicaId, Long> entries(String[] names, long[] counts) {
        Map<ReplicaId, Long> entries = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            entries.put(ReplicaId.of(new String(names[i])), counts[i]);
        }
        return entries;
    }

    /**
     * The plain data behind the version-vector and counter benchmarks, over {@code 2 * entries} replica names:
     * {@code base} has random counts at the first {@code entries} replicas; {@code disjoint} has counts only at the
     * other {@code entries}; {@code sharedLocal} and {@code sharedRemote} are {@code base} with {@code max(2,
     * entries / 10)} evenly spread entries raised, alternately on one side and the other, so they are concurrent
     * and share at least 90% of their entries from 20 entries on (at 3 entries they share one); {@code descendant}
     * is {@code base} with the entry at {@code changed} one higher.
     */
    record Vectors(String[] names, long[] base, long[] disjoint, long[] sharedLocal, long[] sharedRemote,
            long[] descendant, int changed) {

        static Vectors of(int entries, long seed) {
            if (entries < 2) {
                throw new IllegalArgumentException("entries must be >= 2, was " + entries);
            }
            Random random = new Random(seed);
            String[] names = replicaNames(2 * entries);
            long[] base = new long[2 * entries];
            long[] disjoint = new long[2 * entries];
            for (int i = 0; i < entries; i++) {
                base[i] = 1 + random.nextInt(1_000);
                disjoint[entries + i] = 1 + random.nextInt(1_000);
            }
            long[] sharedLocal = base.clone();
            long[] sharedRemote = base.clone();
            int differing = Math.max(2, entries / 10);
            for (int j = 0; j < differing; j++) {
                long[] side = j % 2 == 0 ? sharedLocal : sharedRemote;
                side[j * entries / differing] += 1 + random.nextInt(100);
            }
            int changed = entries / 2;
            long[] descendant = base.clone();
            descendant[changed]++;
            return new Vectors(names, base, disjoint, sharedLocal, sharedRemote, descendant, changed);
        }

        /** Returns counts with only the changed entry, at its descendant's value: a one-entry delta. */
        long[] delta() {
            long[] delta = new long[names.length];
            delta[changed] = descendant[changed];
            return delta;
        }
    }

    /** Fails the trial when an input is not what the benchmark claims to measure. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
