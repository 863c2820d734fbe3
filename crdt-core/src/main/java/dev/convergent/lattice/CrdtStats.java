package dev.convergent.lattice;

/**
 * What an operator needs to see growth before it hurts: how many replica ids a state carries, how
 * many dots and how many of them sit outside the compact version vector, how many elements, keys or
 * siblings it holds, and roughly how many bytes its metadata takes on the wire. Alert when
 * {@code replicaIds} passes about 10 or {@code cloudDots} keeps growing (a replica stopped
 * receiving some deltas).
 *
 * @param replicaIds distinct replica ids carried (vector entries, dots, writers)
 * @param dots live dots (tags of elements, keys or sibling values)
 * @param cloudDots dots of the causal context outside its compact version vector
 * @param entries elements, keys or registers held (live ones)
 * @param siblings concurrent values (multi-value register), 1 for a single-valued register, else 0
 * @param estimatedBytes estimated encoded size of the metadata (ids, counters, dots), excluding user
 *     elements and values
 */
public record CrdtStats(int replicaIds, long dots, int cloudDots, int entries, int siblings, long estimatedBytes) {

    /**
     * Validates the components.
     *
     * @param replicaIds distinct replica ids carried
     * @param dots live dots
     * @param cloudDots dots outside the compact vector
     * @param entries elements, keys or registers held
     * @param siblings concurrent values
     * @param estimatedBytes estimated metadata bytes
     * @throws IllegalArgumentException if a count is negative
     */
    public CrdtStats {
        if (replicaIds < 0 || dots < 0 || cloudDots < 0 || entries < 0 || siblings < 0 || estimatedBytes < 0) {
            throw new IllegalArgumentException("stats must not be negative");
        }
    }
}
