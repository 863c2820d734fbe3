package dev.convergent.testkit;

import dev.convergent.crdt.Crdt;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of schedules: operations at random replicas interleaved with sends, out-of-order
 * deliveries, duplicates, losses, resends, partitions and heals.
 */
public final class Schedules {

    private static final int MAX_PICK = 16;

    private Schedules() {
    }

    /**
     * Generates scenarios of {@code minReplicas} to {@code maxReplicas} replicas and up to {@code maxSteps} steps.
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
        if (minReplicas < 1 || maxReplicas > 31 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException(
                    "need 1 <= minReplicas <= maxReplicas <= 31, was " + minReplicas + ", " + maxReplicas);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 0, was " + maxSteps);
        }
        return Arbitraries.integers().between(minReplicas, maxReplicas)
                .flatMap(n -> steps(operations, n, maxSteps).map(steps -> new Scenario<>(n, steps)));
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
        Arbitrary<Integer> replica = Arbitraries.integers().between(0, replicas - 1);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, MAX_PICK);
        Arbitrary<Step<T>> apply = replica.flatMap(r -> operations.map(op -> new Step.Apply<>(r, op)));
        Arbitrary<Step<T>> send = replica.flatMap(from -> replica.map(to -> new Step.Send<>(from, to)));
        Arbitrary<Step<T>> deliver = pick.map(Step.Deliver::new);
        Arbitrary<Step<T>> duplicate = pick.map(Step.Duplicate::new);
        Arbitrary<Step<T>> drop = pick.map(Step.Drop::new);
        Arbitrary<Step<T>> resend = pick.map(Step.Resend::new);
        Arbitrary<Step<T>> partition = Arbitraries.integers().between(1, (1 << replicas) - 1).map(Step.Partition::new);
        Arbitrary<Step<T>> heal = Arbitraries.just(new Step.Heal<>());
        Arbitrary<Step<T>> step = Arbitraries.frequencyOf(
                Tuple.of(35, apply),
                Tuple.of(25, send),
                Tuple.of(22, deliver),
                Tuple.of(5, duplicate),
                Tuple.of(5, drop),
                Tuple.of(4, resend),
                Tuple.of(2, partition),
                Tuple.of(2, heal));
        return step.list().ofMaxSize(maxSteps);
    }
}
