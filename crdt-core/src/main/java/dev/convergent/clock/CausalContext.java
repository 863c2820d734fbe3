package dev.convergent.clock;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A set of dots, stored compactly: a version vector for the contiguous prefix of each replica's
 * dots, plus a <em>dot cloud</em> of the dots outside it. Delta-state CRDTs need the cloud: a
 * delta carries only the dots it adds or removes, so a replica that receives delta 3 before delta
 * 2 holds {@code {a:1}} plus the cloud {@code {a:3}}, and compacts to {@code {a:3}} when delta 2
 * arrives.
 *
 * <p>Merge rule: set union, compacted. Order: set inclusion. Every instance is compact: no cloud
 * dot is covered by the vector or extends it contiguously, so equal sets have equal
 * representations. {@link #contains} costs O(log n); merge costs O(replicas + cloud).
 *
 * <p>Immutable and thread-safe; value-based.
 */
public final class CausalContext implements Crdt<CausalContext> {

    private static final Dot[] NO_DOTS = new Dot[0];
    private static final CausalContext EMPTY = new CausalContext(VersionVector.empty(), NO_DOTS);

    private final VersionVector compact;
    private final Dot[] cloud;

    private CausalContext(VersionVector compact, Dot[] cloud) {
        this.compact = compact;
        this.cloud = cloud;
    }

    /**
     * Returns the context that has seen no dot.
     *
     * @return the empty context (a shared instance)
     */
    public static CausalContext empty() {
        return EMPTY;
    }

    /**
     * Returns the context holding every dot a version vector covers.
     *
     * @param vector the contiguous dots
     * @return the context
     * @throws NullPointerException if {@code vector} is null
     */
    public static CausalContext of(VersionVector vector) {
        Objects.requireNonNull(vector, "vector");
        return vector.isEmpty() ? EMPTY : new CausalContext(vector, NO_DOTS);
    }

    /**
     * Returns the context holding the dots a version vector covers plus the given dots, compacted.
     *
     * @param vector the contiguous dots
     * @param dots further dots, in any order, possibly covered or repeated
     * @return the context
     * @throws NullPointerException if an argument or a dot is null
     */
    public static CausalContext of(VersionVector vector, Collection<Dot> dots) {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(dots, "dots");
        Dot[] sorted = dots.toArray(NO_DOTS);
        for (Dot d : sorted) {
            Objects.requireNonNull(d, "dots contains null");
        }
        Arrays.sort(sorted);
        return compact(vector, sorted);
    }

    /**
     * Returns the context holding exactly the given dots.
     *
     * @param dots the dots
     * @return the context
     * @throws NullPointerException if {@code dots} or a dot is null
     */
    public static CausalContext ofDots(Collection<Dot> dots) {
        return of(VersionVector.empty(), dots);
    }

    /**
     * Folds sorted candidate dots into the vector, keeping the rest as a sorted, duplicate-free cloud. One pass is
     * enough: the dots come sorted by replica, then counter, so once a replica's next dot leaves a gap, its vector
     * entry never advances again in this pass and no later dot of that replica can become contiguous. Each replica's
     * run of dots reads the vector once, and the advanced entries join it in one merge: O(n + r log r) for n dots
     * of r replicas, where folding dot by dot would copy the vector for each.
     */
    private static CausalContext compact(VersionVector vector, Dot[] sortedDots) {
        ReplicaId[] advancedIds = null;
        long[] advancedTo = null;
        int advanced = 0;
        List<Dot> rest = null;
        for (int i = 0; i < sortedDots.length;) {
            ReplicaId r = sortedDots[i].replica();
            long before = vector.get(r);
            long seen = before;
            for (; i < sortedDots.length && sortedDots[i].replica().equals(r); i++) {
                Dot d = sortedDots[i];
                if (d.counter() <= seen) {
                    continue;
                }
                if (d.counter() == seen + 1) { // after a gap no later dot of r is seen + 1: they are sorted
                    seen = d.counter();
                    continue;
                }
                if (rest == null) {
                    rest = new ArrayList<>();
                }
                if (rest.isEmpty() || !rest.get(rest.size() - 1).equals(d)) {
                    rest.add(d);
                }
            }
            if (seen > before) {
                if (advancedIds == null) {
                    advancedIds = new ReplicaId[Math.min(sortedDots.length, 8)];
                    advancedTo = new long[advancedIds.length];
                } else if (advanced == advancedIds.length) {
                    advancedIds = Arrays.copyOf(advancedIds, 2 * advanced);
                    advancedTo = Arrays.copyOf(advancedTo, advancedIds.length);
                }
                advancedIds[advanced] = r;
                advancedTo[advanced++] = seen;
            }
        }
        VersionVector v = advanced == 0 ? vector
                : vector.merge(VersionVector.ofSorted(advancedIds, advancedTo, advanced));
        if (rest == null) {
            return v.isEmpty() ? EMPTY : new CausalContext(v, NO_DOTS);
        }
        return new CausalContext(v, rest.toArray(NO_DOTS));
    }

    /**
     * Returns whether the context holds {@code dot}.
     *
     * @param dot the dot
     * @return whether it has been seen
     * @throws NullPointerException if {@code dot} is null
     */
    public boolean contains(Dot dot) {
        Objects.requireNonNull(dot, "dot");
        return compact.get(dot.replica()) >= dot.counter()
                || (cloud.length > 0 && Arrays.binarySearch(cloud, dot) >= 0);
    }

    /**
     * Returns the next dot {@code replica} generates: one past the largest it has seen of that replica.
     *
     * @param replica the replica
     * @return the fresh dot
     * @throws NullPointerException if {@code replica} is null
     */
    public Dot nextDot(ReplicaId replica) {
        long max = compact.get(replica);
        for (Dot d : cloud) {
            if (d.replica().equals(replica)) {
                max = Math.max(max, d.counter());
            }
        }
        if (max == Long.MAX_VALUE) {
            throw new dev.convergent.lattice.CounterOverflowException("dots of " + replica + " are exhausted");
        }
        return Dot.of(replica, max + 1);
    }

    /**
     * Returns the context with {@code dot} added, compacted. Inflates.
     *
     * @param dot the dot
     * @return the context holding it ({@code this} if it already did)
     * @throws NullPointerException if {@code dot} is null
     */
    public CausalContext add(Dot dot) {
        Objects.requireNonNull(dot, "dot");
        if (cloud.length == 0) { // the common case, a context without gaps: one lookup decides
            long seen = compact.get(dot.replica());
            if (seen >= dot.counter()) {
                return this;
            }
            if (seen + 1 == dot.counter()) {
                return new CausalContext(compact.increment(dot.replica()), NO_DOTS);
            }
        }
        if (contains(dot)) {
            return this;
        }
        Dot[] all = Arrays.copyOf(cloud, cloud.length + 1);
        all[cloud.length] = dot;
        Arrays.sort(all);
        return compact(compact, all);
    }

    /**
     * Returns the union of both contexts, compacted. Idempotent, commutative and associative.
     *
     * @param other the context to merge with
     * @return the union
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public CausalContext merge(CausalContext other) {
        Objects.requireNonNull(other, "other");
        // a delta's context is often one dot: add it without sorting and compacting a merged cloud
        if (other.compact.isEmpty() && other.cloud.length == 1) {
            return add(other.cloud[0]);
        }
        if (compact.isEmpty() && cloud.length == 1) {
            return other.add(cloud[0]);
        }
        VersionVector v = compact.merge(other.compact);
        if (cloud.length == 0 && other.cloud.length == 0) {
            return v == compact ? this : v == other.compact ? other : new CausalContext(v, NO_DOTS);
        }
        Dot[] all = new Dot[cloud.length + other.cloud.length];
        System.arraycopy(cloud, 0, all, 0, cloud.length);
        System.arraycopy(other.cloud, 0, all, cloud.length, other.cloud.length);
        Arrays.sort(all);
        CausalContext merged = compact(v, all);
        return merged.equals(this) ? this : merged.equals(other) ? other : merged;
    }

    /**
     * Compares by set inclusion.
     *
     * @param other the context to compare with
     * @return {@code BEFORE} if this is a proper subset of {@code other}, and so on
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(CausalContext other) {
        Objects.requireNonNull(other, "other");
        if (cloud.length == 0 && other.cloud.length == 0) {
            return compact.compare(other.compact);
        }
        return Causality.of(other.includes(this), includes(other));
    }

    /**
     * Returns whether every dot of {@code other} is in this context.
     *
     * @param other the context
     * @return whether {@code other} is a subset of this context
     * @throws NullPointerException if {@code other} is null
     */
    public boolean includes(CausalContext other) {
        Objects.requireNonNull(other, "other");
        VersionVector ov = other.compact;
        for (int i = 0; i < ov.size(); i++) {
            ReplicaId r = ov.replicaAt(i);
            long upTo = ov.counterAt(i);
            long mine = compact.get(r);
            for (long c = mine + 1; c <= upTo; c++) {
                if (!contains(Dot.of(r, c))) {
                    return false;
                }
            }
        }
        for (Dot d : other.cloud) {
            if (!contains(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns size statistics: replica ids carried, dots in the cloud, and estimated encoded bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        Set<ReplicaId> replicas = new HashSet<>(compact.entries().keySet());
        for (Dot d : cloud) {
            replicas.add(d.replica());
        }
        return new CrdtStats(replicas.size(), 0, cloud.length, 0, 0, estimatedBytes());
    }

    long estimatedBytes() {
        return compact.estimatedBytes() + 1 + 3L * cloud.length;
    }

    /**
     * Returns the contiguous part: for each replica, the dots 1..n it has seen without a gap.
     *
     * @return the version vector
     */
    public VersionVector versionVector() {
        return compact;
    }

    /**
     * Returns the dots outside the contiguous part, sorted.
     *
     * @return the dot cloud (unmodifiable)
     */
    public List<Dot> cloud() {
        return List.of(cloud);
    }

    /**
     * Returns how many dots lie outside the contiguous part: {@code cloud().size()}, without a copy.
     *
     * @return the size of the dot cloud
     */
    public int cloudSize() {
        return cloud.length;
    }

    /**
     * Returns whether the context has no dot cloud, i.e. is exactly a version vector.
     *
     * @return whether the cloud is empty
     */
    public boolean isCompact() {
        return cloud.length == 0;
    }

    /**
     * Returns whether the context holds no dot.
     *
     * @return whether it is empty
     */
    public boolean isEmpty() {
        return compact.isEmpty() && cloud.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CausalContext)) {
            return false;
        }
        CausalContext c = (CausalContext) o;
        return compact.equals(c.compact) && Arrays.equals(cloud, c.cloud);
    }

    @Override
    public int hashCode() {
        return 31 * compact.hashCode() + Arrays.hashCode(cloud);
    }

    /** Returns the vector and the cloud, e.g. {@code {a:2} + [a:4, b:7]}; just the vector when the cloud is empty. */
    @Override
    public String toString() {
        return cloud.length == 0 ? compact.toString() : compact + " + " + Arrays.toString(cloud);
    }
}
