package dev.convergent.health;

import dev.convergent.clock.HybridTimestamp;
import java.util.Arrays;
import java.util.Objects;

/**
 * A recorder of staleness samples — how many milliseconds a write took to become visible, or how far
 * a replica lags behind — that answers percentiles over the most recent samples: the consistency lag
 * p99 of a dashboard (a common target is below 5 seconds). It keeps the last {@code window} samples
 * in a ring buffer (8 bytes each), so memory is fixed and old samples age out; a percentile query
 * sorts a copy of the window, O(window log window), which suits a gauge polled every few seconds.
 *
 * <p>Percentiles use the nearest-rank definition: the {@code p}-th percentile of {@code n} samples is
 * the smallest sample that at least {@code p}% of the samples do not exceed, so it is always one of
 * the recorded values. Queries on an empty recorder return 0, which a gauge can show as is.
 *
 * <p>Mutable and thread-safe: every method synchronizes on the recorder.
 */
public final class Staleness {

    /** The window {@link #create()} uses: the last 10,000 samples. */
    public static final int DEFAULT_WINDOW = 10_000;

    private final long[] samples;
    private int next;
    private int size;
    private long count;

    private Staleness(int window) {
        this.samples = new long[window];
    }

    /**
     * Returns an empty recorder that keeps the last {@value #DEFAULT_WINDOW} samples.
     *
     * @return a new recorder
     */
    public static Staleness create() {
        return new Staleness(DEFAULT_WINDOW);
    }

    /**
     * Returns an empty recorder that keeps the last {@code window} samples.
     *
     * @param window how many recent samples percentiles look at, at least 1
     * @return a new recorder
     * @throws IllegalArgumentException if {@code window} is less than 1
     */
    public static Staleness withWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, was " + window);
        }
        return new Staleness(window);
    }

    /**
     * Records one sample, evicting the oldest when the window is full.
     *
     * @param millis the staleness in milliseconds, at least 0
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public synchronized void record(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("staleness must be >= 0 ms, was " + millis);
        }
        samples[next] = millis;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
        count++;
    }

    /**
     * Records how long ago a write was made, from its hybrid timestamp: {@code nowMillis} minus the
     * timestamp's physical part, or 0 if the timestamp lies ahead (a writer whose clock runs fast).
     * Call it when a replica first sees a write, for example on merging an LWW register received
     * from a peer. The sample includes the clock skew between the writer and this replica.
     *
     * @param written the write's timestamp
     * @param nowMillis this replica's physical time, in milliseconds since the epoch
     * @throws NullPointerException if {@code written} is null
     */
    public void recordSince(HybridTimestamp written, long nowMillis) {
        Objects.requireNonNull(written, "written");
        record(Math.max(0L, nowMillis - written.physicalMillis()));
    }

    /**
     * Returns the number of samples recorded since the recorder was created, including those that
     * have left the window.
     *
     * @return the number of samples recorded
     */
    public synchronized long count() {
        return count;
    }

    /**
     * Returns the number of samples percentiles currently look at: {@code min(count(), window)}.
     *
     * @return the samples in the window
     */
    public synchronized int windowCount() {
        return size;
    }

    /**
     * Returns a percentile of the samples in the window, by nearest rank.
     *
     * @param percent which percentile, from 0 (the smallest sample) to 100 (the largest); 50 is the
     *     median, 99 the usual alerting one
     * @return the percentile in milliseconds, 0 if nothing was recorded
     * @throws IllegalArgumentException if {@code percent} is outside [0, 100] or not a number
     */
    public long percentile(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100], was " + percent);
        }
        long[] sorted = window();
        if (sorted.length == 0) {
            return 0;
        }
        Arrays.sort(sorted);
        // the nearest rank, 1..length (percent <= 100 keeps it at most length; 0 percent is the smallest sample)
        long rank = (long) Math.ceil(percent * sorted.length / 100.0 - 1e-9);
        return sorted[(int) Math.max(0, rank - 1)];
    }

    /**
     * Returns the largest sample in the window.
     *
     * @return the largest staleness in milliseconds, 0 if nothing was recorded
     */
    public long max() {
        long max = 0;
        for (long s : window()) {
            max = Math.max(max, s);
        }
        return max;
    }

    private synchronized long[] window() {
        return Arrays.copyOf(samples, size);
    }

    /** Returns the count, window, median and p99: {@code Staleness{n=120, window=10000, p50=40ms, p99=900ms}}. */
    @Override
    public String toString() {
        return "Staleness{n=" + count() + ", window=" + samples.length + ", p50=" + percentile(50) + "ms, p99="
                + percentile(99) + "ms}";
    }
}
