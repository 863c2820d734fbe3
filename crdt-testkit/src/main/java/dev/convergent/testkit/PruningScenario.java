package dev.convergent.testkit;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A history in which a replica retires and its successor prunes it, run twice in lockstep: once
 * with the pruning, once without (the shadow). Replica {@code r0} retires and {@code r1} is its
 * successor; {@code r2}, {@code r3}... are the others.
 *
 * <p>Before the pruning every replica applies delta operations, ships full states and has messages
 * (deltas and full states) delivered in any order, any number of times. Then {@code r1} merges
 * {@code r0}'s last state and prunes it, and ships the pruned state. After it, {@code r0} stops, the
 * others go on, and any message from before the pruning (including {@code r0}'s last state) may still
 * arrive late. In a chained scenario, {@code r1} then retires too: {@code r2} merges its last state
 * and prunes it, so states from before either pruning meet states that hold both markers. Finally
 * every replica still live receives every message and they gossip full states around a ring.
 * {@link #run} compares what each replica observes with its shadow after every step.
 *
 * @param <T> the CRDT type
 */
public final class PruningScenario<T extends Crdt<T> & Prunable<T>> {

    /** The retiring replica, {@code r0}. */
    public static final ReplicaId RETIRING = Simulation.replicaId(0);
    /** Its successor, {@code r1}, which performs the pruning (and retires in a chained scenario). */
    public static final ReplicaId SUCCESSOR = Simulation.replicaId(1);
    /** The successor of {@code r1} in a chained scenario, {@code r2}. */
    public static final ReplicaId SECOND_SUCCESSOR = Simulation.replicaId(2);

    private static final int MAX_PICK = 63;

    private final int replicas;
    private final List<Action<T>> before;
    private final List<Action<T>> after;
    private final boolean chained;
    private final List<Action<T>> afterSecond;

    /**
     * Creates a scenario.
     *
     * @param replicas the number of replicas, at least 3
     * @param before the actions before the pruning
     * @param after the actions after it; none may act at or deliver to replica 0
     * @throws NullPointerException if a list or action is null
     * @throws IllegalArgumentException if {@code replicas} is below 3 or an action is out of range
     */
    public PruningScenario(int replicas, List<Action<T>> before, List<Action<T>> after) {
        this(replicas, before, after, false, List.of());
    }

    /**
     * Creates a scenario, chained or not.
     *
     * @param replicas the number of replicas, at least 3, at least 4 when chained
     * @param before the actions before the pruning
     * @param after the actions after it; none may act at or deliver to replica 0
     * @param chained whether {@code r1} retires into {@code r2} after {@code after}
     * @param afterSecond the actions after the second pruning; none may act at or deliver to replicas 0
     *     and 1; empty unless chained
     * @throws NullPointerException if a list or action is null
     * @throws IllegalArgumentException if {@code replicas} is too low or an action is out of range
     */
    public PruningScenario(int replicas, List<Action<T>> before, List<Action<T>> after, boolean chained,
            List<Action<T>> afterSecond) {
        if (replicas < (chained ? 4 : 3)) {
            throw new IllegalArgumentException("a " + (chained ? "chained " : "") + "pruning scenario needs at least "
                    + (chained ? 4 : 3) + " replicas, was " + replicas);
        }
        this.replicas = replicas;
        this.before = List.copyOf(before);
        this.after = List.copyOf(after);
        this.chained = chained;
        this.afterSecond = List.copyOf(afterSecond);
        if (!chained && !this.afterSecond.isEmpty()) {
            throw new IllegalArgumentException("actions after a second pruning need a chained scenario");
        }
        for (Action<T> a : this.before) {
            a.check(replicas, 0);
        }
        for (Action<T> a : this.after) {
            a.check(replicas, 1);
        }
        for (Action<T> a : this.afterSecond) {
            a.check(replicas, 2);
        }
    }

    /**
     * Generates scenarios over {@code replicas} replicas.
     *
     * @param <T> the CRDT type
     * @param operations the delta operations replicas apply
     * @param replicas the number of replicas, at least 3
     * @param maxSteps the most actions in each phase
     * @return the scenarios; with 4 or more replicas, half of them chained
     * @throws NullPointerException if {@code operations} is null
     */
    public static <T extends Crdt<T> & Prunable<T>> Arbitrary<PruningScenario<T>> scenarios(
            Arbitrary<DeltaOperation<T>> operations, int replicas, int maxSteps) {
        Objects.requireNonNull(operations, "operations");
        Arbitrary<PruningScenario<T>> single = Combinators.combine(actions(operations, replicas, 0, maxSteps),
                actions(operations, replicas, 1, maxSteps)).as((b, a) -> new PruningScenario<>(replicas, b, a));
        if (replicas < 4) {
            return single;
        }
        Arbitrary<PruningScenario<T>> chained = Combinators.combine(actions(operations, replicas, 0, maxSteps),
                actions(operations, replicas, 1, maxSteps), actions(operations, replicas, 2, maxSteps))
                .as((b, a, a2) -> new PruningScenario<>(replicas, b, a, true, a2));
        return Arbitraries.oneOf(single, chained);
    }

    private static <T extends Crdt<T>> Arbitrary<List<Action<T>>> actions(Arbitrary<DeltaOperation<T>> operations,
            int replicas, int lowest, int maxSteps) {
        // before the pruning the retiring replica acts in about half of the steps, so that the others
        // hold its writes when the pruning happens; after it, the successor acts as often as the rest
        Arbitrary<Integer> others = Arbitraries.integers().between(lowest + 1, replicas - 1);
        Arbitrary<Integer> actor = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(lowest)), Tuple.of(1, others));
        Arbitrary<Integer> anyone = Arbitraries.integers().between(0, replicas - 1);
        Arbitrary<Action<T>> apply = actor.flatMap(r -> operations.map(op -> new Apply<>(r, op)));
        Arbitrary<Action<T>> ship = anyone.flatMap(from -> actor.map(to -> new Ship<>(from, to)));
        Arbitrary<Action<T>> deliver = Arbitraries.integers().between(0, MAX_PICK)
                .flatMap(m -> actor.map(to -> new Deliver<>(m, to)));
        return Arbitraries.frequencyOf(Tuple.of(45, apply), Tuple.of(20, ship), Tuple.of(35, deliver))
                .list().ofMaxSize(maxSteps);
    }

    /**
     * Runs the history with and without the pruning from {@code initial}, checking after every step
     * that each replica observes the same as its shadow.
     *
     * @param initial every replica's first state
     * @param observe what a user reads from a state
     * @return the states the laws look at
     * @throws LawViolation ({@link Law#PRUNING_INVISIBLE}) at the first step where a replica observes
     *     something else than its shadow, or where a merge or mutator throws
     */
    public Run<T> run(T initial, Function<? super T, ?> observe) {
        Objects.requireNonNull(observe, "observe");
        return run(initial, observe, true, (pruned, shadow, everything) ->
                Objects.equals(observe.apply(pruned), observe.apply(shadow)));
    }

    /**
     * Runs like {@link #run(Crdt, Function)} with a check of its own; when {@code shipDeltas} is
     * false, an operation sends the replica's new full state instead of the delta.
     *
     * @param initial every replica's first state
     * @param observe what a user reads from a state, shown in reports
     * @param shipDeltas whether operations send deltas or full states
     * @param check what must hold between each replica and its shadow after every step
     * @return the states the laws look at
     * @throws LawViolation ({@link Law#PRUNING_INVISIBLE}) at the first step where the check fails for
     *     a replica, or where a merge or mutator throws
     */
    public Run<T> run(T initial, Function<? super T, ?> observe, boolean shipDeltas, StepCheck<T> check) {
        return new Runner(initial, observe, shipDeltas, check).run();
    }

    /**
     * What must hold, after every step, between a replica of the history with pruning and the same
     * replica of the history without.
     *
     * @param <T> the CRDT type
     */
    @FunctionalInterface
    public interface StepCheck<T> {
        /**
         * Returns whether a replica's state is consistent with its shadow.
         *
         * @param pruned the replica's state in the history with pruning
         * @param shadow the same replica's state in the history without
         * @param everything the join of every replica's state in the history without pruning: every
         *     write made so far
         * @return whether the replica is consistent
         */
        boolean consistent(T pruned, T shadow, T everything);
    }

    /**
     * What a run leaves for the laws to check.
     *
     * @param <T> the state type
     */
    public static final class Run<T> {
        private final T beforePruning;
        private final T pruned;
        private final List<T> notSeenPruning;
        private final List<T> finalStates;
        private final List<T> shadowFinalStates;
        private final List<ReplicaId> retired;
        private final String history;

        Run(T beforePruning, T pruned, List<T> notSeenPruning, List<T> finalStates, List<T> shadowFinalStates,
                List<ReplicaId> retired, String history) {
            this.beforePruning = beforePruning;
            this.pruned = pruned;
            this.notSeenPruning = List.copyOf(notSeenPruning);
            this.finalStates = List.copyOf(finalStates);
            this.shadowFinalStates = List.copyOf(shadowFinalStates);
            this.retired = List.copyOf(retired);
            this.history = history;
        }

        /**
         * Returns the successor's state after it merged the retiring replica's last state, just
         * before it pruned.
         *
         * @return that state
         */
        public T beforePruning() {
            return beforePruning;
        }

        /**
         * Returns {@code beforePruning().prune(r0, r1)}.
         *
         * @return the pruned state
         */
        public T pruned() {
            return pruned;
        }

        /**
         * Returns every state and message from before the pruning: states that have not seen it.
         *
         * @return those states
         */
        public List<T> notSeenPruning() {
            return notSeenPruning;
        }

        /**
         * Returns the replicas retired and pruned in this run: {@code r0}, and {@code r1} when chained.
         *
         * @return the retired ids
         */
        public List<ReplicaId> retired() {
            return retired;
        }

        /**
         * Returns the final states of the live replicas (1 and up, or 2 and up when chained), after
         * every delivery and the gossip.
         *
         * @return the final states
         */
        public List<T> finalStates() {
            return finalStates;
        }

        /**
         * Returns the shadow's final states of the live replicas.
         *
         * @return the final states of the run without pruning
         */
        public List<T> shadowFinalStates() {
            return shadowFinalStates;
        }

        /**
         * Returns the steps as run, one per line, for counterexamples.
         *
         * @return the history
         */
        public String history() {
            return history;
        }
    }

    /**
     * One step of a scenario.
     *
     * @param <T> the state type
     */
    public sealed interface Action<T extends Crdt<T>> permits Apply, Ship, Deliver {
        /**
         * Throws if the action names a replica outside {@code lowest..replicas-1} where it acts.
         *
         * @param replicas the number of replicas
         * @param lowest the lowest replica that may act or receive
         */
        void check(int replicas, int lowest);
    }

    /**
     * Replica {@code replica} applies a delta operation and sends the delta.
     *
     * @param <T> the CRDT type
     * @param replica the acting replica
     * @param operation the operation
     */
    public record Apply<T extends Crdt<T>>(int replica, DeltaOperation<T> operation) implements Action<T> {
        @Override
        public void check(int replicas, int lowest) {
            Objects.requireNonNull(operation, "operation");
            checkIndex(replica, replicas, lowest);
        }

        @Override
        public String toString() {
            return "r" + replica + " applies " + operation;
        }
    }

    /**
     * Replica {@code from} sends its full state to {@code to}, which merges it.
     *
     * @param <T> the CRDT type
     * @param from the sender (may be the retired replica: its last state arriving late)
     * @param to the receiver
     */
    public record Ship<T extends Crdt<T>>(int from, int to) implements Action<T> {
        @Override
        public void check(int replicas, int lowest) {
            checkIndex(from, replicas, 0);
            checkIndex(to, replicas, lowest);
        }

        @Override
        public String toString() {
            return "r" + from + " ships its state to r" + to;
        }
    }

    /**
     * Message {@code message} (modulo the messages sent so far) is delivered again to {@code to}.
     *
     * @param <T> the CRDT type
     * @param message which message
     * @param to the receiver
     */
    public record Deliver<T extends Crdt<T>>(int message, int to) implements Action<T> {
        @Override
        public void check(int replicas, int lowest) {
            if (message < 0) {
                throw new IllegalArgumentException("message must be >= 0, was " + message);
            }
            checkIndex(to, replicas, lowest);
        }

        @Override
        public String toString() {
            return "message #" + message + " is delivered to r" + to;
        }
    }

    private static void checkIndex(int replica, int replicas, int lowest) {
        if (replica < lowest || replica >= replicas) {
            throw new IllegalArgumentException("replica index " + replica + " is outside " + lowest + ".."
                    + (replicas - 1));
        }
    }

    @Override
    public String toString() {
        return replicas + " replicas; before pruning " + before + "; after " + after
                + (chained ? "; r1 retires into r2; after that " + afterSecond : "");
    }

    /** Runs both worlds in lockstep. */
    private final class Runner {
        private final Function<? super T, ?> observe;
        private final List<T> world = new ArrayList<>();
        private final List<T> shadow = new ArrayList<>();
        private final List<T> sentWorld = new ArrayList<>();
        private final List<T> sentShadow = new ArrayList<>();
        private final StringBuilder log = new StringBuilder();
        private final boolean shipDeltas;
        private final StepCheck<T> check;

        Runner(T initial, Function<? super T, ?> observe, boolean shipDeltas, StepCheck<T> check) {
            this.observe = Objects.requireNonNull(observe, "observe");
            this.shipDeltas = shipDeltas;
            this.check = Objects.requireNonNull(check, "check");
            Objects.requireNonNull(initial, "initial");
            for (int i = 0; i < replicas; i++) {
                world.add(initial);
                shadow.add(initial);
            }
        }

        Run<T> run() {
            for (Action<T> a : before) {
                step(a);
            }
            List<T> notSeen = new ArrayList<>(sentWorld);
            notSeen.addAll(world);
            guard("r1 merges r0's last state and prunes r0 into r1", () -> {
                world.set(1, world.get(1).merge(world.get(0)));
                shadow.set(1, shadow.get(1).merge(shadow.get(0)));
            });
            T beforePruning = world.get(1);
            guard("", () -> {
                world.set(1, beforePruning.prune(RETIRING, SUCCESSOR));
                sentWorld.add(world.get(1));
                sentShadow.add(shadow.get(1));
            });
            T pruned = world.get(1);
            for (Action<T> a : after) {
                step(a);
            }
            int firstLive = 1;
            if (chained) {
                guard("r2 merges r1's last state and prunes r1 into r2", () -> {
                    world.set(2, world.get(2).merge(world.get(1)));
                    shadow.set(2, shadow.get(2).merge(shadow.get(1)));
                });
                guard("", () -> {
                    world.set(2, world.get(2).prune(SUCCESSOR, SECOND_SUCCESSOR));
                    sentWorld.add(world.get(2));
                    sentShadow.add(shadow.get(2));
                });
                for (Action<T> a : afterSecond) {
                    step(a);
                }
                firstLive = 2;
            }
            int live = firstLive;
            guard("every live replica receives every message, then they gossip around a ring", () -> {
                for (int j = live; j < replicas; j++) {
                    for (int m = 0; m < sentWorld.size(); m++) {
                        world.set(j, world.get(j).merge(sentWorld.get(m)));
                        shadow.set(j, shadow.get(j).merge(sentShadow.get(m)));
                    }
                }
                for (int round = 0; round < 2; round++) {
                    for (int j = live; j < replicas; j++) {
                        int next = j + 1 < replicas ? j + 1 : live;
                        world.set(next, world.get(next).merge(world.get(j)));
                        shadow.set(next, shadow.get(next).merge(shadow.get(j)));
                    }
                }
            });
            List<ReplicaId> retired = chained ? List.of(RETIRING, SUCCESSOR) : List.of(RETIRING);
            return new Run<>(beforePruning, pruned, notSeen, world.subList(live, replicas),
                    shadow.subList(live, replicas), retired, log.toString());
        }

        private void step(Action<T> action) {
            guard(action.toString(), () -> {
                if (action instanceof Apply<T> a) {
                    ReplicaId id = Simulation.replicaId(a.replica());
                    Mutation<T> w = a.operation().apply(id, world.get(a.replica()));
                    Mutation<T> s = a.operation().apply(id, shadow.get(a.replica()));
                    world.set(a.replica(), w.state());
                    shadow.set(a.replica(), s.state());
                    sentWorld.add(shipDeltas ? w.delta() : w.state());
                    sentShadow.add(shipDeltas ? s.delta() : s.state());
                } else if (action instanceof Ship<T> s) {
                    sentWorld.add(world.get(s.from()));
                    sentShadow.add(shadow.get(s.from()));
                    world.set(s.to(), world.get(s.to()).merge(world.get(s.from())));
                    shadow.set(s.to(), shadow.get(s.to()).merge(shadow.get(s.from())));
                } else if (action instanceof Deliver<T> d && !sentWorld.isEmpty()) {
                    int m = d.message() % sentWorld.size();
                    world.set(d.to(), world.get(d.to()).merge(sentWorld.get(m)));
                    shadow.set(d.to(), shadow.get(d.to()).merge(sentShadow.get(m)));
                }
            });
        }

        /** Runs a step, logs it, and checks that every replica observes what its shadow does. */
        private void guard(String description, Runnable body) {
            if (!description.isEmpty()) {
                log.append("  ").append(description).append('\n');
            }
            try {
                body.run();
            } catch (RuntimeException e) {
                LawViolation v = new LawViolation(Law.PRUNING_INVISIBLE, "the step threw " + e + "\nhistory:\n" + log);
                v.initCause(e);
                throw v;
            }
            T everything = shadow.get(0);
            for (T s : shadow) {
                everything = everything.merge(s);
            }
            for (int j = 0; j < replicas; j++) {
                if (!check.consistent(world.get(j), shadow.get(j), everything)) {
                    throw new LawViolation(Law.PRUNING_INVISIBLE, "r" + j + " observes " + observe.apply(world.get(j))
                            + " but without the pruning it would observe " + observe.apply(shadow.get(j))
                            + " (every write so far: " + observe.apply(everything) + ")\n  state:  " + world.get(j)
                            + "\n  shadow: " + shadow.get(j) + "\nhistory:\n" + log);
                }
            }
        }
    }
}
