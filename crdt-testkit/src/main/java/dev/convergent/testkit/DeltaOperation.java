package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
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
     * Returns this mutator as a plain operation that keeps the new state and discards the delta, so
     * that the state-based laws and the full-state simulation can run it. In an {@link Event} of a
     * delta operation, {@link Event#operation()} is this adapter; {@link StateOnly#mutator()} gives
     * the delta operation back to reference models.
     *
     * @return the operation
     */
    default Operation<T> asOperation() {
        return new StateOnly<>(this);
    }

    /**
     * A delta operation run as a plain operation: it applies the mutator and keeps the state.
     *
     * @param <T> the CRDT type
     * @param mutator the delta operation
     */
    record StateOnly<T extends Crdt<T>>(DeltaOperation<T> mutator) implements Operation<T> {
        /**
         * Validates the component.
         *
         * @param mutator the delta operation
         * @throws NullPointerException if {@code mutator} is null
         */
        public StateOnly {
            Objects.requireNonNull(mutator, "mutator");
        }

        @Override
        public T apply(ReplicaId replica, T state) {
            return mutator.apply(replica, state).state();
        }

        /** Returns the mutator's {@code toString}. */
        @Override
        public String toString() {
            return mutator.toString();
        }
    }

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
