package dev.convergent.lattice;

import java.util.Objects;

/**
 * The result of a delta mutator: the new state, and the delta, a small state of the same type that
 * describes only the change (Almeida, Shoker, Baquero, "Delta State Replicated Data Types").
 *
 * <p>Laws: {@code old.merge(delta).equals(state)}; {@code delta} is below or equal to {@code state};
 * deltas merge with each other (delta groups) and into any replica, and merging one twice changes
 * nothing. A replica ships deltas instead of full states, so it sends O(changes) bytes.
 *
 * @param <T> the CRDT type
 * @param state the state after the mutation
 * @param delta the change, itself a state of the same type
 */
public record Mutation<T extends Crdt<T>>(T state, T delta) {

    /**
     * Validates the components.
     *
     * @param state the state after the mutation
     * @param delta the change
     * @throws NullPointerException if an argument is null
     */
    public Mutation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(delta, "delta");
    }
}
