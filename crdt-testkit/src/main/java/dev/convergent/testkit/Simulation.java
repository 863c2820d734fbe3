package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Crdt;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a schedule of {@link Step}s on simulated replicas that gossip full states over a faulty
 * network: messages may be delivered in any order, duplicated, lost and resent, or cut off by a
 * partition. When the schedule ends the network heals, every lost message is resent, every
 * message is delivered, and each replica sends its state to every other one once more, so a correct
 * CRDT must leave every replica equal.
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
     */
    public static ReplicaId replicaId(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("replica index must be >= 0, was " + i);
        }
        return ReplicaId.of("r" + i);
    }

    /**
     * Runs the schedule.
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
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(steps, "steps");
        if (replicas < 1 || replicas > 31) {
            throw new IllegalArgumentException("replicas must be in [1, 31], was " + replicas);
        }
        return new Run<>(initial, replicas).execute(steps);
    }

    private static final class Run<T extends Crdt<T>> {
        private final List<T> states = new ArrayList<>();
        private final List<BitSet> seen = new ArrayList<>();
        private final List<Message<T>> inFlight = new ArrayList<>();
        private final List<Message<T>> lost = new ArrayList<>();
        private final List<Event<T>> events = new ArrayList<>();
        private final StringBuilder trace = new StringBuilder();
        private final int replicas;
        private int partition;

        Run(T initial, int replicas) {
            this.replicas = replicas;
            for (int i = 0; i < replicas; i++) {
                states.add(initial);
                seen.add(new BitSet());
            }
        }

        Outcome<T> execute(List<Step<T>> steps) {
            for (Step<T> step : steps) {
                trace.append("  ").append(step).append(System.lineSeparator());
                run(step);
            }
            List<T> mid = List.copyOf(states);
            drain();
            return new Outcome<>(mid, states, events, trace.toString());
        }

        private void run(Step<T> step) {
            if (step instanceof Step.Apply<T> apply) {
                int r = index(apply.replica(), replicas);
                BitSet observed = seen.get(r);
                int id = events.size();
                T after = Laws.operationInflates(states.get(r), apply.operation(), replicaId(r));
                events.add(new Event<>(id, r, apply.operation(), toSet(observed), after));
                states.set(r, after);
                observed.set(id);
            } else if (step instanceof Step.Send<T> send) {
                send(index(send.from(), replicas), index(send.to(), replicas));
            } else if (step instanceof Step.Deliver<T> deliver) {
                if (!inFlight.isEmpty()) {
                    deliver(inFlight.remove(index(deliver.pick(), inFlight.size())));
                }
            } else if (step instanceof Step.Duplicate<T> duplicate) {
                if (!inFlight.isEmpty()) {
                    inFlight.add(inFlight.get(index(duplicate.pick(), inFlight.size())));
                }
            } else if (step instanceof Step.Drop<T> drop) {
                if (!inFlight.isEmpty()) {
                    lost.add(inFlight.remove(index(drop.pick(), inFlight.size())));
                }
            } else if (step instanceof Step.Resend<T> resend) {
                if (!lost.isEmpty()) {
                    transmit(lost.remove(index(resend.pick(), lost.size())));
                }
            } else if (step instanceof Step.Partition<T> split) {
                partition = split.side() & ((1 << replicas) - 1);
            } else if (step instanceof Step.Heal<T>) {
                partition = 0;
            }
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
