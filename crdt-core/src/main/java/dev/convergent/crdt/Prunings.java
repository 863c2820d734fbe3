package dev.convergent.crdt;

import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pruning markers of one state, sorted by retired id; at most one per retired id, and no chain
 * of successors that loops. Joins by union. Immutable; package-private.
 */
final class Prunings {

    static final Prunings NONE = new Prunings(new Pruning[0]);

    private static final Comparator<Pruning> BY_RETIRED = Comparator.comparing(Pruning::retired);

    private final Pruning[] sorted;

    private Prunings(Pruning[] sorted) {
        this.sorted = sorted;
    }

    /** Validates: no null, one marker per retired id, no loop of successors. */
    static Prunings of(Collection<Pruning> markers) {
        Objects.requireNonNull(markers, "prunings");
        if (markers.isEmpty()) {
            return NONE;
        }
        Pruning[] array = markers.toArray(new Pruning[0]);
        for (Pruning p : array) {
            Objects.requireNonNull(p, "prunings contains null");
        }
        Arrays.sort(array, BY_RETIRED);
        for (int i = 1; i < array.length; i++) {
            if (array[i].retired().equals(array[i - 1].retired()) && !array[i].equals(array[i - 1])) {
                throw new PruningConflictException("replica " + array[i].retired() + " was pruned twice: "
                        + array[i - 1] + " and " + array[i] + "; pick one successor per retired replica");
            }
        }
        Prunings result = new Prunings(dedupe(array));
        result.checkNoLoop();
        return result;
    }

    private static Pruning[] dedupe(Pruning[] sorted) {
        List<Pruning> out = new ArrayList<>(sorted.length);
        for (Pruning p : sorted) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(p)) {
                out.add(p);
            }
        }
        return out.toArray(new Pruning[0]);
    }

    private void checkNoLoop() {
        for (Pruning start : sorted) {
            ReplicaId at = start.successor();
            for (int steps = 0; ; steps++) {
                Pruning next = get(at);
                if (next == null) {
                    break;
                }
                if (steps >= sorted.length) {
                    throw new PruningConflictException("prunings loop through " + start.retired() + ": " + this);
                }
                at = next.successor();
            }
        }
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The marker of {@code retired}, or null. */
    Pruning get(ReplicaId retired) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = sorted[mid].retired().compareTo(retired);
            if (c == 0) {
                return sorted[mid];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    boolean isRetired(ReplicaId replica) {
        return sorted.length > 0 && get(replica) != null;
    }

    /** Whether every marker here is also in {@code other}. */
    boolean isSubsetOf(Prunings other) {
        if (this == other || sorted.length == 0) {
            return true;
        }
        for (Pruning p : sorted) {
            if (!p.equals(other.get(p.retired()))) {
                return false;
            }
        }
        return true;
    }

    /** Both sets of markers; throws if they prune one id differently or loop. */
    Prunings union(Prunings other) {
        if (this == other || other.sorted.length == 0 || equals(other)) {
            return this;
        }
        if (sorted.length == 0) {
            return other;
        }
        List<Pruning> all = new ArrayList<>(Arrays.asList(sorted));
        all.addAll(Arrays.asList(other.sorted));
        return of(all);
    }

    /**
     * These markers and one more. A marker for a replica not yet retired here is inserted in place, O(r): the
     * markers here had no loop, so a loop would have to run through the new one, and only its chain is walked.
     */
    Prunings plus(Pruning marker) {
        Objects.requireNonNull(marker, "marker");
        if (get(marker.retired()) != null) {
            List<Pruning> all = new ArrayList<>(Arrays.asList(sorted));
            all.add(marker);
            return of(all);
        }
        int at = 0;
        while (at < sorted.length && BY_RETIRED.compare(sorted[at], marker) < 0) {
            at++;
        }
        Pruning[] next = new Pruning[sorted.length + 1];
        System.arraycopy(sorted, 0, next, 0, at);
        next[at] = marker;
        System.arraycopy(sorted, at, next, at + 1, sorted.length - at);
        Prunings result = new Prunings(next);
        for (ReplicaId step = marker.successor(); ; ) {
            if (step.equals(marker.retired())) {
                throw new PruningConflictException("prunings loop through " + marker.retired() + ": " + result);
            }
            Pruning p = result.get(step);
            if (p == null) {
                return result;
            }
            step = p.successor();
        }
    }

    Prunings minus(ReplicaId retired) {
        if (get(retired) == null) {
            return this;
        }
        List<Pruning> rest = new ArrayList<>(sorted.length - 1);
        for (Pruning p : sorted) {
            if (!p.retired().equals(retired)) {
                rest.add(p);
            }
        }
        return rest.isEmpty() ? NONE : new Prunings(rest.toArray(new Pruning[0]));
    }

    /**
     * Checks the arguments of a pruning against these markers: returns true when {@code retired} is
     * already pruned into {@code successor} (the pruning is then a no-op), false when it may proceed.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica, or {@code successor} was itself pruned
     */
    boolean alreadyPruned(ReplicaId retired, ReplicaId successor) {
        Objects.requireNonNull(retired, "retired");
        Objects.requireNonNull(successor, "successor");
        if (retired.equals(successor)) {
            throw new IllegalArgumentException("a replica cannot be pruned into itself: " + retired);
        }
        Pruning existing = get(retired);
        if (existing != null) {
            if (existing.successor().equals(successor)) {
                return true;
            }
            throw new IllegalArgumentException("replica " + retired + " was already pruned into "
                    + existing.successor() + ", not " + successor);
        }
        if (isRetired(successor)) {
            throw new IllegalArgumentException("successor " + successor + " was itself pruned ("
                    + get(successor) + ")");
        }
        return false;
    }

    /** The markers in retired-id order. */
    List<Pruning> list() {
        return List.of(sorted);
    }

    Set<ReplicaId> retired() {
        Set<ReplicaId> ids = new TreeSet<>();
        for (Pruning p : sorted) {
            ids.add(p.retired());
        }
        return ids;
    }

    /**
     * The dot that stands for {@code dot} once every marker is applied: renamed along the chain of
     * successors while its replica is retired, or {@code dot} itself.
     *
     * @throws PruningConflictException if the dot lies beyond what a marker on the way covers
     */
    Dot rename(Dot dot) {
        Dot d = dot;
        Pruning p;
        while (sorted.length > 0 && (p = get(d.replica())) != null) {
            d = p.rename(d.counter());
        }
        return d;
    }

    /** The live replica at the end of the chain of successors that starts with {@code replica}. */
    ReplicaId finalSuccessor(ReplicaId replica) {
        ReplicaId at = replica;
        Pruning p;
        while ((p = get(at)) != null) {
            at = p.successor();
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Prunings && Arrays.equals(sorted, ((Prunings) o).sorted));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
