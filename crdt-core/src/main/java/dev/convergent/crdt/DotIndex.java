package dev.convergent.crdt;

import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Which key of a {@link DotKernel} holds each live dot: per replica, a persistent weight-balanced
 * tree (Adams' trees, the balance of Haskell's {@code Data.Map}) from counter to key, each node
 * knowing its subtree's size. It answers what a key trie cannot: who holds a dot, how many live dots
 * of a replica lie up to a counter, which live dots lie in a range of counters, and which counters
 * up to a bound are live nowhere (the removed dots), all in O(log n) plus the answer's length, since
 * a subtree holding every counter between its neighbours is skipped whole.
 *
 * <p>Immutable: an update copies one path, O(log n); {@link #updateAll} applies many updates at once and
 * links a replica's run of new dots above its largest counter (its own writes) onto its tree in
 * O(m + log n). Replicas are kept in a small array sorted by id, copied when a replica is first seen.
 * Package-private.
 *
 * @param <K> the key type
 */
final class DotIndex<K> implements LiveDots<K> {

    /** Adams' balance parameters as proven correct for single rotations after one update. */
    private static final int DELTA = 3;
    private static final int RATIO = 2;

    /** Up to this many replicas, a replica's tree is found by a scan by reference before any name is compared. */
    private static final int SCAN = 32;

    private static final DotIndex<?> EMPTY = new DotIndex<>(new ReplicaId[0], new Node[0], 0);

    private final ReplicaId[] replicas;
    private final Node[] roots;
    private final int size;

    private DotIndex(ReplicaId[] replicas, Node[] roots, int size) {
        this.replicas = replicas;
        this.roots = roots;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K> DotIndex<K> empty() {
        return (DotIndex<K>) EMPTY;
    }

    /**
     * Indexes every dot of {@code entries}, whose values are a {@link Dot} or {@link Dots}. O(n log n)
     * at most; O(n + largest counter) when a replica's counters are dense, the common case.
     */
    static <K> DotIndex<K> of(ChampMap<K, Object> entries) {
        Map<ReplicaId, Column> columns = new HashMap<>();
        entries.forEach((key, value) -> {
            for (int i = 0, n = Dots.count(value); i < n; i++) {
                Dot d = Dots.at(value, i);
                columns.computeIfAbsent(d.replica(), r -> new Column()).add(d.counter(), key);
            }
        });
        if (columns.isEmpty()) {
            return empty();
        }
        ReplicaId[] ids = columns.keySet().toArray(new ReplicaId[0]);
        Arrays.sort(ids);
        Node[] roots = new Node[ids.length];
        int total = 0;
        for (int i = 0; i < ids.length; i++) {
            Column c = columns.get(ids[i]);
            roots[i] = c.tree();
            total += c.size;
        }
        return new DotIndex<>(ids, roots, total);
    }

    /** The live dots indexed. */
    int size() {
        return size;
    }

    /** The key holding {@code dot}, or null if no key holds it. O(log n). */
    @SuppressWarnings("unchecked")
    K keyOf(Dot dot) {
        int at = slot(dot.replica());
        Node t = at < 0 ? null : roots[at];
        long c = dot.counter();
        while (t != null) {
            if (c < t.counter) {
                t = t.left;
            } else if (c > t.counter) {
                t = t.right;
            } else {
                return (K) t.key;
            }
        }
        return null;
    }

    /** How many live dots of {@code replica} have a counter of at most {@code upTo}. O(log n). */
    int countUpTo(ReplicaId replica, long upTo) {
        Node t = root(replica);
        int count = 0;
        while (t != null) {
            if (t.counter <= upTo) {
                count += size(t.left) + 1;
                t = t.right;
            } else {
                t = t.left;
            }
        }
        return count;
    }

    /** Visits, by counter, the live dots of {@code replica} with a counter in {@code (after, upTo]}. */
    void forEachBetween(ReplicaId replica, long after, long upTo, Visitor<? super K> visitor) {
        visit(root(replica), after, upTo, visitor);
    }

    /**
     * Passes, in order, every counter in {@code 1..upTo} that no live dot of {@code replica} has.
     * O((gaps + 1) log n): a subtree holding every counter between its neighbours is skipped.
     */
    void forEachGap(ReplicaId replica, long upTo, LongConsumer gap) {
        gaps(root(replica), 0, Long.MAX_VALUE, upTo, gap);
    }

    /** This index with every dot of {@code oldValue} dropped and every dot of {@code newValue} held by {@code key}. */
    DotIndex<K> update(K key, Object oldValue, Object newValue) {
        DotIndex<K> next = this;
        if (oldValue != null) {
            for (int i = 0, n = Dots.count(oldValue); i < n; i++) {
                Dot d = Dots.at(oldValue, i);
                if (newValue == null || !Dots.contains(newValue, d)) {
                    next = next.without(d);
                }
            }
        }
        if (newValue != null) {
            for (int i = 0, n = Dots.count(newValue); i < n; i++) {
                next = next.with(Dots.at(newValue, i), key);
            }
        }
        return next;
    }

    @Override
    public DotIndex<K> current() {
        return this;
    }

    @Override
    public LiveDots<K> changed(K key, Object oldValue, Object newValue) {
        return new PendingDots<>(this, key, oldValue, newValue);
    }

    /**
     * This index after {@code n} changes applied in order, each as {@link #update}: the same index as
     * {@code n} updates give, at less cost. A dot a change drops is taken out of the run of new dots if it is
     * there, else set aside; a new dot above the largest counter its replica has in the index joins the run, any
     * other is inserted at once. At the end the dots set aside leave each replica's tree in one walk
     * ({@link #deleteAll}: the paths they share are copied once), and each replica's run, sorted, is built into a
     * balanced tree and linked onto the replica's tree in O(m + log n), so the right spine is copied once, not once
     * per dot; a run that does not lie above its tree (which a state's own mutators never make) is inserted dot
     * by dot.
     */
    @SuppressWarnings("unchecked")
    DotIndex<K> updateAll(Object[] keys, Object[] oldValues, Object[] newValues, int n) {
        DotIndex<K> next = this;
        Dot[] run = new Dot[n];
        Object[] runKeys = new Object[n];
        int m = 0;
        Dot[] gone = new Dot[n];
        int g = 0;
        ReplicaId maxOf = null; // the replica whose largest counter in next is in max, while next is unchanged
        long max = 0;
        for (int i = 0; i < n; i++) {
            Object old = oldValues[i];
            Object now = newValues[i];
            for (int j = 0, count = old == null ? 0 : Dots.count(old); j < count; j++) {
                Dot d = Dots.at(old, j);
                if (now != null && Dots.contains(now, d)) {
                    continue;
                }
                int at = lastIndexOf(run, m, d);
                if (at >= 0) {
                    m = drop(run, runKeys, m, at);
                } else {
                    if (g == gone.length) {
                        gone = Arrays.copyOf(gone, g * 2);
                    }
                    gone[g++] = d;
                }
            }
            for (int j = 0, count = now == null ? 0 : Dots.count(now); j < count; j++) {
                Dot d = Dots.at(now, j);
                if (old != null && Dots.contains(old, d)) {
                    continue;
                }
                if (d.replica() != maxOf) {
                    maxOf = d.replica();
                    max = maxCounter(next.root(maxOf));
                }
                if (d.counter() > max) { // above every counter in next, so above what is left after the deletes
                    if (m == run.length) {
                        run = Arrays.copyOf(run, m * 2);
                        runKeys = Arrays.copyOf(runKeys, m * 2);
                    }
                    run[m] = d;
                    runKeys[m++] = keys[i];
                } else {
                    int at = lastIndexOf(gone, g, d);
                    if (at >= 0) { // dropped earlier in the changes, held again now
                        g = drop(gone, null, g, at);
                    }
                    next = next.with(d, (K) keys[i]);
                    maxOf = null;
                }
            }
        }
        if (g > 0) {
            next = next.withoutAll(gone, g);
        }
        return m == 0 ? next : next.withRuns(run, runKeys, m);
    }

    private static int lastIndexOf(Dot[] dots, int m, Dot d) {
        for (int i = m - 1; i >= 0; i--) {
            if (dots[i].equals(d)) {
                return i;
            }
        }
        return -1;
    }

    /** Removes entry {@code at} of the first {@code m} of {@code dots} (and of {@code keys}, if not null). */
    private static int drop(Dot[] dots, Object[] keys, int m, int at) {
        System.arraycopy(dots, at + 1, dots, at, m - at - 1);
        dots[m - 1] = null;
        if (keys != null) {
            System.arraycopy(keys, at + 1, keys, at, m - at - 1);
            keys[m - 1] = null;
        }
        return m - 1;
    }

    /**
     * This index without the first {@code g} of {@code dots}, those it holds: the counters of each replica, sorted
     * as numbers (no name compared: dots are grouped by their replica's slot), leave its tree in one walk.
     */
    private DotIndex<K> withoutAll(Dot[] dots, int g) {
        int[] slots = new int[g];
        for (int i = 0; i < g; i++) {
            slots[i] = slot(dots[i].replica());
        }
        DotIndex<K> next = this;
        long[] counters = new long[g];
        for (int i = 0; i < g; i++) {
            int at = slots[i];
            if (at < 0) {
                continue; // a replica the index does not hold, or one whose dots are taken already
            }
            int k = 0;
            for (int j = i; j < g; j++) {
                if (slots[j] == at) {
                    counters[k++] = dots[j].counter();
                    slots[j] = -1;
                }
            }
            Arrays.sort(counters, 0, k);
            Node old = next.roots[at];
            Node t = deleteAll(old, counters, 0, k);
            if (t != old) {
                next = next.withRoot(at, t, next.size + size(t) - size(old));
            }
        }
        return next;
    }

    /** This index with {@code m} new dots, each above its replica's largest counter here; sorts the arrays. */
    @SuppressWarnings("unchecked")
    private DotIndex<K> withRuns(Dot[] dots, Object[] keys, int m) {
        for (int i = 1; i < m; i++) { // insertion sort: a run arrives sorted per replica, mostly of one replica
            Dot d = dots[i];
            Object key = keys[i];
            int j = i - 1;
            while (j >= 0 && dots[j].compareTo(d) > 0) {
                dots[j + 1] = dots[j];
                keys[j + 1] = keys[j];
                j--;
            }
            dots[j + 1] = d;
            keys[j + 1] = key;
        }
        DotIndex<K> next = this;
        for (int from = 0; from < m;) {
            ReplicaId r = dots[from].replica();
            int to = from + 1;
            boolean increasing = true;
            while (to < m && dots[to].replica().equals(r)) {
                increasing &= dots[to].counter() > dots[to - 1].counter();
                to++;
            }
            Node old = next.root(r);
            if (increasing && maxCounter(old) < dots[from].counter()) {
                long[] counters = new long[to - from - 1];
                for (int i = from + 1; i < to; i++) {
                    counters[i - from - 1] = dots[i].counter();
                }
                Object[] runKeys = Arrays.copyOfRange(keys, from + 1, to);
                Node above = build(counters, runKeys, 0, counters.length);
                next = next.withTree(r, old, link(dots[from].counter(), keys[from], old, above));
            } else {
                for (int i = from; i < to; i++) {
                    next = next.with(dots[i], (K) keys[i]);
                }
            }
            from = to;
        }
        return next;
    }

    /** This index with {@code replica}'s tree {@code old} replaced by {@code t} (not null). */
    private DotIndex<K> withTree(ReplicaId replica, Node old, Node t) {
        int at = slot(replica);
        if (at >= 0) {
            return withRoot(at, t, size + t.size - size(old));
        }
        int slot = -at - 1;
        ReplicaId[] ids = new ReplicaId[replicas.length + 1];
        Node[] trees = new Node[roots.length + 1];
        System.arraycopy(replicas, 0, ids, 0, slot);
        System.arraycopy(roots, 0, trees, 0, slot);
        System.arraycopy(replicas, slot, ids, slot + 1, replicas.length - slot);
        System.arraycopy(roots, slot, trees, slot + 1, roots.length - slot);
        ids[slot] = replica;
        trees[slot] = t;
        return new DotIndex<>(ids, trees, size + t.size);
    }

    /** This index with {@code dot} held by {@code key}. O(log n). */
    DotIndex<K> with(Dot dot, K key) {
        int at = slot(dot.replica());
        if (at < 0) {
            return withTree(dot.replica(), null, new Node(dot.counter(), key, null, null));
        }
        Node old = roots[at];
        Node t = insert(old, dot.counter(), key);
        return t == old ? this : withRoot(at, t, size + size(t) - size(old));
    }

    /** This index without {@code dot}. O(log n). */
    DotIndex<K> without(Dot dot) {
        int at = slot(dot.replica());
        if (at < 0) {
            return this;
        }
        Node old = roots[at];
        Node t = delete(old, dot.counter());
        return t == old ? this : withRoot(at, t, size + size(t) - size(old));
    }

    private DotIndex<K> withRoot(int at, Node t, int newSize) {
        Node[] trees = roots.clone();
        trees[at] = t;
        return new DotIndex<>(replicas, trees, newSize);
    }

    /**
     * The position of {@code replica} in {@link #replicas}, or {@code -(insertion point) - 1}, as
     * {@link Arrays#binarySearch} gives it. Ids are interned, so a short array is first scanned by reference, with
     * no name compared; the binary search by name finds a new replica's place (and an id made equal some other way).
     */
    private int slot(ReplicaId replica) {
        ReplicaId[] ids = replicas;
        if (ids.length <= SCAN) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == replica) {
                    return i;
                }
            }
        }
        return Arrays.binarySearch(ids, replica);
    }

    private Node root(ReplicaId replica) {
        int at = slot(replica);
        return at < 0 ? null : roots[at];
    }

    /** Receives the live dots of a range: counter and key. */
    @FunctionalInterface
    interface Visitor<K> {
        void visit(long counter, K key);
    }

    // ---- the trees ----

    /** One live dot: its counter, its key and its subtree. */
    private static final class Node {
        final long counter;
        final Object key;
        final Node left;
        final Node right;
        final int size;

        Node(long counter, Object key, Node left, Node right) {
            this.counter = counter;
            this.key = key;
            this.left = left;
            this.right = right;
            this.size = size(left) + size(right) + 1;
        }
    }

    private static int size(Node t) {
        return t == null ? 0 : t.size;
    }

    @SuppressWarnings("unchecked")
    private static <K> void visit(Node t, long after, long upTo, Visitor<? super K> visitor) {
        if (t == null) {
            return;
        }
        if (t.counter > after + 1) {
            visit(t.left, after, upTo, visitor);
        }
        if (t.counter > after && t.counter <= upTo) {
            visitor.visit(t.counter, (K) t.key);
        }
        if (t.counter < upTo) {
            visit(t.right, after, upTo, visitor);
        }
    }

    /** The counters in {@code (low, high)} up to {@code upTo} that {@code t} lacks; all its counters lie there. */
    private static void gaps(Node t, long low, long high, long upTo, LongConsumer gap) {
        if (low >= upTo || high - low - 1 == size(t)) {
            return;
        }
        if (t == null) {
            for (long c = low + 1, end = Math.min(high - 1, upTo); c <= end; c++) {
                gap.accept(c);
            }
            return;
        }
        gaps(t.left, low, t.counter, upTo, gap);
        gaps(t.right, t.counter, high, upTo, gap);
    }

    private static Node insert(Node t, long c, Object key) {
        if (t == null) {
            return new Node(c, key, null, null);
        }
        if (c < t.counter) {
            Node l = insert(t.left, c, key);
            return l == t.left ? t : balance(t.counter, t.key, l, t.right);
        }
        if (c > t.counter) {
            Node r = insert(t.right, c, key);
            return r == t.right ? t : balance(t.counter, t.key, t.left, r);
        }
        return t.key.equals(key) ? t : new Node(c, key, t.left, t.right);
    }

    /** The largest counter of {@code t}, 0 if empty (counters start at 1). O(log n). */
    private static long maxCounter(Node t) {
        if (t == null) {
            return 0;
        }
        while (t.right != null) {
            t = t.right;
        }
        return t.counter;
    }

    /** A perfectly balanced tree of {@code sorted[from..to)} and their keys. O(to - from). */
    private static Node build(long[] sorted, Object[] keys, int from, int to) {
        if (from >= to) {
            return null;
        }
        int mid = (from + to) >>> 1;
        return new Node(sorted[mid], keys[mid], build(sorted, keys, from, mid), build(sorted, keys, mid + 1, to));
    }

    /**
     * The tree of {@code l}, then {@code (c, key)}, then {@code r}, whatever their sizes: every counter of
     * {@code l} below {@code c}, every counter of {@code r} above. Descends the larger tree's inner spine until
     * the sides balance, rebalancing on the way up: O(|log |l| - log |r|| + 1) (Data.Map's {@code link}).
     */
    private static Node link(long c, Object key, Node l, Node r) {
        if (l == null) {
            return insertMin(c, key, r);
        }
        if (r == null) {
            return insertMax(c, key, l);
        }
        if (DELTA * l.size < r.size) {
            return balance(r.counter, r.key, link(c, key, l, r.left), r.right);
        }
        if (DELTA * r.size < l.size) {
            return balance(l.counter, l.key, l.left, link(c, key, l.right, r));
        }
        return new Node(c, key, l, r);
    }

    /**
     * {@code t} without the counters {@code sorted[from..to)} it holds, in one walk: a subtree none of them falls
     * into is kept whole, and the nodes on the paths to them are rebuilt once each, with {@link #link} or
     * {@link #join} rebalancing however much a side shrank. O(k log(n / k) + k) for k counters.
     */
    private static Node deleteAll(Node t, long[] sorted, int from, int to) {
        if (t == null || from >= to) {
            return t;
        }
        int at = Arrays.binarySearch(sorted, from, to, t.counter);
        int split = at >= 0 ? at : -at - 1;
        Node l = deleteAll(t.left, sorted, from, split);
        Node r = deleteAll(t.right, sorted, at >= 0 ? at + 1 : split, to);
        if (at >= 0) {
            return join(l, r);
        }
        return l == t.left && r == t.right ? t : link(t.counter, t.key, l, r);
    }

    /**
     * The tree of {@code l} then {@code r}, whatever their sizes, every counter of {@code l} below every counter
     * of {@code r} (Data.Map's {@code link2}): descends the larger tree until the sides balance, then glues.
     */
    private static Node join(Node l, Node r) {
        if (l == null) {
            return r;
        }
        if (r == null) {
            return l;
        }
        if (DELTA * l.size < r.size) {
            return balance(r.counter, r.key, join(l, r.left), r.right);
        }
        if (DELTA * r.size < l.size) {
            return balance(l.counter, l.key, l.left, join(l.right, r));
        }
        return glue(l, r);
    }

    private static Node insertMin(long c, Object key, Node t) {
        return t == null ? new Node(c, key, null, null) : balance(t.counter, t.key, insertMin(c, key, t.left), t.right);
    }

    private static Node insertMax(long c, Object key, Node t) {
        return t == null ? new Node(c, key, null, null) : balance(t.counter, t.key, t.left, insertMax(c, key, t.right));
    }

    private static Node delete(Node t, long c) {
        if (t == null) {
            return null;
        }
        if (c < t.counter) {
            Node l = delete(t.left, c);
            return l == t.left ? t : balance(t.counter, t.key, l, t.right);
        }
        if (c > t.counter) {
            Node r = delete(t.right, c);
            return r == t.right ? t : balance(t.counter, t.key, t.left, r);
        }
        return glue(t.left, t.right);
    }

    /** Joins two trees balanced with each other, every counter of {@code l} below every counter of {@code r}. */
    private static Node glue(Node l, Node r) {
        if (l == null) {
            return r;
        }
        if (r == null) {
            return l;
        }
        if (l.size > r.size) {
            Node max = l;
            while (max.right != null) {
                max = max.right;
            }
            return balance(max.counter, max.key, deleteMax(l), r);
        }
        Node min = r;
        while (min.left != null) {
            min = min.left;
        }
        return balance(min.counter, min.key, l, deleteMin(r));
    }

    private static Node deleteMin(Node t) {
        return t.left == null ? t.right : balance(t.counter, t.key, deleteMin(t.left), t.right);
    }

    private static Node deleteMax(Node t) {
        return t.right == null ? t.left : balance(t.counter, t.key, t.left, deleteMax(t.right));
    }

    /** A node over {@code l} and {@code r}, rotated once or twice if one side outweighs the other. */
    private static Node balance(long c, Object key, Node l, Node r) {
        int sl = size(l);
        int sr = size(r);
        if (sl + sr <= 1) {
            return new Node(c, key, l, r);
        }
        if (sr > DELTA * sl) {
            if (size(r.left) < RATIO * size(r.right)) {
                return new Node(r.counter, r.key, new Node(c, key, l, r.left), r.right);
            }
            Node rl = r.left;
            return new Node(rl.counter, rl.key, new Node(c, key, l, rl.left),
                    new Node(r.counter, r.key, rl.right, r.right));
        }
        if (sl > DELTA * sr) {
            if (size(l.right) < RATIO * size(l.left)) {
                return new Node(l.counter, l.key, l.left, new Node(c, key, l.right, r));
            }
            Node lr = l.right;
            return new Node(lr.counter, lr.key, new Node(l.counter, l.key, l.left, lr.left),
                    new Node(c, key, lr.right, r));
        }
        return new Node(c, key, l, r);
    }

    /** Whether every node's size is right, its counters ordered and its sides within Adams' balance. For tests. */
    boolean isWellFormed() {
        int total = 0;
        for (int i = 0; i < roots.length; i++) {
            if (i > 0 && replicas[i - 1].compareTo(replicas[i]) >= 0) {
                return false;
            }
            if (!wellFormed(roots[i], Long.MIN_VALUE, Long.MAX_VALUE)) {
                return false;
            }
            total += size(roots[i]);
        }
        return total == size;
    }

    private static boolean wellFormed(Node t, long low, long high) {
        if (t == null) {
            return true;
        }
        int sl = size(t.left);
        int sr = size(t.right);
        boolean balanced = sl + sr <= 1 || (sl <= DELTA * sr && sr <= DELTA * sl);
        return t.counter > low && t.counter < high && t.size == sl + sr + 1 && balanced
                && wellFormed(t.left, low, t.counter) && wellFormed(t.right, t.counter, high);
    }

    /** One replica's dots while building: counters and keys in arrival order. */
    private static final class Column {
        long[] counters = new long[8];
        Object[] keys = new Object[8];
        int size;
        long max;

        void add(long counter, Object key) {
            if (size == counters.length) {
                counters = Arrays.copyOf(counters, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            counters[size] = counter;
            keys[size++] = key;
            max = Math.max(max, counter);
        }

        /** A perfectly balanced tree of the column, sorted by counter. */
        Node tree() {
            long[] sorted;
            Object[] byCounter;
            if (max <= 4L * size + 64) {
                Object[] slots = new Object[(int) max + 1];
                for (int i = 0; i < size; i++) {
                    slots[(int) counters[i]] = keys[i];
                }
                sorted = new long[size];
                byCounter = new Object[size];
                for (int c = 1, j = 0; c < slots.length; c++) {
                    if (slots[c] != null) {
                        sorted[j] = c;
                        byCounter[j++] = slots[c];
                    }
                }
            } else {
                sorted = Arrays.copyOf(counters, size);
                Arrays.sort(sorted);
                byCounter = new Object[size];
                for (int i = 0; i < size; i++) {
                    byCounter[Arrays.binarySearch(sorted, counters[i])] = keys[i];
                }
            }
            return build(sorted, byCounter, 0, size);
        }
    }

    /** The indexed dots, for tests and messages: {@code [a:1=x, a:3=y]}. */
    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < replicas.length; i++) {
            ReplicaId r = replicas[i];
            forEachBetween(r, 0, Long.MAX_VALUE, (c, key) -> shown.add(Dot.of(r, c) + "=" + key));
        }
        return shown.toString();
    }
}
