package dev.convergent.crdt;

import dev.convergent.clock.ReplicaId;
import java.util.Set;

/**
 * A state from which a retired replica id can be removed for good: its contributions are folded
 * into a designated successor, so counters keep their value and sets keep their elements, and the
 * state records a {@link Pruning} marker so every other replica renames the same way when it merges.
 *
 * <p>The procedure (see {@code docs/operations.md}): stop the retired replica for good; let its
 * successor merge the retired replica's last state; call {@link #prune} on the successor's state
 * (and only there, since the successor's own counter is the base of the renaming); ship the result to
 * the peers as a full state. Any state merged with a pruned one is renamed first, so pruning is
 * idempotent and commutes with concurrent merges. Once every replica holds the marker and no message
 * from before the pruning can still arrive, {@link #forgetPruning} drops the marker everywhere.
 *
 * <p>Markers travel with the states: a full state or {@code diff} carries all of them, a delta of a
 * dot-based type carries all of them (so a replica renames before it applies a delta that may name
 * renamed dots), and a counter's delta carries the markers whose chain of successors ends at the
 * delta's replica (its count includes theirs). The laws are in the test kit's {@code PruningLaws}.
 *
 * @param <T> the state type
 */
public interface Prunable<T extends Prunable<T>> {

    /**
     * Folds {@code retired}'s contributions into {@code successor} and records the marker.
     * Idempotent: pruning an already pruned id into the same successor returns the state unchanged.
     * Preserves the observable value.
     *
     * @param retired the replica that stopped for good
     * @param successor the replica performing the pruning, on its own state
     * @return the pruned state, to be shipped in full
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica, or {@code successor} was itself pruned
     * @throws IllegalStateException if this state has not seen {@code retired}'s or
     *     {@code successor}'s writes without gaps (the successor has not caught up yet)
     */
    T prune(ReplicaId retired, ReplicaId successor);

    /**
     * Returns the replica ids this state was pruned of (those it keeps a marker for).
     *
     * @return the retired ids
     */
    Set<ReplicaId> retiredReplicas();

    /**
     * Returns the replica ids the state carries in its data, markers excluded: what grows with every
     * replica that ever wrote, and what pruning shrinks.
     *
     * @return the ids
     */
    Set<ReplicaId> replicaIds();

    /**
     * Drops the marker for {@code retired}. Safe only once every replica holds the marker and no state
     * or delta from before the pruning can still arrive: a merge with such a state would bring the
     * retired id back and, for counters, count its writes twice. A merge with a state that still holds
     * the marker brings it back.
     *
     * @param retired the retired replica
     * @return the state without that marker ({@code this} if it had none)
     * @throws NullPointerException if {@code retired} is null
     */
    T forgetPruning(ReplicaId retired);
}
