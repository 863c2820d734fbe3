package dev.convergent.pekko;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtException;
import dev.convergent.lattice.Mutation;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.AbstractDeltaReplicatedData;
import org.apache.pekko.cluster.ddata.DeltaReplicatedData;
import org.apache.pekko.cluster.ddata.RemovedNodePruning;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.ReplicatedDelta;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Any Convergent CRDT as an Apache Pekko Distributed Data value: the state, plus the delta of the updates
 * made since the Replicator last took it. One generic wrapper serves every type (ORMap of any value CRDT,
 * ORSet, GCounter, PNCounter, MVRegister, LWWRegister, LWWMap, EnableWinsFlag, VersionVector, and users'
 * own {@link Crdt}s): the merge rule, the delta rule and the pruning rule are the wrapped type's own, so a
 * class per type would only repeat the forwarding; a {@link CrdtKey} gives each key its type.
 *
 * <p><b>Merge:</b> {@link #mergeData} is the wrapped type's {@code merge} (idempotent, commutative,
 * associative); the merged value has no pending delta. A merge the wrapped type refuses (a
 * {@link CrdtException} such as a pruning conflict or a reused replica id, or two different types under
 * one key) is thrown as an {@link IllegalArgumentException}, which Pekko's Replicator logs and drops
 * instead of restarting and losing every key it holds.
 *
 * <p><b>Deltas:</b> {@link #update} runs a delta mutator, checks that the new state inflates the old one,
 * and joins the mutator's delta into the pending delta, which {@link #deltaData()} hands to the Replicator
 * and {@link #resetDelta()} drops. Deltas are states of the wrapped type that carry their causal context, so
 * they may be lost, duplicated and reordered: unlike Pekko's own ORSet deltas they are not marked
 * {@code RequiresCausalDeliveryOfDeltas}, and the Replicator applies them as they come. A receiver that holds
 * nothing merges a delta into {@link #zero()}, the bottom below every state. {@link #replace} updates by a
 * full-state function and leaves no delta, so the Replicator ships the full state.
 *
 * <p><b>Pruning:</b> for a {@link Prunable} type, Pekko's removed-node pruning is ours: {@link #prune}
 * calls {@link Prunable#prune} with the removed node's and the collapsing node's {@link PekkoReplicaIds},
 * and a state merged with the pruned one is renamed by its marker, so stale data from the removed node that
 * arrives later changes nothing; {@link #pruningCleanup} is therefore the identity. The other types
 * (LWWRegister, LWWMap, VersionVector, CausalContext) never report a node to prune: Pekko leaves their keys
 * alone and a removed node's id stays in them as the writer of what it last wrote, as it does without Pekko.
 *
 * <p>{@code equals} and {@code hashCode} compare the wrapped state only, never the pending delta.
 * Immutable and thread-safe if the wrapped state is.
 *
 * @param <T> the wrapped CRDT type
 */
public final class ReplicatedCrdt<T extends Crdt<T>>
        extends AbstractDeltaReplicatedData<ReplicatedCrdt<T>, ReplicatedCrdt<T>>
        implements ReplicatedDelta, RemovedNodePruning {

    private static final ReplicatedCrdt<?> ZERO = new ReplicatedCrdt<>(null, null);
    private static final System.Logger LOG = System.getLogger(ReplicatedCrdt.class.getName());

    /** The state; null only in {@link #ZERO}. */
    private final T state;
    /** The join of the deltas since the last reset; null if none. */
    private final T delta;

    private ReplicatedCrdt(T state, T delta) {
        this.state = state;
        this.delta = delta;
    }

    /**
     * Wraps a state, with no pending delta. Use it for the initial value of an {@code Update}: the type's
     * empty state, e.g. {@code ReplicatedCrdt.of(ORSet.empty())}.
     *
     * @param <T> the CRDT type
     * @param state the state
     * @return the value
     * @throws NullPointerException if {@code state} is null
     */
    public static <T extends Crdt<T>> ReplicatedCrdt<T> of(T state) {
        return new ReplicatedCrdt<>(Objects.requireNonNull(state, "state"), null);
    }

    /**
     * Returns the bottom value, below every state of every type: what Pekko merges a delta into when it
     * holds nothing for the key. It has no state; merging anything into it gives that thing.
     *
     * @param <T> the CRDT type
     * @return the bottom
     */
    @SuppressWarnings("unchecked")
    public static <T extends Crdt<T>> ReplicatedCrdt<T> bottom() {
        return (ReplicatedCrdt<T>) ZERO;
    }

    /**
     * Returns Pekko's modify function for a delta mutator: {@code r -> r.update(mutator)}, for the
     * {@code Update} messages of the classic and typed Replicator APIs.
     *
     * @param <T> the CRDT type
     * @param mutator a delta mutator of the state, e.g. {@code s -> s.addDelta(self, "socks")}
     * @return the modify function
     * @throws NullPointerException if {@code mutator} is null
     */
    public static <T extends Crdt<T>> Function<ReplicatedCrdt<T>, ReplicatedCrdt<T>> updating(
            Function<T, Mutation<T>> mutator) {
        Objects.requireNonNull(mutator, "mutator");
        return r -> r.update(mutator);
    }

    /**
     * Returns the wrapped state.
     *
     * @return the state
     * @throws IllegalStateException if this is the {@link #bottom()}, which has none
     */
    public T state() {
        if (state == null) {
            throw new IllegalStateException("the bottom value has no state: use ReplicatedCrdt.of(empty state) "
                    + "as the initial value of an update");
        }
        return state;
    }

    /**
     * Returns whether this is the {@link #bottom()}.
     *
     * @return true for the bottom, which holds no state
     */
    public boolean isBottom() {
        return state == null;
    }

    /**
     * Returns the pending delta: the join of the deltas of the updates since the last reset.
     *
     * @return the delta, or empty if there is none
     */
    public Optional<T> pendingDelta() {
        return Optional.ofNullable(delta);
    }

    /**
     * Applies a delta mutator: the new state is the mutation's state, the pending delta becomes
     * {@code pending ⊔ mutation.delta()}. O(the mutator) plus one {@code compare} of the old and new state
     * (cheap when they share structure, as a mutator's result does).
     *
     * @param mutator a delta mutator of the state
     * @return the updated value
     * @throws NullPointerException if {@code mutator} is null or returns null
     * @throws IllegalArgumentException if the new state does not inflate the old one (it is below it or
     *     concurrent to it: the write would be lost at the next merge); this value is unchanged
     * @throws IllegalStateException if this is the {@link #bottom()}
     */
    public ReplicatedCrdt<T> update(Function<T, Mutation<T>> mutator) {
        Objects.requireNonNull(mutator, "mutator");
        T current = state();
        Mutation<T> m = Objects.requireNonNull(mutator.apply(current), "the update function returned null");
        checkInflates(current, m.state(), "update");
        return new ReplicatedCrdt<>(m.state(), delta == null ? m.delta() : delta.merge(m.delta()));
    }

    /**
     * Applies a full-state function: the new state is its result, and the value keeps no delta, so the
     * Replicator replicates the full state. For operations without a delta form.
     *
     * @param function the function, given the current state
     * @return the updated value, without a pending delta
     * @throws NullPointerException if {@code function} is null or returns null
     * @throws IllegalArgumentException if the new state does not inflate the old one
     * @throws IllegalStateException if this is the {@link #bottom()}
     */
    public ReplicatedCrdt<T> replace(Function<T, T> function) {
        Objects.requireNonNull(function, "function");
        T current = state();
        T next = Objects.requireNonNull(function.apply(current), "the replace function returned null");
        checkInflates(current, next, "replace");
        return new ReplicatedCrdt<>(next, null);
    }

    private static <T extends Crdt<T>> void checkInflates(T current, T next, String operation) {
        if (current.getClass() != next.getClass()) {
            throw new IllegalArgumentException(operation + " must return a " + current.getClass().getSimpleName()
                    + ", returned a " + next.getClass().getSimpleName());
        }
        Causality c = current.compare(next);
        if (c != Causality.BEFORE && c != Causality.EQUAL) {
            throw new IllegalArgumentException(operation + " must return an inflation of the current state, but"
                    + " the result is " + c + " the current one (a merge would undo it); the value is unchanged:"
                    + " use the type's mutators, which always inflate");
        }
    }

    /**
     * Joins this value with {@code that}: the wrapped type's merge. Idempotent, commutative, associative;
     * the bottom is its identity. The result has no pending delta.
     *
     * @param that the other value
     * @return the join
     * @throws IllegalArgumentException if the wrapped type refuses the merge (see the class doc) or the
     *     two values wrap different types
     */
    @Override
    public ReplicatedCrdt<T> mergeData(ReplicatedCrdt<T> that) {
        Objects.requireNonNull(that, "that");
        if (that.state == null) {
            return resetDelta();
        }
        if (state == null) {
            return that.resetDelta();
        }
        if (state.getClass() != that.state.getClass()) {
            throw new IllegalArgumentException("cannot merge a " + that.state.getClass().getSimpleName()
                    + " into a " + state.getClass().getSimpleName() + ": one key holds one type");
        }
        try {
            T merged = state.merge(that.state);
            return merged == state && delta == null ? this : new ReplicatedCrdt<>(merged, null);
        } catch (CrdtException | ClassCastException e) {
            throw new IllegalArgumentException("cannot merge " + state.getClass().getSimpleName() + " states: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Applies a delta: the same as {@link #mergeData}, since a delta is a state of the same type.
     *
     * @param that the delta
     * @return this value joined with the delta
     */
    @Override
    public ReplicatedCrdt<T> mergeDeltaData(ReplicatedCrdt<T> that) {
        return mergeData(that);
    }

    /**
     * Returns the pending delta as a value the Replicator ships.
     *
     * @return the delta, or empty if no update was made since the last reset
     */
    @Override
    public Optional<ReplicatedCrdt<T>> deltaData() {
        return delta == null ? Optional.empty() : Optional.of(new ReplicatedCrdt<>(delta, null));
    }

    /**
     * Returns this value without its pending delta.
     *
     * @return the state alone
     */
    @Override
    public ReplicatedCrdt<T> resetDelta() {
        return delta == null ? this : new ReplicatedCrdt<>(state, null);
    }

    /**
     * Returns the {@link #bottom()}: a delta merged into it gives the delta's state.
     *
     * @return the bottom
     */
    @Override
    public DeltaReplicatedData zero() {
        return ZERO;
    }

    /**
     * Returns the nodes whose replica ids the state holds data of (for a {@link Prunable} type; none for
     * the others): what Pekko prunes when such a node is removed. Ids that {@link PekkoReplicaIds} did not
     * make (ids a user chose) are not nodes and are left out. O(replica ids).
     *
     * @return the nodes
     */
    @Override
    public scala.collection.immutable.Set<UniqueAddress> modifiedByNodes() {
        Set<UniqueAddress> nodes = new HashSet<>();
        if (state instanceof Prunable<?> p) {
            for (ReplicaId id : p.replicaIds()) {
                PekkoReplicaIds.toUniqueAddress(id).ifPresent(nodes::add);
            }
        }
        return CollectionConverters.asScala(nodes).toSet();
    }

    /**
     * Returns whether the state is of a {@link Prunable} type and holds data of {@code removedNode}.
     *
     * @param removedNode a node removed from the cluster
     * @return true if Pekko should prune it from this value
     */
    @Override
    public boolean needPruningFrom(UniqueAddress removedNode) {
        Objects.requireNonNull(removedNode, "removedNode");
        return state instanceof Prunable<?> p && p.replicaIds().contains(PekkoReplicaIds.of(removedNode));
    }

    /**
     * Folds {@code removedNode}'s contributions into {@code collapseInto} ({@link Prunable#prune}), on the
     * collapsing node's own state as Pekko calls it, and records the marker that renames every state merged
     * with the result. Never throws into the Replicator: if the state cannot be pruned yet (it has not seen
     * the removed node's writes without gaps), it is returned unchanged, with a warning logged, and the
     * removed node's id stays; nothing is lost.
     *
     * @param removedNode the node removed from the cluster
     * @param collapseInto the node performing the pruning (Pekko's leader)
     * @return the pruned value
     */
    @Override
    @SuppressWarnings("unchecked")
    public ReplicatedData prune(UniqueAddress removedNode, UniqueAddress collapseInto) {
        if (!(state instanceof Prunable<?> p)) {
            return this;
        }
        ReplicaId retired = PekkoReplicaIds.of(removedNode);
        ReplicaId successor = PekkoReplicaIds.of(collapseInto);
        try {
            T pruned = (T) p.prune(retired, successor);
            return pruned == state && delta == null ? this : new ReplicatedCrdt<>(pruned, null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "not pruning " + retired + " into " + successor + " from a "
                    + state.getClass().getSimpleName() + ": " + e.getMessage() + "; its id stays in the state");
            return this;
        }
    }

    /**
     * Returns this value unchanged: stale data of a removed node needs no cleanup here, because merging it
     * with a pruned state renames it by the pruning marker (a removed element stays removed, no count is
     * counted twice), and data beyond what was pruned is refused by that merge.
     *
     * @param removedNode the removed node
     * @return this value
     */
    @Override
    public ReplicatedData pruningCleanup(UniqueAddress removedNode) {
        return this;
    }

    /**
     * Two values are equal if they wrap equal states (or are both the bottom); pending deltas are ignored.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicatedCrdt<?> other && Objects.equals(state, other.state);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(state);
    }

    @Override
    public String toString() {
        return state == null ? "ReplicatedCrdt(bottom)"
                : "ReplicatedCrdt(" + state + (delta == null ? "" : ", pending delta " + delta) + ")";
    }
}
