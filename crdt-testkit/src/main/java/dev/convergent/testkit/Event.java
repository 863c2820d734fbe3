package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.Objects;
import java.util.Set;

/**
 * An operation as it happened in a simulation, with the events its replica had observed when it
 * ran. Reference models use the observed sets to compute what a type promises (for example, an
 * add-wins set keeps an element when some add of it was observed by no remove of it).
 *
 * @param <T> the CRDT type
 * @param id the event's position in the simulation, from 0
 * @param replica the index of the replica that applied it
 * @param operation the operation; for a {@link Step.ApplyDelta} step, {@link DeltaOperation#asOperation()}
 * @param observed the ids of the events the replica had observed before this one
 * @param result the replica's state right after the operation
 */
public record Event<T extends Crdt<T>>(int id, int replica, Operation<T> operation, Set<Integer> observed,
        T result) {

    /**
     * Validates and copies the components.
     *
     * @param id the event's position in the simulation, from 0
     * @param replica the index of the replica that applied it
     * @param operation the operation
     * @param observed the ids of the events observed before this one
     * @param result the replica's state right after the operation
     */
    public Event {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(result, "result");
        observed = Set.copyOf(observed);
    }

    @Override
    public String toString() {
        return "#" + id + " r" + replica + " " + operation + " (saw " + observed + ")";
    }
}
