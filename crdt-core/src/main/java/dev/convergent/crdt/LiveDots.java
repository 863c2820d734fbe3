package dev.convergent.crdt;

/**
 * What a {@link DotKernel} keeps about which key holds each live dot: a {@link DotIndex} that is up to date, or
 * one with the changes made since, not yet applied ({@link PendingDots}). A mutator records its change in O(1);
 * the changes are applied together, at less cost than one by one, when the index is next needed or when
 * {@link PendingDots#LIMIT} of them have piled up. Immutable. Package-private.
 *
 * @param <K> the key type
 */
sealed interface LiveDots<K> permits DotIndex, PendingDots {

    /**
     * The index with every recorded change applied. O(1) for an index; for pending changes O(m log n) at most
     * for m changes, and O(m + log n) for a replica's new dots above its largest indexed counter.
     *
     * @return the up-to-date index
     */
    DotIndex<K> current();

    /**
     * Records that {@code key} went from {@code oldValue} to {@code newValue} (either null, not both): every dot of
     * {@code oldValue} not in {@code newValue} is no longer live, every dot of {@code newValue} is held by
     * {@code key}. O(1), except at every {@link PendingDots#LIMIT}-th change, which applies them all.
     *
     * @param key the key
     * @param oldValue its dots before, a {@link dev.convergent.clock.Dot} or {@link Dots}, or null
     * @param newValue its dots after, or null
     * @return the index with the change recorded
     */
    LiveDots<K> changed(K key, Object oldValue, Object newValue);
}
