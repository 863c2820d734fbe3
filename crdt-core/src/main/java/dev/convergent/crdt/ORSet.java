package dev.convergent.crdt;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Causality;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An observed-remove set with add-wins semantics and no tombstones (the "optimized OR-Set" of
 * Bieniusa et al., in the causal form of Almeida, Shoker and Baquero).
 *
 * <p>State: each present element maps to the dots of the adds that created it, and a causal
 * context records every dot this state has seen. An add creates a fresh dot; a remove drops the
 * element's dots but the context keeps them, which is how a merge tells "removed here" from "not
 * seen yet". A remove therefore cancels only the adds it observed, and an add concurrent with a
 * remove survives (add wins).
 *
 * <p>Merge rule: for each element keep the dots present in both states, plus the dots of either
 * state that the other's context has not seen; the context is the union. State size is
 * O(elements + replicas); merge costs O(elements of both).
 *
 * <p>Immutable and thread-safe when the elements are; value-based.
 *
 * @param <E> the element type, which should be immutable and have value equality
 */
public final class ORSet<E> implements Crdt<ORSet<E>> {

    private static final ORSet<?> EMPTY = new ORSet<>(Map.of(), CausalContext.empty());

    private final Map<E, Set<Dot>> entries;
    private final CausalContext context;

    private ORSet(Map<E, Set<Dot>> entries, CausalContext context) {
        this.entries = entries;
        this.context = context;
    }

    /**
     * Returns the empty set.
     *
     * @param <E> the element type
     * @return the empty set (a shared instance)
     */
    @SuppressWarnings("unchecked")
    public static <E> ORSet<E> empty() {
        return (ORSet<E>) EMPTY;
    }

