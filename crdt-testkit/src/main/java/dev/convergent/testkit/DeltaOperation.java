package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.Mutation;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A delta mutator with its arguments bound: applied by a replica to its state, it yields the new
 * state and the delta that describes the change.
 *
 * @param <T> the CRDT type
 */
@FunctionalInterface
public interface DeltaOperation<T extends Crdt<T>> {

    /**
     * Applies the mutator at {@code replica} to {@code state}.
     *
     * @param replica the replica performing the operation
     * @param state the replica's current state
     * @return the new state and the delta
     */
    Mutation<T> apply(ReplicaId replica, T state);

    /**
     * Returns a delta operation with a readable name, shown in counterexamples.
     *
     * @param <T> the CRDT type
     * @param name what the operation does, e.g. {@code "add(milk)"}
     * @param mutator applies it
     * @return the named operation
     * @throws NullPointerException if an argument is null
     */
    static <T extends Crdt<T>> DeltaOperation<T> of(String name, BiFunction<ReplicaId, T, Mutation<T>> mutator) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mutator, "mutator");
        return new DeltaOperation<>() {
            @Override
            public Mutation<T> apply(ReplicaId replica, T state) {
                return mutator.apply(replica, state);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
