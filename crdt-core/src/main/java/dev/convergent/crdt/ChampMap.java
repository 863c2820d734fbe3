package dev.convergent.crdt;

import dev.convergent.lattice.Crdt;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * A persistent hash map: a compressed hash-array mapped prefix tree (CHAMP; Steindorfer and Vinju,
 * "Optimizing Hash-Array Mapped Tries for Fast and Lean Immutable JVM Collections"). {@code plus}
 * and {@code minus} copy one path, O(log32 n); the shape is canonical (equal maps have equal
 * trees), so {@link #merge} walks two maps in step, node by node, without hashing lookups, and
 * reuses every subtree the merge leaves unchanged. Iteration follows hash order, the same on every
 * JVM for keys with deterministic hash codes; keys whose full hashes collide come in insertion order.
 *
 * <p>Immutable; package-private. Keys and values are non-null.
 */
final class ChampMap<K, V> extends AbstractMap<K, V> {

    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final int MAX_SHIFT = 30;

    private static final Node EMPTY_NODE = new Node(0, 0, new Object[0]);
    private static final ChampMap<?, ?> EMPTY = new ChampMap<>(EMPTY_NODE, 0);

    private final Node root;
    private final int size;
    private int hash;

    private ChampMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> ChampMap<K, V> empty() {
        return (ChampMap<K, V>) EMPTY;
    }

    /** The map of one entry: what {@code empty().plus(key, value)} gives, built without a walk. */
    static <K, V> ChampMap<K, V> singleton(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return new ChampMap<>(new Node(bit(hashOf(key), 0), 0, new Object[] {key, value}), 1);
    }

    static <K, V> ChampMap<K, V> copyOf(Map<K, V> map) {
        if (map instanceof ChampMap) {
            return (ChampMap<K, V>) map;
        }
        Builder<K, V> builder = new Builder<>(map.size());
        map.forEach(builder::add);
        return builder.build();
    }

    /** Pairs gathered for {@link #ofEntries}: one bottom-up build instead of a put per pair. */
    static final class Builder<K, V> {
        private Object[] keys;
        private Object[] values;
        private int n;

        Builder(int expected) {
            keys = new Object[Math.max(expected, 1)];
            values = new Object[keys.length];
        }

        void add(K key, V value) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, 2 * n);
                values = Arrays.copyOf(values, keys.length);
            }
            keys[n] = key;
            values[n++] = value;
        }

        int size() {
            return n;
        }

        /** The map of the pairs added; see {@link #ofEntries} for what it throws. */
        ChampMap<K, V> build() {
            return ofEntries(keys, values, n);
        }
    }

    /**
     * The map of the first {@code n} (key, value) pairs of the two arrays, built bottom-up in one
     * pass instead of {@code n} path-copying puts: the pairs are sorted into trie order (the hash's
     * 5-bit chunks from the lowest, as the walk reads them) and each node is built once, with the
     * same canonical shape the puts would give. O(n log n) for the sort, O(n) allocation. Keys
     * whose full hashes collide keep their order in the arrays, as puts in that order would.
     *
     * @throws NullPointerException if a key or value is null
     * @throws IllegalArgumentException if two keys are equal
     */
    static <K, V> ChampMap<K, V> ofEntries(Object[] keys, Object[] values, int n) {
        if (n == 0) {
            return empty();
        }
        int[] hashes = new int[n];
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(keys[i], "key");
            Objects.requireNonNull(values[i], "value");
            int h = hashOf(keys[i]);
            hashes[i] = h;
            order[i] = (long) (trieOrder(h) ^ Integer.MIN_VALUE) << 32 | i;
        }
        Arrays.sort(order);
        return new ChampMap<>(build(order, 0, n, 0, hashes, keys, values), n);
    }

    /** The hash with its 5-bit chunks reversed (lowest chunk highest), so that unsigned order is trie order. */
    private static int trieOrder(int hash) {
        int key = 0;
        for (int shift = 0; shift < MAX_SHIFT; shift += BITS) {
            key = key << BITS | (hash >>> shift) & MASK;
        }
        return key << 2 | hash >>> MAX_SHIFT;
    }

    /** The node at {@code shift} of the pairs {@code order[lo..hi)}, which agree on every chunk below it. */
    private static Node build(long[] order, int lo, int hi, int shift, int[] hashes, Object[] keys, Object[] values) {
        if (shift > MAX_SHIFT) {
            Object[] c = new Object[2 * (hi - lo)];
            for (int i = lo; i < hi; i++) {
                Object key = keys[(int) order[i]];
                for (int j = 0; j < 2 * (i - lo); j += 2) {
                    if (c[j].equals(key)) {
                        throw new IllegalArgumentException("two entries have equal keys: " + key);
                    }
                }
                c[2 * (i - lo)] = key;
                c[2 * (i - lo) + 1] = values[(int) order[i]];
            }
            return new Node(0, 0, c);
        }
        int dataMap = 0;
        int nodeMap = 0;
        for (int i = lo; i < hi;) {
            int bit = bit(hashes[(int) order[i]], shift);
            int j = groupEnd(order, i, hi, shift, hashes);
            if (j - i == 1) {
                dataMap |= bit;
            } else {
                nodeMap |= bit;
            }
            i = j;
        }
        int data = Integer.bitCount(dataMap);
        Object[] c = new Object[2 * data + Integer.bitCount(nodeMap)];
        int d = 0;
        int back = c.length;
        for (int i = lo; i < hi;) {
            int j = groupEnd(order, i, hi, shift, hashes);
            if (j - i == 1) {
                c[d++] = keys[(int) order[i]];
                c[d++] = values[(int) order[i]];
            } else {
                c[--back] = build(order, i, j, shift + BITS, hashes, keys, values);
            }
            i = j;
        }
        return new Node(dataMap, nodeMap, c);
    }

    /** The end of the run from {@code i} whose hashes have the same chunk at {@code shift}. */
    private static int groupEnd(long[] order, int i, int hi, int shift, int[] hashes) {
        int chunk = (hashes[(int) order[i]] >>> shift) & MASK;
        int j = i + 1;
        while (j < hi && ((hashes[(int) order[j]] >>> shift) & MASK) == chunk) {
            j++;
        }
        return j;
    }

    static int hashOf(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & MASK);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        return (V) root.find(key, hashOf(key), 0);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** Returns the map with {@code key} mapped to {@code value}; {@code this} if it already was. */
    ChampMap<K, V> plus(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        int[] delta = new int[1];
        Node next = root.put(key, value, hashOf(key), 0, delta);
        return next == root ? this : new ChampMap<>(next, size + delta[0]);
    }

    /** Returns the map without {@code key}; {@code this} if it was absent. */
    ChampMap<K, V> minus(K key) {
        Objects.requireNonNull(key, "key");
        Node next = root.remove(key, hashOf(key), 0);
        if (next == root) {
            return this;
        }
        return size == 1 ? empty() : new ChampMap<>(next, size - 1);
    }

    /**
     * How a merge resolves keys: each callback returns the value to keep, or null to drop the key.
     * For equal values {@code both} must return an equal value (merges are idempotent): equal
     * entries and identical subtrees are kept without a call.
     */
    interface Merger<K, V> {
        V both(K key, V mine, V theirs);

        V onlyMine(K key, V mine);

        V onlyTheirs(K key, V theirs);

        /** Whether onlyMine and onlyTheirs keep every value as it is, so unmatched subtrees are shared unvisited. */
        default boolean keepsUnmatched() {
            return false;
        }
    }

    /** A merger that keeps every key of either side and combines the values of keys on both. */
    static <K, V> Merger<K, V> union(java.util.function.BinaryOperator<V> combine) {
        return new Merger<>() {
            @Override
            public V both(K key, V mine, V theirs) {
                return mine == theirs ? mine : combine.apply(mine, theirs);
            }

            @Override
            public V onlyMine(K key, V mine) {
                return mine;
            }

            @Override
            public V onlyTheirs(K key, V theirs) {
                return theirs;
            }

            @Override
            public boolean keepsUnmatched() {
                return true;
            }
        };
    }

    /**
     * Merges two maps key by key, walking both tries in step. Subtrees the merger leaves unchanged
     * are shared with the inputs; when nothing changes, one of the inputs is returned.
     */
    ChampMap<K, V> merge(ChampMap<K, V> other, Merger<K, V> merger) {
        if (this == other) {
            return this;
        }
        MergeRun<K, V> run = new MergeRun<>(merger);
        Object result = run.merge(root, other.root, 0);
        Node node;
        if (result == MergeRun.SINGLE) {
            if (holdsOnly(root, run.singleKey, run.singleValue)) {
                return this;
            }
            if (holdsOnly(other.root, run.singleKey, run.singleValue)) {
                return other;
            }
            node = new Node(bit(hashOf(run.singleKey), 0), 0, new Object[] {run.singleKey, run.singleValue});
        } else {
            node = (Node) result;
        }
        if (node == root) {
            return this;
        }
        if (node == other.root) {
            return other;
        }
        return node.isEmpty() ? empty() : new ChampMap<>(node, node.count());
    }

    private static boolean holdsOnly(Node n, Object key, Object value) {
        return !n.isCollision() && n.nodeCount() == 0 && n.dataCount() == 1 && n.content[0] == key
                && n.content[1] == value;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        allMatch((k, v) -> {
            action.accept(k, v);
            return true;
        });
    }

    /**
     * Returns this map with each value replaced by {@code f(key, value)}, which must not return null.
     * One pass over the trie; a node is copied once if any of its values changes, and shared
     * otherwise, so the result shares everything that did not change.
     */
    ChampMap<K, V> mapValues(BiFunction<? super K, ? super V, ? extends V> f) {
        Objects.requireNonNull(f, "f");
        @SuppressWarnings("unchecked")
        Node next = mapValues(root, (BiFunction<Object, Object, Object>) f);
        return next == root ? this : new ChampMap<>(next, size);
    }

    private static Node mapValues(Node n, BiFunction<Object, Object, Object> f) {
        Object[] copy = null;
        int data = n.dataCount();
        for (int i = 0; i < data; i++) {
            Object value = n.content[2 * i + 1];
            Object next = Objects.requireNonNull(f.apply(n.content[2 * i], value), "mapped value");
            if (next != value) {
                if (copy == null) {
                    copy = n.content.clone();
                }
                copy[2 * i + 1] = next;
            }
        }
        for (int j = 2 * data; j < n.content.length; j++) {
            Node sub = (Node) n.content[j];
            Node next = mapValues(sub, f);
            if (next != sub) {
                if (copy == null) {
                    copy = n.content.clone();
                }
                copy[j] = next;
            }
        }
        return copy == null ? n : new Node(n.dataMap, n.nodeMap, copy);
    }

    /**
     * A test of one entry of another map against this map's value for the same key (null if absent),
     * with a context passed through, so that a test can be a constant that allocates nothing.
     */
    interface EntryTest<C, K, V> {
        boolean test(C context, K key, V theirs, V mine);
    }

    /**
     * Whether {@code test} holds for every entry of {@code other}, given this map's value for the
     * same key. Walks both tries in step, so keys at the same position are matched without hashing;
     * stops at the first failure.
     */
    <C> boolean allOf(ChampMap<K, V> other, C context, EntryTest<C, K, V> test) {
        return coWalk(root, other.root, 0, context, test);
    }

    /**
     * Whether every entry of {@code lower} has a value for its key in {@code upper} that is at or above it
     * ({@code compare} before or equal): one half of the compare of two maps of CRDTs, the other half being the
     * same call with the maps swapped. One walk of both tries in step (see {@link #allOf}); allocates nothing.
     */
    static <K, V extends Crdt<V>> boolean allAtOrBelow(ChampMap<K, V> lower, ChampMap<K, V> upper) {
        return lower == upper || lower.size <= upper.size
                && upper.allOf(lower, null, (Object unused, K key, V low, V up) -> up != null
                        && (low == up || low.compare(up).isBeforeOrEqual()));
    }

    @SuppressWarnings("unchecked")
    private static <C, K, V> boolean coWalk(Node mine, Node theirs, int shift, C context, EntryTest<C, K, V> test) {
        if (theirs.isCollision() || (mine != null && mine.isCollision()) || shift > MAX_SHIFT) {
            int dataEnd = theirs.isCollision() ? theirs.content.length : 2 * Integer.bitCount(theirs.dataMap);
            for (int i = 0; i < dataEnd; i += 2) {
                Object k = theirs.content[i];
                Object mv = mine == null ? null : mine.find(k, hashOf(k), shift);
                if (!test.test(context, (K) k, (V) theirs.content[i + 1], (V) mv)) {
                    return false;
                }
            }
            for (int i = dataEnd; i < theirs.content.length; i++) {
                if (!coWalk(mine, (Node) theirs.content[i], shift, context, test)) {
                    return false;
                }
            }
            return true;
        }
        int all = theirs.dataMap | theirs.nodeMap;
        for (int rest = all; rest != 0; rest &= rest - 1) {
            int bit = rest & -rest;
            boolean mineData = mine != null && (mine.dataMap & bit) != 0;
            boolean mineNode = mine != null && (mine.nodeMap & bit) != 0;
            if ((theirs.dataMap & bit) != 0) {
                int i = 2 * Integer.bitCount(theirs.dataMap & (bit - 1));
                Object k = theirs.content[i];
                Object mv = null;
                if (mineData) {
                    int j = 2 * Integer.bitCount(mine.dataMap & (bit - 1));
                    mv = mine.content[j].equals(k) ? mine.content[j + 1] : null;
                } else if (mineNode) {
                    mv = mine.subNode(Integer.bitCount(mine.nodeMap & (bit - 1))).find(k, hashOf(k), shift + BITS);
                }
                if (!test.test(context, (K) k, (V) theirs.content[i + 1], (V) mv)) {
                    return false;
                }
            } else {
                Node sub = theirs.subNode(Integer.bitCount(theirs.nodeMap & (bit - 1)));
                if (mineData) {
                    int j = 2 * Integer.bitCount(mine.dataMap & (bit - 1));
                    if (!walkAgainstOne(mine.content[j], mine.content[j + 1], sub, context, test)) {
                        return false;
                    }
                } else if (!coWalk(mineNode ? mine.subNode(Integer.bitCount(mine.nodeMap & (bit - 1))) : null, sub,
                        shift + BITS, context, test)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #coWalk} where this map holds one entry, {@code (key, value)}, against all of {@code theirs}. */
    @SuppressWarnings("unchecked")
    private static <C, K, V> boolean walkAgainstOne(Object key, Object value, Node theirs, C context,
            EntryTest<C, K, V> test) {
        int dataEnd = theirs.isCollision() ? theirs.content.length : 2 * Integer.bitCount(theirs.dataMap);
        for (int i = 0; i < dataEnd; i += 2) {
            Object k = theirs.content[i];
            if (!test.test(context, (K) k, (V) theirs.content[i + 1], k.equals(key) ? (V) value : null)) {
                return false;
            }
        }
        for (int i = dataEnd; i < theirs.content.length; i++) {
            if (!walkAgainstOne(key, value, (Node) theirs.content[i], context, test)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code test} holds for every entry; stops at the first that fails. Allocates nothing. */
    @SuppressWarnings("unchecked")
    boolean allMatch(BiPredicate<? super K, ? super V> test) {
        return allMatch(root, (BiPredicate<Object, Object>) test);
    }

    private static boolean allMatch(Node n, BiPredicate<Object, Object> test) {
        int dataEnd = n.isCollision() ? n.content.length : 2 * Integer.bitCount(n.dataMap);
        for (int i = 0; i < dataEnd; i += 2) {
            if (!test.test(n.content[i], n.content[i + 1])) {
                return false;
            }
        }
        for (int i = dataEnd; i < n.content.length; i++) {
            if (!allMatch((Node) n.content[i], test)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new EntryIterator<>(root);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                Iterator<Map.Entry<K, V>> entries = new EntryIterator<>(root);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public K next() {
                        return entries.next().getKey();
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o instanceof ChampMap) {
            ChampMap<?, ?> m = (ChampMap<?, ?>) o;
            return size == m.size && root.deepEquals(m.root);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && size > 0) {
            h = super.hashCode();
            hash = h;
        }
        return h;
    }

    /**
     * A trie node: data entries (key, value) at the front of {@code content}, sub-nodes at the back
     * in reverse order. Below {@link #MAX_SHIFT} a node holds keys whose full hashes collide.
     */
    static final class Node {
        final int dataMap;
        final int nodeMap;
        final Object[] content;
        final int size;

        /**
         * A node of {@code size} entries in all. Path copies pass the size they know (their own plus or
         * minus one): counting reads every sub-node, a cache miss each on a large map.
         */
        Node(int dataMap, int nodeMap, Object[] content, int size) {
            this.dataMap = dataMap;
            this.nodeMap = nodeMap;
            this.content = content;
            this.size = size;
        }

        Node(int dataMap, int nodeMap, Object[] content) {
            this.dataMap = dataMap;
            this.nodeMap = nodeMap;
            this.content = content;
            if (dataMap == 0 && nodeMap == 0) {
                this.size = content.length / 2;
            } else {
                int n = Integer.bitCount(dataMap);
                for (int i = 2 * n; i < content.length; i++) {
                    n += ((Node) content[i]).size;
                }
                this.size = n;
            }
        }

        boolean isEmpty() {
            return content.length == 0;
        }

        int dataCount() {
            return isCollision() ? content.length / 2 : Integer.bitCount(dataMap);
        }

        int nodeCount() {
            return Integer.bitCount(nodeMap);
        }

        boolean isCollision() {
            return dataMap == 0 && nodeMap == 0 && content.length > 0;
        }

        int count() {
            return size;
        }

        Node subNode(int i) {
            return (Node) content[content.length - 1 - i];
        }

        Object find(Object key, int hash, int shift) {
            if (isCollision()) {
                for (int i = 0; i < content.length; i += 2) {
                    if (content[i].equals(key)) {
                        return content[i + 1];
                    }
                }
                return null;
            }
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int i = 2 * Integer.bitCount(dataMap & (bit - 1));
                return content[i].equals(key) ? content[i + 1] : null;
            }
            if ((nodeMap & bit) != 0) {
                return subNode(Integer.bitCount(nodeMap & (bit - 1))).find(key, hash, shift + BITS);
            }
            return null;
        }

        Node put(Object key, Object value, int hash, int shift, int[] added) {
            if (isCollision()) {
                for (int i = 0; i < content.length; i += 2) {
                    if (content[i].equals(key)) {
                        if (content[i + 1].equals(value)) {
                            return this;
                        }
                        Object[] c = content.clone();
                        c[i + 1] = value;
                        return new Node(0, 0, c, size);
                    }
                }
                Object[] c = Arrays.copyOf(content, content.length + 2);
                c[content.length] = key;
                c[content.length + 1] = value;
                added[0] = 1;
                return new Node(0, 0, c);
            }
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int i = 2 * Integer.bitCount(dataMap & (bit - 1));
                Object k = content[i];
                if (k.equals(key)) {
                    if (content[i + 1].equals(value)) {
                        return this;
                    }
                    Object[] c = content.clone();
                    c[i + 1] = value;
                    return new Node(dataMap, nodeMap, c, size);
                }
                Node sub = pair(k, content[i + 1], hashOf(k), key, value, hash, shift + BITS);
                added[0] = 1;
                return dataToNode(bit, sub);
            }
            if ((nodeMap & bit) != 0) {
                int n = Integer.bitCount(nodeMap & (bit - 1));
                Node sub = subNode(n);
                Node next = sub.put(key, value, hash, shift + BITS, added);
                if (next == sub) {
                    return this;
                }
                Object[] c = content.clone();
                c[content.length - 1 - n] = next;
                return new Node(dataMap, nodeMap, c, size + added[0]);
            }
            int i = 2 * Integer.bitCount(dataMap & (bit - 1));
            Object[] c = new Object[content.length + 2];
            System.arraycopy(content, 0, c, 0, i);
            c[i] = key;
            c[i + 1] = value;
            System.arraycopy(content, i, c, i + 2, content.length - i);
            added[0] = 1;
            return new Node(dataMap | bit, nodeMap, c, size + 1);
        }

        /** A node holding two entries with different keys, at the first level where their hashes differ. */
        static Node pair(Object k1, Object v1, int h1, Object k2, Object v2, int h2, int shift) {
            if (shift > MAX_SHIFT) {
                return new Node(0, 0, new Object[] {k1, v1, k2, v2});
            }
            int b1 = bit(h1, shift);
            int b2 = bit(h2, shift);
            if (b1 == b2) {
                return new Node(0, b1, new Object[] {pair(k1, v1, h1, k2, v2, h2, shift + BITS)});
            }
            return Integer.compareUnsigned(b1, b2) < 0
                    ? new Node(b1 | b2, 0, new Object[] {k1, v1, k2, v2})
                    : new Node(b1 | b2, 0, new Object[] {k2, v2, k1, v1});
        }

        private Node dataToNode(int bit, Node sub) {
            int i = 2 * Integer.bitCount(dataMap & (bit - 1));
            int n = Integer.bitCount(nodeMap & (bit - 1));
            Object[] c = new Object[content.length - 1];
            System.arraycopy(content, 0, c, 0, i);
            System.arraycopy(content, i + 2, c, i, content.length - i - 2 - n);
            int at = c.length - 1 - n;
            System.arraycopy(content, content.length - n, c, at + 1, n);
            c[at] = sub;
            return new Node(dataMap ^ bit, nodeMap | bit, c, size + 1);
        }

        Node remove(Object key, int hash, int shift) {
            if (isCollision()) {
                for (int i = 0; i < content.length; i += 2) {
                    if (content[i].equals(key)) {
                        Object[] c = new Object[content.length - 2];
                        System.arraycopy(content, 0, c, 0, i);
                        System.arraycopy(content, i + 2, c, i, content.length - i - 2);
                        return new Node(0, 0, c);
                    }
                }
                return this;
            }
            int bit = bit(hash, shift);
            if ((dataMap & bit) != 0) {
                int i = 2 * Integer.bitCount(dataMap & (bit - 1));
                if (!content[i].equals(key)) {
                    return this;
                }
                Object[] c = new Object[content.length - 2];
                System.arraycopy(content, 0, c, 0, i);
                System.arraycopy(content, i + 2, c, i, content.length - i - 2);
                return new Node(dataMap ^ bit, nodeMap, c, size - 1);
            }
            if ((nodeMap & bit) != 0) {
                int n = Integer.bitCount(nodeMap & (bit - 1));
                Node sub = subNode(n);
                Node next = sub.remove(key, hash, shift + BITS);
                if (next == sub) {
                    return this;
                }
                if (next.nodeCount() == 0 && next.dataCount() == 1) {
                    return nodeToData(bit, n, next.content[0], next.content[1]);
                }
                Object[] c = content.clone();
                c[content.length - 1 - n] = next;
                return new Node(dataMap, nodeMap, c, size - 1);
            }
            return this;
        }

        private Node nodeToData(int bit, int n, Object key, Object value) {
            int i = 2 * Integer.bitCount(dataMap & (bit - 1));
            Object[] c = new Object[content.length + 1];
            System.arraycopy(content, 0, c, 0, i);
            c[i] = key;
            c[i + 1] = value;
            int dataEnd = 2 * Integer.bitCount(dataMap);
            System.arraycopy(content, i, c, i + 2, dataEnd - i);
            int nodes = content.length - dataEnd;
            // copy sub-nodes except the n-th (stored at content.length - 1 - n)
            int src = dataEnd;
            int dst = dataEnd + 2;
            for (int k = 0; k < nodes; k++, src++) {
                if (src != content.length - 1 - n) {
                    c[dst++] = content[src];
                }
            }
            return new Node(dataMap | bit, nodeMap ^ bit, c, size - 1);
        }

        boolean deepEquals(Node other) {
            if (this == other) {
                return true;
            }
            if (dataMap != other.dataMap || nodeMap != other.nodeMap || content.length != other.content.length) {
                return false;
            }
            if (isCollision()) {
                if (!other.isCollision()) {
                    return false;
                }
                for (int i = 0; i < content.length; i += 2) {
                    Object v = other.find(content[i], 0, 0);
                    if (v == null || !v.equals(content[i + 1])) {
                        return false;
                    }
                }
                return true;
            }
            int dataEnd = 2 * Integer.bitCount(dataMap);
            for (int i = 0; i < dataEnd; i++) {
                if (!content[i].equals(other.content[i])) {
                    return false;
                }
            }
            for (int i = dataEnd; i < content.length; i++) {
                if (!((Node) content[i]).deepEquals((Node) other.content[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One merge. A call returns EMPTY_NODE (nothing left), a Node (two or more entries), or SINGLE
     * with the one remaining entry in {@link #singleKey}/{@link #singleValue}, which the caller
     * inlines at once (so the trie stays canonical and no pair object is allocated).
     */
    private static final class MergeRun<K, V> {
        static final Object SINGLE = new Object();
        private static final Object NODE = new Object();

        private final Merger<K, V> merger;
        private final boolean keepUnmatched;
        Object singleKey;
        Object singleValue;
        /** Set by every {@link #merge}: whether its two inputs held equal entries (the result stands for both). */
        private boolean equalInputs;
        /** Scratch for slot results, one pair per trie level: a merge that keeps an input allocates nothing. */
        private final Object[][] keysAt = new Object[MAX_SHIFT / BITS + 2][];
        private final Object[][] valuesAt = new Object[MAX_SHIFT / BITS + 2][];

        private Object[] keysAt(int shift) {
            int level = shift / BITS;
            if (keysAt[level] == null) {
                keysAt[level] = new Object[1 << BITS];
                valuesAt[level] = new Object[1 << BITS];
            }
            return keysAt[level];
        }

        MergeRun(Merger<K, V> merger) {
            this.merger = merger;
            this.keepUnmatched = merger.keepsUnmatched();
        }

        private Object single(Object key, Object value) {
            singleKey = key;
            singleValue = value;
            return SINGLE;
        }

        private Object collapse(Node n) {
            if (n.isEmpty()) {
                return EMPTY_NODE;
            }
            if (!n.isCollision() && n.nodeCount() == 0 && n.dataCount() == 1) {
                return single(n.content[0], n.content[1]);
            }
            return n;
        }

        private static Node singleNode(Object key, Object value, int shift) {
            if (shift > MAX_SHIFT) {
                return new Node(0, 0, new Object[] {key, value});
            }
            return new Node(bit(hashOf(key), shift), 0, new Object[] {key, value});
        }

        /** Stores a child result in slot {@code i}: data (key, value), a node (node, NODE), or nothing (null). */
        private void store(Object r, Object[] ks, Object[] vs, int i) {
            if (r == SINGLE) {
                ks[i] = singleKey;
                vs[i] = singleValue;
            } else if (r != EMPTY_NODE) {
                ks[i] = r;
                vs[i] = NODE;
            }
        }

        @SuppressWarnings("unchecked")
        Object merge(Node a, Node b, int shift) {
            if (a == b) {
                equalInputs = true;
                return collapse(a);
            }
            equalInputs = false;
            if (a.isCollision() || b.isCollision() || shift > MAX_SHIFT) {
                return mergeFlat(a, b, shift);
            }
            if (a.dataMap == b.dataMap && a.nodeMap == b.nodeMap) {
                Object r = mergeSameShape(a, b, shift);
                if (r != null) {
                    return r;
                }
            }
            int all = a.dataMap | a.nodeMap | b.dataMap | b.nodeMap;
            int n = Integer.bitCount(all);
            Object[] ks = keysAt(shift);
            Object[] vs = valuesAt[shift / BITS];
            Arrays.fill(ks, 0, n, null);
            boolean sameA = true;
            boolean sameB = true;
            int slot = 0;
            for (int rest = all; rest != 0; rest &= rest - 1, slot++) {
                int bit = rest & -rest;
                boolean aData = (a.dataMap & bit) != 0;
                boolean bData = (b.dataMap & bit) != 0;
                boolean aNode = (a.nodeMap & bit) != 0;
                boolean bNode = (b.nodeMap & bit) != 0;
                int ai = aData ? 2 * Integer.bitCount(a.dataMap & (bit - 1)) : -1;
                int bi = bData ? 2 * Integer.bitCount(b.dataMap & (bit - 1)) : -1;
                Node an = aNode ? a.subNode(Integer.bitCount(a.nodeMap & (bit - 1))) : null;
                Node bn = bNode ? b.subNode(Integer.bitCount(b.nodeMap & (bit - 1))) : null;
                if (aData && bData) {
                    Object ka = a.content[ai];
                    Object va = a.content[ai + 1];
                    Object kb = b.content[bi];
                    Object vb = b.content[bi + 1];
                    if (ka.equals(kb)) {
                        if (va.equals(vb)) {
                            // an equal entry on both sides: either side's node may stand for it
                            ks[slot] = ka;
                            vs[slot] = va;
                            continue;
                        }
                        Object v = merger.both((K) ka, (V) va, (V) vb);
                        if (v != null) {
                            ks[slot] = v == vb && v != va ? kb : ka;
                            vs[slot] = v;
                        }
                        sameA &= v == va && ks[slot] == ka;
                        sameB &= v == vb && ks[slot] == kb;
                    } else {
                        Object va2 = merger.onlyMine((K) ka, (V) va);
                        Object vb2 = merger.onlyTheirs((K) kb, (V) vb);
                        if (va2 != null && vb2 != null) {
                            ks[slot] = Node.pair(ka, va2, hashOf(ka), kb, vb2, hashOf(kb), shift + BITS);
                            vs[slot] = NODE;
                        } else if (va2 != null) {
                            ks[slot] = ka;
                            vs[slot] = va2;
                        } else if (vb2 != null) {
                            ks[slot] = kb;
                            vs[slot] = vb2;
                        }
                        sameA &= va2 == va && vb2 == null;
                        sameB &= vb2 == vb && va2 == null;
                    }
                } else if (aData && bNode) {
                    store(merge(singleNode(a.content[ai], a.content[ai + 1], shift + BITS), bn, shift + BITS), ks, vs,
                            slot);
                    sameA &= ks[slot] == a.content[ai] && vs[slot] == a.content[ai + 1];
                    sameB &= ks[slot] == bn;
                } else if (aNode && bData) {
                    store(merge(an, singleNode(b.content[bi], b.content[bi + 1], shift + BITS), shift + BITS), ks, vs,
                            slot);
                    sameA &= ks[slot] == an;
                    sameB &= ks[slot] == b.content[bi] && vs[slot] == b.content[bi + 1];
                } else if (aNode && bNode) {
                    store(merge(an, bn, shift + BITS), ks, vs, slot);
                    sameA &= ks[slot] == an || equalInputs;
                    sameB &= ks[slot] == bn || equalInputs;
                } else if (aData) {
                    Object ka = a.content[ai];
                    Object va = a.content[ai + 1];
                    Object v = keepUnmatched ? va : merger.onlyMine((K) ka, (V) va);
                    if (v != null) {
                        ks[slot] = ka;
                        vs[slot] = v;
                    }
                    sameA &= v == va;
                    sameB &= v == null;
                } else if (bData) {
                    Object kb = b.content[bi];
                    Object vb = b.content[bi + 1];
                    Object v = keepUnmatched ? vb : merger.onlyTheirs((K) kb, (V) vb);
                    if (v != null) {
                        ks[slot] = kb;
                        vs[slot] = v;
                    }
                    sameB &= v == vb;
                    sameA &= v == null;
                } else if (aNode) {
                    store(keepUnmatched ? an : filter(an, shift + BITS, true), ks, vs, slot);
                    sameA &= ks[slot] == an;
                    sameB &= ks[slot] == null;
                } else {
                    store(keepUnmatched ? bn : filter(bn, shift + BITS, false), ks, vs, slot);
                    sameB &= ks[slot] == bn;
                    sameA &= ks[slot] == null;
                }
            }
            equalInputs = sameA && sameB;
            if (sameA) {
                return collapse(a);
            }
            if (sameB) {
                return collapse(b);
            }
            return build(all, ks, vs);
        }

        /**
         * {@link #merge} for two nodes of one shape whose entries are the same objects, which is what a state and
         * its relative (a descendant, or a copy that shares most of its trie) hold on the path to each change:
         * only the children that differ are merged, and the node is rebuilt once, without the slot-by-slot walk.
         * Null when an entry differs or a child merge collapses to one entry or none: the general walk handles
         * those.
         */
        private Object mergeSameShape(Node a, Node b, int shift) {
            Object[] ca = a.content;
            Object[] cb = b.content;
            int data = 2 * Integer.bitCount(a.dataMap);
            for (int i = 0; i < data; i++) {
                if (ca[i] != cb[i]) {
                    return null;
                }
            }
            Object[] merged = keysAt(shift); // this level's scratch: the child results, by position
            boolean sameA = true;
            boolean sameB = true;
            for (int i = data; i < ca.length; i++) {
                Node an = (Node) ca[i];
                Node bn = (Node) cb[i];
                Object r = an;
                boolean equal = true;
                if (an != bn) {
                    r = merge(an, bn, shift + BITS);
                    if (r == SINGLE || r == EMPTY_NODE) {
                        return null;
                    }
                    equal = equalInputs;
                }
                merged[i - data] = r;
                sameA &= r == an || equal;
                sameB &= r == bn || equal;
            }
            equalInputs = sameA && sameB;
            if (sameA) {
                return a;
            }
            if (sameB) {
                return b;
            }
            Object[] out = ca.clone();
            System.arraycopy(merged, 0, out, data, ca.length - data);
            return new Node(a.dataMap, a.nodeMap, out);
        }

        /** Applies onlyMine/onlyTheirs to every entry of a subtree. */
        @SuppressWarnings("unchecked")
        private Object filter(Node n, int shift, boolean mine) {
            if (n.isCollision()) {
                return mine ? mergeFlat(n, EMPTY_NODE, shift) : mergeFlat(EMPTY_NODE, n, shift);
            }
            int all = n.dataMap | n.nodeMap;
            Object[] ks = keysAt(shift);
            Object[] vs = valuesAt[shift / BITS];
            Arrays.fill(ks, 0, Integer.bitCount(all), null);
            boolean unchanged = true;
            int slot = 0;
            for (int rest = all; rest != 0; rest &= rest - 1, slot++) {
                int bit = rest & -rest;
                if ((n.dataMap & bit) != 0) {
                    int i = 2 * Integer.bitCount(n.dataMap & (bit - 1));
                    Object k = n.content[i];
                    Object v = n.content[i + 1];
                    Object r = mine ? merger.onlyMine((K) k, (V) v) : merger.onlyTheirs((K) k, (V) v);
                    if (r != null) {
                        ks[slot] = k;
                        vs[slot] = r;
                    }
                    unchanged &= r == v;
                } else {
                    Node sub = n.subNode(Integer.bitCount(n.nodeMap & (bit - 1)));
                    store(filter(sub, shift + BITS, mine), ks, vs, slot);
                    unchanged &= ks[slot] == sub;
                }
            }
            return unchanged ? collapse(n) : build(all, ks, vs);
        }

        /** Merges below the last hash level (or with collision nodes) by plain key comparison. */
        @SuppressWarnings("unchecked")
        private Object mergeFlat(Node a, Node b, int shift) {
            List<Object> out = new ArrayList<>();
            forEachEntry(a, (k, v) -> {
                Object theirs = b.find(k, hashOf(k), shift > MAX_SHIFT ? MAX_SHIFT + BITS : shift);
                Object r = theirs == null ? merger.onlyMine((K) k, (V) v) : merger.both((K) k, (V) v, (V) theirs);
                if (r != null) {
                    out.add(k);
                    out.add(r);
                }
            });
            forEachEntry(b, (k, v) -> {
                if (a.find(k, hashOf(k), shift > MAX_SHIFT ? MAX_SHIFT + BITS : shift) == null) {
                    Object r = merger.onlyTheirs((K) k, (V) v);
                    if (r != null) {
                        out.add(k);
                        out.add(r);
                    }
                }
            });
            if (out.isEmpty()) {
                return EMPTY_NODE;
            }
            if (out.size() == 2) {
                return single(out.get(0), out.get(1));
            }
            if (shift > MAX_SHIFT) {
                return new Node(0, 0, out.toArray());
            }
            Node n = EMPTY_NODE;
            int[] ignored = new int[1];
            for (int i = 0; i < out.size(); i += 2) {
                n = n.put(out.get(i), out.get(i + 1), hashOf(out.get(i)), shift, ignored);
            }
            return n;
        }

        private static void forEachEntry(Node n, BiConsumer<Object, Object> action) {
            if (n.isCollision()) {
                for (int i = 0; i < n.content.length; i += 2) {
                    action.accept(n.content[i], n.content[i + 1]);
                }
                return;
            }
            int dataEnd = 2 * Integer.bitCount(n.dataMap);
            for (int i = 0; i < dataEnd; i += 2) {
                action.accept(n.content[i], n.content[i + 1]);
            }
            for (int i = 0; i < n.nodeCount(); i++) {
                forEachEntry(n.subNode(i), action);
            }
        }

        /** Builds a node from per-slot results; a lone entry is returned as SINGLE for the parent to inline. */
        private Object build(int all, Object[] ks, Object[] vs) {
            int dataMap = 0;
            int nodeMap = 0;
            int data = 0;
            int nodes = 0;
            int slot = 0;
            int lone = -1;
            for (int rest = all; rest != 0; rest &= rest - 1, slot++) {
                int bit = rest & -rest;
                if (ks[slot] == null) {
                    continue;
                }
                if (vs[slot] == NODE) {
                    nodeMap |= bit;
                    nodes++;
                } else {
                    dataMap |= bit;
                    data++;
                    lone = slot;
                }
            }
            if (data == 0 && nodes == 0) {
                return EMPTY_NODE;
            }
            if (data == 1 && nodes == 0) {
                return single(ks[lone], vs[lone]);
            }
            Object[] c = new Object[2 * data + nodes];
            int di = 0;
            int ni = c.length - 1;
            for (int i = 0, slots = Integer.bitCount(all); i < slots; i++) {
                if (ks[i] == null) {
                    continue;
                }
                if (vs[i] == NODE) {
                    c[ni--] = ks[i];
                } else {
                    c[di++] = ks[i];
                    c[di++] = vs[i];
                }
            }
            return new Node(dataMap, nodeMap, c);
        }
    }

    private static final class EntryIterator<K, V> implements Iterator<Map.Entry<K, V>> {
        private final Node[] nodes = new Node[8];
        private final int[] positions = new int[8];
        private int depth = -1;
        private Node collisionOrData;
        private int dataIndex;
        private int dataEnd;

        EntryIterator(Node root) {
            if (!root.isEmpty()) {
                push(root);
            }
        }

        private void push(Node n) {
            depth++;
            nodes[depth] = n;
            positions[depth] = 0;
            collisionOrData = n;
            dataIndex = 0;
            dataEnd = n.isCollision() ? n.content.length : 2 * Integer.bitCount(n.dataMap);
        }

        @Override
        public boolean hasNext() {
            while (true) {
                if (collisionOrData != null && dataIndex < dataEnd) {
                    return true;
                }
                collisionOrData = null;
                while (depth >= 0) {
                    Node n = nodes[depth];
                    if (!n.isCollision() && positions[depth] < n.nodeCount()) {
                        Node child = n.subNode(positions[depth]++);
                        push(child);
                        break;
                    }
                    depth--;
                }
                if (depth < 0) {
                    return false;
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map.Entry<K, V> e = new AbstractMap.SimpleImmutableEntry<>(
                    (K) collisionOrData.content[dataIndex], (V) collisionOrData.content[dataIndex + 1]);
            dataIndex += 2;
            return e;
        }
    }
}
