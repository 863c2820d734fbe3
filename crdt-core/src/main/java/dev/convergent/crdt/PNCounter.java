package dev.convergent.crdt;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A counter that goes up and down: a pair of {@link GCounter}s, one for increments and one for
 * decrements; the value is their difference.
 *
 * <p>Merge rule: each half merges as a G-Counter. Order: the product order of the halves (below
 * only if both halves are below or equal). State size and merge cost are O(replicas). It cannot
 * keep an invariant such as "value &gt;= 0": two replicas may each decrement the last unit.
 *
 * <p>Immutable and thread-safe; value-based.
 */
public final class PNCounter implements Crdt<PNCounter>, Prunable<PNCounter> {

    private static final PNCounter EMPTY = new PNCounter(GCounter.empty(), GCounter.empty());

    private final GCounter increments;
    private final GCounter decrements;

    private PNCounter(GCounter increments, GCounter decrements) {
        this.increments = increments;
        this.decrements = decrements;
    }

    /**
     * Returns the counter at zero.
     *
     * @return the empty counter (a shared instance)
     */
    public static PNCounter empty() {
        return EMPTY;
    }

    /**
     * Returns the counter made of the given halves (for example decoded from storage).
     *
     * @param increments the grow-only counter of increments
     * @param decrements the grow-only counter of decrements
     * @return the counter
     * @throws NullPointerException if an argument is null
     */
    public static PNCounter of(GCounter increments, GCounter decrements) {
        Objects.requireNonNull(increments, "increments");
        Objects.requireNonNull(decrements, "decrements");
        return increments.equals(GCounter.empty()) && decrements.equals(GCounter.empty())
                ? EMPTY
                : new PNCounter(increments, decrements);
    }

    /**
     * Adds {@code amount} on behalf of {@code replica}. Inflates.
     *
     * @param replica the replica performing the increment
     * @param amount how much to add, at least 0
     * @return the incremented counter
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the increments would exceed {@link Long#MAX_VALUE}
     */
    public PNCounter increment(ReplicaId replica, long amount) {
        GCounter next = increments.increment(replica, amount);
        return next == increments ? this : new PNCounter(next, decrements);
    }

    /**
     * Subtracts {@code amount} on behalf of {@code replica}. Inflates: decrements only grow.
     *
     * @param replica the replica performing the decrement
     * @param amount how much to subtract, at least 0
     * @return the decremented counter
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the decrements would exceed {@link Long#MAX_VALUE}
     */
    public PNCounter decrement(ReplicaId replica, long amount) {
        GCounter next = decrements.increment(replica, amount, GCounter.Operation.DECREMENT);
        return next == decrements ? this : new PNCounter(increments, next);
    }

    /**
     * Adds {@code amount} on behalf of {@code replica} and returns the delta too: one entry of the
     * increments half (plus, when {@code replica} has pruned retired replicas into itself, the
     * markers of both halves and its entry of the decrements half).
     *
     * @param replica the replica performing the increment
     * @param amount how much to add, at least 0
     * @return the incremented counter and its delta
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the increments would exceed {@link Long#MAX_VALUE}
     */
    public Mutation<PNCounter> incrementDelta(ReplicaId replica, long amount) {
        Mutation<GCounter> m = increments.incrementDelta(replica, amount);
        return new Mutation<>(m.state() == increments ? this : new PNCounter(m.state(), decrements),
                of(m.delta(), decrements.successorPart(replica)));
    }

    /**
     * Subtracts {@code amount} on behalf of {@code replica} and returns the delta too: one entry of
     * the decrements half (plus, when {@code replica} has pruned retired replicas into itself, the
     * markers of both halves and its entry of the increments half).
     *
     * @param replica the replica performing the decrement
     * @param amount how much to subtract, at least 0
     * @return the decremented counter and its delta
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the decrements would exceed {@link Long#MAX_VALUE}
     */
    public Mutation<PNCounter> decrementDelta(ReplicaId replica, long amount) {
        Mutation<GCounter> m = decrements.incrementDelta(replica, amount, GCounter.Operation.DECREMENT);
        return new Mutation<>(m.state() == decrements ? this : new PNCounter(increments, m.state()),
                of(increments.successorPart(replica), m.delta()));
    }

    /**
     * Changes the value by {@code change} on behalf of {@code replica}: an increment when positive,
     * a decrement when negative.
     *
     * @param replica the replica performing the change
     * @param change the signed change; {@link Long#MIN_VALUE} is rejected
     * @return the changed counter
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code change} is {@link Long#MIN_VALUE}
     * @throws CounterOverflowException if a half would exceed {@link Long#MAX_VALUE}
     */
    public PNCounter add(ReplicaId replica, long change) {
        return addDelta(replica, change).state();
    }

    /**
     * Changes the value by {@code change} and returns the delta too.
     *
     * @param replica the replica performing the change
     * @param change the signed change; {@link Long#MIN_VALUE} is rejected
     * @return the changed counter and its delta
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code change} is {@link Long#MIN_VALUE}
     * @throws CounterOverflowException if a half would exceed {@link Long#MAX_VALUE}
     */
    public Mutation<PNCounter> addDelta(ReplicaId replica, long change) {
        if (change == Long.MIN_VALUE) {
            throw new IllegalArgumentException("change must be > Long.MIN_VALUE, was " + change);
        }
        return change >= 0 ? incrementDelta(replica, change) : decrementDelta(replica, -change);
    }

