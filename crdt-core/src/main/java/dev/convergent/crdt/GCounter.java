package dev.convergent.crdt;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
public final class GCounter implements Crdt<GCounter>, Prunable<GCounter> {

    private static final GCounter EMPTY = new GCounter(VersionVector.empty(), 0L, Prunings.NONE);

    private final VersionVector counts;
    private final long value;
    /**
     * Markers of the replicas folded into a successor; the successor at the end of each chain counts
     * at least {@code base + upTo} of its marker. Part of equality.
     */
    private final Prunings prunings;

    private GCounter(VersionVector counts, long value, Prunings prunings) {
        this.counts = counts;
        this.value = value;
        this.prunings = prunings;
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
        return counts.isEmpty() ? EMPTY : new GCounter(counts, counts.sum(), Prunings.NONE);
    }

    /**
     * Returns the counter with the given per-replica counts and pruning markers (for example decoded
     * from storage), after checking that no retired replica still counts and that each chain's last
     * successor counts at least what its marker folded into it.
     *
     * @param counts each replica's count
     * @param prunings the pruning markers
     * @return the counter
     * @throws NullPointerException if an argument or marker is null
     * @throws IllegalArgumentException if a retired replica still has a count, or a successor counts
     *     less than {@code base + upTo} of its marker
     * @throws PruningConflictException if two markers retire one id differently or loop
     * @throws CounterOverflowException if the total exceeds {@link Long#MAX_VALUE}
     */
    public static GCounter of(VersionVector counts, Collection<Pruning> prunings) {
        Prunings markers = Prunings.of(prunings);
        GCounter plain = of(counts);
        for (Pruning p : markers.list()) {
            if (counts.get(p.retired()) > 0) {
                throw new IllegalArgumentException("replica " + p.retired() + " is marked pruned (" + p
                        + ") but still counts " + counts.get(p.retired()));
            }
            if (!markers.isRetired(p.successor()) && counts.get(p.successor()) < p.base() + p.upTo()) {
                throw new IllegalArgumentException("successor " + p.successor() + " counts "
                        + counts.get(p.successor()) + ", less than the " + (p.base() + p.upTo())
                        + " its marker " + p + " folded into it");
            }
        }
        return markers.isEmpty() ? plain : new GCounter(plain.counts, plain.value, markers);
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
        return increment(replica, amount, Operation.INCREMENT);
    }

    /** What the counter counts, as its errors name it: a PNCounter's decrements half counts decrements. */
    enum Operation {
        INCREMENT("increment", "incrementing"),
        DECREMENT("decrement", "decrementing");

        final String noun;
        final String verb;

        Operation(String noun, String verb) {
            this.noun = noun;
            this.verb = verb;
        }
    }

    GCounter increment(ReplicaId replica, long amount, Operation operation) {
        Objects.requireNonNull(replica, "replica");
        if (amount < 0) {
            throw new IllegalArgumentException(operation.noun + " must be >= 0, was " + amount);
        }
        checkNotRetired(replica, operation);
        if (amount == 0) {
            return this;
        }
        // the total is the sum of the counts, none negative: if it does not overflow, no count does
        if (Long.MAX_VALUE - value < amount) {
            throw new CounterOverflowException(operation.verb + " " + replica + " by " + amount + " overflows: count "
                    + counts.get(replica) + ", total " + value);
        }
        return new GCounter(counts.increment(replica, amount), value + amount, prunings);
    }

    private void checkNotRetired(ReplicaId replica, Operation operation) {
        Pruning marker = prunings.get(replica);
        if (marker != null) {
            throw new IllegalArgumentException("replica " + replica + " was pruned (" + marker
                    + "); a retired replica id may not " + operation.noun + " again");
        }
    }

    /**
     * Adds {@code amount} to the count of {@code replica} and returns the delta too: a counter with
     * the single entry {@code {replica:newCount}}, O(1) whatever the number of replicas. When
     * {@code replica} has pruned retired replicas into itself, the delta also carries those
     * {@link Pruning} markers, since its count includes theirs.
     *
     * @param replica the replica performing the increment
     * @param amount how much to add, at least 0
     * @return the incremented counter and its delta
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws CounterOverflowException if the replica's count or the total would exceed {@link Long#MAX_VALUE}
     */
    public Mutation<GCounter> incrementDelta(ReplicaId replica, long amount) {
        return incrementDelta(replica, amount, Operation.INCREMENT);
    }

