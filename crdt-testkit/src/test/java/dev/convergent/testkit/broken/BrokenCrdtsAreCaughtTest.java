package dev.convergent.testkit.broken;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the law contracts on deliberately broken CRDTs (the {@code *LawsFixture} classes, which surefire
 * does not run by itself) on the jqwik engine, and checks that the right law catches each bug and that
 * its report names the law, shows the shrunk counterexample and gives the seed.
 */
class BrokenCrdtsAreCaughtTest {

    @Test
    void counterWhoseMergeAddsIsNotIdempotent() {
        Map<String, String> laws = Fixtures.runOnJqwik(AddingCounterLawsFixture.class);

        assertReport(laws.get("mergeIsIdempotent"), "merge is not idempotent", "a ⊔ a = AddingCounter{r0=");
        // Adding also breaks "old ⊔ new = new" for every increment, and compare's agreement with merge.
        assertThat(laws.get("operationsInflate")).startsWith("an operation does not inflate the state");
        assertThat(laws.get("compareAgreesWithMerge")).startsWith("compare disagrees with merge");
    }

    @Test
    void registerWithoutTieBreakIsNotCommutative() {
        Map<String, String> laws = Fixtures.runOnJqwik(TieLosingRegisterLawsFixture.class);

        assertReport(laws.get("mergeIsCommutative"), "merge is not commutative", "a ⊔ b = TieLosingRegister(");
        assertThat(laws.get("replicasConvergeUnderReorderingDuplicationLossAndPartition"))
                .startsWith("replicas do not converge")
                .containsPattern("counterexample \\(shrunk\\): \\d replicas, steps \\[.*applies write\\(");
    }

    @Test
    void setWhoseRemoveLeavesNoTraceDoesNotConvergeWhenShippingDeltas() {
        Map<String, String> laws = Fixtures.runOnJqwik(TracelessRemoveSetLawsFixture.class);

        // Caught by the delta convergence law: the remove never reaches the other replicas.
        assertReport(laws.get("replicasConvergeWhenShippingOnlyDeltas"),
                "replicas that ship only deltas do not converge", " applies remove(");
        // And locally, because old ⊔ delta still holds the removed element.
        assertThat(laws.get("mergingTheDeltaGivesTheNewState"))
                .startsWith("applying the delta is not the same as applying the operation")
                .contains("remove(");
        // The states themselves are a correct OR-Set: inflation and full-state gossip cannot see the bug.
        assertThat(laws).containsEntry("operationsInflate", null)
                .containsEntry("replicasConvergeUnderReorderingDuplicationLossAndPartition", null);
    }

    @Test
    void pruningWithoutAMarkerIsCaught() {
        Map<String, String> laws = Fixtures.runOnJqwik(MarkerlessPruneLawsFixture.class);

        // A state from before the pruning brings the retired count back: counted twice.
        assertReport(laws.get("pruningIsInvisibleToEveryReplicaAtEveryStep"), "pruning changed what a replica observes",
                "but without the pruning it would observe");
        assertThat(laws.get("pruningIsInvisibleToEveryReplicaAtEveryStep"))
                .contains("r1 merges r0's last state and prunes r0 into r1");
        assertThat(laws.get("pruningCommutesWithMergingAStateThatHasNotSeenIt")).isNotNull();
        assertThat(laws.get("pruningIsIdempotentKeepsTheValueAndRemovesTheId")).isNotNull();
    }

    @Test
    void compareThatDisagreesWithMergeIsCaught() {
        Map<String, String> laws = Fixtures.runOnJqwik(SumOrderedCounterLawsFixture.class);

        assertReport(laws.get("compareAgreesWithMerge"), "compare disagrees with merge",
                "a ⊔ b = SumOrderedCounter{");
        assertThat(laws).containsEntry("mergeIsIdempotent", null).containsEntry("mergeIsCommutative", null);
    }

