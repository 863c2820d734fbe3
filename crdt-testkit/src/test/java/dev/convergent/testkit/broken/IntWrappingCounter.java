package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * BROKEN on purpose: a G-Counter that keeps each replica's count in an {@code int} and adds without an
 * overflow check, so a count past {@code 2^31 - 1} wraps to a negative number and goes down.
 */
final class IntWrappingCounter implements Crdt<IntWrappingCounter> {

    static final IntWrappingCounter EMPTY = new IntWrappingCounter(new TreeMap<>());

    private final TreeMap<ReplicaId, Integer> counts;

    private IntWrappingCounter(TreeMap<ReplicaId, Integer> counts) {
        this.counts = counts;
    }

    IntWrappingCounter increment(ReplicaId replica, int amount) {
        TreeMap<ReplicaId, Integer> next = new TreeMap<>(counts);
        next.merge(replica, amount, Integer::sum); // BUG: Math.addExact, or count in a long
        return new IntWrappingCounter(next);
    }

    @Override
    public IntWrappingCounter merge(IntWrappingCounter other) {
        TreeMap<ReplicaId, Integer> m = new TreeMap<>(counts);
        other.counts.forEach((k, v) -> m.merge(k, v, Math::max));
        return new IntWrappingCounter(m);
    }

    @Override
    public Causality compare(IntWrappingCounter other) {
        boolean less = false;
        boolean greater = false;
        TreeSet<ReplicaId> keys = new TreeSet<>(counts.keySet());
        keys.addAll(other.counts.keySet());
        for (ReplicaId k : keys) {
            int c = Integer.compare(counts.getOrDefault(k, 0), other.counts.getOrDefault(k, 0));
            less |= c < 0;
            greater |= c > 0;
        }
        return less && greater ? Causality.CONCURRENT
                : less ? Causality.BEFORE : greater ? Causality.AFTER : Causality.EQUAL;
    }

    private Map<ReplicaId, Integer> nonZero() {
        TreeMap<ReplicaId, Integer> m = new TreeMap<>(counts);
        m.values().removeIf(v -> v == 0);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntWrappingCounter c && nonZero().equals(c.nonZero());
    }

    @Override
    public int hashCode() {
        return nonZero().hashCode();
    }

    @Override
    public String toString() {
        return "IntWrappingCounter" + counts;
    }
}