    Mutation<GCounter> incrementDelta(ReplicaId replica, long amount, Operation operation) {
        GCounter next = increment(replica, amount, operation);
        long count = next.get(replica);
        GCounter carried = next.successorPart(replica);
        if (carried != EMPTY) {
            return new Mutation<>(next, carried);
        }
        GCounter delta = count == 0 ? EMPTY
                : new GCounter(VersionVector.empty().advance(replica, count), count, Prunings.NONE);
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
        return d == counts ? this : prunings.isEmpty() ? of(d) : withSuccessors(d);
    }

    /**
     * The markers whose chain of successors ends at {@code replica}, with its count: what every delta
     * of that replica must carry, since its count includes the retired replicas' counts. Another
     * replica's delta carries no marker. {@link #EMPTY} when there is no such marker.
     */
    GCounter successorPart(ReplicaId replica) {
        if (prunings.isEmpty()) {
            return EMPTY;
        }
        List<Pruning> carried = new ArrayList<>();
        for (Pruning p : prunings.list()) {
            if (prunings.finalSuccessor(p.retired()).equals(replica)) {
                carried.add(p);
            }
        }
        if (carried.isEmpty()) {
            return EMPTY;
        }
        long count = counts.get(replica);
        VersionVector own = count == 0 ? VersionVector.empty() : VersionVector.empty().advance(replica, count);
        return new GCounter(own, count, Prunings.of(carried));
    }

    /**
     * A delta of this counter: {@code entries} plus the entry of each chain's last successor and
     * every marker, so a receiver that has not seen a marker yet never meets a successor's count that
     * already includes a retired replica without learning which.
     */
    private GCounter withSuccessors(VersionVector entries) {
        Map<ReplicaId, Long> delta = new HashMap<>(entries.entries());
        for (Pruning p : prunings.list()) {
            ReplicaId live = prunings.finalSuccessor(p.successor());
            delta.put(live, counts.get(live));
        }
        VersionVector v = VersionVector.of(delta);
        return new GCounter(v, v.sum(), prunings);
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
        if (prunings != other.prunings && !prunings.equals(other.prunings)) {
            Prunings all = prunings.union(other.prunings);
            return translate(all).merge(other.translate(all));
        }
        VersionVector merged = counts.merge(other.counts);
        if (merged == counts) {
            return this;
        }
        if (merged == other.counts) {
            return other;
        }
        long total = counts.size() >= other.counts.size() ? joinedValue(this, other.counts, merged)
                : joinedValue(other, counts, merged);
        return new GCounter(merged, total, prunings);
    }

    /**
     * The value of {@code merged}, the join of {@code big} and {@code small}: for a small vector (a delta), the big
     * one's value plus what each entry of the small one adds, O(k log n); else the sum of the merged counts.
     */
    private static long joinedValue(GCounter big, VersionVector small, VersionVector merged) {
        // the rule VersionVector.merge uses to look a delta up instead of walking both: up to 2 entries or 1/16
        if (small.size() > 2 && (long) small.size() * 16 > big.counts.size()) {
            return merged.sum();
        }
        long total = big.value;
        for (int j = 0; j < small.size(); j++) {
            long gain = small.counterAt(j) - big.counts.get(small.replicaAt(j));
            if (gain > 0) {
                total += gain;
                if (total < 0) {
                    throw new CounterOverflowException("sum of " + merged + " exceeds " + Long.MAX_VALUE);
                }
            }
        }
        return total;
    }

