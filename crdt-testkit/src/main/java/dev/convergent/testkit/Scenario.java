package dev.convergent.testkit;

import dev.convergent.crdt.Crdt;
import java.util.List;
import java.util.Objects;

/**
 * A generated run of a replicated system: how many replicas, and the schedule of operations and
 * network faults. jqwik shrinks a failing scenario to fewer replicas and fewer, simpler steps.
 *
 * @param <T> the CRDT type
 * @param replicas the number of replicas
 * @param steps the schedule
 */
public record Scenario<T extends Crdt<T>>(int replicas, List<Step<T>> steps) {

    /**
     * Validates and copies the components.
     *
     * @param replicas the number of replicas, 1 to 31
     * @param steps the schedule
     */
    public Scenario {
        if (replicas < 1 || replicas > 31) {
            throw new IllegalArgumentException("replicas must be in [1, 31], was " + replicas);
        }
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    }

    /**
     * Runs the scenario with replicas that gossip full states, every replica starting from {@code initial}.
     *
     * @param initial the shared initial state
     * @return the outcome
     * @throws LawViolation if an operation does not inflate the state
     */
    public Outcome<T> run(T initial) {
        return Simulation.run(initial, replicas, steps);
    }

    /**
     * Runs the scenario with replicas that ship only deltas, every replica starting from {@code initial}.
     *
     * @param initial the shared initial state
     * @return the outcome
     * @throws LawViolation if an operation does not inflate the state
     * @see Simulation#runShippingDeltas
     */
    public Outcome<T> runShippingDeltas(T initial) {
        return Simulation.runShippingDeltas(initial, replicas, steps);
    }

    @Override
    public String toString() {
        return replicas + " replicas, steps " + steps;
    }
}
