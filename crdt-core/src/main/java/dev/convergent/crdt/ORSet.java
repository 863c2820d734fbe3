package dev.convergent.crdt;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An observed-remove set with add-wins semantics and no tombstones (the "optimized OR-Set" of
 * Bieniusa et al., in the causal, delta-state form of Almeida, Shoker and Baquero).
 *
 * <p>State: each present element maps to the dots of the adds that keep it, and a causal context
 * records every dot this state has seen. An add creates a fresh dot; a remove drops the element's
 * dots but the context keeps them, which is how a merge tells "removed here" from "not seen yet". A
 * remove therefore cancels only the adds it observed, and an add concurrent with a remove survives
 * (add wins). Deltas carry only the touched element and the dots involved, so they may arrive lost,
 * duplicated or out of order: the context's dot cloud keeps them straight.
 *
 * <p>Merge rule: for each element keep the dots present in both states, plus the dots of either
 * state that the other's context has not seen; the contexts unite. State size is
 * O(elements + replicas + dot cloud); merge costs O(elements of both), or O(k log n) when one side
 * holds k dots, a sixteenth of the other's elements or fewer (a delta, made here or decoded).
 *
 * <p>Immutable and thread-safe when the elements are; value-based.
 *
 * @param <E> the element type, which should be immutable and have value equality
 */
public final class ORSet<E> implements Crdt<ORSet<E>>, Prunable<ORSet<E>> {

    private static final ORSet<?> EMPTY = new ORSet<>(DotKernel.empty());

    private final DotKernel<E> kernel;

    private ORSet(DotKernel<E> kernel) {
        this.kernel = kernel;
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
        return wrap(DotKernel.of(entries, context, "element"));
    }

    /**
     * Returns the set with the given elements, dots, causal context and pruning markers, after
     * checking its invariants.
     *
     * @param <E> the element type
     * @param entries the dots of each present element; every set non-empty
     * @param context the dots seen; must cover every dot in {@code entries}
     * @param prunings the pruning markers the state holds (none of their retired ids may appear in
     *     the dots or the context)
     * @return the set
     * @throws NullPointerException if an argument, element, dot or marker is null
     * @throws IllegalArgumentException if an element has no dots, a dot is outside the context, one
     *     dot tags two elements, or a retired id still appears
     * @throws PruningConflictException if two markers retire one id differently or loop
     */
    public static <E> ORSet<E> of(Map<E, Set<Dot>> entries, CausalContext context, Collection<Pruning> prunings) {
        return wrap(DotKernel.<E>of(entries, context, "element").withPrunings(Prunings.of(prunings)));
    }

    private static <E> ORSet<E> wrap(DotKernel<E> kernel) {
        return kernel.isBottom() ? empty() : new ORSet<>(kernel);
    }

    private ORSet<E> with(DotKernel<E> next) {
        return next == kernel ? this : wrap(next);
    }

    /**
     * Adds {@code element} at {@code replica} with a fresh dot, which replaces the element's
     * observed dots. Inflates.
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
        return with(kernel.addState(replica, element));
    }

    /**
     * Adds like {@link #add} and returns the delta too: the element with its new dot, and a context
     * of that dot plus the dots it replaces. O(1) whatever the size of the set.
     *
     * @param replica the replica performing the add
     * @param element the element to add
     * @return the new set and its delta
     * @throws NullPointerException if an argument is null
     * @throws CounterOverflowException if the replica's dot counter is exhausted
     */
    public Mutation<ORSet<E>> addDelta(ReplicaId replica, E element) {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(element, "element");
        Mutation<DotKernel<E>> m = kernel.add(replica, element);
        return new Mutation<>(with(m.state()), wrap(m.delta()));
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
        return with(kernel.removeState(element));
    }

    /**
     * Removes like {@link #remove} and returns the delta too: a context holding the removed dots.
     *
     * @param element the element to remove
     * @return the new set and its delta (empty if the element was absent)
     * @throws NullPointerException if {@code element} is null
     */
    public Mutation<ORSet<E>> removeDelta(E element) {
        Objects.requireNonNull(element, "element");
        Mutation<DotKernel<E>> m = kernel.remove(element);
        return new Mutation<>(with(m.state()), wrap(m.delta()));
    }

    /**
     * Removes every element this state holds: cancels every add it has observed. Adds it has not
     * seen survive the merge. Inflates.
     *
     * @return the empty-looking set ({@code this} if already empty)
     */
    public ORSet<E> clear() {
        return clearDelta().state();
    }

