package dev.convergent.kryo;

/**
 * Upper bounds that decoding enforces before it allocates anything, so that a short hostile
 * message cannot make a replica allocate gigabytes.
 *
 * <p>Every count read from the wire (replicas in a state's id table, dots in a dot cloud, elements
 * of a set) is checked against {@code maxEntries} and, when the input is a byte array, against the
 * bytes that remain: each entry needs at least one byte, so a count larger than the rest of the
 * message is refused at once. A compressed body may inflate to at most {@code maxInflatedBytes}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxEntries the largest count any one collection of a state may declare, at least 1
 * @param maxInflatedBytes the largest size a compressed body may declare and inflate to, at least 1
 */
public record DecodeLimits(int maxEntries, int maxInflatedBytes) {

    /** The default for {@link #maxEntries()}: 16,777,216 entries. */
    public static final int DEFAULT_MAX_ENTRIES = 1 << 24;

    /** The default for {@link #maxInflatedBytes()}: 64 MiB. */
    public static final int DEFAULT_MAX_INFLATED_BYTES = 64 << 20;

    private static final DecodeLimits DEFAULTS = new DecodeLimits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_INFLATED_BYTES);

    /**
     * Validates the components.
     *
     * @param maxEntries the largest count any one collection of a state may declare, at least 1
     * @param maxInflatedBytes the largest size a compressed body may declare and inflate to, at least 1
     * @throws IllegalArgumentException if a bound is less than 1
     */
    public DecodeLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        if (maxInflatedBytes < 1) {
            throw new IllegalArgumentException("maxInflatedBytes must be >= 1, was " + maxInflatedBytes);
        }
    }

    /**
     * Returns the default limits: {@value #DEFAULT_MAX_ENTRIES} entries and
     * {@value #DEFAULT_MAX_INFLATED_BYTES} inflated bytes.
     *
     * @return the default limits (a shared instance)
     */
    public static DecodeLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these limits with a different bound on declared counts.
     *
     * @param maxEntries the largest count any one collection of a state may declare, at least 1
     * @return the new limits
     * @throws IllegalArgumentException if {@code maxEntries} is less than 1
     */
    public DecodeLimits withMaxEntries(int maxEntries) {
        return new DecodeLimits(maxEntries, maxInflatedBytes);
    }

    /**
     * Returns these limits with a different bound on inflated bodies.
     *
     * @param maxInflatedBytes the largest size a compressed body may declare and inflate to, at least 1
     * @return the new limits
     * @throws IllegalArgumentException if {@code maxInflatedBytes} is less than 1
     */
    public DecodeLimits withMaxInflatedBytes(int maxInflatedBytes) {
        return new DecodeLimits(maxEntries, maxInflatedBytes);
    }
}
