package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;

/**
 * BROKEN on purpose: a G-Counter whose compare orders by value instead of per replica, so it calls
 * {@code {a:2}} below {@code {b:3}} although merging them gives neither.
 */
final class SumOrderedCounter implements Crdt<SumOrderedCounter> {

    static final SumOrderedCounter EMPTY = new SumOrderedCounter(GCounter.empty());

    private final GCounter counter;

    private SumOrderedCounter(GCounter counter) {
        this.counter = counter;
    }

    SumOrderedCounter increment(ReplicaId replica, long amount) {
        return new SumOrderedCounter(counter.increment(replica, amount));
    }

    @Override
    public SumOrderedCounter merge(SumOrderedCounter other) {
        return new SumOrderedCounter(counter.merge(other.counter));
    }

    @Override
    public Causality compare(SumOrderedCounter other) {
        if (counter.equals(other.counter)) {
            return Causality.EQUAL;
        }
        int c = Long.compare(counter.value(), other.counter.value()); // BUG: totals are not the order
        return c < 0 ? Causality.BEFORE : c > 0 ? Causality.AFTER : Causality.CONCURRENT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SumOrderedCounter && counter.equals(((SumOrderedCounter) o).counter);
    }

    @Override
    public int hashCode() {
        return counter.hashCode();
    }

    @Override
    public String toString() {
        return "SumOrderedCounter" + counter.counts();
    }
}
