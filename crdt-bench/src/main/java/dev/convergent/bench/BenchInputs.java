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

    /** Returns {@code n} counts, each from 1 to {@code bound}. */
    static long[] randomCounts(Random random, int n, int bound) {
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = 1 + random.nextInt(bound);
        }
        return counts;
    }

    /**
     * Returns two arrays of positive increments that differ at every position, the first larger at
     * one position at least and the second at another: added to a common ancestor, they give two
     * concurrent states.
     */
    static long[][] concurrentIncrements(Random random, int n) {
        long[] a = randomCounts(random, n, 100);
        long[] b = randomCounts(random, n, 100);
        boolean aBigger = false;
        boolean bBigger = false;
        for (int i = 0; i < n; i++) {
            if (a[i] == b[i]) {
                b[i]++;
            }
            aBigger |= a[i] > b[i];
            bBigger |= b[i] > a[i];
        }
        if (!aBigger) {
            swap(a, b, 0);
        } else if (!bBigger) {
            swap(a, b, n - 1);
        }
        return new long[][] {a, b};
    }

    private static void swap(long[] a, long[] b, int i) {
        long t = a[i];
        a[i] = b[i];
        b[i] = t;
    }

    /** Returns the pointwise sum. */
    static long[] plus(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
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

    /** Fails the trial when an input is not what the benchmark claims to measure. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
