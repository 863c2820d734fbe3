package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a schedule of {@link Step}s on simulated replicas over a faulty network: messages may be
 * delivered in any order, duplicated, lost and resent, or cut off by a partition. Two modes:
 * <ul>
 *   <li>{@link #run} gossips full states: a {@link Step.Send} ships the sender's state. When the
 *       schedule ends the network heals, every lost message is resent, every message is delivered,
 *       and each replica sends its state to every other one once more.</li>
 *   <li>{@link #runShippingDeltas} ships only deltas: each {@link Step.ApplyDelta} broadcasts its
 *       delta to every other replica as separate messages (a plain {@link Step.Apply} broadcasts the
 *       whole new state, which is its own delta), and {@code Send} steps are ignored. When the
 *       schedule ends the network heals, every lost delta is resent and every message is delivered;
 *       there is no full-state round, so the deltas alone must make the replicas converge.</li>
 * </ul>
 * Either way a correct CRDT leaves every replica equal.
 *
 * <p>Every operation is checked to inflate the state ({@link Laws#operationInflates}). Replica
 * {@code i} acts as {@link #replicaId(int) replicaId(i)}.
 */
public final class Simulation {

    private Simulation() {
    }

    /**
     * Returns the replica id the simulation uses for replica index {@code i}: {@code r0}, {@code r1}, ...
     *
     * @param i the replica index, at least 0
     * @return the id
     * @throws IllegalArgumentException if {@code i} is negative
     */
    public static ReplicaId replicaId(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("replica index must be >= 0, was " + i);
        }
        return ReplicaId.of("r" + i);
    }

    /**
     * Runs the schedule with replicas that gossip full states.
     *
     * @param <T> the CRDT type
     * @param initial the state every replica starts from
     * @param replicas the number of replicas, 1 to 31
     * @param steps the schedule
     * @return the outcome
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code replicas} is out of range
     * @throws LawViolation if an operation does not inflate the state
     */
    public static <T extends Crdt<T>> Outcome<T> run(T initial, int replicas, List<Step<T>> steps) {
        return run(initial, replicas, steps, false, true);
    }

    /**
     * Runs the schedule with replicas that ship only deltas.
     *
     * @param <T> the CRDT type
     * @param initial the state every replica starts from
     * @param replicas the number of replicas, 1 to 31
     * @param steps the schedule
     * @return the outcome
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code replicas} is out of range
     * @throws LawViolation if an operation does not inflate the state
     */
    public static <T extends Crdt<T>> Outcome<T> runShippingDeltas(T initial, int replicas, List<Step<T>> steps) {
        return run(initial, replicas, steps, true, true);
    }

    /** Runs the schedule; the convergence laws skip the inflation check so that each law reports only itself. */
    static <T extends Crdt<T>> Outcome<T> run(T initial, int replicas, List<Step<T>> steps, boolean shipDeltas,
            boolean checkInflation) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(steps, "steps");
        if (replicas < 1 || replicas > 31) {
            throw new IllegalArgumentException("replicas must be in [1, 31], was " + replicas);
        }
        return new Run<>(initial, replicas, shipDeltas, checkInflation).execute(steps);
    }

    private static final class Run<T extends Crdt<T>> {
        private final List<T> states = new ArrayList<>();
        private final List<BitSet> seen = new ArrayList<>();
        private final List<Message<T>> inFlight = new ArrayList<>();
        private final List<Message<T>> lost = new ArrayList<>();
        private final List<Event<T>> events = new ArrayList<>();
        private final StringBuilder trace = new StringBuilder();
        private final int replicas;
        private final boolean shipDeltas;
        private final boolean checkInflation;
        private int partition;

        Run(T initial, int replicas, boolean shipDeltas, boolean checkInflation) {
            this.replicas = replicas;
            this.shipDeltas = shipDeltas;
            this.checkInflation = checkInflation;
            for (int i = 0; i < replicas; i++) {
                states.add(initial);
                seen.add(new BitSet());
            }
        }

        Outcome<T> execute(List<Step<T>> steps) {
            for (Step<T> step : steps) {
                trace.append("  ").append(step);
                run(step);
                trace.append(System.lineSeparator());
            }
            List<T> mid = List.copyOf(states);
            drain();
            return new Outcome<>(mid, states, events, trace.toString());
        }

        private void run(Step<T> step) {
            if (step instanceof Step.Apply<T> apply) {
                int r = index(apply.replica(), replicas);
                T before = states.get(r);
                T after = checkInflation
                        ? Laws.operationInflates(before, apply.operation(), replicaId(r))
                        : apply.operation().apply(replicaId(r), before);
                record(r, apply.operation(), after, after);
            } else if (step instanceof Step.ApplyDelta<T> apply) {
                int r = index(apply.replica(), replicas);
                T before = states.get(r);
                Mutation<T> m = checkInflation
                        ? Laws.deltaOperationInflates(before, apply.operation(), replicaId(r))
                        : apply.operation().apply(replicaId(r), before);
                record(r, apply.operation().asOperation(), m.state(), m.delta());
            } else if (step instanceof Step.Send<T> send) {
                if (shipDeltas) {
                    trace.append(" (ignored: replicas ship only deltas)");
                } else {
                    send(index(send.from(), replicas), index(send.to(), replicas));
                }
            } else if (step instanceof Step.Deliver<T> deliver) {
                if (!inFlight.isEmpty()) {
                    deliver(traced(inFlight.remove(index(deliver.pick(), inFlight.size()))));
                }
            } else if (step instanceof Step.Duplicate<T> duplicate) {
                if (!inFlight.isEmpty()) {
                    inFlight.add(traced(inFlight.get(index(duplicate.pick(), inFlight.size()))));
                }
            } else if (step instanceof Step.Drop<T> drop) {
                if (!inFlight.isEmpty()) {
                    lost.add(traced(inFlight.remove(index(drop.pick(), inFlight.size()))));
                }
            } else if (step instanceof Step.Resend<T> resend) {
                if (!lost.isEmpty()) {
                    transmit(traced(lost.remove(index(resend.pick(), lost.size()))));
                }
            } else if (step instanceof Step.Partition<T> split) {
                partition = split.side() & ((1 << replicas) - 1);
            } else if (step instanceof Step.Heal<T>) {
                partition = 0;
            }
        }

        /** Records an operation's event and new state; when shipping deltas, broadcasts the delta. */
        private void record(int r, Operation<T> operation, T after, T delta) {
            BitSet observed = seen.get(r);
            int id = events.size();
            events.add(new Event<>(id, r, operation, toSet(observed), after));
            states.set(r, after);
            observed.set(id);
            if (shipDeltas) {
                trace.append(" -> delta ").append(delta);
                BitSet carried = new BitSet();
                carried.set(id);
                if (delta == after) {
                    carried.or(observed);
                }
                for (int to = 0; to < replicas; to++) {
                    if (to != r) {
                        transmit(new Message<>(r, to, delta, carried));
                    }
                }
            }
        }

        /** Notes in the trace which message a network step picked. */
        private Message<T> traced(Message<T> message) {
            trace.append(": r").append(message.from).append(" -> r").append(message.to);
            return message;
        }

        private void send(int from, int to) {
            if (from != to) {
                transmit(new Message<>(from, to, states.get(from), (BitSet) seen.get(from).clone()));
            }
        }

        private void transmit(Message<T> message) {
            boolean crosses = partition != 0
                    && ((partition >>> message.from) & 1) != ((partition >>> message.to) & 1);
            (crosses ? lost : inFlight).add(message);
        }

        private void deliver(Message<T> message) {
            int to = message.to;
            states.set(to, states.get(to).merge(message.state));
            seen.get(to).or(message.seen);
        }

        private void drain() {
            partition = 0;
            inFlight.addAll(lost);
            lost.clear();
            while (!inFlight.isEmpty()) {
                deliver(inFlight.remove(0));
            }
            if (shipDeltas) {
                trace.append("  (heal, resend every lost delta, deliver all; no full-state round)")
                        .append(System.lineSeparator());
                return;
            }
            trace.append("  (heal, resend lost, deliver all, then every replica sends to every other)")
                    .append(System.lineSeparator());
            for (int from = 0; from < replicas; from++) {
                for (int to = 0; to < replicas; to++) {
                    send(from, to);
                }
            }
            while (!inFlight.isEmpty()) {
                deliver(inFlight.remove(0));
            }
        }

        private static Set<Integer> toSet(BitSet bits) {
            Set<Integer> set = new HashSet<>();
            bits.stream().forEach(set::add);
            return set;
        }
    }

    static int index(int raw, int size) {
        return Math.floorMod(raw, size);
    }

    private record Message<T>(int from, int to, T state, BitSet seen) {
    }
}
