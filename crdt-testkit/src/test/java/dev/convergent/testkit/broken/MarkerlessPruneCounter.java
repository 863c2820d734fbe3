package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * BROKEN on purpose: a G-Counter whose pruning folds the retired replica's count into the successor's
 * and deletes it, but records no marker. Each state is a fine counter, and the pruned state keeps its
 * value; but a state from before the pruning brings the retired count back, and the merge counts it
 * twice.
 */
final class MarkerlessPruneCounter implements Crdt<MarkerlessPruneCounter>, Prunable<MarkerlessPruneCounter> {

    static final MarkerlessPruneCounter EMPTY = new MarkerlessPruneCounter(VersionVector.empty());

    private final VersionVector counts;

    private MarkerlessPruneCounter(VersionVector counts) {
        this.counts = counts;
    }

    MarkerlessPruneCounter increment(ReplicaId replica, long amount) {
        return amount == 0 ? this : new MarkerlessPruneCounter(counts.advance(replica, counts.get(replica) + amount));
    }

    long value() {
        return counts.sum();
    }

    @Override
    public MarkerlessPruneCounter prune(ReplicaId retired, ReplicaId successor) {
        Map<ReplicaId, Long> folded = new HashMap<>(counts.entries());
        Long count = folded.remove(retired);
        if (count != null) {
            folded.merge(successor, count, Long::sum);                 // BUG: no marker for the others
        }
        return new MarkerlessPruneCounter(VersionVector.of(folded));
    }

    @Override
    public Set<ReplicaId> retiredReplicas() {
        return Set.of();
    }

    @Override
    public Set<ReplicaId> replicaIds() {
        return counts.entries().keySet();
    }

    @Override
    public MarkerlessPruneCounter forgetPruning(ReplicaId retired) {
        return this;
    }

    @Override
    public MarkerlessPruneCounter merge(MarkerlessPruneCounter other) {
        return new MarkerlessPruneCounter(counts.merge(other.counts));
    }

    @Override
    public Causality compare(MarkerlessPruneCounter other) {
        return counts.compare(other.counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarkerlessPruneCounter && counts.equals(((MarkerlessPruneCounter) o).counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "MarkerlessPruneCounter(" + value() + " " + counts + ")";
    }
}