    @Test
    void deltaLargerThanItsStateIsCaught() {
        Map<String, String> laws = Fixtures.runOnJqwik(OverCountingDeltaLawsFixture.class);

        assertReport(laws.get("deltaIsBelowTheNewState"), "the delta is larger than the state it describes",
                "delta = GCounter(");
        assertThat(laws.get("deltaIsBelowTheNewState")).contains("compare(delta, new) = AFTER");
        assertThat(laws.get("replicasConvergeWhenShippingOnlyDeltas"))
                .startsWith("replicas that ship only deltas do not converge");
    }

    @Test
    void encoderThatDropsAFieldIsCaught() {
        Map<String, String> laws = Fixtures.runOnJqwik(FieldDroppingCodecLawsFixture.class);

        assertReport(laws.get("decodeInvertsEncode"), "decode(encode(x)) does not equal x",
                "decode(encode(x)) = PNCounter(");
        assertThat(laws.get("decodeInvertsEncode")).containsPattern("x = PNCounter\\(-\\d+ \\+\\{.*} -\\{r\\d:");
    }

    @Test
    void encoderThatWritesInArrivalOrderIsNotDeterministic() {
        Map<String, String> laws = Fixtures.runOnJqwik(ArrivalOrderCodecLawsFixture.class);

        assertReport(laws.get("equalStatesEncodeToIdenticalBytes"), "equal states serialize to different bytes",
                "encode(a) = ");
        assertThat(laws).containsEntry("decodeInvertsEncode", null);
    }

    @Test
    void cachedValueThatDisagreesWithTheStateIsCaughtThroughObserve() {
        Map<String, String> laws = Fixtures.runOnJqwik(StaleTotalCounterLawsFixture.class);

        assertReport(laws.get("equalStatesAreObservablyEqual"), "equal states have different observable values",
                "observe(a) = ");
        assertThat(laws).containsEntry("mergeIsIdempotent", null).containsEntry("compareAgreesWithMerge", null);
    }

    @Test
    void decrementThatWritesIntoItsInputIsCaughtByTheInputLawAlone() {
        Map<String, String> laws = Fixtures.runOnJqwik(SharingDecrementCounterLawsFixture.class);

        assertReport(laws.get("operationsAndMergesLeaveTheirInputsUnchanged"), "a call changed its input",
                " applies decrement(");
        assertThat(laws.get("operationsAndMergesLeaveTheirInputsUnchanged"))
                .contains("the input after the call = SharingDecrementCounter(")
                .contains("the input before it = SharingDecrementCounter(");
        // Every other law holds: replicas that still hold the old state just see the decrement early.
        assertThat(laws).hasSize(13);
        laws.forEach((law, failure) -> {
            if (!law.equals("operationsAndMergesLeaveTheirInputsUnchanged")) {
                assertThat(failure).as(law).isNull();
            }
        });
    }

    @Test
    void counterThatWrapsPastIntRangeIsCaughtWithAFewLargeIncrements() {
        Map<String, String> laws = Fixtures.runOnJqwik(IntWrappingCounterLawsFixture.class);

        String report = laws.get("operationsInflate");
        assertReport(report, "an operation does not inflate the state", "compare(before, after) = AFTER");
        String counterexample = report.lines().filter(l -> l.startsWith("  counterexample")).findFirst().orElseThrow();
        assertThat(counterexample.split("applies increment\\(", -1).length - 1).as(counterexample)
                .isBetween(1, 3);
        assertThat(counterexample).hasSizeLessThan(200);
    }

    /** A law report: the law in words first, then the states, the shrunk counterexample and the seed. */
    private static void assertReport(String report, String law, String shows) {
        assertThat(report).as("the law failed").isNotNull();
        assertThat(report.lines().findFirst()).hasValue(law);
        assertThat(report).contains(shows)
                .containsPattern("\\n  counterexample \\(shrunk\\): \\S.*\\n")
                .containsPattern("\\n  seed: -?\\d+ \\(rerun with -Dconvergent\\.laws\\.seed=-?\\d+\\)");
    }
}
