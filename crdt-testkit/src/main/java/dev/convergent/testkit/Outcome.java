package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.List;
import java.util.Objects;

/**
 * What a simulation produced: each replica's state when the generated schedule ended (before the
 * network was drained), each replica's state after every message was delivered, every operation
 * as an {@link Event}, and a readable trace.
 *
 * @param <T> the CRDT type
 * @param midStates each replica's state when the schedule ended: genuinely concurrent states with shared ancestry
 * @param finalStates each replica's state after the network was healed and drained
 * @param events the operations applied, in order
 * @param trace the steps that ran, one per line
 */
public record Outcome<T extends Crdt<T>>(List<T> midStates, List<T> finalStates, List<Event<T>> events, String trace) {

    /**
     * Copies the components.
     *
     * @param midStates each replica's state when the schedule ended
     * @param finalStates each replica's state after the network was drained
     * @param events the operations applied, in order
     * @param trace the steps that ran
     */
    public Outcome {
        midStates = List.copyOf(midStates);
        finalStates = List.copyOf(finalStates);
        events = List.copyOf(events);
        Objects.requireNonNull(trace, "trace");
    }
}
