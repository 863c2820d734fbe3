package dev.convergent.lattice;


/**
 * A state-based conflict-free replicated data type: a join-semilattice whose states replicas
 * exchange and merge in any order, any number of times.
 *
 * <p>Implementations are immutable. Mutators are verbs that return a new state and leave the
 * receiver untouched. Every implementation obeys these laws, which {@code crdt-testkit} checks:
 * <ul>
 *   <li>{@code a.merge(a).equals(a)} (idempotent);</li>
 *   <li>{@code a.merge(b).equals(b.merge(a))} (commutative);</li>
 *   <li>{@code a.merge(b.merge(c)).equals(a.merge(b).merge(c))} (associative);</li>
 *   <li>{@code a.compare(b)} is {@code BEFORE} or {@code EQUAL} if and only if {@code a.merge(b).equals(b)};</li>
 *   <li>every mutator inflates: the old state is {@code BEFORE} or {@code EQUAL} to the new one.</li>
 * </ul>
 *
 * <p>Users may implement this interface for their own types; the test kit accepts any of them.
 *
 * @param <T> the implementing type itself
 */
public interface Crdt<T extends Crdt<T>> {

    /**
     * Returns the least upper bound of this state and {@code other}. Idempotent, commutative and
     * associative; neither input is modified.
     *
     * @param other the state to merge with
     * @return the join of both states
     * @throws NullPointerException if {@code other} is null
     */
    T merge(T other);

    /**
     * Compares this state with {@code other} in the semilattice's partial order.
     *
     * @param other the state to compare with
     * @return {@code BEFORE} if this state is strictly below {@code other}, {@code EQUAL} if equal,
     *     {@code AFTER} if strictly above, {@code CONCURRENT} if neither
     * @throws NullPointerException if {@code other} is null
     */
    Causality compare(T other);
}
