package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** BROKEN on purpose: a per-replica counter whose merge adds the counts instead of taking the maximum. */
final class AddingCounter implements Crdt<AddingCounter> {

    static final AddingCounter EMPTY = new AddingCounter(new TreeMap<>());

    private final TreeMap<String, Long> counts;

    private AddingCounter(TreeMap<String, Long> counts) {
        this.counts = counts;
    }

    AddingCounter increment(ReplicaId replica, long amount) {
        TreeMap<String, Long> next = new TreeMap<>(counts);
        next.merge(replica.name(), amount, Long::sum);
        return new AddingCounter(next);
    }

    @Override
    public AddingCounter merge(AddingCounter other) {
        TreeMap<String, Long> sum = new TreeMap<>(counts);
        other.counts.forEach((replica, n) -> sum.merge(replica, n, Long::sum)); // BUG: should be Math::max
        return new AddingCounter(sum);
    }

    @Override
    public Causality compare(AddingCounter other) {
        boolean leq = true;
        boolean geq = true;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            leq &= e.getValue() <= other.counts.getOrDefault(e.getKey(), 0L);
        }
        for (Map.Entry<String, Long> e : other.counts.entrySet()) {
            geq &= e.getValue() <= counts.getOrDefault(e.getKey(), 0L);
        }
        return Causality.of(leq, geq);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddingCounter && counts.equals(((AddingCounter) o).counts);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(counts);
    }

    @Override
    public String toString() {
        return "AddingCounter" + counts;
    }
}
