package dev.convergent.crdt;

import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.Objects;

/**
 * The marker a state keeps after replica {@code retired} was pruned into {@code successor}: the
 * retired replica's writes {@code 1..upTo} now count as the successor's writes
 * {@code base + 1 .. base + upTo}, where {@code base} was the successor's own count when it pruned.
 *
 * <p>A marker is a renaming, so it is idempotent, and applying it commutes with merging: a state that
 * has not seen the marker is renamed the same way before it is merged with one that has. Counters read
 * the same marker as "the successor's count already includes the retired one's {@code upTo}".
 *
 * @param retired the replica that no longer writes
 * @param successor the replica whose id carries the retired one's writes from now on
 * @param base the successor's count (or last dot) when it pruned
 * @param upTo the retired replica's last count (or last dot) the successor had seen
 */
public record Pruning(ReplicaId retired, ReplicaId successor, long base, long upTo) {

    /**
     * Checks the marker.
     *
     * @param retired the replica that no longer writes
     * @param successor the replica that carries its writes
     * @param base the successor's count when it pruned
     * @param upTo the retired replica's last count the successor had seen
     * @throws NullPointerException if a replica id is null
     * @throws IllegalArgumentException if the two ids are equal, a count is negative, or
     *     {@code base + upTo} overflows
     */
    public Pruning {
        Objects.requireNonNull(retired, "retired");
        Objects.requireNonNull(successor, "successor");
        if (retired.equals(successor)) {
            throw new IllegalArgumentException("a replica cannot be pruned into itself: " + retired);
        }
        if (base < 0 || upTo < 0) {
            throw new IllegalArgumentException("base and upTo must be >= 0, were " + base + " and " + upTo);
        }
        if (Long.MAX_VALUE - base < upTo) {
            throw new IllegalArgumentException("base + upTo overflows: " + base + " + " + upTo);
        }
    }

    /**
     * Returns the successor's dot that stands for a dot of the retired replica.
     *
     * @param counter a counter of the retired replica, from 1 to {@link #upTo()}
     * @return {@code (successor, base + counter)}
     * @throws PruningConflictException if {@code counter} is above {@link #upTo()}: the retired
     *     replica wrote after it was pruned
     */
    Dot rename(long counter) {
        checkCovers(counter);
        return Dot.of(successor, base + counter);
    }

    /** Throws unless the retired replica's {@code counter} was folded into the successor. */
    void checkCovers(long counter) {
        if (counter > upTo) {
            throw new PruningConflictException("replica " + retired + " wrote " + counter + " after it was pruned into "
                    + successor + " at " + upTo + ": prune a replica only after it has stopped for good and the"
                    + " successor has seen its last write");
        }
    }

    /** Returns {@code retired→successor base+upTo}, e.g. {@code b→a 7+3}. */
    @Override
    public String toString() {
        return retired + "→" + successor + " " + base + "+" + upTo;
    }
}
