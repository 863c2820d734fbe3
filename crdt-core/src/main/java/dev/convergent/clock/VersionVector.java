package dev.convergent.clock;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
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
 * <p>Representation: the replica ids in one array sorted by id, holding only non-zero entries, and
 * their counters in chunks of 32 (the last one shorter), so that a write copies one chunk and the
 * chunk index, not every counter: {@link #increment}, {@link #advance} and merging a few-entry delta
 * cost O(k log n + n/32) for k entries into n, and share every untouched chunk and the id array
 * with this vector. {@link #get} costs O(log n); {@link #merge} and {@link #compare} of two vectors
 * are one linear pass, and a pass over two vectors of one lineage (sharing their id array, as a
 * vector and its increments do) skips every chunk the two share. {@code compare} allocates
 * nothing. Immutable and thread-safe; value-based.
 */
public final class VersionVector implements Crdt<VersionVector> {

    private static final ReplicaId[] NO_IDS = new ReplicaId[0];
    private static final long[][] NO_CHUNKS = new long[0][];
    /** Up to this many entries, a lookup scans by reference instead of searching by name. */
    private static final int SCAN = 8;
    /** Counters are kept in chunks of {@code 1 << SHIFT} entries. */
    private static final int SHIFT = 5;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;
    /** A vector at most 1/SPARSE the size of another merges into it by lookups instead of a walk over both. */
    private static final int SPARSE = 16;
    /** Bits of a walk's answer: this vector has an entry above the other's; the other has one above this. */
    private static final long A_BIGGER = 1L << 32;
    private static final long B_BIGGER = 1L << 33;
    private static final VersionVector EMPTY = new VersionVector(NO_IDS, NO_CHUNKS);

    private final ReplicaId[] ids;
    /** {@code chunks[i >>> SHIFT][i & MASK]} is the counter of {@code ids[i]}; every chunk but the last is full. */
    private final long[][] chunks;
    /**
     * The position last looked up or written, tried before a search: a replica writes its own entry again and
     * again. Not part of the value; a benign race like {@code String}'s hash (an int, always checked against
     * {@code ids} before use, so any value another thread left is either right or ignored).
     */
    private int hint;

    private VersionVector(ReplicaId[] ids, long[][] chunks) {
        this.ids = ids;
        this.chunks = chunks;
    }

    private VersionVector(ReplicaId[] ids, long[][] chunks, int hint) {
        this.ids = ids;
        this.chunks = chunks;
        this.hint = hint;
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

    /**
     * The vector of the first {@code n} entries of the arrays, whose ids the caller has sorted without repeats
     * and whose counters are positive. O(n), no comparisons.
     */
    static VersionVector ofSorted(ReplicaId[] ids, long[] counters, int n) {
        if (n == 0) {
            return EMPTY;
        }
        if (n == 1) {
            return single(ids[0], counters[0]);
        }
        long[][] chunks = newChunks(n);
        for (int i = 0; i < n; i++) {
            chunks[i >>> SHIFT][i & MASK] = counters[i];
        }
        return new VersionVector(Arrays.copyOf(ids, n), chunks);
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
        long[][] sortedCounters = newChunks(n);
        for (int i = 0; i < n; i++) {
            sortedIds[i] = ids[order[i]];
            sortedCounters[i >>> SHIFT][i & MASK] = counters[order[i]];
            if (i > 0 && sortedIds[i].equals(sortedIds[i - 1])) {
                throw new IllegalArgumentException("replica " + sortedIds[i] + " given twice");
            }
        }
        return new VersionVector(sortedIds, sortedCounters);
    }

    /**
     * Chunks for {@code n} counters whose first {@code keep} (full) chunks are those of {@code shared}, the rest
     * new and empty: a vector with an entry inserted or removed at chunk {@code keep} shares every chunk before it.
     */
    private static long[][] newChunks(int n, long[][] shared, int keep) {
        long[][] out = new long[(n + MASK) >>> SHIFT][];
        System.arraycopy(shared, 0, out, 0, keep);
        int last = out.length - 1;
        for (int c = keep; c < last; c++) {
            out[c] = new long[CHUNK];
        }
        if (last >= keep) {
            out[last] = new long[n - (last << SHIFT)];
        }
        return out;
    }

    /** Empty chunks for {@code n} counters: full chunks, then one holding the rest. */
    private static long[][] newChunks(int n) {
        if (n == 0) {
            return NO_CHUNKS;
        }
        long[][] out = new long[(n + MASK) >>> SHIFT][];
        int last = out.length - 1;
        for (int c = 0; c < last; c++) {
            out[c] = new long[CHUNK];
        }
        out[last] = new long[n - (last << SHIFT)];
        return out;
    }

    private long counter(int i) {
        return chunks[i >>> SHIFT][i & MASK];
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
                    return counter(i);
                }
            }
            return 0L;
        }
        int i = locate(replica);
        return i >= 0 ? counter(i) : 0L;
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
     * Costs O(log n + 32 + n/32) for an existing replica (one chunk copied), O(n) for a new one.
     *
     * @param replica the replica that generated the event
     * @return the vector with that replica's counter one higher
     * @throws NullPointerException if {@code replica} is null
     * @throws CounterOverflowException if the counter is already {@link Long#MAX_VALUE}
     */
    public VersionVector increment(ReplicaId replica) {
        return increment(replica, 1);
    }

    /**
     * Records {@code events} more events of {@code replica}: {@code advance(replica, get(replica) + events)} with one
     * lookup. Inflates unless {@code events} is 0. Costs as {@link #increment(ReplicaId)}.
     *
     * @param replica the replica that generated the events
     * @param events how many, at least 0
     * @return the vector with that replica's counter {@code events} higher ({@code this} if {@code events} is 0)
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code events} is negative
     * @throws CounterOverflowException if the counter would exceed {@link Long#MAX_VALUE}
     */
    public VersionVector increment(ReplicaId replica, long events) {
        Objects.requireNonNull(replica, "replica");
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0, was " + events);
        }
        int i = locate(replica);
        if (events == 0) {
            return this;
        }
        if (i < 0) {
            return inserted(-i - 1, replica, events);
        }
        long current = counter(i);
        if (Long.MAX_VALUE - current < events) {
            throw new CounterOverflowException(
                    "counter of " + replica + " would overflow: " + current + " + " + events + " > " + Long.MAX_VALUE);
        }
        return withCounter(i, current + events);
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
        return new Mutation<>(next, single(replica, next.get(replica)));
    }

    private static VersionVector single(ReplicaId replica, long counter) {
        boolean shared = counter > 0 && counter < SMALL_SINGLES.length;
        return new VersionVector(replica.alone(), shared ? SMALL_SINGLES[(int) counter] : new long[][] {{counter}});
    }

    /**
     * The counters of a one-entry vector for the counters 1 to 64 (index 0 unused), shared like the id array of
     * {@link ReplicaId#alone()}: a vector never writes to its chunks, and a replica's first events, the
     * one-entry deltas of its increments and a fresh context's first dots are such vectors.
     */
    private static final long[][][] SMALL_SINGLES = smallSingles(65);

    private static long[][][] smallSingles(int n) {
        long[][][] out = new long[n][][];
        for (int c = 1; c < n; c++) {
            out[c] = new long[][] {{c}};
        }
        return out;
    }

    /**
     * Raises the counter of {@code replica} to at least {@code counter}: the join with the
     * single-entry vector {@code {replica:counter}}. Inflates. Costs as {@link #increment}.
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
        int i = locate(replica);
        if (i < 0) {
            return counter == 0 ? this : inserted(-i - 1, replica, counter);
        }
        return counter(i) >= counter ? this : withCounter(i, counter);
    }

    /**
     * Returns this vector without {@code replica}'s entry, as if that replica had never counted. Not
     * an inflation: the result is {@code BEFORE} or {@code EQUAL} to this vector. Pruning a retired
     * replica from a counter uses it; a clock should not. O(n): the id array is copied, and the counters from the
     * dropped entry's chunk on (the chunks before it are shared).
     *
     * @param replica the replica to drop
     * @return the vector without its entry ({@code this} if it had none)
     * @throws NullPointerException if {@code replica} is null
     */
    public VersionVector without(ReplicaId replica) {
        Objects.requireNonNull(replica, "replica");
        int at = locate(replica);
        if (at < 0) {
            return this;
        }
        int n = ids.length;
        if (n == 1) {
            return empty();
        }
        ReplicaId[] newIds = new ReplicaId[n - 1];
        System.arraycopy(ids, 0, newIds, 0, at);
        System.arraycopy(ids, at + 1, newIds, at, n - at - 1);
        int start = at & ~MASK; // the chunks before the removed entry's are shared
        long[][] out = newChunks(n - 1, chunks, at >>> SHIFT);
        copy(start, out, start, at - start);
        copy(at + 1, out, at, n - at - 1);
        return new VersionVector(newIds, out);
    }

    /** This vector with the counter at {@code i} replaced: one chunk and the chunk index copied, the ids shared. */
    private VersionVector withCounter(int i, long counter) {
        long[][] spine = chunks.clone();
        long[] chunk = spine[i >>> SHIFT].clone();
        chunk[i & MASK] = counter;
        spine[i >>> SHIFT] = chunk;
        return new VersionVector(ids, spine, i);
    }

    /** This vector with a new entry at position {@code at}. */
    private VersionVector inserted(int at, ReplicaId replica, long counter) {
        int n = ids.length;
        if (n == 0) {
            return single(replica, counter);
        }
        ReplicaId[] newIds = new ReplicaId[n + 1];
        System.arraycopy(ids, 0, newIds, 0, at);
        newIds[at] = replica;
        System.arraycopy(ids, at, newIds, at + 1, n - at);
        int start = at & ~MASK; // the chunks before the new entry's are shared
        long[][] out = newChunks(n + 1, chunks, at >>> SHIFT);
        copy(start, out, start, at - start);
        out[at >>> SHIFT][at & MASK] = counter;
        copy(at, out, at + 1, n - at);
        return new VersionVector(newIds, out, at);
    }

    /** Copies {@code length} counters from position {@code from} here to position {@code to} of {@code out}. */
    private void copy(int from, long[][] out, int to, int length) {
        while (length > 0) {
            int src = from & MASK;
            int dst = to & MASK;
            int run = Math.min(length, Math.min(chunks[from >>> SHIFT].length - src, out[to >>> SHIFT].length - dst));
            System.arraycopy(chunks[from >>> SHIFT], src, out[to >>> SHIFT], dst, run);
            from += run;
            to += run;
            length -= run;
        }
    }

    /** The position of {@code replica}, or {@code -(insertion point) - 1}; a short vector is scanned by reference. */
    private int locate(ReplicaId replica) {
        ReplicaId[] a = ids;
        int h = hint;
        if (h < a.length && a[h] == replica) {
            return h;
        }
        if (a.length <= SCAN) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == replica) {
                    return i;
                }
            }
        }
        int i = indexOf(replica);
        if (i >= 0) {
            hint = i;
        }
        return i;
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
     * <p>Cost: O(n + m) in general, one pass to find the result's size and one to fill it. A vector of
     * k entries, at most 1/16 the size of the other (or of one or two entries) and naming only
     * replicas the other has (a delta from a known replica), is looked up entry by entry instead:
     * O(k log n), plus one chunk copied per changed entry. Two vectors of the same replicas (one lineage
     * sharing its id array, or separate arrays of the same ids) merge chunk by chunk, sharing every chunk
     * one side dominates.
     *
     * @param other the vector to merge with
     * @return the least vector that has seen everything both have
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public VersionVector merge(VersionVector other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return this;
        }
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        if (a == b || sameIds(a, b)) { // the second test stops at the first id that differs
            return mergeAligned(other, a);
        }
        if (sparse(b.length, a.length)) {
            VersionVector merged = mergeSparse(other);
            if (merged != null) {
                return merged;
            }
        } else if (sparse(a.length, b.length)) {
            VersionVector merged = other.mergeSparse(this);
            if (merged != null) {
                return merged;
            }
        }
        long walked = walk(other, false);
        boolean aBigger = (walked & A_BIGGER) != 0;
        boolean bBigger = (walked & B_BIGGER) != 0;
        if (!bBigger) {
            return this;
        }
        if (!aBigger) {
            return other;
        }
        int union = (int) walked;
        if (union == a.length && union == b.length) {
            // the same replicas, in separate arrays: the positions line up (and the walk showed neither dominates)
            return alignedMax(other, a);
        }
        return mergeWalk(other, union);
    }

    /** Whether a vector of {@code small} entries merges into one of {@code big} faster by lookups than by a walk. */
    private static boolean sparse(int small, int big) {
        return small <= 2 && small < big || (long) small * SPARSE <= big;
    }

    /** Merges into exactly {@code union} entries, walking both vectors. */
    private VersionVector mergeWalk(VersionVector other, int union) {
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        long[][] ca = chunks;
        long[][] cb = other.chunks;
        ReplicaId[] outIds = new ReplicaId[union];
        long[][] out = newChunks(union);
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            ReplicaId x = a[i];
            ReplicaId y = b[j];
            if (x == y) {
                // a run of the same replicas in both: no names compared, chunk against chunk
                long[] p = ca[i >>> SHIFT];
                long[] q = cb[j >>> SHIFT];
                long[] o = out[k >>> SHIFT];
                int pi = i & MASK;
                int qj = j & MASK;
                int ok = k & MASK;
                int run = Math.min(Math.min(p.length - pi, q.length - qj), o.length - ok);
                int r = 0;
                while (r < run && a[i + r] == b[j + r]) {
                    outIds[k + r] = a[i + r];
                    o[ok + r] = Math.max(p[pi + r], q[qj + r]);
                    r++;
                }
                i += r;
                j += r;
                k += r;
                continue;
            }
            long value;
            if (x.compareTo(y) < 0) {
                outIds[k] = x;
                value = ca[i >>> SHIFT][i & MASK];
                i++;
            } else {
                outIds[k] = y;
                value = cb[j >>> SHIFT][j & MASK];
                j++;
            }
            out[k >>> SHIFT][k & MASK] = value;
            k++;
        }
        for (; i < a.length; i++, k++) {
            outIds[k] = a[i];
            out[k >>> SHIFT][k & MASK] = ca[i >>> SHIFT][i & MASK];
        }
        for (; j < b.length; j++, k++) {
            outIds[k] = b[j];
            out[k >>> SHIFT][k & MASK] = cb[j >>> SHIFT][j & MASK];
        }
        return new VersionVector(outIds, out);
    }

    /**
     * Merges a vector whose entries sit at the same positions (the same replicas): chunk by chunk, keeping
     * a chunk of either side that dominates the other's, and {@code ids} for the result.
     */
    private VersionVector mergeAligned(VersionVector other, ReplicaId[] ids) {
        long walked = alignedWalk(other, true);
        if ((walked & B_BIGGER) == 0) {
            return this;
        }
        if ((walked & A_BIGGER) == 0) {
            return other;
        }
        return alignedMax(other, ids);
    }

    /** The chunk-by-chunk maximum of two aligned vectors neither of which dominates the other. */
    private VersionVector alignedMax(VersionVector other, ReplicaId[] ids) {
        long[][] x = chunks;
        long[][] y = other.chunks;
        long[][] out = new long[x.length][];
        for (int c = 0; c < x.length; c++) {
            long[] p = x[c];
            long[] q = y[c];
            out[c] = p == q ? p : max(p, q);
        }
        return new VersionVector(ids, out);
    }

    /** The pointwise maximum of two chunks of one length: one of them if it dominates, else a new chunk. */
    private static long[] max(long[] p, long[] q) {
        boolean pBigger = false;
        boolean qBigger = false;
        for (int k = 0; k < p.length; k++) {
            pBigger |= p[k] > q[k];
            qBigger |= q[k] > p[k];
        }
        if (!qBigger) {
            return p;
        }
        if (!pBigger) {
            return q;
        }
        long[] out = new long[p.length];
        for (int k = 0; k < p.length; k++) {
            out[k] = Math.max(p[k], q[k]);
        }
        return out;
    }

    /**
     * Merges a much smaller vector by looking each of its entries up: one chunk copied per changed entry.
     * Returns null if {@code small} names a replica this vector lacks (the caller walks both instead).
     */
    private VersionVector mergeSparse(VersionVector small) {
        ReplicaId[] b = small.ids;
        long[][] spine = null;
        for (int j = 0; j < b.length; j++) {
            int i = locate(b[j]);
            if (i < 0) {
                return null;
            }
            long v = small.counter(j);
            int c = i >>> SHIFT;
            if (v > chunks[c][i & MASK]) {
                if (spine == null) {
                    spine = chunks.clone();
                }
                if (spine[c] == chunks[c]) {
                    spine[c] = chunks[c].clone();
                }
                spine[c][i & MASK] = v;
            }
        }
        return spine == null ? this : new VersionVector(ids, spine);
    }

    /**
     * Compares the vectors entry by entry, in one pass that allocates nothing and stops at the first pair
     * of entries that proves them concurrent. Two vectors of one lineage (sharing their id array) skip
     * every chunk they share.
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
        long walked = ids == other.ids ? alignedWalk(other, true) : walk(other, true);
        return Causality.of((walked & A_BIGGER) == 0, (walked & B_BIGGER) == 0);
    }

    /**
     * Compares a vector whose entries sit at the same positions (the same replicas) chunk against chunk, skipping
     * the chunks both share; answers the {@link #A_BIGGER} and {@link #B_BIGGER} bits.
     */
    private long alignedWalk(VersionVector other, boolean stopWhenConcurrent) {
        long[][] x = chunks;
        long[][] y = other.chunks;
        boolean aBigger = false;
        boolean bBigger = false;
        for (int c = 0; c < x.length; c++) {
            long[] p = x[c];
            long[] q = y[c];
            if (p != q) {
                for (int k = 0; k < p.length; k++) {
                    aBigger |= p[k] > q[k];
                    bBigger |= q[k] > p[k];
                }
                if (aBigger && bBigger && stopWhenConcurrent) {
                    break;
                }
            }
        }
        return (aBigger ? A_BIGGER : 0) | (bBigger ? B_BIGGER : 0);
    }

    /**
     * Walks both vectors in replica order. Returns the {@link #A_BIGGER} and {@link #B_BIGGER} bits and, in the low
     * 32 bits, the number of replicas in either (unless it stopped early: {@code stopWhenConcurrent} stops at the
     * first entry that makes the vectors concurrent). Runs of the same replicas at the same offsets in both, the
     * common case, are compared chunk against chunk without comparing names.
     */
    private long walk(VersionVector other, boolean stopWhenConcurrent) {
        ReplicaId[] a = ids;
        ReplicaId[] b = other.ids;
        long[][] ca = chunks;
        long[][] cb = other.chunks;
        int i = 0;
        int j = 0;
        int union = 0;
        boolean aBigger = false;
        boolean bBigger = false;
        while (i < a.length && j < b.length) {
            ReplicaId x = a[i];
            ReplicaId y = b[j];
            if (x == y) {
                long[] p = ca[i >>> SHIFT];
                long[] q = cb[j >>> SHIFT];
                int pi = i & MASK;
                int qj = j & MASK;
                int end = pi + Math.min(p.length - pi, q.length - qj);
                int t = pi;
                for (int da = i - pi, db = j - pi, dq = qj - pi; t < end && a[da + t] == b[db + t]; t++) {
                    long u = p[t];
                    long v = q[dq + t];
                    aBigger |= u > v;
                    bBigger |= v > u;
                }
                int k = t - pi;
                i += k;
                j += k;
                union += k;
            } else if (x.compareTo(y) < 0) {
                i++;
                union++;
                aBigger = true;
            } else {
                j++;
                union++;
                bBigger = true;
            }
            if (stopWhenConcurrent && aBigger && bBigger) {
                return A_BIGGER | B_BIGGER;
            }
        }
        aBigger |= i < a.length;
        bBigger |= j < b.length;
        union += (a.length - i) + (b.length - j);
        return (aBigger ? A_BIGGER : 0) | (bBigger ? B_BIGGER : 0) | union;
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
        for (long[] chunk : chunks) {
            for (long c : chunk) {
                total += c;
                if (total < 0) {
                    throw new CounterOverflowException("sum of " + this + " exceeds " + Long.MAX_VALUE);
                }
            }
        }
        return total;
    }

    /**
     * Returns the entries of this vector that are greater than in {@code peer}: the smallest
     * vector {@code d} with {@code peer.merge(d).equals(peer.merge(this))}.
     *
     * <p>Cost: one walk over both vectors, O(n + m) (O(n log m) when this vector is at most 1/16 the
     * size of the peer's); a peer of the same lineage (sharing the id array) skips every shared chunk, and a peer
     * of the same replicas is compared position by position, chunk against chunk.
     *
     * @param peer what the peer has seen
     * @return the missing entries
     * @throws NullPointerException if {@code peer} is null
     */
    public VersionVector diff(VersionVector peer) {
        Objects.requireNonNull(peer, "peer");
        int size = ids.length;
        ReplicaId[] b = peer.ids;
        long[][] cb = peer.chunks;
        if (b == ids || sameIds(ids, b)) {
            return alignedDiff(cb);
        }
        Picked missing = new Picked(size);
        if ((long) size * SPARSE <= b.length) {
            for (int i = 0; i < size; i++) {
                long mine = counter(i);
                if (mine > peer.get(ids[i])) {
                    missing.add(ids[i], mine);
                }
            }
        } else {
            int i = 0;
            int j = 0;
            while (i < size) {
                ReplicaId x = ids[i];
                if (j < b.length && b[j] == x) {
                    // a run of the same replicas at the same offsets in both, compared without names
                    long[] p = chunks[i >>> SHIFT];
                    long[] q = cb[j >>> SHIFT];
                    int pi = i & MASK;
                    int qj = j & MASK;
                    int end = Math.min(p.length - pi, q.length - qj);
                    int run = 0;
                    for (; run < end && ids[i + run] == b[j + run]; run++) {
                        if (p[pi + run] > q[qj + run]) {
                            missing.add(ids[i + run], p[pi + run]);
                        }
                    }
                    i += run;
                    j += run;
                } else {
                    int c = j < b.length ? b[j].compareTo(x) : 1;
                    if (c < 0) {
                        j++; // an entry of the peer's only
                    } else {
                        long mine = counter(i++);
                        if (c > 0 || mine > cb[j >>> SHIFT][j & MASK]) {
                            missing.add(x, mine); // the peer has none, or fewer
                        }
                        j += c == 0 ? 1 : 0;
                    }
                }
            }
        }
        int n = missing.count;
        if (n == size) {
            return this;
        }
        if (n == 0) {
            return EMPTY;
        }
        if (n == 1) {
            return single(missing.ids[0], missing.counters[0]);
        }
        long[][] out = newChunks(n);
        for (int k = 0; k < n; k++) {
            out[k >>> SHIFT][k & MASK] = missing.counters[k];
        }
        return new VersionVector(Arrays.copyOf(missing.ids, n), out);
    }

    /**
     * {@link #diff} against a peer whose entries sit at the same positions ({@code theirs} its chunks): one pass
     * counting the entries ahead of the peer's, chunk against chunk (shared chunks skipped), and one filling
     * arrays of exactly that size.
     */
    private VersionVector alignedDiff(long[][] theirs) {
        int n = 0;
        for (int c = 0; c < chunks.length; c++) {
            long[] p = chunks[c];
            long[] q = theirs[c];
            if (p != q) {
                for (int k = 0; k < p.length; k++) {
                    n += p[k] > q[k] ? 1 : 0;
                }
            }
        }
        if (n == ids.length) {
            return this;
        }
        if (n == 0) {
            return EMPTY;
        }
        ReplicaId[] outIds = new ReplicaId[n];
        long[][] out = newChunks(n);
        int i = 0;
        for (int c = 0; c < chunks.length && i < n; c++) {
            long[] p = chunks[c];
            long[] q = theirs[c];
            if (p == q) {
                continue;
            }
            for (int k = 0; k < p.length; k++) {
                if (p[k] > q[k]) {
                    outIds[i] = ids[(c << SHIFT) + k];
                    out[i >>> SHIFT][i & MASK] = p[k];
                    i++;
                }
            }
        }
        return n == 1 ? single(outIds[0], out[0][0]) : new VersionVector(outIds, out);
    }

    /** Whether two id arrays hold the same ids in the same order (ids are interned: compared by identity). */
    private static boolean sameIds(ReplicaId[] a, ReplicaId[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** Entries picked in replica order, in arrays grown from 8 by doubling up to a limit. */
    private static final class Picked {
        private static final ReplicaId[] NO_IDS = {};
        private static final long[] NO_COUNTERS = {};

        private final int limit;
        ReplicaId[] ids = NO_IDS;
        long[] counters = NO_COUNTERS;
        int count;

        Picked(int limit) {
            this.limit = limit;
        }

        void add(ReplicaId id, long counter) {
            if (count == ids.length) {
                int grown = (int) Math.min(Math.max(8L, 2L * count), limit);
                ids = Arrays.copyOf(ids, grown);
                counters = Arrays.copyOf(counters, grown);
            }
            ids[count] = id;
            counters[count++] = counter;
        }
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
            bytes += 1 + ids[i].name().length() + Math.max(1, (70 - Long.numberOfLeadingZeros(counter(i))) / 7);
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
            map.put(ids[i], counter(i));
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
        return counter(Objects.checkIndex(index, ids.length));
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
        if (ids != v.ids && !Arrays.equals(ids, v.ids)) {
            return false;
        }
        // equal ids: the same number of entries, so the same chunk lengths
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != v.chunks[c] && !Arrays.equals(chunks[c], v.chunks[c])) {
                return false;
            }
        }
        return true;
    }

    /** As {@code 31 * Arrays.hashCode(ids) + Arrays.hashCode(counters)} over the counters in order. */
    @Override
    public int hashCode() {
        int h = 1;
        for (long[] chunk : chunks) {
            for (long c : chunk) {
                h = 31 * h + Long.hashCode(c);
            }
        }
        return 31 * Arrays.hashCode(ids) + h;
    }

    /** Returns the entries as {@code {a:1, b:2}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ids[i]).append(':').append(counter(i));
        }
        return sb.append('}').toString();
    }
}
