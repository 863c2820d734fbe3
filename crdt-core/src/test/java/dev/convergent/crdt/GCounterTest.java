package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GCounterTest {

    private static final ReplicaId DC1 = ReplicaId.of("dc1");
    private static final ReplicaId DC2 = ReplicaId.of("dc2");
    private static final ReplicaId DC3 = ReplicaId.of("dc3");

    private static final GCounter AT_DC1 = GCounter.empty().increment(DC1, 5);  // [5,0,0]
    private static final GCounter AT_DC2 = GCounter.empty().increment(DC2, 3);  // [0,3,0]
    private static final GCounter AT_DC3 = GCounter.empty().increment(DC3, 2);  // [0,0,2]

    private static GCounter mergeAll(List<GCounter> states) {
        GCounter result = GCounter.empty();
        for (GCounter state : states) {
            result = result.merge(state);
        }
        return result;
    }

    // ---- Scenario ----

    @Test
    void threeDataCentresMergeToTenInEveryOrder() {
        GCounter expected = GCounter.of(Map.of(DC1, 5L, DC2, 3L, DC3, 2L));
        List<List<GCounter>> orders = Permutations.of(List.of(AT_DC1, AT_DC2, AT_DC3));
        assertThat(orders).hasSize(6);

        for (List<GCounter> order : orders) {
            GCounter merged = mergeAll(order);

            assertThat(merged.value()).as("merge order %s", order).isEqualTo(10L);
            assertThat(merged).as("merge order %s", order).isEqualTo(expected);
            assertThat(merged.get(DC1)).isEqualTo(5L);
            assertThat(merged.get(DC2)).isEqualTo(3L);
            assertThat(merged.get(DC3)).isEqualTo(2L);
        }
    }

    @Test
    void threeDataCentresMergeToTenWhenStatesArriveMoreThanOnce() {
        for (List<GCounter> order : Permutations.of(List.of(AT_DC1, AT_DC2, AT_DC3))) {
            List<GCounter> withDuplicates = new ArrayList<>(order);
            withDuplicates.add(order.get(0));
            withDuplicates.addAll(order);
            withDuplicates.add(order.get(2));

            assertThat(mergeAll(withDuplicates).value()).as("merge order %s", withDuplicates).isEqualTo(10L);
        }
        GCounter all = mergeAll(List.of(AT_DC1, AT_DC2, AT_DC3));
        assertThat(all.merge(all).value()).isEqualTo(10L);
        assertThat(all.merge(AT_DC2).merge(AT_DC1).value()).isEqualTo(10L);
    }

    @Test
    void gossipBetweenDataCentresConverges() {
        GCounter dc1 = AT_DC1.merge(AT_DC2);       // dc1 heard from dc2
        GCounter dc3 = AT_DC3.merge(dc1);          // dc3 heard from dc1 (and so dc2)
        GCounter dc2 = AT_DC2.merge(dc3);          // dc2 heard from dc3

        assertThat(dc1.value()).isEqualTo(8L);
        assertThat(dc3.value()).isEqualTo(10L);
        assertThat(dc2.value()).isEqualTo(10L);
        assertThat(dc1.merge(dc2)).isEqualTo(dc3);
    }

    // ---- Basics and immutability ----

    @Test
    void emptyCounterIsZero() {
        assertThat(GCounter.empty().value()).isZero();
        assertThat(GCounter.empty().get(DC1)).isZero();
        assertThat(GCounter.empty().counts().isEmpty()).isTrue();
    }

    @Test
    void incrementReturnsANewCounterAndLeavesTheReceiverUnchanged() {
        GCounter before = GCounter.empty().increment(DC1, 2);

        GCounter after = before.increment(DC1).increment(DC2, 4);

        assertThat(after.value()).isEqualTo(7L);
        assertThat(after.get(DC1)).isEqualTo(3L);
        assertThat(after.get(DC2)).isEqualTo(4L);
        assertThat(before.value()).isEqualTo(2L);
        assertThat(before).isEqualTo(GCounter.of(Map.of(DC1, 2L)));
        assertThat(before.compare(after)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void incrementByZeroReturnsTheSameCounter() {
        GCounter c = AT_DC1;

        assertThat(c.increment(DC2, 0)).isSameAs(c);
    }

    @Test
    void equalCountersBuiltDifferentlyAreEqual() {
        GCounter byIncrements = GCounter.empty().increment(DC2, 3).increment(DC1, 4).increment(DC1);
        GCounter byMap = GCounter.of(Map.of(DC1, 5L, DC2, 3L));
        GCounter byVector = GCounter.of(VersionVector.of(Map.of(DC2, 3L, DC1, 5L)));
        GCounter byMerge = AT_DC1.merge(AT_DC2);

        assertThat(byIncrements).isEqualTo(byMap).isEqualTo(byVector).isEqualTo(byMerge);
        assertThat(byIncrements.hashCode()).isEqualTo(byMap.hashCode())
                .isEqualTo(byVector.hashCode()).isEqualTo(byMerge.hashCode());
        assertThat(byVector.value()).isEqualTo(8L);
    }

    @Test
    void countersWithTheSameValueButDifferentCountsAreNotEqual() {
        GCounter fiveAtDc1 = GCounter.of(Map.of(DC1, 5L));
        GCounter fiveAtDc2 = GCounter.of(Map.of(DC2, 5L));

        assertThat(fiveAtDc1.value()).isEqualTo(fiveAtDc2.value());
        assertThat(fiveAtDc1).isNotEqualTo(fiveAtDc2);
        assertThat(fiveAtDc1.compare(fiveAtDc2)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void ofWithOnlyZeroCountsIsTheEmptyCounter() {
        assertThat(GCounter.of(Map.of(DC1, 0L))).isSameAs(GCounter.empty());
        assertThat(GCounter.of(VersionVector.empty())).isSameAs(GCounter.empty());
    }

    @Test
    void countsExposeThePerReplicaVector() {
        GCounter all = mergeAll(List.of(AT_DC1, AT_DC2, AT_DC3));

        assertThat(all.counts()).isEqualTo(VersionVector.of(Map.of(DC1, 5L, DC2, 3L, DC3, 2L)));
    }

    @Test
    void toStringShowsTheValueAndTheCounts() {
        GCounter all = mergeAll(List.of(AT_DC1, AT_DC2, AT_DC3));

        assertThat(all.toString()).startsWith("GCounter(10 ").contains("dc1:5").contains("dc2:3").contains("dc3:2");
        assertThat(all.toString()).hasSizeLessThan(60);
    }

    // ---- Merge and compare ----

    @Test
    void mergeTakesThePointwiseMaximumNotTheSum() {
        GCounter older = GCounter.empty().increment(DC1, 3);
        GCounter newer = older.increment(DC1, 2);

        assertThat(older.merge(newer).value()).isEqualTo(5L);
        assertThat(newer.merge(older).value()).isEqualTo(5L);
    }

    @Test
    void mergeReturnsThisWhenTheOtherSideIsBelow() {
        GCounter big = mergeAll(List.of(AT_DC1, AT_DC2, AT_DC3));

        assertThat(big.merge(AT_DC2)).isSameAs(big);
        assertThat(big.merge(GCounter.empty())).isSameAs(big);
        assertThat(big.merge(GCounter.of(Map.of(DC1, 5L, DC2, 3L, DC3, 2L)))).isSameAs(big);
        assertThat(AT_DC2.merge(big)).isSameAs(big);
    }

    @Test
    void mergeLeavesBothInputsUnchanged() {
        GCounter x = GCounter.of(Map.of(DC1, 5L));
        GCounter y = GCounter.of(Map.of(DC2, 3L));

        GCounter merged = x.merge(y);

        assertThat(merged.value()).isEqualTo(8L);
        assertThat(x).isEqualTo(GCounter.of(Map.of(DC1, 5L)));
        assertThat(y).isEqualTo(GCounter.of(Map.of(DC2, 3L)));
    }

    @Test
    void compareFollowsTheVersionVectorOrder() {
        GCounter small = GCounter.of(Map.of(DC1, 1L));
        GCounter big = GCounter.of(Map.of(DC1, 1L, DC2, 1L));

        assertThat(small.compare(big)).isEqualTo(Causality.BEFORE);
        assertThat(big.compare(small)).isEqualTo(Causality.AFTER);
        assertThat(big.compare(GCounter.of(Map.of(DC2, 1L, DC1, 1L)))).isEqualTo(Causality.EQUAL);
        assertThat(AT_DC1.compare(AT_DC2)).isEqualTo(Causality.CONCURRENT);
    }

    // ---- Errors ----

    @Test
    void rejectsNegativeIncrementNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> AT_DC1.increment(DC1, -1))
                .withMessageContaining("was -1");
        assertThat(AT_DC1.value()).isEqualTo(5L);
    }

    @Test
    void rejectsNegativeCountsInOf() {
        assertThatIllegalArgumentException().isThrownBy(() -> GCounter.of(Map.of(DC1, -3L)))
                .withMessageContaining("was -3");
    }

    @Test
    void incrementPastLongMaxValueThrowsAndNeverWraps() {
        GCounter full = GCounter.of(Map.of(DC1, Long.MAX_VALUE));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> full.increment(DC1))
                .withMessageContaining("dc1");
        assertThat(full.value()).isEqualTo(Long.MAX_VALUE);
        assertThat(full.get(DC1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void incrementThatOverflowsTheTotalThrowsAndLeavesTheCounterUnchanged() {
        GCounter nearlyFull = GCounter.of(Map.of(DC1, Long.MAX_VALUE - 10));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> nearlyFull.increment(DC2, 11))
                .withMessageContaining("dc2")
                .withMessageContaining("11");
        assertThat(nearlyFull.value()).isEqualTo(Long.MAX_VALUE - 10);
        assertThat(nearlyFull.get(DC2)).isZero();
        assertThat(nearlyFull.increment(DC2, 10).value()).as("exactly reaching the maximum is fine")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void ofWithATotalPastLongMaxValueThrows() {
        assertThatExceptionOfType(CounterOverflowException.class)
                .isThrownBy(() -> GCounter.of(Map.of(DC1, Long.MAX_VALUE, DC2, 1L)));
    }

    @Test
    void mergeWithATotalPastLongMaxValueThrowsAndLeavesBothInputsUnchanged() {
        GCounter x = GCounter.of(Map.of(DC1, Long.MAX_VALUE));
        GCounter y = GCounter.of(Map.of(DC2, 1L));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> x.merge(y));
        assertThat(x.value()).isEqualTo(Long.MAX_VALUE);
        assertThat(y.value()).isEqualTo(1L);
    }

    @Test
    void mergingAFewEntryDeltaIntoAManyReplicaCounterGivesTheSumOfTheMergedCounts() {
        GCounter big = GCounter.empty();
        for (int r = 0; r < 40; r++) {
            big = big.increment(ReplicaId.of("node-" + r), 1 + r % 7);
        }
        for (int r = 0; r < 44; r++) {
            for (long count : new long[] {1, 3, 9}) {
                GCounter delta = GCounter.of(Map.of(ReplicaId.of("node-" + r), count));
                GCounter merged = big.merge(delta);
                assertThat(merged.value()).as("node-%d at %d", r, count).isEqualTo(merged.counts().sum());
                assertThat(delta.merge(big).value()).as("delta first").isEqualTo(merged.value());
            }
        }
    }

    @Test
    void mergingAOneEntryDeltaPastLongMaxValueIntoAManyReplicaCounterThrowsAndLeavesBothUnchanged() {
        GCounter big = GCounter.of(Map.of(DC1, Long.MAX_VALUE - 100));
        for (int r = 0; r < 30; r++) {
            big = big.increment(ReplicaId.of("node-" + r), 1);
        }
        GCounter nearlyFull = big;
        GCounter delta = GCounter.of(Map.of(ReplicaId.of("node-3"), 100L));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> nearlyFull.merge(delta));
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> delta.merge(nearlyFull));
        assertThat(nearlyFull.value()).isEqualTo(Long.MAX_VALUE - 70);
        assertThat(delta.value()).isEqualTo(100L);
        assertThat(nearlyFull.merge(GCounter.of(Map.of(ReplicaId.of("node-3"), 71L))).value())
                .as("exactly reaching the maximum is fine").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.increment(null, 1)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.increment(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.increment(null, 0)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.get(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> AT_DC1.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> GCounter.of((VersionVector) null)).withMessage("counts");
        assertThatNullPointerException().isThrownBy(() -> GCounter.of((Map<ReplicaId, Long>) null))
                .withMessage("entries");
    }
}
