package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Crdt;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A mutator with its arguments bound, applied by a replica to its current state: "add milk",
 * "increment by 3". The test kit generates sequences of operations, runs them on simulated replicas
 * and checks that each one inflates the state and that the replicas converge.
 *
 * @param <T> the CRDT type
 */
@FunctionalInterface
public interface Operation<T extends Crdt<T>> {

    /**
     * Applies the operation at {@code replica} to {@code state}, returning the new state.
     *
     * @param replica the replica performing the operation
     * @param state the replica's current state
     * @return the state after the operation
     */
    T apply(ReplicaId replica, T state);

    /**
     * Returns an operation with a readable name, shown in counterexamples.
     *
     * @param <T> the CRDT type
     * @param name what the operation does, e.g. {@code "add(milk)"}
     * @param mutator applies it
     * @return the named operation
     * @throws NullPointerException if an argument is null
     */
    static <T extends Crdt<T>> Operation<T> of(String name, BiFunction<ReplicaId, T, T> mutator) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mutator, "mutator");
        return new Operation<>() {
            @Override
            public T apply(ReplicaId replica, T state) {
                return mutator.apply(replica, state);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
