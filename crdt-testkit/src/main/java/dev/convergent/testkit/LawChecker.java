package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Runs the law properties of {@link CrdtLaws}, {@link DeltaCrdtLaws} and {@link SerializationLaws}
 * without the jqwik engine: generates inputs from the contract's own arbitraries with a seeded random
 * source, calls the same property methods, and shrinks a failing input greedily.
 */
final class LawChecker {

    /** jqwik's size hint for generators: how large generated numbers and collections may get. */
    private static final int GEN_SIZE = 1000;
    /** The most shrink candidates tried per failing law. */
    private static final int MAX_SHRINK_ATTEMPTS = 2_000;

    private LawChecker() {
    }

    /** One law property: its name, the arbitrary of its input, and the property method itself. */
    record Check<X>(String property, Arbitrary<X> input, Consumer<X> law) {
    }

    static <T extends Crdt<T>> void check(CrdtLaws<T> laws, long givenSeed, int tries) {
        long seed = givenSeed;
        Objects.requireNonNull(laws, "laws");
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be >= 1, was " + tries);
        }
        String pinned = System.getProperty(LawReport.SEED_PROPERTY, "").strip();
        if (!pinned.isEmpty()) {
            try {
                seed = Long.parseLong(pinned);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + LawReport.SEED_PROPERTY + " must be a seed from a law"
                        + " report, a whole number; was \"" + pinned + "\"", e);
            }
        }
        boolean session = !JqwikSession.isActive();
        if (session) {
            JqwikSession.start();
        }
        List<AssertionError> failures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try {
            for (Check<?> check : checks(laws)) {
                AssertionError failure = run(check, seed, tries);
                if (failure != null) {
                    failures.add(failure);
                    failed.add(check.property());
                }
            }
        } finally {
            if (session) {
                JqwikSession.finish();
            }
        }
        if (!failures.isEmpty()) {
            AssertionError first = failures.get(0);
            if (failures.size() > 1) {
                String others = "  other laws that fail with this seed: "
                        + String.join(", ", failed.subList(1, failed.size())) + Laws.nl();
                first = LawReport.append(first, others);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
            }
            throw first;
        }
    }

    /** The checks for every contract {@code laws} implements, in the order the contracts declare them. */
    static <T extends Crdt<T>> List<Check<?>> checks(CrdtLaws<T> laws) {
        List<Check<?>> checks = new ArrayList<>();
        Arbitrary<List<T>> states = laws.crdtStates();
        Arbitrary<Scenario<T>> scenarios = laws.crdtScenarios();
        checks.add(new Check<>("mergeIsIdempotent", states, laws::mergeIsIdempotent));
        checks.add(new Check<>("mergeIsCommutative", states, laws::mergeIsCommutative));
        checks.add(new Check<>("mergeIsAssociative", states, laws::mergeIsAssociative));
        checks.add(new Check<>("mergeIsTheLeastUpperBound", states, laws::mergeIsTheLeastUpperBound));
        checks.add(new Check<>("compareIsReflexive", states, laws::compareIsReflexive));
        checks.add(new Check<>("compareIsAntisymmetric", states, laws::compareIsAntisymmetric));
        checks.add(new Check<>("compareIsTransitive", states, laws::compareIsTransitive));
        checks.add(new Check<>("compareAgreesWithMerge", states, laws::compareAgreesWithMerge));
        checks.add(new Check<>("equalsAndHashCodeAreConsistent", states, laws::equalsAndHashCodeAreConsistent));
        checks.add(new Check<>("equalStatesAreObservablyEqual", scenarios, laws::equalStatesAreObservablyEqual));
        checks.add(new Check<>("operationsAndMergesLeaveTheirInputsUnchanged", scenarios,
                laws::operationsAndMergesLeaveTheirInputsUnchanged));
        checks.add(new Check<>("operationsInflate", scenarios, laws::operationsInflate));
        checks.add(new Check<>("replicasConvergeUnderReorderingDuplicationLossAndPartition", scenarios,
                laws::replicasConvergeUnderReorderingDuplicationLossAndPartition));
        if (laws instanceof DeltaCrdtLaws<T> delta) {
            Arbitrary<DeltaOperation<T>> ops = delta.crdtDeltaOperations();
            Arbitrary<Tuple2<List<T>, DeltaOperation<T>>> one = Combinators.combine(states, ops).as(Tuple::of);
            Arbitrary<Tuple3<List<T>, DeltaOperation<T>, DeltaOperation<T>>> two =
                    Combinators.combine(states, ops, ops).as(Tuple::of);
            checks.add(new Check<>("deltaIsBelowTheNewState", one,
                    t -> delta.deltaIsBelowTheNewState(t.get1(), t.get2())));
            checks.add(new Check<>("mergingTheDeltaGivesTheNewState", one,
                    t -> delta.mergingTheDeltaGivesTheNewState(t.get1(), t.get2())));
            checks.add(new Check<>("deltasMergeIntoDeltaGroups", two,
                    t -> delta.deltasMergeIntoDeltaGroups(t.get1(), t.get2(), t.get3())));
            checks.add(new Check<>("mergingADeltaTwiceChangesNothing", one,
                    t -> delta.mergingADeltaTwiceChangesNothing(t.get1(), t.get2())));
            checks.add(new Check<>("mergingADeltaInflatesAnyReplica", one,
                    t -> delta.mergingADeltaInflatesAnyReplica(t.get1(), t.get2())));
            checks.add(new Check<>("replicasConvergeWhenShippingOnlyDeltas", delta.crdtDeltaScenarios(),
                    delta::replicasConvergeWhenShippingOnlyDeltas));
            checks.add(new Check<>("deltaMutatorsAndDeltaMergesLeaveTheirInputsUnchanged",
                    delta.crdtDeltaScenarios(), delta::deltaMutatorsAndDeltaMergesLeaveTheirInputsUnchanged));
        }
        if (laws instanceof SerializationLaws<T> serialization) {
            checks.add(new Check<>("decodeInvertsEncode", states, serialization::decodeInvertsEncode));
            checks.add(new Check<>("equalStatesEncodeToIdenticalBytes", scenarios,
                    serialization::equalStatesEncodeToIdenticalBytes));
            checks.add(new Check<>("encodeAndDecodeLeaveTheirInputsUnchanged", scenarios,
                    serialization::encodeAndDecodeLeaveTheirInputsUnchanged));
        }
        return checks;
    }

    private static <X> AssertionError run(Check<X> check, long seed, int tries) {
        RandomGenerator<X> generator = check.input().generator(GEN_SIZE);
        Random random = new Random(seed);
        for (int i = 1; i <= tries; i++) {
            Shrinkable<X> sample = generator.next(random);
            Throwable error = failure(check, sample);
            JqwikSession.finishTry();
            if (error != null) {
                return shrink(check, sample, error, i, seed, tries);
            }
        }
        return null;
    }

    /** Greedily replaces the failing sample by the first smaller candidate that fails the same way. */
    private static <X> AssertionError shrink(Check<X> check, Shrinkable<X> sample, Throwable error, int attempt,
            long seed, int tries) {
        Shrinkable<X> current = sample;
        Throwable currentError = error;
        int steps = 0;
        int attempts = 0;
        boolean smaller = true;
        while (smaller && attempts < MAX_SHRINK_ATTEMPTS) {
            smaller = false;
            Iterator<Shrinkable<X>> candidates = current.shrink().iterator();
            while (candidates.hasNext() && attempts < MAX_SHRINK_ATTEMPTS) {
                Shrinkable<X> candidate = candidates.next();
                attempts++;
                Throwable e = failure(check, candidate);
                JqwikSession.finishTry();
                if (e != null && sameFailure(error, e)) {
                    current = candidate;
                    currentError = e;
                    steps++;
                    smaller = true;
                    break;
                }
            }
        }
        String report = "  property: " + check.property() + Laws.nl()
                + "  counterexample (shrunk in " + steps + " steps from try " + attempt + " of " + tries + "): "
                + describe(current) + Laws.nl()
                + LawReport.seedLine(Long.toString(seed));
        return LawReport.extend(currentError, check.property(), report);
    }

    /** The sample's value as text; generated states run the type's operations, which may throw. */
    private static String describe(Shrinkable<?> sample) {
        try {
            return String.valueOf(sample.value());
        } catch (RuntimeException e) {
            return "none, building the input threw " + e + " (generated states run a history of operations)";
        }
    }

    /** Runs the law on the sample; building the sample's value runs the type's code too, so it is inside. */
    private static <X> Throwable failure(Check<X> check, Shrinkable<X> sample) {
        try {
            check.law().accept(sample.value());
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static boolean sameFailure(Throwable original, Throwable candidate) {
        if (original instanceof LawViolation a && candidate instanceof LawViolation b) {
            return a.law() == b.law();
        }
        return original.getClass() == candidate.getClass();
    }
}
