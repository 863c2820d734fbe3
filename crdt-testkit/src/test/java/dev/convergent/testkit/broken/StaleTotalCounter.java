package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;

/**
 * BROKEN on purpose: a G-Counter that caches its total and updates the cache wrongly on merge (adds
 * both totals). Its equals covers the counts only, as it should, so every semilattice law holds; only
 * the value a user reads is wrong.
 */
final class StaleTotalCounter implements Crdt<StaleTotalCounter> {

    static final StaleTotalCounter EMPTY = new StaleTotalCounter(VersionVector.empty(), 0);

    private final VersionVector counts;
    private final long total;

    private StaleTotalCounter(VersionVector counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    StaleTotalCounter increment(ReplicaId replica, long amount) {
        return new StaleTotalCounter(counts.advance(replica, counts.get(replica) + amount), total + amount);
    }

    long value() {
        return total;
    }

    @Override
    public StaleTotalCounter merge(StaleTotalCounter other) {
        return new StaleTotalCounter(counts.merge(other.counts), total + other.total); // BUG: counts.merge(..).sum()
    }

    @Override
    public Causality compare(StaleTotalCounter other) {
        return counts.compare(other.counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StaleTotalCounter && counts.equals(((StaleTotalCounter) o).counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "StaleTotalCounter(" + total + " " + counts + ")";
    }
}
