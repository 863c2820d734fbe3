package dev.convergent.crdt;

import dev.convergent.clock.Causality;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.util.Map;
import java.util.Objects;

/**
 * A grow-only counter: each replica counts its own increments, and the value is the sum over all
 * replicas.
 *
 * <p>Merge rule: the pointwise maximum per replica; order: the version-vector order of the
 * per-replica counts. State size and merge cost are O(replicas). Increments are never negative, and
 * a counter that would pass {@link Long#MAX_VALUE} throws {@link CounterOverflowException} instead of
 * wrapping.
 *
 * <p>Immutable and thread-safe; value-based.
 */
public final class GCounter implements Crdt<GCounter> {

    private static final GCounter EMPTY = new GCounter(VersionVector.empty(), 0L);

    private final VersionVector counts;
    private final long value;

    private GCounter(VersionVector counts, long value) {
        this.counts = counts;
        this.value = value;
    }

    /**
     * Returns the counter at zero.
     *
     * @return the empty counter (a shared instance)
     */
    public static GCounter empty() {
        return EMPTY;
    }

    /**
     * Returns the counter with the given per-replica counts (for example decoded from storage).
     *
     * @param counts each replica's count, each at least 0
     * @return the counter
     * @throws NullPointerException if {@code counts} or any key or value is null
     * @throws IllegalArgumentException if a count is negative
     * @throws CounterOverflowException if the total exceeds {@link Long#MAX_VALUE}
     */
    public static GCounter of(Map<ReplicaId, Long> counts) {
        return of(VersionVector.of(counts));
    }

    /**
     * Returns the counter whose per-replica counts are the entries of a version vector.
     *
     * @param counts each replica's count
     * @return the counter
     * @throws NullPointerException if {@code counts} is null
     * @throws CounterOverflowException if the total exceeds {@link Long#MAX_VALUE}
     */
    public static GCounter of(VersionVector counts) {
        Objects.requireNonNull(counts, "counts");
        return counts.isEmpty() ? EMPTY : new GCounter(counts, counts.sum());
    }

    /**
     * Adds {@code amount} to the count of {@code replica}. Inflates.
     *
     * @param replica the replica performing the increment
     * @param amount how much to add, at least 0
     * @return the incremented counter ({@code this} when {@code amount} is 0)
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the replica's count or the total would exceed {@link Long#MAX_VALUE}
     */
    public GCounter increment(ReplicaId replica, long amount) {
        Objects.requireNonNull(replica, "replica");
        if (amount < 0) {
            throw new IllegalArgumentException("increment must be >= 0, was " + amount);
        }
        if (amount == 0) {
            return this;
        }
        long current = counts.get(replica);
        if (Long.MAX_VALUE - current < amount || Long.MAX_VALUE - value < amount) {
            throw new CounterOverflowException("incrementing " + replica + " by " + amount + " overflows: count "
                    + current + ", total " + value);
        }
        return new GCounter(counts.advance(replica, current + amount), value + amount);
    }

    /**
     * Adds {@code amount} to the count of {@code replica} and returns the delta too: a counter with
     * the single entry {@code {replica:newCount}}, O(1) whatever the number of replicas.
     *
     * @param replica the replica performing the increment
     * @param amount how much to add, at least 0
     * @return the incremented counter and its delta
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the replica's count or the total would exceed {@link Long#MAX_VALUE}
     */
    public Mutation<GCounter> incrementDelta(ReplicaId replica, long amount) {
        GCounter next = increment(replica, amount);
        long count = next.get(replica);
        GCounter delta = count == 0 ? EMPTY : new GCounter(VersionVector.empty().advance(replica, count), count);
        return new Mutation<>(next, delta);
    }

    /**
     * Adds 1 to the count of {@code replica}.
     *
     * @param replica the replica performing the increment
     * @return the incremented counter
     * @throws NullPointerException if {@code replica} is null
     * @throws CounterOverflowException if a count would exceed {@link Long#MAX_VALUE}
     */
    public GCounter increment(ReplicaId replica) {
        return increment(replica, 1L);
    }

    /**
     * Returns the counter's value: the sum of every replica's count.
     *
     * @return the value, at least 0
     */
    public long value() {
        return value;
    }

    /**
     * Returns how much {@code replica} has contributed.
     *
     * @param replica the replica
     * @return its count, 0 if it never incremented
     * @throws NullPointerException if {@code replica} is null
     */
    public long get(ReplicaId replica) {
        return counts.get(replica);
    }

    /**
     * Returns the smallest delta that brings a peer up to date: the entries greater than the
     * peer's. {@code peer.merge(diff(peer.counts()))} equals {@code peer.merge(this)}.
     *
     * @param peer the per-replica counts the peer reported
     * @return the delta to ship
     * @throws NullPointerException if {@code peer} is null
     */
    public GCounter diff(VersionVector peer) {
        VersionVector d = counts.diff(peer);
        return d == counts ? this : of(d);
    }

    /**
     * Returns size statistics for operators: replica ids and estimated encoded bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return counts.stats();
    }

    /**
     * Returns the per-replica counts as a version vector.
     *
     * @return the counts
     */
    public VersionVector counts() {
        return counts;
    }

    /**
     * Returns the pointwise maximum of both counters. Idempotent, commutative and associative.
     *
     * @param other the counter to merge with
     * @return the merged counter
     * @throws NullPointerException if {@code other} is null
     * @throws CounterOverflowException if the merged total exceeds {@link Long#MAX_VALUE}
     */
    @Override
    public GCounter merge(GCounter other) {
        Objects.requireNonNull(other, "other");
        VersionVector merged = counts.merge(other.counts);
        if (merged == counts) {
            return this;
        }
        if (merged == other.counts) {
            return other;
        }
        return new GCounter(merged, merged.sum());
    }

    /**
     * Compares the per-replica counts as version vectors.
     *
     * @param other the counter to compare with
     * @return the causal relation of the two counters
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(GCounter other) {
        Objects.requireNonNull(other, "other");
        return counts.compare(other.counts);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof GCounter && counts.equals(((GCounter) o).counts));
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    /** Returns the value and the counts, e.g. {@code GCounter(8 {a:5, b:3})}. */
    @Override
    public String toString() {
        return "GCounter(" + value + " " + counts + ")";
    }
}
