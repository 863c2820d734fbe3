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
import java.util.TreeSet;

/**
 * A boolean flag where enable wins over a concurrent disable: "feature on", "item flagged".
 *
 * <p>State: the dots of the enables still in force and a causal context. Enable adds a fresh dot;
 * disable drops the dots it has observed, so an enable it has not seen survives. Merge rule: as an
 * observed-remove set with one element. State size O(replicas).
 *
 * <p>Cost: {@link #merge} and {@link #compare} read the one flag entry of each side without walking a map and
 * compare or unite the two causal contexts, O(replicas); {@link #enable} and {@link #disable} likewise.
 *
 * <p>Immutable and thread-safe; value-based.
 */
public final class EnableWinsFlag implements Crdt<EnableWinsFlag>, Prunable<EnableWinsFlag> {

    private static final String ON = "on";
    private static final EnableWinsFlag DISABLED = new EnableWinsFlag(DotKernel.empty());

    private final DotKernel<String> kernel;

    private EnableWinsFlag(DotKernel<String> kernel) {
        this.kernel = kernel;
    }

    /**
     * Returns the flag that was never enabled.
     *
     * @return the disabled flag (a shared instance)
     */
    public static EnableWinsFlag disabled() {
        return DISABLED;
    }

    /**
     * Returns the flag with the given enable dots and context (for example decoded from storage).
     *
     * @param enables the dots of the enables in force; empty means disabled
     * @param context the dots seen; must cover {@code enables}
     * @return the flag
     * @throws NullPointerException if an argument or dot is null
     * @throws IllegalArgumentException if a dot is outside the context
     */
    public static EnableWinsFlag of(Set<Dot> enables, CausalContext context) {
        Objects.requireNonNull(enables, "enables");
        return wrap(DotKernel.of(enables.isEmpty() ? Map.of() : Map.of(ON, enables), context, "flag"));
    }

    /**
     * Returns the flag with the given enable dots, context and pruning markers.
     *
     * @param enables the dots of the enables in force; empty means disabled
     * @param context the dots seen; must cover {@code enables}
     * @param prunings the pruning markers the state holds (none of their retired ids may appear in
     *     the dots or the context)
     * @return the flag
     * @throws NullPointerException if an argument, dot or marker is null
     * @throws IllegalArgumentException if a dot is outside the context or a retired id still appears
     * @throws PruningConflictException if two markers retire one id differently or loop
     */
    public static EnableWinsFlag of(Set<Dot> enables, CausalContext context, Collection<Pruning> prunings) {
        return wrap(of(enables, context).kernel.withPrunings(Prunings.of(prunings)));
    }

    private static EnableWinsFlag wrap(DotKernel<String> kernel) {
        return kernel.isBottom() ? DISABLED : new EnableWinsFlag(kernel);
    }

    private EnableWinsFlag with(DotKernel<String> next) {
        return next == kernel ? this : wrap(next);
    }

    /**
     * Enables the flag at {@code replica}: the state of {@link #enableDelta}, without building the delta. Inflates.
     * O(replicas).
     *
     * @param replica the replica enabling
     * @return the enabled flag
     * @throws NullPointerException if {@code replica} is null
     * @throws IllegalArgumentException if {@code replica} was pruned from this state
     */
    public EnableWinsFlag enable(ReplicaId replica) {
        Objects.requireNonNull(replica, "replica");
        return wrap(kernel.addState(replica, ON));
    }

    /**
     * Enables like {@link #enable} and returns the delta too.
     *
     * @param replica the replica enabling
     * @return the enabled flag and its delta
     * @throws NullPointerException if {@code replica} is null
     */
    public Mutation<EnableWinsFlag> enableDelta(ReplicaId replica) {
        Objects.requireNonNull(replica, "replica");
        Mutation<DotKernel<String>> m = kernel.add(replica, ON);
        return new Mutation<>(wrap(m.state()), wrap(m.delta()));
    }

    /**
     * Disables the flag, cancelling every enable this state has observed: the state of {@link #disableDelta},
     * without building the delta. Inflates. O(1).
     *
     * @return the disabled flag ({@code this} if already disabled)
     */
    public EnableWinsFlag disable() {
        return with(kernel.removeState(ON));
    }

    /**
     * Disables like {@link #disable} and returns the delta too.
     *
     * @return the disabled flag and its delta
     */
    public Mutation<EnableWinsFlag> disableDelta() {
        Mutation<DotKernel<String>> m = kernel.remove(ON);
        return new Mutation<>(m.state() == kernel ? this : wrap(m.state()), wrap(m.delta()));
    }

    /**
     * Returns whether the flag is on.
     *
     * @return whether some enable is in force
     */
    public boolean isEnabled() {
        return kernel.size() > 0;
    }

    /**
     * Returns the dots of the enables in force.
     *
     * @return the dots, empty when disabled
     */
    public Set<Dot> enables() {
        return kernel.dots(ON);
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
    public EnableWinsFlag diff(CausalContext peer) {
        DotKernel<String> d = kernel.diff(peer);
        return d == kernel ? this : wrap(d);
    }

    /**
     * Removes {@code retired} for good: its dots become {@code successor}'s, so every enable and
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
    public EnableWinsFlag prune(ReplicaId retired, ReplicaId successor) {
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
    public EnableWinsFlag forgetPruning(ReplicaId retired) {
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
     * Returns size statistics for operators: replica ids, dots, dot cloud, enables, estimated bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return kernel.stats(0);
    }

    /**
     * Returns the causal context: every enable this state has seen.
     *
     * @return the context
     */
    public CausalContext context() {
        return kernel.context();
    }

    /**
     * Joins two flags; an enable one side has not seen survives. Idempotent, commutative and associative.
     * Returns {@code this} when {@code other} adds nothing (the same flag, the disabled flag, a flag this one
     * includes) and {@code other} when this adds nothing. O(replicas): the contexts are merged, and the enable
     * dots of the one element are combined without a map walk.
     *
     * @param other the flag to merge with
     * @return the merged flag
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public EnableWinsFlag merge(EnableWinsFlag other) {
        Objects.requireNonNull(other, "other");
        DotKernel<String> merged = kernel.mergeSingleKey(ON, other.kernel);
        return merged == kernel ? this : merged == other.kernel ? other : wrap(merged);
    }

    /**
     * Compares by the enables seen and kept: {@code a ≤ b} iff {@code a.merge(b).equals(b)}. O(replicas),
     * allocates nothing.
     *
     * @param other the flag to compare with
     * @return the causal relation of the two flags
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(EnableWinsFlag other) {
        Objects.requireNonNull(other, "other");
        return kernel.compareSingleKey(ON, other.kernel);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof EnableWinsFlag && kernel.equals(((EnableWinsFlag) o).kernel));
    }

    @Override
    public int hashCode() {
        return kernel.hashCode();
    }

    /** Returns the value and the dots: {@code EnableWinsFlag(true [a:1] | {a:1})}. */
    @Override
    public String toString() {
        return "EnableWinsFlag(" + isEnabled() + " " + new TreeSet<>(enables()) + " | " + context()
                + (kernel.prunings().isEmpty() ? "" : " pruned " + kernel.prunings()) + ")";
    }
}
