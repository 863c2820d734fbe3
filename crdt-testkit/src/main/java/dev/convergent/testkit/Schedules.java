package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of schedules: operations at random replicas interleaved with sends, out-of-order
 * deliveries, duplicates, losses, resends, partitions and heals. {@link #deltaScenarios} generates
 * schedules for replicas that ship only deltas.
 */
public final class Schedules {

    /** Steps in the histories that produce the states of the semilattice and order laws. */
    static final int STATE_STEPS = 40;
    /** Steps in the histories of the inflation and convergence laws. */
    static final int SCENARIO_STEPS = 60;

    private static final int MAX_PICK = 16;

    private Schedules() {
    }

    /**
     * Generates scenarios of {@code minReplicas} to {@code maxReplicas} replicas and up to {@code maxSteps} steps.
     * The number of replicas and the schedule are drawn independently (a step's replica indices are
     * reduced modulo the number of replicas when it runs), so a failing scenario shrinks to fewer
     * replicas as well as to fewer steps.
     *
     * @param <T> the CRDT type
     * @param operations the operations replicas apply
     * @param minReplicas the fewest replicas, at least 1
     * @param maxReplicas the most replicas, at most 31
     * @param maxSteps the longest schedule
     * @return the scenarios
     * @throws NullPointerException if {@code operations} is null
     * @throws IllegalArgumentException if a bound is out of range
     */
    public static <T extends Crdt<T>> Arbitrary<Scenario<T>> scenarios(Arbitrary<Operation<T>> operations,
            int minReplicas, int maxReplicas, int maxSteps) {
        Objects.requireNonNull(operations, "operations");
        checkBounds(minReplicas, maxReplicas, maxSteps);
        return Combinators.combine(Arbitraries.integers().between(minReplicas, maxReplicas),
                steps(operations, maxReplicas, maxSteps)).as(Scenario::new);
    }

    /**
     * Generates scenarios for replicas that ship only deltas ({@link Scenario#runShippingDeltas}):
     * delta operations at random replicas interleaved with out-of-order deliveries, duplicates,
     * losses, resends, partitions and heals, but no full-state sends.
     *
     * @param <T> the CRDT type
     * @param operations the delta operations replicas apply
     * @param minReplicas the fewest replicas, at least 1
     * @param maxReplicas the most replicas, at most 31
     * @param maxSteps the longest schedule
     * @return the scenarios
     * @throws NullPointerException if {@code operations} is null
     * @throws IllegalArgumentException if a bound is out of range
     */
    public static <T extends Crdt<T>> Arbitrary<Scenario<T>> deltaScenarios(Arbitrary<DeltaOperation<T>> operations,
            int minReplicas, int maxReplicas, int maxSteps) {
        Objects.requireNonNull(operations, "operations");
        checkBounds(minReplicas, maxReplicas, maxSteps);
        return Combinators.combine(Arbitraries.integers().between(minReplicas, maxReplicas),
                deltaSteps(operations, maxReplicas, maxSteps)).as(Scenario::new);
    }

    /**
     * Generates schedules for {@code replicas} replicas.
     *
     * @param <T> the CRDT type
     * @param operations the operations replicas apply
     * @param replicas the number of replicas
     * @param maxSteps the longest schedule
     * @return the schedules
     * @throws NullPointerException if {@code operations} is null
     */
    public static <T extends Crdt<T>> Arbitrary<List<Step<T>>> steps(Arbitrary<Operation<T>> operations,
            int replicas, int maxSteps) {
        Objects.requireNonNull(operations, "operations");
        Arbitrary<Integer> replica = replicaIndices(replicas);
        Arbitrary<Step<T>> apply = replica.flatMap(r -> operations.map(op -> new Step.Apply<>(r, op)));
        Arbitrary<Step<T>> send = replica.flatMap(from -> replica.map(to -> new Step.Send<>(from, to)));
        return schedule(apply, 35, send, replicas, maxSteps);
    }

    /**
     * Generates schedules of delta operations for {@code replicas} replicas that ship only deltas:
     * like {@link #steps} without full-state sends.
     *
     * @param <T> the CRDT type
     * @param operations the delta operations replicas apply
     * @param replicas the number of replicas
     * @param maxSteps the longest schedule
     * @return the schedules
     * @throws NullPointerException if {@code operations} is null
     */
    public static <T extends Crdt<T>> Arbitrary<List<Step<T>>> deltaSteps(Arbitrary<DeltaOperation<T>> operations,
            int replicas, int maxSteps) {
        Objects.requireNonNull(operations, "operations");
        Arbitrary<Integer> replica = replicaIndices(replicas);
        Arbitrary<Step<T>> apply = replica.flatMap(r -> operations.map(op -> new Step.ApplyDelta<>(r, op)));
        return schedule(apply, 40, null, replicas, maxSteps);
    }

    private static Arbitrary<Integer> replicaIndices(int replicas) {
        return Arbitraries.integers().between(0, replicas - 1);
    }

    /** A list of steps; {@code send} is null when replicas ship only deltas. */
    private static <T extends Crdt<T>> Arbitrary<List<Step<T>>> schedule(Arbitrary<Step<T>> apply, int applyWeight,
            Arbitrary<Step<T>> send, int replicas, int maxSteps) {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, MAX_PICK);
        Arbitrary<Step<T>> deliver = pick.map(Step.Deliver::new);
        Arbitrary<Step<T>> duplicate = pick.map(Step.Duplicate::new);
        Arbitrary<Step<T>> drop = pick.map(Step.Drop::new);
        Arbitrary<Step<T>> resend = pick.map(Step.Resend::new);
        Arbitrary<Step<T>> partition = Arbitraries.integers().between(1, (1 << replicas) - 1).map(Step.Partition::new);
        Arbitrary<Step<T>> heal = Arbitraries.just(new Step.Heal<>());
        List<Tuple.Tuple2<Integer, Arbitrary<Step<T>>>> choices = new ArrayList<>();
        choices.add(Tuple.of(applyWeight, apply));
        if (send != null) {
            choices.add(Tuple.of(25, send));
        }
        choices.add(Tuple.of(22, deliver));
        choices.add(Tuple.of(5, duplicate));
        choices.add(Tuple.of(5, drop));
        choices.add(Tuple.of(4, resend));
        choices.add(Tuple.of(2, partition));
        choices.add(Tuple.of(2, heal));
        return Arbitraries.frequencyOf(choices).list().ofMaxSize(maxSteps);
    }

    private static void checkBounds(int minReplicas, int maxReplicas, int maxSteps) {
        if (minReplicas < 1 || maxReplicas > 31 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException(
                    "need 1 <= minReplicas <= maxReplicas <= 31, was " + minReplicas + ", " + maxReplicas);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, was " + maxSteps);
        }
    }
}
