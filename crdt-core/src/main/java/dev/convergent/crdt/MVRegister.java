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
 * A multi-value register with dotted version vectors, as in Dynamo and Riak: concurrent writes are
 * all kept as siblings, and a write replaces every sibling its replica has seen.
 *
 * <p>State: each sibling value maps to the dots of the writes that produced it, and a causal
 * context records every write seen. {@link #write} tags the value with a fresh dot of the writer
 * and drops every sibling in this state, so after reading both siblings of a conflict, one write
 * resolves it. Siblings never outnumber the truly concurrent writes: a client that writes again
 * after its own write replaces it. Two concurrent writes of an equal value show as one sibling.
 *
 * <p>Merge rule: as an observed-remove set of (value, dot) pairs: keep the dots live on both sides
 * and the dots one side has not seen. Order: a state is below another when the other has seen all
 * its writes and keeps the ones it has not overwritten. State size O(siblings + replicas).
 *
 * <p>Cost: {@link #merge} and {@link #compare} walk both states' siblings in step and compare the two causal
 * contexts, O(siblings of both + replicas); {@link #write} replaces every sibling with the one it writes,
 * O(siblings + replicas).
 *
 * <p>Immutable and thread-safe when the values are; value-based.
 *
 * @param <V> the value type, which should be immutable and have value equality
 */
public final class MVRegister<V> implements Crdt<MVRegister<V>>, Prunable<MVRegister<V>> {

    private static final MVRegister<?> EMPTY = new MVRegister<>(DotKernel.empty());

    private final DotKernel<V> kernel;

    private MVRegister(DotKernel<V> kernel) {
        this.kernel = kernel;
    }

    /**
     * Returns the register that has never been written.
     *
     * @param <V> the value type
     * @return the empty register (a shared instance)
     */
    @SuppressWarnings("unchecked")
    public static <V> MVRegister<V> empty() {
        return (MVRegister<V>) EMPTY;
    }

    /**
     * Returns the register with the given siblings and context (for example decoded from storage),
     * after checking its invariants.
     *
     * @param <V> the value type
     * @param siblings the dots of each sibling value; every set non-empty
     * @param context the writes seen; must cover every sibling's dots
     * @return the register
     * @throws NullPointerException if an argument, value or dot is null
     * @throws IllegalArgumentException if a value has no dots, a dot is outside the context, or one
     *     dot tags two values
     */
    public static <V> MVRegister<V> of(Map<V, Set<Dot>> siblings, CausalContext context) {
        Objects.requireNonNull(siblings, "siblings");
        return wrap(DotKernel.of(siblings, context, "value"));
    }

    /**
     * Returns the register with the given siblings, context and pruning markers, after checking its
     * invariants.
     *
     * @param <V> the value type
     * @param siblings the dots of each sibling value; every set non-empty
     * @param context the writes seen; must cover every sibling's dots
     * @param prunings the pruning markers the state holds (none of their retired ids may appear in
     *     the dots or the context)
     * @return the register
     * @throws NullPointerException if an argument, value, dot or marker is null
     * @throws IllegalArgumentException if a value has no dots, a dot is outside the context, one dot
     *     tags two values, or a retired id still appears
     * @throws PruningConflictException if two markers retire one id differently or loop
     */
    public static <V> MVRegister<V> of(Map<V, Set<Dot>> siblings, CausalContext context,
            Collection<Pruning> prunings) {
        Objects.requireNonNull(siblings, "siblings");
        return wrap(DotKernel.<V>of(siblings, context, "value").withPrunings(Prunings.of(prunings)));
    }

    private static <V> MVRegister<V> wrap(DotKernel<V> kernel) {
        return kernel.isBottom() ? empty() : new MVRegister<>(kernel);
    }

    private MVRegister<V> with(DotKernel<V> next) {
        return next == kernel ? this : wrap(next);
    }

    /**
     * Writes {@code value} at {@code writer}, replacing every sibling this state holds. Inflates.
     *
     * @param writer the replica writing
     * @param value the new value
     * @return the register holding just {@code value} (until merged with a concurrent write)
     * @throws NullPointerException if an argument is null
     * @throws CounterOverflowException if the writer's dot counter is exhausted
     */
    public MVRegister<V> write(ReplicaId writer, V value) {
        return writeDelta(writer, value).state();
    }

    /**
     * Writes like {@link #write} and returns the delta too: the new value with its dot, and a
     * context of that dot plus the dots of the siblings it replaces.
     *
     * @param writer the replica writing
     * @param value the new value
     * @return the new register and its delta
     * @throws NullPointerException if an argument is null
     * @throws CounterOverflowException if the writer's dot counter is exhausted
     */
    public Mutation<MVRegister<V>> writeDelta(ReplicaId writer, V value) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(value, "value");
        Mutation<DotKernel<V>> m = kernel.replaceAll(writer, value);
        return new Mutation<>(wrap(m.state()), wrap(m.delta()));
    }

    /**
     * Returns the current siblings: one value after a resolved write, several after concurrent
     * writes, none before the first write.
     *
     * @return an unmodifiable view of the sibling values
     */
    public Set<V> values() {
        return kernel.keys();
    }

    /**
     * Returns the number of siblings.
     *
     * @return how many concurrent values the register holds
     */
    public int siblingCount() {
        return kernel.size();
    }

    /**
     * Returns the dots of the writes that produced {@code value}.
     *
     * @param value a sibling value
     * @return its dots, empty if it is not a sibling
     * @throws NullPointerException if {@code value} is null
     */
    public Set<Dot> dots(V value) {
        return kernel.dots(Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the smallest delta that brings a peer up to date, given the peer's causal context
     * (join decomposition: Enes et al., "Efficient Synchronization of State-based CRDTs"): what this
     * state holds that the peer has not seen, plus this context so the peer learns the removals.
     * {@code peerState.merge(diff(peerState.context()))} equals {@code peerState.merge(this)}.
     *
     * @param peer the causal context the peer reported
     * @return the delta to ship (empty when the peer has seen everything)
     * @throws NullPointerException if {@code peer} is null
     */
    public MVRegister<V> diff(CausalContext peer) {
        DotKernel<V> d = kernel.diff(peer);
        return d == kernel ? this : wrap(d);
    }

    /**
     * Removes {@code retired} for good: its dots become {@code successor}'s, so every sibling and
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
    public MVRegister<V> prune(ReplicaId retired, ReplicaId successor) {
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
    public MVRegister<V> forgetPruning(ReplicaId retired) {
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
     * Returns size statistics for operators: replica ids, dots, dot cloud, siblings, estimated bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return kernel.stats(siblingCount());
    }

    /**
     * Returns the causal context: every write this state has seen. A client that read the register
     * and writes later passes it along implicitly, since {@link #write} starts from this state.
     *
     * @return the context
     */
    public CausalContext context() {
        return kernel.context();
    }

    /**
     * Joins two registers, keeping concurrent writes as siblings. Idempotent, commutative and associative.
     *
     * @param other the register to merge with
     * @return the merged register
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public MVRegister<V> merge(MVRegister<V> other) {
        Objects.requireNonNull(other, "other");
        DotKernel<V> merged = kernel.merge(other.kernel);
        return merged == kernel ? this : merged == other.kernel ? other : wrap(merged);
    }

    /**
     * Compares by the writes seen and kept.
     *
     * @param other the register to compare with
     * @return the causal relation of the two registers
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(MVRegister<V> other) {
        Objects.requireNonNull(other, "other");
        return kernel.compare(other.kernel);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof MVRegister && kernel.equals(((MVRegister<?>) o).kernel));
    }

    @Override
    public int hashCode() {
        return kernel.hashCode();
    }

    /** Returns the siblings with their dots and the context: {@code MVRegister{X=[a:2], Y=[b:1] | {a:2, b:1}}}. */
    @Override
    public String toString() {
        return "MVRegister{" + kernel + "}";
    }
}
