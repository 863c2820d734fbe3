package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.Objects;

/**
 * One step of a simulated replicated system: a replica applies an operation or a delta mutator, or
 * the network sends, delivers, duplicates, drops, resends or partitions. Indices are reduced modulo
 * the number of replicas or messages when the step runs, so every generated step is valid and
 * shrinks freely.
 *
 * @param <T> the CRDT type
 */
public sealed interface Step<T extends Crdt<T>> {

    /**
     * Replica {@code replica} applies {@code operation} to its state.
     *
     * @param <T> the CRDT type
     * @param replica the replica index
     * @param operation the operation
     */
    record Apply<T extends Crdt<T>>(int replica, Operation<T> operation) implements Step<T> {
        /**
         * Validates the step.
         *
         * @param replica the replica index
         * @param operation the operation
         */
        public Apply {
            Objects.requireNonNull(operation, "operation");
        }

        @Override
        public String toString() {
            return "r" + replica + " applies " + operation;
        }
    }

    /**
     * Replica {@code replica} applies a delta mutator to its state. When replicas ship deltas
     * ({@link Simulation#runShippingDeltas}) the delta is broadcast to every other replica; when
     * they gossip full states ({@link Simulation#run}) only the new state is kept.
     *
     * @param <T> the CRDT type
     * @param replica the replica index
     * @param operation the delta operation
     */
    record ApplyDelta<T extends Crdt<T>>(int replica, DeltaOperation<T> operation) implements Step<T> {
        /**
         * Validates the step.
         *
         * @param replica the replica index
         * @param operation the delta operation
         */
        public ApplyDelta {
            Objects.requireNonNull(operation, "operation");
        }

        @Override
        public String toString() {
            return "r" + replica + " applies " + operation;
        }
    }

    /**
     * Replica {@code from} sends a copy of its current state towards {@code to}. Ignored when
     * replicas ship only deltas.
     *
     * @param <T> the CRDT type
     * @param from the sender index
     * @param to the receiver index
     */
    record Send<T extends Crdt<T>>(int from, int to) implements Step<T> {
        @Override
        public String toString() {
            return "r" + from + " sends to r" + to;
        }
    }

    /**
     * The network delivers the in-flight message at position {@code pick}, not necessarily the oldest.
     *
     * @param <T> the CRDT type
     * @param pick which message
     */
    record Deliver<T extends Crdt<T>>(int pick) implements Step<T> {
        @Override
        public String toString() {
            return "deliver message #" + pick;
        }
    }

    /**
     * The network duplicates the in-flight message at position {@code pick}.
     *
     * @param <T> the CRDT type
     * @param pick which message
     */
    record Duplicate<T extends Crdt<T>>(int pick) implements Step<T> {
        @Override
        public String toString() {
            return "duplicate message #" + pick;
        }
    }

    /**
     * The network loses the in-flight message at position {@code pick}; it may be resent later.
     *
     * @param <T> the CRDT type
     * @param pick which message
     */
    record Drop<T extends Crdt<T>>(int pick) implements Step<T> {
        @Override
        public String toString() {
            return "drop message #" + pick;
        }
    }

    /**
     * The sender of the lost message at position {@code pick} resends it.
     *
     * @param <T> the CRDT type
     * @param pick which lost message
     */
    record Resend<T extends Crdt<T>>(int pick) implements Step<T> {
        @Override
        public String toString() {
            return "resend lost message #" + pick;
        }
    }

    /**
     * The network splits: replicas whose bit is set in {@code side} cannot reach the others, and
     * messages sent across the split are lost until resent after {@link Heal}.
     *
     * @param <T> the CRDT type
     * @param side a bit mask of the replicas on one side
     */
    record Partition<T extends Crdt<T>>(int side) implements Step<T> {
        @Override
        public String toString() {
            return "partition " + Integer.toBinaryString(side);
        }
    }

    /**
     * The network heals: every replica can reach every other again.
     *
     * @param <T> the CRDT type
     */
    record Heal<T extends Crdt<T>>() implements Step<T> {
        @Override
        public String toString() {
            return "heal";
        }
    }
}