    /**
     * This counter with every marker of {@code all} applied: a retired replica's count is dropped,
     * since the successor's count in any state holding the marker already includes it. (A state
     * without the marker holds at most the successor's count from before the pruning, or, once the
     * marker was forgotten, a count that already includes the retired one: either way the maximum
     * with the marked state's count is right.)
     *
     * <p>A state without the marker whose successor counts beyond the marker's base already holds the
     * folded count (it got the successor's count from after the pruning, or it forgot the marker). That
     * is consistent as long as the state does not count the retired replica too; if it does, it has
     * counted the retired replica twice, and the merge refuses.
     *
     * @throws PruningConflictException if a retired replica counts beyond its marker, or counts at all
     *     in a state whose successor counts beyond the marker's base without holding the marker
     */
    private GCounter translate(Prunings all) {
        if (all == prunings) {
            return this;
        }
        VersionVector kept = counts;
        for (Pruning p : all.list()) {
            long retiredCount = counts.get(p.retired());
            if (retiredCount > 0) {
                p.checkCovers(retiredCount);
                kept = kept.without(p.retired());
            }
            if (retiredCount > 0 && prunings.get(p.retired()) == null && !all.isRetired(p.successor())
                    && counts.get(p.successor()) > p.base()) {
                throw new PruningConflictException("successor " + p.successor() + " counts "
                        + counts.get(p.successor()) + " in a state without the marker " + p + " that also counts "
                        + p.retired() + "'s " + retiredCount + ": the retired replica is counted twice (a delta"
                        + " of the successor was shipped without its pruning marker, or the marker was forgotten"
                        + " too early)");
            }
        }
        return kept == counts ? new GCounter(counts, value, all) : new GCounter(kept, kept.sum(), all);
    }

    /**
     * Folds {@code retired}'s count into {@code successor}'s and records the marker: the value is
     * unchanged and the retired id is gone. Call it on the successor's own state after it has merged
     * the retired replica's last state, then ship the result in full. Idempotent; a merge with a
     * state that has not seen the marker drops that state's count of {@code retired}.
     *
     * @param retired the replica that stopped for good
     * @param successor the replica performing the pruning
     * @return the pruned counter ({@code this} if already pruned into {@code successor})
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica or {@code successor} was itself pruned
     * @throws CounterOverflowException if the successor's count would exceed {@link Long#MAX_VALUE}
     */
    @Override
    public GCounter prune(ReplicaId retired, ReplicaId successor) {
        if (prunings.alreadyPruned(retired, successor)) {
            return this;
        }
        long base = counts.get(successor);
        long upTo = counts.get(retired);
        if (Long.MAX_VALUE - base < upTo) {
            throw new CounterOverflowException("folding " + retired + "'s " + upTo + " into " + successor
                    + "'s " + base + " overflows");
        }
        Prunings markers = prunings.plus(new Pruning(retired, successor, base, upTo));
        VersionVector folded = counts.without(retired);
        if (base + upTo > 0) {
            folded = folded.advance(successor, base + upTo);
        }
        return new GCounter(folded, value, markers);
    }

    @Override
    public Set<ReplicaId> retiredReplicas() {
        return prunings.retired();
    }

    @Override
    public Set<ReplicaId> replicaIds() {
        return Collections.unmodifiableSet(counts.entries().keySet());
    }

    @Override
    public GCounter forgetPruning(ReplicaId retired) {
        Prunings rest = prunings.minus(Objects.requireNonNull(retired, "retired"));
        return rest == prunings ? this : rest.isEmpty() && counts.isEmpty() ? EMPTY
                : new GCounter(counts, value, rest);
    }

    /**
     * Returns the pruning markers this counter holds, sorted by retired id.
     *
     * @return the markers, usually empty
     */
    public List<Pruning> prunings() {
        return prunings.list();
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
        if (prunings != other.prunings && !prunings.equals(other.prunings)) {
            Prunings all = prunings.union(other.prunings);      // throws on conflicting markers, as merge does
            Causality markers = Causality.of(prunings.isSubsetOf(other.prunings), other.prunings.isSubsetOf(prunings));
            if (markers == Causality.CONCURRENT) {
                return markers;
            }
            return translate(all).compare(other.translate(all)).and(markers);
        }
        return counts.compare(other.counts);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof GCounter && counts.equals(((GCounter) o).counts)
                && prunings.equals(((GCounter) o).prunings));
    }

    @Override
    public int hashCode() {
        return 31 * counts.hashCode() + prunings.hashCode();
    }

    /** Returns the value and the counts, e.g. {@code GCounter(8 {a:5, b:3})}. */
    @Override
    public String toString() {
        return "GCounter(" + value + " " + counts + (prunings.isEmpty() ? "" : " pruned " + prunings) + ")";
    }
}
