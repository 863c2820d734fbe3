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
 * The walkthrough's example (docs/testing-your-crdt.md): a two-phase set. An element can be added,
 * and removed once for good. Immutable.
 *
 * @param <E> the element type
 */
// [doc:state]
public final class TwoPhaseSet<E extends Comparable<E>> implements Crdt<TwoPhaseSet<E>> {

    private final SortedSet<E> added;
    private final SortedSet<E> removed; // tombstones: a removed element stays here forever

    private TwoPhaseSet(SortedSet<E> added, SortedSet<E> removed) {
        this.added = added;
        this.removed = removed;
    }

    public static <E extends Comparable<E>> TwoPhaseSet<E> empty() {
        return new TwoPhaseSet<>(new TreeSet<E>(), new TreeSet<E>());
    }

    public static <E extends Comparable<E>> TwoPhaseSet<E> of(Collection<E> added, Collection<E> removed) {
        return new TwoPhaseSet<>(new TreeSet<>(added), new TreeSet<>(removed));
    }
    // [/doc:state]

    // [doc:mutators]
    /** Adds an element; the delta is a set holding just that add. */
    public Mutation<TwoPhaseSet<E>> add(E element) {
        TwoPhaseSet<E> delta = of(Collections.singleton(element), Collections.emptySet());
        return new Mutation<>(merge(delta), delta);
    }

    /** Removes an element for good; the delta is a set holding just its tombstone. */
    public Mutation<TwoPhaseSet<E>> remove(E element) {
        if (!contains(element)) {
            return new Mutation<>(this, empty());
        }
        TwoPhaseSet<E> delta = of(Collections.emptySet(), Collections.singleton(element));
        return new Mutation<>(merge(delta), delta);
    }
    // [/doc:mutators]

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

    // [doc:lattice]
    @Override
    public TwoPhaseSet<E> merge(TwoPhaseSet<E> other) {
        SortedSet<E> a = new TreeSet<>(added);
        a.addAll(other.added);
        SortedSet<E> r = new TreeSet<>(removed);
        r.addAll(other.removed);
        return new TwoPhaseSet<>(a, r);
    }

    @Override
    public Causality compare(TwoPhaseSet<E> other) {
        boolean below = other.added.containsAll(added) && other.removed.containsAll(removed);
        boolean above = added.containsAll(other.added) && removed.containsAll(other.removed);
        return Causality.of(below, above);
    }
    // [/doc:lattice]

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoPhaseSet<?> s && added.equals(s.added) && removed.equals(s.removed);
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
