package dev.convergent.crdt;

/**
 * A {@link DotIndex} and the changes recorded since, newest first: one node per change, so that a write costs
 * one small object instead of a path copy in the index. The changes are applied in one pass by
 * {@link DotIndex#updateAll}, which links a run of a replica's new dots onto its tree at once, when the index
 * is needed ({@link #current}) or when the {@link #LIMIT}-th change arrives. Immutable; {@link #current} may be
 * called from several threads and computes the same index in each. Package-private.
 *
 * @param <K> the key type
 */
final class PendingDots<K> implements LiveDots<K> {

    /**
     * The changes applied together at most: a chain never holds more than {@code LIMIT - 1}, so every
     * {@code LIMIT}-th write from an up-to-date index pays for all of them. 32 keeps a chain small (about 1 KB)
     * and the shared top of the index's trees copied once per 32 writes.
     */
    static final int LIMIT = 32;

    private final LiveDots<K> previous;
    private final K key;
    private final Object oldValue;
    private final Object newValue;
    /** The changes in this chain, this one included: 1 to {@code LIMIT - 1}. */
    private final int length;

    PendingDots(LiveDots<K> previous, K key, Object oldValue, Object newValue) {
        this.previous = previous;
        this.key = key;
        this.oldValue = oldValue;
        this.newValue = newValue;
        this.length = previous instanceof PendingDots<K> p ? p.length + 1 : 1;
    }

    /** Records the change, or applies the whole chain with it when it is the {@link #LIMIT}-th. */
    @Override
    public LiveDots<K> changed(K key, Object oldValue, Object newValue) {
        return length + 1 < LIMIT ? new PendingDots<>(this, key, oldValue, newValue)
                : apply(key, oldValue, newValue, length + 1);
    }

    @Override
    public DotIndex<K> current() {
        return apply(null, null, null, length);
    }

    /** Applies the chain, oldest change first, followed by the given one when {@code n} exceeds the chain. */
    private DotIndex<K> apply(K lastKey, Object lastOld, Object lastNew, int n) {
        Object[] keys = new Object[n];
        Object[] olds = new Object[n];
        Object[] news = new Object[n];
        int i = n;
        if (n > length) {
            i--;
            keys[i] = lastKey;
            olds[i] = lastOld;
            news[i] = lastNew;
        }
        LiveDots<K> at = this;
        while (at instanceof PendingDots<K> p) {
            i--;
            keys[i] = p.key;
            olds[i] = p.oldValue;
            news[i] = p.newValue;
            at = p.previous;
        }
        return ((DotIndex<K>) at).updateAll(keys, olds, news, n);
    }

    /** The number of changes not yet applied, for tests. */
    int length() {
        return length;
    }
}
