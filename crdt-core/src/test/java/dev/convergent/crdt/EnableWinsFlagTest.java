package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnableWinsFlagTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    private static EnableWinsFlag mergeAll(List<EnableWinsFlag> states) {
        EnableWinsFlag result = EnableWinsFlag.disabled();
        for (EnableWinsFlag state : states) {
            result = result.merge(state);
        }
        return result;
    }

    private static CausalContext context(Map<ReplicaId, Long> entries) {
        return CausalContext.of(VersionVector.of(entries));
    }

    // ---- Scenarios ----

    @Test
    void enableWinsOverAConcurrentDisable() {
        EnableWinsFlag shared = EnableWinsFlag.disabled().enable(A);
        EnableWinsFlag disabledAtB = shared.disable();
        EnableWinsFlag enabledAtC = shared.enable(C);

        EnableWinsFlag atB = disabledAtB.merge(enabledAtC);
        EnableWinsFlag atC = enabledAtC.merge(disabledAtB);

        assertThat(disabledAtB.isEnabled()).isFalse();
        assertThat(disabledAtB.compare(enabledAtC)).as("the enable replaced the dot the disable cancelled")
                .isEqualTo(Causality.BEFORE);
        assertThat(atB).isEqualTo(atC);
        assertThat(atB.isEnabled()).isTrue();
        assertThat(atB.enables()).containsExactly(Dot.of(C, 1));
    }

    @Test
    void enableFromAnotherReplicaSurvivesADisableThatHasNotSeenIt() {
        EnableWinsFlag disabledAtA = EnableWinsFlag.disabled().enable(A).disable();
        EnableWinsFlag enabledAtB = EnableWinsFlag.disabled().enable(B);

        EnableWinsFlag merged = disabledAtA.merge(enabledAtB);

        assertThat(disabledAtA.compare(enabledAtB)).isEqualTo(Causality.CONCURRENT);
        assertThat(merged.isEnabled()).isTrue();
        assertThat(merged.enables()).containsExactly(Dot.of(B, 1));
        assertThat(enabledAtB.merge(disabledAtA)).isEqualTo(merged);
    }

    @Test
    void disableThatHasSeenTheEnableWins() {
        EnableWinsFlag enabledAtA = EnableWinsFlag.disabled().enable(A);
        EnableWinsFlag enabledAtB = EnableWinsFlag.disabled().enable(B);
        EnableWinsFlag disabledAtC = enabledAtA.merge(enabledAtB).disable();     // C saw both enables

        for (List<EnableWinsFlag> order : Permutations.of(List.of(enabledAtA, enabledAtB, disabledAtC))) {
            EnableWinsFlag merged = mergeAll(order);

            assertThat(merged.isEnabled()).as("merge order %s", order).isFalse();
            assertThat(merged).isEqualTo(disabledAtC);
        }
        assertThat(disabledAtC.context()).isEqualTo(context(Map.of(A, 1L, B, 1L)));
    }

    @Test
    void mergesAreIdempotent() {
        EnableWinsFlag on = EnableWinsFlag.disabled().enable(A);
        EnableWinsFlag off = on.disable();
        EnableWinsFlag other = EnableWinsFlag.disabled().enable(B);

        assertThat(on.merge(on)).isSameAs(on);
        assertThat(off.merge(off)).isSameAs(off);
        assertThat(on.merge(off).merge(off)).isEqualTo(on.merge(off));
        assertThat(off.merge(other).merge(other).merge(off)).isEqualTo(off.merge(other));
        for (List<EnableWinsFlag> order : Permutations.of(List.of(on, off, other))) {
            List<EnableWinsFlag> twice = new ArrayList<>(order);
            twice.addAll(order);

            assertThat(mergeAll(twice)).as("merge order %s", twice).isEqualTo(mergeAll(order));
            assertThat(mergeAll(twice).enables()).containsExactly(Dot.of(B, 1));
        }
    }

    // ---- Basics ----

    @Test
    void disabledFlagIsOffAndHasSeenNothing() {
        EnableWinsFlag flag = EnableWinsFlag.disabled();

        assertThat(flag.isEnabled()).isFalse();
        assertThat(flag.enables()).isEmpty();
        assertThat(flag.context().isEmpty()).isTrue();
        assertThat(flag.disable()).isSameAs(flag);
    }

    @Test
    void enableAndDisableReturnNewFlagsAndLeaveTheReceiverUnchanged() {
        EnableWinsFlag off = EnableWinsFlag.disabled();
        EnableWinsFlag on = off.enable(A);
        EnableWinsFlag offAgain = on.disable();
        EnableWinsFlag onAgain = offAgain.enable(A);

        assertThat(off.isEnabled()).isFalse();
        assertThat(on.isEnabled()).isTrue();
        assertThat(on.enables()).containsExactly(Dot.of(A, 1));
        assertThat(offAgain.isEnabled()).isFalse();
        assertThat(offAgain.context()).as("the disable remembers the enable").isEqualTo(context(Map.of(A, 1L)));
        assertThat(onAgain.enables()).containsExactly(Dot.of(A, 2));
        assertThat(off.compare(on)).isEqualTo(Causality.BEFORE);
        assertThat(on.compare(offAgain)).isEqualTo(Causality.BEFORE);
        assertThat(offAgain.compare(onAgain)).isEqualTo(Causality.BEFORE);
        assertThat(offAgain.disable()).isSameAs(offAgain);
    }

    @Test
    void enablingTwiceReplacesTheObservedEnables() {
        EnableWinsFlag both = EnableWinsFlag.disabled().enable(A).merge(EnableWinsFlag.disabled().enable(B));
        assertThat(both.enables()).containsExactlyInAnyOrder(Dot.of(A, 1), Dot.of(B, 1));

        EnableWinsFlag again = both.enable(C);

        assertThat(again.enables()).containsExactly(Dot.of(C, 1));
        assertThat(again.context()).isEqualTo(context(Map.of(A, 1L, B, 1L, C, 1L)));
    }

    @Test
    void equalFlagsBuiltDifferentlyAreEqual() {
        EnableWinsFlag byOps = EnableWinsFlag.disabled().enable(A).disable().enable(B);
        EnableWinsFlag byOf = EnableWinsFlag.of(Set.of(Dot.of(B, 1)), context(Map.of(A, 1L, B, 1L)));

        assertThat(byOps).isEqualTo(byOf);
        assertThat(byOps.hashCode()).isEqualTo(byOf.hashCode());
        assertThat(byOps.compare(byOf)).isEqualTo(Causality.EQUAL);
        assertThat(byOps).isNotEqualTo(EnableWinsFlag.disabled().enable(B));
        assertThat(EnableWinsFlag.of(Set.of(), CausalContext.empty())).isSameAs(EnableWinsFlag.disabled());
    }

    @Test
    void toStringShowsValueDotsAndContext() {
        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(A).disable().enable(B);

        assertThat(flag.toString()).isEqualTo("EnableWinsFlag(true [b:1] | {a:1, b:1})");
        assertThat(EnableWinsFlag.disabled().toString()).isEqualTo("EnableWinsFlag(false [] | {})");
    }

    @Test
    void ofRejectsAnEnableOutsideTheContext() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EnableWinsFlag.of(Set.of(Dot.of(A, 2)), context(Map.of(A, 1L))))
                .withMessageContaining("a:2")
                .withMessageContaining("not covered");
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(A);

        assertThatNullPointerException().isThrownBy(() -> flag.enable(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> flag.enableDelta(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> flag.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> flag.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> EnableWinsFlag.of(null, CausalContext.empty()))
                .withMessage("enables");
        assertThatNullPointerException().isThrownBy(() -> EnableWinsFlag.of(Set.of(), null)).withMessage("context");
    }
}