    /**
     * Returns the sum of all increments minus the sum of all decrements.
     *
     * @return the value (never overflows: both sums lie in [0, {@link Long#MAX_VALUE}])
     */
    public long value() {
        return increments.value() - decrements.value();
    }

    /**
     * Returns the smallest delta that brings {@code peer} up to date: each half's entries greater
     * than the peer's. {@code peer.merge(diff(peer))} equals {@code peer.merge(this)}.
     *
     * @param peer the peer's counter (its state is its own summary, O(replicas))
     * @return the delta to ship
     * @throws NullPointerException if {@code peer} is null
     */
    public PNCounter diff(PNCounter peer) {
        Objects.requireNonNull(peer, "peer");
        GCounter inc = increments.diff(peer.increments.counts());
        GCounter dec = decrements.diff(peer.decrements.counts());
        return inc == increments && dec == decrements ? this : of(inc, dec);
    }

    /**
     * Returns size statistics for operators: replica ids (over both halves) and estimated bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        Set<ReplicaId> ids = new HashSet<>(increments.counts().entries().keySet());
        ids.addAll(decrements.counts().entries().keySet());
        CrdtStats inc = increments.stats();
        CrdtStats dec = decrements.stats();
        return new CrdtStats(ids.size(), 0, 0, ids.size(), 0, inc.estimatedBytes() + dec.estimatedBytes());
    }

    /**
     * Folds {@code retired}'s increments and decrements into {@code successor}'s (each half keeps its
     * own {@link Pruning} marker): the value is unchanged and the retired id is gone. Call it on the
     * successor's own state after it has merged the retired replica's last state, then ship the result
     * in full. Idempotent. See {@link GCounter#prune}.
     *
     * @param retired the replica that stopped for good
     * @param successor the replica performing the pruning
     * @return the pruned counter ({@code this} if already pruned into {@code successor})
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica or {@code successor} was itself pruned
     * @throws CounterOverflowException if a successor's count would exceed {@link Long#MAX_VALUE}
     */
    @Override
    public PNCounter prune(ReplicaId retired, ReplicaId successor) {
        GCounter inc = increments.prune(retired, successor);
        GCounter dec = decrements.prune(retired, successor);
        return inc == increments && dec == decrements ? this : new PNCounter(inc, dec);
    }

    @Override
    public Set<ReplicaId> retiredReplicas() {
        Set<ReplicaId> ids = new TreeSet<>(increments.retiredReplicas());
        ids.addAll(decrements.retiredReplicas());
        return Collections.unmodifiableSet(ids);
    }

    @Override
    public Set<ReplicaId> replicaIds() {
        Set<ReplicaId> ids = new TreeSet<>(increments.replicaIds());
        ids.addAll(decrements.replicaIds());
        return Collections.unmodifiableSet(ids);
    }

    @Override
    public PNCounter forgetPruning(ReplicaId retired) {
        GCounter inc = increments.forgetPruning(retired);
        GCounter dec = decrements.forgetPruning(retired);
        return inc == increments && dec == decrements ? this : of(inc, dec);
    }

    /**
     * Returns the grow-only counter of increments.
     *
     * @return the increments
     */
    public GCounter increments() {
        return increments;
    }

    /**
     * Returns the grow-only counter of decrements.
     *
     * @return the decrements
     */
    public GCounter decrements() {
        return decrements;
    }

    /**
     * Merges both halves. Idempotent, commutative and associative.
     *
     * @param other the counter to merge with
     * @return the merged counter
     * @throws NullPointerException if {@code other} is null
     * @throws CounterOverflowException if a merged half exceeds {@link Long#MAX_VALUE}
     */
    @Override
    public PNCounter merge(PNCounter other) {
        Objects.requireNonNull(other, "other");
        GCounter inc = increments.merge(other.increments);
        GCounter dec = decrements.merge(other.decrements);
        if (inc == increments && dec == decrements) {
            return this;
        }
        if (inc == other.increments && dec == other.decrements) {
            return other;
        }
        return new PNCounter(inc, dec);
    }

    /**
     * Compares in the product order of the two halves.
     *
     * @param other the counter to compare with
     * @return the causal relation of the two counters
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(PNCounter other) {
        Objects.requireNonNull(other, "other");
        Causality inc = increments.compare(other.increments);
        return inc == Causality.CONCURRENT ? inc : inc.and(decrements.compare(other.decrements));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PNCounter)) {
            return false;
        }
        PNCounter c = (PNCounter) o;
        return increments.equals(c.increments) && decrements.equals(c.decrements);
    }

    @Override
    public int hashCode() {
        return 31 * increments.hashCode() + decrements.hashCode();
    }

    /** Returns the value and both halves, e.g. {@code PNCounter(3 +{a:5} -{b:2})}. */
    @Override
    public String toString() {
        Set<ReplicaId> retired = retiredReplicas();
        return "PNCounter(" + value() + " +" + increments.counts() + " -" + decrements.counts()
                + (retired.isEmpty() ? "" : " pruned " + retired) + ")";
    }
}
