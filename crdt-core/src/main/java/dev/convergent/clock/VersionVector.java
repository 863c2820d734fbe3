package dev.convergent.clock;

import dev.convergent.crdt.CounterOverflowException;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.CrdtStats;
import dev.convergent.crdt.Mutation;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A version vector: for each replica, how many of its events have been seen. A missing entry
 * means 0, so {@code {a:1}} equals {@code {a:1, b:0}}.
 *
 * <p>Merge rule: the pointwise maximum. Order: {@code u} is {@code BEFORE} {@code v} when every
 * entry of {@code u} is at most the matching entry of {@code v} and one is smaller; when each has
 * an entry larger than the other's, the two are {@code CONCURRENT}.
 *
 * <p>Representation: two parallel arrays sorted by replica id, holding only non-zero entries.
 * {@link #get} costs O(log n); {@link #merge} and {@link #compare} are one linear pass, and
 * {@code compare} allocates nothing. Immutable and thread-safe; value-based.
 */
public final class VersionVector implements Crdt<VersionVector> {

    private static final ReplicaId[] NO_IDS = new ReplicaId[0];
    /** Up to this many entries, a lookup scans by reference instead of searching by name. */
    private static final int SCAN = 8;
    private static final long[] NO_COUNTERS = new long[0];
    private static final VersionVector EMPTY = new VersionVector(NO_IDS, NO_COUNTERS);

    private final ReplicaId[] ids;
    private final long[] counters;

    private VersionVector(ReplicaId[] ids, long[] counters) {
        this.ids = ids;
        this.counters = counters;
    }

    /**
     * Returns the vector that has seen nothing.
     *
     * @return the empty vector (a shared instance)
     */
    public static VersionVector empty() {
        return EMPTY;
    }

    /**
     * Returns a vector with the given entries. Zero entries are dropped.
     *
     * @param entries counter per replica, each at least 0
     * @return the vector
     * @throws NullPointerException if {@code entries} or any key or value is null
     * @throws IllegalArgumentException if a counter is negative
     */
    public static VersionVector of(Map<ReplicaId, Long> entries) {
        Objects.requireNonNull(entries, "entries");
        int n = 0;
        ReplicaId[] ids = new ReplicaId[entries.size()];
        long[] counters = new long[entries.size()];
        for (Map.Entry<ReplicaId, Long> e : entries.entrySet()) {
            ReplicaId id = Objects.requireNonNull(e.getKey(), "entries contains a null replica");
            long counter = Objects.requireNonNull(e.getValue(), "entries contains a null counter");
            if (counter < 0) {
                throw new IllegalArgumentException("counter of " + id + " must be >= 0, was " + counter);
            }
            if (counter > 0) {
                ids[n] = id;
                counters[n] = counter;
                n++;
            }
        }
        return fromUnsorted(ids, counters, n);
    }

    private static VersionVector fromUnsorted(ReplicaId[] ids, long[] counters, int n) {
        if (n == 0) {
            return EMPTY;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> ids[x].compareTo(ids[y]));
        ReplicaId[] sortedIds = new ReplicaId[n];
        long[] sortedCounters = new long[n];
        for (int i = 0; i < n; i++) {
            sortedIds[i] = ids[order[i]];
            sortedCounters[i] = counters[order[i]];
            if (i > 0 && sortedIds[i].equals(sortedIds[i - 1])) {
                throw new IllegalArgumentException("replica " + sortedIds[i] + " given twice");
            }
        }
        return new VersionVector(sortedIds, sortedCounters);
    }

    /**
     * Returns the number of events of {@code replica} this vector has seen.
     *
     * @param replica the replica
     * @return its counter, 0 if absent
     * @throws NullPointerException if {@code replica} is null
     */
    public long get(ReplicaId replica) {
        Objects.requireNonNull(replica, "replica");
        ReplicaId[] a = ids;
        if (a.length <= SCAN) {
            // ids are interned, so equal ids are the same object: a short scan by reference needs no string compare
            for (int i = 0; i < a.length; i++) {
                if (a[i] == replica) {
                    return counters[i];
                }
            }
            return 0L;
        }
        int i = indexOf(replica);
        return i >= 0 ? counters[i] : 0L;
    }

    /**
     * Returns whether this vector has seen the given dot, i.e. {@code get(dot.replica()) >= dot.counter()}.
     *
     * @param dot the event
     * @return whether it is covered
     * @throws NullPointerException if {@code dot} is null
     */
    public boolean contains(Dot dot) {
        Objects.requireNonNull(dot, "dot");
        return get(dot.replica()) >= dot.counter();
    }

    /**
     * Records one more event of {@code replica}. Inflates: the result is {@code AFTER} this vector.
     *
     * @param replica the replica that generated the event
     * @return the vector with that replica's counter one higher
     * @throws NullPointerException if {@code replica} is null
     * @throws CounterOverflowException if the counter is already {@link Long#MAX_VALUE}
     */
    public VersionVector increment(ReplicaId replica) {
        long current = get(replica);
        if (current == Long.MAX_VALUE) {
            throw new CounterOverflowException("counter of " + replica + " would overflow past " + current);
        }
        return with(replica, current + 1);
    }

    /**
     * Records one more event of {@code replica} and returns the delta too: the single entry
     * {@code {replica:n}}, which merged into any vector that has seen the old state gives the new one.
     *
     * @param replica the replica that generated the event
     * @return the incremented vector and its one-entry delta
     * @throws NullPointerException if {@code replica} is null
     * @throws CounterOverflowException if the counter is already {@link Long#MAX_VALUE}
     */
    public Mutation<VersionVector> incrementDelta(ReplicaId replica) {
        VersionVector next = increment(replica);
        return new Mutation<>(next, EMPTY.with(replica, next.get(replica)));
    }

    /**
     * Raises the counter of {@code replica} to at least {@code counter}: the join with the
     * single-entry vector {@code {replica:counter}}. Inflates.
     *
     * @param replica the replica
     * @param counter the least counter the result holds for it, at least 0
     * @return this vector if it already holds that much, else the raised vector
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code counter} is negative
     */
    public VersionVector advance(ReplicaId replica, long counter) {
        Objects.requireNonNull(replica, "replica");
        if (counter < 0) {
            throw new IllegalArgumentException("counter must be >= 0, was " + counter);
        }
        return get(replica) >= counter ? this : with(replica, counter);
    }

    /**
     * Returns this vector without {@code replica}'s entry, as if that replica had never counted. Not
     * an inflation: the result is {@code BEFORE} or {@code EQUAL} to this vector. Pruning a retired
     * replica from a counter uses it; a clock should not.
     *
     * @param replica the replica to drop
     * @return the vector without its entry ({@code this} if it had none)
     * @throws NullPointerException if {@code replica} is null
     */
    public VersionVector without(ReplicaId replica) {
        Objects.requireNonNull(replica, "replica");
        int at = indexOf(replica);
        if (at < 0) {
            return this;
        }
        int n = ids.length;
        if (n == 1) {
            return empty();
        }
        ReplicaId[] newIds = new ReplicaId[n - 1];
        long[] newCounters = new long[n - 1];
        System.arraycopy(ids, 0, newIds, 0, at);
        System.arraycopy(counters, 0, newCounters, 0, at);
        System.arraycopy(ids, at + 1, newIds, at, n - at - 1);
        System.arraycopy(counters, at + 1, newCounters, at, n - at - 1);
        return new VersionVector(newIds, newCounters);
    }

    private VersionVector with(ReplicaId replica, long counter) {
        int i = indexOf(replica);
        if (i >= 0) {
            long[] newCounters = counters.clone();
            newCounters[i] = counter;
            return new VersionVector(ids, newCounters);
        }
        int at = -i - 1;
        int n = ids.length;
        ReplicaId[] newIds = new ReplicaId[n + 1];
        long[] newCounters = new long[n + 1];
        System.arraycopy(ids, 0, newIds, 0, at);
        System.arraycopy(counters, 0, newCounters, 0, at);
        newIds[at] = replica;
        newCounters[at] = counter;
        System.arraycopy(ids, at, newIds, at + 1, n - at);
        System.arraycopy(counters, at, newCounters, at + 1, n - at);
        return new VersionVector(newIds, newCounters);
    }

    private int indexOf(ReplicaId replica) {
        int lo = 0;
        int hi = ids.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = ids[mid].compareTo(replica);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /**
     * Returns the pointwise maximum. Idempotent, commutative and associative. Returns one of the
     * inputs unchanged (no allocation) when it already dominates the other.
     *
     * @param other the vector to merge with
     * @return the least vector that has seen everything both have
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public VersionVector merge(VersionVector other) {
        Objects.requireNonNull(other, "other");
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        long[] ca = counters;
        long[] cb = other.counters;
        int i = 0;
        int j = 0;
        int union = 0;
        boolean aBigger = false;
        boolean bBigger = false;
        while (i < a.length && j < b.length) {
            ReplicaId x = a[i];
            ReplicaId y = b[j];
            int c = x == y ? 0 : x.compareTo(y);
            if (c == 0) {
                long u = ca[i++];
                long v = cb[j++];
                aBigger |= u > v;
                bBigger |= v > u;
            } else if (c < 0) {
                i++;
                aBigger = true;
            } else {
                j++;
                bBigger = true;
            }
            union++;
            if (aBigger && bBigger) {
                // concurrent: the result is new; size it by the bound and merge in one more pass
                return mergeInto(other, a.length + b.length);
            }
        }
        aBigger |= i < a.length;
        bBigger |= j < b.length;
        if (!bBigger) {
            return this;
        }
        if (!aBigger) {
            return other;
        }
        return mergeInto(other, union + (a.length - i) + (b.length - j));
    }

    /** Merges into fresh arrays of {@code capacity} entries (at least the union), trimmed to the union. */
    private VersionVector mergeInto(VersionVector other, int capacity) {
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        long[] ca = counters;
        long[] cb = other.counters;
        ReplicaId[] ids = new ReplicaId[capacity];
        long[] out = new long[capacity];
        int i = 0;
        int j = 0;
        j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            ReplicaId x = a[i];
            ReplicaId y = b[j];
            int c = x == y ? 0 : x.compareTo(y);
            if (c == 0) {
                ids[k] = x;
                out[k++] = Math.max(ca[i++], cb[j++]);
            } else if (c < 0) {
                ids[k] = x;
                out[k++] = ca[i++];
            } else {
                ids[k] = y;
                out[k++] = cb[j++];
            }
        }
        for (; i < a.length; i++, k++) {
            ids[k] = a[i];
            out[k] = ca[i];
        }
        for (; j < b.length; j++, k++) {
            ids[k] = b[j];
            out[k] = cb[j];
        }
        return k == capacity ? new VersionVector(ids, out)
                : new VersionVector(Arrays.copyOf(ids, k), Arrays.copyOf(out, k));
    }

    /**
     * Compares the vectors entry by entry, in one pass that allocates nothing.
     *
     * @param other the vector to compare with
     * @return {@code BEFORE}, {@code EQUAL}, {@code AFTER} or {@code CONCURRENT}
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(VersionVector other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return Causality.EQUAL;
        }
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        long[] ca = counters;
        long[] cb = other.counters;
        int i = 0;
        int j = 0;
        boolean aBigger = false;
        boolean bBigger = false;
        while (i < a.length && j < b.length) {
            ReplicaId x = a[i];
            ReplicaId y = b[j];
            int c = x == y ? 0 : x.compareTo(y);
            if (c == 0) {
                long u = ca[i++];
                long v = cb[j++];
                aBigger |= u > v;
                bBigger |= v > u;
            } else if (c < 0) {
                i++;
                aBigger = true;
            } else {
                j++;
                bBigger = true;
            }
            if (aBigger && bBigger) {
                return Causality.CONCURRENT;
            }
        }
        aBigger |= i < a.length;
        bBigger |= j < b.length;
        return Causality.of(!aBigger, !bBigger);
    }

    /**
     * Returns whether this vector has seen everything {@code other} has and more: {@code compare(other) == AFTER}.
     *
     * @param other the vector to compare with
     * @return whether this vector strictly dominates {@code other}
     * @throws NullPointerException if {@code other} is null
     */
    public boolean dominates(VersionVector other) {
        return compare(other) == Causality.AFTER;
    }

    /**
     * Returns whether neither vector has seen everything the other has.
     *
     * @param other the vector to compare with
     * @return {@code compare(other) == CONCURRENT}
     * @throws NullPointerException if {@code other} is null
     */
    public boolean isConcurrentWith(VersionVector other) {
        return compare(other) == Causality.CONCURRENT;
    }

    /**
     * Returns the number of replicas with a non-zero counter.
     *
     * @return the number of entries
     */
    public int size() {
        return ids.length;
    }

    /**
     * Returns whether every counter is 0.
     *
     * @return whether this is the empty vector
     */
    public boolean isEmpty() {
        return ids.length == 0;
    }

    /**
     * Returns the sum of all counters: the number of events this vector has seen.
     *
     * @return the sum
     * @throws CounterOverflowException if the sum exceeds {@link Long#MAX_VALUE}
     */
    public long sum() {
        long total = 0;
        for (long c : counters) {
            total += c;
            if (total < 0) {
                throw new CounterOverflowException("sum of " + this + " exceeds " + Long.MAX_VALUE);
            }
        }
        return total;
    }

    /**
     * Returns the entries of this vector that are greater than in {@code peer}: the smallest
     * vector {@code d} with {@code peer.merge(d).equals(peer.merge(this))}.
     *
     * @param peer what the peer has seen
     * @return the missing entries
     * @throws NullPointerException if {@code peer} is null
     */
    public VersionVector diff(VersionVector peer) {
        Objects.requireNonNull(peer, "peer");
        int n = 0;
        ReplicaId[] missing = new ReplicaId[ids.length];
        long[] values = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (counters[i] > peer.get(ids[i])) {
                missing[n] = ids[i];
                values[n++] = counters[i];
            }
        }
        if (n == ids.length) {
            return this;
        }
        return n == 0 ? EMPTY : new VersionVector(Arrays.copyOf(missing, n), Arrays.copyOf(values, n));
    }

    /**
     * Returns size statistics: entries, and an estimate of the encoded bytes (each id written once
     * with its name, counters as varints).
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return new CrdtStats(ids.length, 0, 0, ids.length, 0, estimatedBytes());
    }

    long estimatedBytes() {
        long bytes = 1;
        for (int i = 0; i < ids.length; i++) {
            bytes += 1 + ids[i].name().length() + Math.max(1, (70 - Long.numberOfLeadingZeros(counters[i])) / 7);
        }
        return bytes;
    }

    /**
     * Returns the non-zero entries, sorted by replica id.
     *
     * @return an unmodifiable map from replica to counter
     */
    public Map<ReplicaId, Long> entries() {
        Map<ReplicaId, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            map.put(ids[i], counters[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns the replica at a position in replica-id order; with {@link #counterAt} this walks the
     * entries without allocating.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the replica id
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public ReplicaId replicaAt(int index) {
        return ids[Objects.checkIndex(index, ids.length)];
    }

    /**
     * Returns the counter at a position in replica-id order.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the counter, at least 1
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public long counterAt(int index) {
        return counters[Objects.checkIndex(index, counters.length)];
    }

    /**
     * Two vectors are equal when they hold the same counter for every replica (missing means 0).
     *
     * @param o the object to compare with
     * @return whether {@code o} is an equal vector
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VersionVector)) {
            return false;
        }
        VersionVector v = (VersionVector) o;
        return Arrays.equals(counters, v.counters) && Arrays.equals(ids, v.ids);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(counters);
    }

    /** Returns the entries as {@code {a:1, b:2}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ids[i]).append(':').append(counters[i]);
        }
        return sb.append('}').toString();
    }
}