    /**
     * Returns the set with the given elements, dots and causal context (for example decoded from
     * storage), after checking its invariants.
     *
     * @param <E> the element type
     * @param entries the dots of each present element; every set non-empty
     * @param context the dots seen; must cover every dot in {@code entries}
     * @return the set
     * @throws NullPointerException if an argument, element or dot is null
     * @throws IllegalArgumentException if an element has no dots, a dot is outside the context, or
     *     one dot tags two elements
     */
    public static <E> ORSet<E> of(Map<E, Set<Dot>> entries, CausalContext context) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(context, "context");
        Map<E, Set<Dot>> copy = new HashMap<>();
        Map<Dot, E> owner = new HashMap<>();
        for (Map.Entry<E, Set<Dot>> e : entries.entrySet()) {
            E element = Objects.requireNonNull(e.getKey(), "entries contains a null element");
            Set<Dot> dots = Set.copyOf(Objects.requireNonNull(e.getValue(), "entries contains null dots"));
            if (dots.isEmpty()) {
                throw new IllegalArgumentException("element " + element + " has no dots");
            }
            for (Dot d : dots) {
                if (!context.contains(d)) {
                    throw new IllegalArgumentException("dot " + d + " of " + element + " is not covered by context "
                            + context);
                }
                E previous = owner.put(d, element);
                if (previous != null) {
                    throw new IllegalArgumentException("dot " + d + " tags both " + previous + " and " + element);
                }
            }
            copy.put(element, dots);
        }
        return new ORSet<>(copy, context);
    }

    /**
     * Adds {@code element} at {@code replica} with a fresh dot. The new dot replaces the element's
     * earlier dots, which the context still covers. Inflates.
     *
     * @param replica the replica performing the add
     * @param element the element to add
     * @return the set with the element present
     * @throws NullPointerException if an argument is null
     * @throws CounterOverflowException if the replica's dot counter is exhausted
     */
    public ORSet<E> add(ReplicaId replica, E element) {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(element, "element");
        Dot dot = context.nextDot(replica);
        Map<E, Set<Dot>> copy = new HashMap<>(entries);
        copy.put(element, Set.of(dot));
        return new ORSet<>(copy, context.add(dot));
    }

    /**
     * Removes {@code element}: cancels every add of it this state has observed. An add that this
     * state has not seen survives the merge. Removing an absent element is a no-op. Inflates.
     *
     * @param element the element to remove
     * @return the set without the element ({@code this} if it was absent)
     * @throws NullPointerException if {@code element} is null
     */
    public ORSet<E> remove(E element) {
        Objects.requireNonNull(element, "element");
        if (!entries.containsKey(element)) {
            return this;
        }
        Map<E, Set<Dot>> copy = new HashMap<>(entries);
        copy.remove(element);
        return new ORSet<>(copy, context);
    }

    /**
     * Returns whether {@code element} is present.
     *
     * @param element the element
     * @return whether it is in the set
     * @throws NullPointerException if {@code element} is null
     */
    public boolean contains(E element) {
        return entries.containsKey(Objects.requireNonNull(element, "element"));
    }

    /**
     * Returns the present elements.
     *
     * @return an unmodifiable view of the elements
     */
    public Set<E> elements() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /**
     * Returns the number of present elements.
     *
     * @return the size
     */
    public int size() {
        return entries.size();
    }

    /**
     * Returns whether no element is present.
     *
     * @return whether the set is empty
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Returns the dots of the adds that keep {@code element} present.
     *
     * @param element the element
     * @return its dots, empty if it is absent
     * @throws NullPointerException if {@code element} is null
     */
    public Set<Dot> dots(E element) {
        return entries.getOrDefault(Objects.requireNonNull(element, "element"), Set.of());
    }

    /**
     * Returns the causal context: every dot this state has seen, present or removed.
     *
     * @return the context
     */
    public CausalContext context() {
        return context;
    }

    /**
     * Joins two sets: keeps each dot present in both, and each dot of one side the other side has
     * not seen. Idempotent, commutative and associative.
     *
     * @param other the set to merge with
     * @return the merged set
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public ORSet<E> merge(ORSet<E> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return this;
        }
        Map<E, Set<Dot>> merged = new HashMap<>();
        for (Map.Entry<E, Set<Dot>> e : entries.entrySet()) {
            Set<Dot> kept = keep(e.getValue(), other.entries.get(e.getKey()), other.context, context);
            if (!kept.isEmpty()) {
                merged.put(e.getKey(), kept);
            }
        }
        for (Map.Entry<E, Set<Dot>> e : other.entries.entrySet()) {
            if (!entries.containsKey(e.getKey())) {
                Set<Dot> kept = keep(e.getValue(), null, context, other.context);
                if (!kept.isEmpty()) {
                    merged.put(e.getKey(), kept);
                }
            }
        }
        ORSet<E> result = new ORSet<>(merged, context.merge(other.context));
        if (result.equals(this)) {
            return this;
        }
        return result.equals(other) ? other : result;
    }

    /** Dots of one element kept by a merge: those in both, and those the other side has not seen. */
    private static Set<Dot> keep(Set<Dot> mine, Set<Dot> theirs, CausalContext theirContext,
            CausalContext myContext) {
        Set<Dot> kept = null;
        for (Dot d : mine) {
            if ((theirs != null && theirs.contains(d)) || !theirContext.contains(d)) {
                kept = addTo(kept, d);
            }
        }
        if (theirs != null) {
            for (Dot d : theirs) {
                if (!mine.contains(d) && !myContext.contains(d)) {
                    kept = addTo(kept, d);
                }
            }
        }
        if (kept == null) {
            return Set.of();
        }
        return kept.equals(mine) ? mine : (theirs != null && kept.equals(theirs) ? theirs : Set.copyOf(kept));
    }

    private static Set<Dot> addTo(Set<Dot> set, Dot d) {
        Set<Dot> s = set == null ? new HashSet<>(2) : set;
        s.add(d);
        return s;
    }

    /**
     * Compares in the set's partial order: {@code a} is below or equal to {@code b} when {@code b}'s
     * context covers {@code a}'s and every dot {@code b} holds that {@code a} has seen is one {@code a}
     * holds too (so {@code b} has not resurrected anything {@code a} removed).
     *
     * @param other the set to compare with
     * @return the causal relation of the two sets
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(ORSet<E> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return Causality.EQUAL;
        }
        Causality contexts = context.compare(other.context);
        boolean leq = contexts.isBeforeOrEqual() && observedDotsKept(this, other);
        boolean geq = contexts.isAfterOrEqual() && observedDotsKept(other, this);
        return Causality.of(leq, geq);
    }

    /** Whether every dot {@code b} holds that {@code a}'s context covers is also held by {@code a}. */
    private static <E> boolean observedDotsKept(ORSet<E> a, ORSet<E> b) {
        for (Map.Entry<E, Set<Dot>> e : b.entries.entrySet()) {
            Set<Dot> mine = a.entries.get(e.getKey());
            for (Dot d : e.getValue()) {
                if (a.context.contains(d) && (mine == null || !mine.contains(d))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ORSet)) {
            return false;
        }
        ORSet<?> s = (ORSet<?>) o;
        return context.equals(s.context) && entries.equals(s.entries);
    }

    @Override
    public int hashCode() {
        return 31 * entries.hashCode() + context.hashCode();
    }

    /** Returns the elements with their dots, sorted by text, and the context: {@code ORSet{eggs=[b:1] | {a:1, b:1}}}. */
    @Override
    public String toString() {
        Set<String> shown = new TreeSet<>();
        for (Map.Entry<E, Set<Dot>> e : entries.entrySet()) {
            shown.add(e.getKey() + "=" + new TreeSet<>(e.getValue()));
        }
        return "ORSet{" + String.join(", ", shown) + " | " + context + "}";
    }
}
