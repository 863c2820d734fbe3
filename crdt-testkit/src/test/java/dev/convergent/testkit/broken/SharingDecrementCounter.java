package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * BROKEN on purpose: a PN-Counter whose decrement writes into the map it shares with its input, so the
 * state it was called on changes too. Merge, compare and increment copy, so the order, the semilattice
 * and convergence all hold: replicas that still hold the old state simply see the decrement early.
 */
final class SharingDecrementCounter implements Crdt<SharingDecrementCounter> {

    private final TreeMap<ReplicaId, Long> up;
    private final TreeMap<ReplicaId, Long> down;

    private SharingDecrementCounter(TreeMap<ReplicaId, Long> up, TreeMap<ReplicaId, Long> down) {
        this.up = up;
        this.down = down;
    }

    static SharingDecrementCounter empty() {
        return new SharingDecrementCounter(new TreeMap<>(), new TreeMap<>());
    }

    SharingDecrementCounter increment(ReplicaId replica, long amount) {
        TreeMap<ReplicaId, Long> more = new TreeMap<>(up);
        more.merge(replica, amount, Long::sum);
        return new SharingDecrementCounter(more, down);
    }

    SharingDecrementCounter decrement(ReplicaId replica, long amount) {
        down.merge(replica, amount, Long::sum); // BUG: writes into the input's map; copy it first
        return new SharingDecrementCounter(up, down);
    }

    long value() {
        return sum(up) - sum(down);
    }

    @Override
    public SharingDecrementCounter merge(SharingDecrementCounter other) {
        return new SharingDecrementCounter(max(up, other.up), max(down, other.down));
    }

    @Override
    public Causality compare(SharingDecrementCounter other) {
        Causality ups = compare(up, other.up);
        Causality downs = compare(down, other.down);
        if (ups == downs || downs == Causality.EQUAL) {
            return ups;
        }
        return ups == Causality.EQUAL ? downs : Causality.CONCURRENT;
    }

    private static Causality compare(Map<ReplicaId, Long> a, Map<ReplicaId, Long> b) {
        boolean less = false;
        boolean greater = false;
        TreeSet<ReplicaId> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (ReplicaId k : keys) {
            int c = Long.compare(a.getOrDefault(k, 0L), b.getOrDefault(k, 0L));
            less |= c < 0;
            greater |= c > 0;
        }
        return less && greater ? Causality.CONCURRENT
                : less ? Causality.BEFORE : greater ? Causality.AFTER : Causality.EQUAL;
    }

    private static TreeMap<ReplicaId, Long> max(Map<ReplicaId, Long> a, Map<ReplicaId, Long> b) {
        TreeMap<ReplicaId, Long> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Math::max));
        return m;
    }

    private static long sum(Map<ReplicaId, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharingDecrementCounter c && nonZero(up).equals(nonZero(c.up))
                && nonZero(down).equals(nonZero(c.down));
    }

    private static Map<ReplicaId, Long> nonZero(Map<ReplicaId, Long> counts) {
        TreeMap<ReplicaId, Long> m = new TreeMap<>(counts);
        m.values().removeIf(v -> v == 0L);
        return m;
    }

    @Override
    public int hashCode() {
        return 31 * nonZero(up).hashCode() + nonZero(down).hashCode();
    }

    @Override
    public String toString() {
        return "SharingDecrementCounter(+" + up + " -" + down + ")";
    }
}