    /**
     * Clears like {@link #clear} and returns the delta too: a context holding every removed dot.
     *
     * @return the cleared set and its delta
     */
    public Mutation<ORSet<E>> clearDelta() {
        Mutation<DotKernel<E>> m = kernel.clear();
        return new Mutation<>(with(m.state()), wrap(m.delta()));
    }

    /**
     * Returns whether {@code element} is present.
     *
     * @param element the element
     * @return whether it is in the set
     * @throws NullPointerException if {@code element} is null
     */
    public boolean contains(E element) {
        return kernel.containsKey(Objects.requireNonNull(element, "element"));
    }

    /**
     * Returns the present elements, in no particular order.
     *
     * @return an unmodifiable view of the elements
     */
    public Set<E> elements() {
        return kernel.keys();
    }

    /**
     * Returns the number of present elements.
     *
     * @return the size
     */
    public int size() {
        return kernel.size();
    }

    /**
     * Returns whether no element is present.
     *
     * @return whether the set is empty
     */
    public boolean isEmpty() {
        return kernel.size() == 0;
    }

    /**
     * Returns the dots of the adds that keep {@code element} present.
     *
     * @param element the element
     * @return its dots, empty if it is absent
     * @throws NullPointerException if {@code element} is null
     */
    public Set<Dot> dots(E element) {
        return kernel.dots(Objects.requireNonNull(element, "element"));
    }

    /**
     * Returns the smallest delta that brings a peer up to date, given the peer's causal context
     * (join decomposition: Enes et al., "Efficient Synchronization of State-based CRDTs"): what this
     * state holds that the peer has not seen, plus this context so the peer learns the removals.
     * {@code peerState.merge(diff(peerState.context()))} equals {@code peerState.merge(this)}.
     *
     * <p>Cost: O((u + r) log n) for u dots the peer has not seen and r dots removed here that it has
     * (its context cannot say whether it saw the removal, so each is shipped), through an index of
     * which element holds each live dot. The first call builds the index, O(n log n) at most; every
     * state made from this one by a mutator or a small merge carries it on, at O(log n) per change (a
     * mutator's change is recorded and applied with up to 31 others, at less cost than one by one).
     *
     * @param peer the causal context the peer reported
     * @return the delta to ship (empty when the peer has seen everything)
     * @throws NullPointerException if {@code peer} is null
     */
    public ORSet<E> diff(CausalContext peer) {
        DotKernel<E> d = kernel.diff(peer);
        return d == kernel ? this : wrap(d);
    }

    /**
     * Removes {@code retired} for good: its dots become {@code successor}'s, so every element and
     * every removal is kept, and the state records the {@link Pruning} marker that makes every other
     * replica rename the same way when it merges. Call it on the successor's own state after it has
     * merged the retired replica's last state, then ship the result in full. Idempotent.
     *
     * @param retired the replica that stopped for good
     * @param successor the replica performing the pruning
     * @return the pruned state ({@code this} if already pruned into {@code successor})
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica or {@code successor} was itself pruned
     * @throws IllegalStateException if this state has gaps in the writes of either replica
     * @throws CounterOverflowException if the renamed dots would pass the successor's last possible dot
     */
    @Override
    public ORSet<E> prune(ReplicaId retired, ReplicaId successor) {
        return with(kernel.prune(retired, successor));
    }

    @Override
    public Set<ReplicaId> retiredReplicas() {
        return kernel.prunings().retired();
    }

    @Override
    public Set<ReplicaId> replicaIds() {
        return kernel.replicaIds();
    }

    @Override
    public ORSet<E> forgetPruning(ReplicaId retired) {
        return with(kernel.forgetPruning(retired));
    }

    /**
     * Returns the pruning markers this state holds, sorted by retired id.
     *
     * @return the markers, usually empty
     */
    public List<Pruning> prunings() {
        return kernel.prunings().list();
    }

    /**
     * Returns size statistics for operators: replica ids, dots, dot cloud, elements, estimated bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return kernel.stats(0);
    }

    /**
     * Returns the causal context: every dot this state has seen, present or removed.
     *
     * @return the context
     */
    public CausalContext context() {
        return kernel.context();
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
        DotKernel<E> merged = kernel.merge(other.kernel);
        return merged == kernel ? this : merged == other.kernel ? other : wrap(merged);
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
        return kernel.compare(other.kernel);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ORSet && kernel.equals(((ORSet<?>) o).kernel));
    }

    @Override
    public int hashCode() {
        return kernel.hashCode();
    }

    /** Returns the elements with their dots, sorted by text, and the context: {@code ORSet{eggs=[b:1] | {b:1}}}. */
    @Override
    public String toString() {
        return "ORSet{" + kernel + "}";
    }
}
