package dev.convergent.clock;

/**
 * A hybrid logical clock timestamp: physical milliseconds since the epoch plus a logical counter
 * that orders events within the same millisecond (Kulkarni et al., "Logical Physical Clocks").
 * Timestamps are totally ordered by physical time, then logical counter.
 *
 * <p>Immutable and thread-safe.
 *
 * @param physicalMillis milliseconds since the epoch, at least 0
 * @param logical the logical counter, 0 to {@value #MAX_LOGICAL}
 */
public record HybridTimestamp(long physicalMillis, int logical) implements Comparable<HybridTimestamp> {

    /** The largest logical counter; the clock moves to the next millisecond instead of exceeding it. */
    public static final int MAX_LOGICAL = 0xFFFF;

    /** The smallest timestamp. */
    public static final HybridTimestamp ZERO = new HybridTimestamp(0, 0);

    /**
     * Validates the components.
     *
     * @param physicalMillis milliseconds since the epoch, at least 0
     * @param logical the logical counter, 0 to {@value #MAX_LOGICAL}
     * @throws IllegalArgumentException if {@code physicalMillis} is negative or {@code logical} out of range
     */
    public HybridTimestamp {
        if (physicalMillis < 0) {
            throw new IllegalArgumentException("physicalMillis must be >= 0, was " + physicalMillis);
        }
        if (logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("logical must be in [0, " + MAX_LOGICAL + "], was " + logical);
        }
    }

    /**
     * Returns the timestamp with the given parts.
     *
     * @param physicalMillis milliseconds since the epoch, at least 0
     * @param logical the logical counter, 0 to {@value #MAX_LOGICAL}
     * @return the timestamp
     * @throws IllegalArgumentException if a part is out of range
     */
    public static HybridTimestamp of(long physicalMillis, int logical) {
        return new HybridTimestamp(physicalMillis, logical);
    }

    /**
     * Returns the timestamp at the start of a millisecond (logical counter 0).
     *
     * @param physicalMillis milliseconds since the epoch, at least 0
     * @return the timestamp
     * @throws IllegalArgumentException if {@code physicalMillis} is negative
     */
    public static HybridTimestamp ofMillis(long physicalMillis) {
        return new HybridTimestamp(physicalMillis, 0);
    }

    @Override
    public int compareTo(HybridTimestamp other) {
        int c = Long.compare(physicalMillis, other.physicalMillis);
        return c != 0 ? c : Integer.compare(logical, other.logical);
    }

    /**
     * Returns whether this timestamp is strictly after {@code other}.
     *
     * @param other the timestamp to compare with
     * @return {@code compareTo(other) > 0}
     */
    public boolean isAfter(HybridTimestamp other) {
        return compareTo(other) > 0;
    }

    /**
     * Returns the least timestamp after this one: the next logical tick, or the next millisecond's first
     * when the logical part is at {@link #MAX_LOGICAL}.
     *
     * @return the successor
     * @throws ArithmeticException if this is the last representable timestamp
     */
    public HybridTimestamp successor() {
        if (logical < MAX_LOGICAL) {
            return new HybridTimestamp(physicalMillis, logical + 1);
        }
        return new HybridTimestamp(Math.addExact(physicalMillis, 1), 0);
    }

    /** Returns {@code physicalMillis.logical}, e.g. {@code 1700000000000.3}. */
    @Override
    public String toString() {
        return physicalMillis + "." + logical;
    }
}
