package dev.convergent.testkit.example;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * BROKEN on purpose: the walkthrough's first draft of {@link TwoPhaseSet}, whose remove takes the
 * element out of the added set instead of keeping a tombstone. Checked by
 * {@link FirstDraftTwoPhaseSetLawsFixture}; its report is quoted in docs/testing-your-crdt.md.
 *
 * @param <E> the element type
 */
public final class FirstDraftTwoPhaseSet<E extends Comparable<E>> implements Crdt<FirstDraftTwoPhaseSet<E>> {

    private final SortedSet<E> added;
    private final SortedSet<E> removed;

    private FirstDraftTwoPhaseSet(SortedSet<E> added, SortedSet<E> removed) {
        this.added = added;
        this.removed = removed;
    }

    public static <E extends Comparable<E>> FirstDraftTwoPhaseSet<E> empty() {
        return new FirstDraftTwoPhaseSet<>(new TreeSet<E>(), new TreeSet<E>());
    }

    public static <E extends Comparable<E>> FirstDraftTwoPhaseSet<E> of(Collection<E> added, Collection<E> removed) {
        return new FirstDraftTwoPhaseSet<>(new TreeSet<>(added), new TreeSet<>(removed));
    }

    /** Adds an element; the delta is a set holding just that add. */
    public Mutation<FirstDraftTwoPhaseSet<E>> add(E element) {
        FirstDraftTwoPhaseSet<E> delta = of(Collections.singleton(element), Collections.emptySet());
        return new Mutation<>(merge(delta), delta);
    }

    // [doc:first-draft-remove]
    /** Removes an element. */
    public Mutation<FirstDraftTwoPhaseSet<E>> remove(E element) {
        SortedSet<E> rest = new TreeSet<>(added);
        rest.remove(element);
        return new Mutation<>(new FirstDraftTwoPhaseSet<>(rest, removed), empty());
    }
    // [/doc:first-draft-remove]

    public boolean contains(E element) {
        return added.contains(element) && !removed.contains(element);
    }

    public SortedSet<E> elements() {
        SortedSet<E> present = new TreeSet<>(added);
        present.removeAll(removed);
        return Collections.unmodifiableSortedSet(present);
    }

    public SortedSet<E> added() {
        return Collections.unmodifiableSortedSet(added);
    }

    public SortedSet<E> removed() {
        return Collections.unmodifiableSortedSet(removed);
    }

    @Override
    public FirstDraftTwoPhaseSet<E> merge(FirstDraftTwoPhaseSet<E> other) {
        SortedSet<E> a = new TreeSet<>(added);
        a.addAll(other.added);
        SortedSet<E> r = new TreeSet<>(removed);
        r.addAll(other.removed);
        return new FirstDraftTwoPhaseSet<>(a, r);
    }

    @Override
    public Causality compare(FirstDraftTwoPhaseSet<E> other) {
        boolean below = other.added.containsAll(added) && other.removed.containsAll(removed);
        boolean above = added.containsAll(other.added) && removed.containsAll(other.removed);
        return Causality.of(below, above);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirstDraftTwoPhaseSet<?> s && added.equals(s.added) && removed.equals(s.removed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(added, removed);
    }

    @Override
    public String toString() {
        return "TwoPhaseSet{added=" + added + ", removed=" + removed + "}";
    }
}
