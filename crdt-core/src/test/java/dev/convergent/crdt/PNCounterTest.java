package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PNCounterTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    @Test
    void valueIsIncrementsMinusDecrements() {
        PNCounter c = PNCounter.empty().increment(A, 5).decrement(B, 2).increment(B, 1);

        assertThat(c.value()).isEqualTo(4L);
        assertThat(c.increments().value()).isEqualTo(6L);
        assertThat(c.decrements().value()).isEqualTo(2L);
    }

    @Test
    void emptyCounterIsZero() {
        assertThat(PNCounter.empty().value()).isZero();
    }

    @Test
    void concurrentUpdatesFromThreeReplicasMergeToTheSameValueInEveryOrder() {
        PNCounter atA = PNCounter.empty().increment(A, 10);
        PNCounter atB = PNCounter.empty().decrement(B, 4);
        PNCounter atC = PNCounter.empty().increment(C, 3).decrement(C, 1);
        List<List<PNCounter>> orders = Permutations.of(List.of(atA, atB, atC));
        assertThat(orders).hasSize(6);

        for (List<PNCounter> order : orders) {
            PNCounter merged = PNCounter.empty();
            for (PNCounter state : order) {
                merged = merged.merge(state).merge(state);
            }
            assertThat(merged.value()).as("merge order %s", order).isEqualTo(8L);
        }
    }

    @Test
    void twoReplicasMayEachTakeTheLastUnit() {
        PNCounter stock = PNCounter.empty().increment(A, 1);
        PNCounter soldAtA = stock.decrement(A, 1);
        PNCounter soldAtB = stock.decrement(B, 1);

        assertThat(soldAtA.value()).isZero();
        assertThat(soldAtB.value()).isZero();
        assertThat(soldAtA.merge(soldAtB).value()).as("the counter keeps no invariant").isEqualTo(-1L);
    }

    @Test
    void mutatorsReturnNewCountersAndLeaveTheReceiverUnchanged() {
        PNCounter before = PNCounter.empty().increment(A, 3);

        PNCounter incremented = before.increment(A, 2);
        PNCounter decremented = before.decrement(A, 2);

        assertThat(incremented.value()).isEqualTo(5L);
        assertThat(decremented.value()).isEqualTo(1L);
        assertThat(before.value()).isEqualTo(3L);
        assertThat(before).isEqualTo(PNCounter.empty().increment(A, 3));
        assertThat(before.compare(incremented)).isEqualTo(Causality.BEFORE);
        assertThat(before.compare(decremented)).as("decrements inflate too").isEqualTo(Causality.BEFORE);
    }

    @Test
    void equalCountersBuiltDifferentlyAreEqual() {
        PNCounter byOps = PNCounter.empty().decrement(B, 2).increment(A, 5);
        PNCounter byHalves = PNCounter.of(GCounter.of(Map.of(A, 5L)), GCounter.of(Map.of(B, 2L)));
        PNCounter byMerge = PNCounter.empty().increment(A, 5).merge(PNCounter.empty().decrement(B, 2));

        assertThat(byOps).isEqualTo(byHalves).isEqualTo(byMerge);
        assertThat(byOps.hashCode()).isEqualTo(byHalves.hashCode()).isEqualTo(byMerge.hashCode());
        assertThat(PNCounter.of(GCounter.empty(), GCounter.empty())).isEqualTo(PNCounter.empty());
    }

    @Test
    void sameValueWithDifferentHistoryIsNotEqual() {
        PNCounter zero = PNCounter.empty().increment(A, 1).decrement(A, 1);

        assertThat(zero.value()).isEqualTo(PNCounter.empty().value());
        assertThat(zero).isNotEqualTo(PNCounter.empty());
    }

    @Test
    void compareIsTheProductOrderOfTheHalves() {
        PNCounter base = PNCounter.empty().increment(A, 1).decrement(A, 1);
        PNCounter moreIncrements = base.increment(A, 1);
        PNCounter moreDecrements = base.decrement(B, 1);

        assertThat(base.compare(moreIncrements)).isEqualTo(Causality.BEFORE);
        assertThat(moreIncrements.compare(base)).isEqualTo(Causality.AFTER);
        assertThat(base.compare(moreDecrements)).isEqualTo(Causality.BEFORE);
        assertThat(moreIncrements.compare(moreDecrements)).isEqualTo(Causality.CONCURRENT);
        assertThat(base.compare(PNCounter.empty().decrement(A, 1).increment(A, 1))).isEqualTo(Causality.EQUAL);

        PNCounter incBeforeDecAfter = PNCounter.of(GCounter.of(Map.of(A, 1L)), GCounter.of(Map.of(A, 2L)));
        PNCounter incAfterDecBefore = PNCounter.of(GCounter.of(Map.of(A, 2L)), GCounter.of(Map.of(A, 1L)));
        assertThat(incBeforeDecAfter.compare(incAfterDecBefore)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void mergeMergesEachHalf() {
        PNCounter x = PNCounter.empty().increment(A, 5).decrement(B, 1);
        PNCounter y = PNCounter.empty().increment(A, 2).decrement(B, 3).increment(C, 1);

        PNCounter merged = x.merge(y);

        assertThat(merged.increments()).isEqualTo(GCounter.of(Map.of(A, 5L, C, 1L)));
        assertThat(merged.decrements()).isEqualTo(GCounter.of(Map.of(B, 3L)));
        assertThat(merged.value()).isEqualTo(3L);
        assertThat(merged).isEqualTo(y.merge(x));
        assertThat(x.value()).isEqualTo(4L);
        assertThat(y.value()).isEqualTo(0L);
    }

    @Test
    void mergeWithALowerStateKeepsTheHigherOne() {
        PNCounter older = PNCounter.empty().increment(A, 2);
        PNCounter newer = older.decrement(B, 1).increment(A, 1);

        assertThat(newer.merge(older)).isEqualTo(newer);
        assertThat(older.merge(newer)).isEqualTo(newer);
        assertThat(newer.merge(newer)).isEqualTo(newer);
    }

    @Test
    void toStringShowsTheValueAndBothHalves() {
        PNCounter c = PNCounter.empty().increment(A, 5).decrement(B, 2);

        assertThat(c.toString()).startsWith("PNCounter(3 ").contains("a:5").contains("b:2");
        assertThat(c.toString()).hasSizeLessThan(60);
    }

    @Test
    void rejectsNegativeAmountsNamingTheValue() {
        PNCounter c = PNCounter.empty().increment(A, 1);

        assertThatIllegalArgumentException().isThrownBy(() -> c.increment(A, -2)).withMessageContaining("was -2");
        assertThatIllegalArgumentException().isThrownBy(() -> c.decrement(A, -3)).withMessageContaining("was -3");
        assertThat(c.value()).isEqualTo(1L);
    }

    @Test
    void everyErrorNamesTheOperationThatFailed() {
        PNCounter c = PNCounter.empty().increment(A, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> c.decrement(A, -3))
                .withMessage("decrement must be >= 0, was -3");
        assertThatIllegalArgumentException().isThrownBy(() -> c.decrementDelta(A, -3))
                .withMessageStartingWith("decrement must be");
        assertThatIllegalArgumentException().isThrownBy(() -> c.increment(A, -2))
                .withMessage("increment must be >= 0, was -2");
        PNCounter low = PNCounter.empty().decrement(A, Long.MAX_VALUE);
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> low.decrement(A, 1))
                .withMessageStartingWith("decrementing " + A + " by 1 overflows");
        PNCounter high = PNCounter.empty().increment(A, Long.MAX_VALUE);
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> high.increment(A, 1))
                .withMessageStartingWith("incrementing " + A + " by 1 overflows");
        PNCounter pruned = PNCounter.empty().increment(A, 1).increment(B, 1).prune(A, B);
        assertThatIllegalArgumentException().isThrownBy(() -> pruned.decrement(A, 1))
                .withMessageContaining("may not decrement");
        assertThatIllegalArgumentException().isThrownBy(() -> pruned.increment(A, 1))
                .withMessageContaining("may not increment");
    }

    @Test
    void incrementPastLongMaxValueThrowsAndLeavesTheCounterUnchanged() {
        PNCounter full = PNCounter.empty().increment(A, Long.MAX_VALUE);

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> full.increment(B, 1));
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> full.increment(A, 1));
        assertThat(full.value()).isEqualTo(Long.MAX_VALUE);
        assertThat(full.decrement(A, 1).value()).as("decrements have their own budget").isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void decrementPastLongMaxValueThrowsAndLeavesTheCounterUnchanged() {
        PNCounter full = PNCounter.empty().decrement(A, Long.MAX_VALUE);

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> full.decrement(B, 1));
        assertThat(full.value()).isEqualTo(-Long.MAX_VALUE);
    }

    @Test
    void valueAtTheExtremesDoesNotOverflow() {
        PNCounter both = PNCounter.empty().increment(A, Long.MAX_VALUE).decrement(A, Long.MAX_VALUE);

        assertThat(both.value()).isZero();
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        PNCounter c = PNCounter.empty();

        assertThatNullPointerException().isThrownBy(() -> c.increment(null, 1)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> c.decrement(null, 1)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> c.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> c.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> PNCounter.of(null, GCounter.empty()))
                .withMessage("increments");
        assertThatNullPointerException().isThrownBy(() -> PNCounter.of(GCounter.empty(), null))
                .withMessage("decrements");
    }
}
