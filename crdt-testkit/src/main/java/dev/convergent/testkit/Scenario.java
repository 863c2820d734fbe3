package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
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
     * Validates and copies the components. Replica indices in the steps are reduced modulo
     * {@code replicas} and partition masks to the replicas that exist, so that {@link #steps()} and
     * {@link #toString()} show the replicas that actually act.
     *
     * @param replicas the number of replicas, 1 to 31
     * @param steps the schedule
     * @throws IllegalArgumentException if {@code replicas} is out of range
     * @throws NullPointerException if {@code steps} or a step is null
     */
    public Scenario {
        if (replicas < 1 || replicas > 31) {
            throw new IllegalArgumentException("replicas must be in [1, 31], was " + replicas);
        }
        int n = replicas;
        steps = Objects.requireNonNull(steps, "steps").stream().map(step -> reduce(step, n)).toList();
    }

    private static <T extends Crdt<T>> Step<T> reduce(Step<T> step, int replicas) {
        Objects.requireNonNull(step, "steps contains null");
        if (step instanceof Step.Apply<T> apply) {
            return new Step.Apply<>(Simulation.index(apply.replica(), replicas), apply.operation());
        }
        if (step instanceof Step.ApplyDelta<T> apply) {
            return new Step.ApplyDelta<>(Simulation.index(apply.replica(), replicas), apply.operation());
        }
        if (step instanceof Step.Send<T> send) {
            return new Step.Send<>(Simulation.index(send.from(), replicas), Simulation.index(send.to(), replicas));
        }
        if (step instanceof Step.Partition<T> partition) {
            return new Step.Partition<>(partition.side() & ((1 << replicas) - 1));
        }
        return step;
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
