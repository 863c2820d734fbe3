package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Mutation;
import org.junit.jupiter.api.Test;

/**
 * Operations that change nothing share their input instead of copying it: a merge with a state the
 * receiver already covers returns the receiver, a merge into a state that covers the receiver returns
 * that other state, a zero increment returns the counter, and {@code forgetPruning} of an id without
 * a marker returns {@code this} (as {@link Prunable#forgetPruning} documents). The empty states are
 * the cached {@code empty()} instances.
 */
class NoOpSharingTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");
    private static final ReplicaId NEVER = ReplicaId.of("never-pruned");

    @Test
    void pnCounterMergeReturnsTheInputThatAlreadyCoversTheOther() {
        PNCounter older = PNCounter.empty().increment(A, 1).decrement(A, 1);
        PNCounter newer = older.increment(A, 1).decrement(B, 1);

        assertThat(newer.merge(older)).isSameAs(newer);
        assertThat(older.merge(newer)).isSameAs(newer);
        assertThat(newer.merge(PNCounter.empty().increment(A, 2).decrement(A, 1).decrement(B, 1))).isSameAs(newer);
    }

    @Test
    void pnCounterZeroChangesReturnTheCounter() {
        PNCounter c = PNCounter.empty().increment(A, 3).decrement(A, 1);

        assertThat(c.increment(A, 0)).isSameAs(c);
        assertThat(c.decrement(A, 0)).isSameAs(c);
        assertThat(c.incrementDelta(A, 0).state()).isSameAs(c);
        assertThat(c.decrementDelta(A, 0).state()).isSameAs(c);
        assertThat(c.add(A, 0)).isSameAs(c);
    }

    @Test
    void pnCounterAddOfZeroIsAnIncrementOfZero() {
        PNCounter c = PNCounter.empty().increment(A, 3).decrement(A, 1);

        // an increment's delta carries the replica's increments, a decrement's its decrements
        assertThat(c.addDelta(A, 0).delta()).isEqualTo(c.incrementDelta(A, 0).delta())
                .isNotEqualTo(c.decrementDelta(A, 0).delta());
    }

    @Test
    void pnCounterAddRefusesMinValueWithItsOwnRule() {
        assertThatIllegalArgumentException().isThrownBy(() -> PNCounter.empty().addDelta(A, Long.MIN_VALUE))
                .withMessage("change must be > Long.MIN_VALUE, was " + Long.MIN_VALUE);
    }

    @Test
    void pnCounterDiffForAPeerThatSawNothingIsTheCounterItself() {
        PNCounter c = PNCounter.empty().increment(A, 3).decrement(B, 1);

        assertThat(c.diff(PNCounter.empty())).isSameAs(c);
        assertThat(c.diff(PNCounter.empty().decrement(B, 1))).isEqualTo(PNCounter.empty().increment(A, 3));
        assertThat(c.diff(PNCounter.empty().increment(A, 3))).isEqualTo(PNCounter.empty().decrement(B, 1));
    }

    @Test
    void pnCounterOfTwoEmptyHalvesIsTheEmptyCounter() {
        assertThat(PNCounter.of(GCounter.empty(), GCounter.empty())).isSameAs(PNCounter.empty());
        assertThat(PNCounter.of(GCounter.empty().increment(A), GCounter.empty()).value()).isEqualTo(1);
        assertThat(PNCounter.of(GCounter.empty(), GCounter.empty().increment(A)).value()).isEqualTo(-1);
    }

    @Test
    void forgetPruningOfAnIdWithoutMarkerReturnsThis() {
        PNCounter pn = PNCounter.empty().increment(A, 3).decrement(B, 1).prune(B, A);
        GCounter g = GCounter.empty().increment(A, 2).increment(B).prune(B, A);

        assertThat(pn.forgetPruning(NEVER)).isSameAs(pn);
        assertThat(g.forgetPruning(NEVER)).isSameAs(g);
        assertThat(pn.forgetPruning(B).retiredReplicas()).isEmpty();
        assertThat(g.forgetPruning(B).retiredReplicas()).isEmpty();
    }

    @Test
    void forgettingTheOnlyMarkerOfANeverCountedGCounterGivesTheEmptyCounter() {
        GCounter pruned = GCounter.empty().prune(B, A);

        assertThat(pruned).isNotEqualTo(GCounter.empty());
        assertThat(pruned.forgetPruning(B)).isSameAs(GCounter.empty());
    }

    @Test
    void gCounterDiffForAPeerThatSawNothingIsTheCounterItself() {
        GCounter c = GCounter.empty().increment(A, 2).increment(B);

        assertThat(c.diff(VersionVector.empty())).isSameAs(c);
    }

    @Test
    void aZeroIncrementOfAReplicaThatNeverCountedHasTheEmptyDelta() {
        Mutation<GCounter> m = GCounter.empty().increment(A).incrementDelta(B, 0);

        assertThat(m.delta()).isSameAs(GCounter.empty());
    }

    @Test
    void lwwRegisterMergeWithAnEqualRegisterReturnsTheReceiver() {
        HybridTimestamp t = HybridTimestamp.of(100, 1);
        LWWRegister<String> r = LWWRegister.of(A, "x", t);
        LWWRegister<String> copy = LWWRegister.of(A, "x", t);

        assertThat(r.merge(copy)).isSameAs(r);
        assertThat(copy.merge(r)).isSameAs(copy);
    }

    @Test
    void lwwMapMergeReturnsTheInputThatAlreadyCoversTheOther() {
        LWWMap<String, String> older = LWWMap.<String, String>empty().put(A, "k", "v", HybridTimestamp.of(1, 0));
        LWWMap<String, String> newer = older.put(B, "k", "w", HybridTimestamp.of(2, 0))
                .put(B, "j", "u", HybridTimestamp.of(2, 0));

        assertThat(newer.merge(older)).isSameAs(newer);
        assertThat(older.merge(newer)).isSameAs(newer);
    }

    @Test
    void orMapMergeReturnsTheInputThatAlreadyCoversTheOther() {
        ORMap<String, GCounter> older = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(A, "k", c -> c.increment(A));
        ORMap<String, GCounter> newer = older.update(B, "j", c -> c.increment(B));

        assertThat(newer.merge(older)).isSameAs(newer);
        assertThat(older.merge(newer)).isSameAs(newer);
        assertThat(newer.forgetPruning(NEVER)).isSameAs(newer);
    }

    @Test
    void dottedTypesMergeReturnsTheInputThatAlreadyCoversTheOther() {
        ORSet<String> olderSet = ORSet.<String>empty().add(A, "x");
        ORSet<String> newerSet = olderSet.add(B, "y");
        assertThat(newerSet.merge(olderSet)).isSameAs(newerSet);
        assertThat(olderSet.merge(newerSet)).isSameAs(newerSet);

        MVRegister<String> olderReg = MVRegister.<String>empty().write(A, "x");
        MVRegister<String> newerReg = olderReg.write(B, "y");
        assertThat(newerReg.merge(olderReg)).isSameAs(newerReg);
        assertThat(olderReg.merge(newerReg)).isSameAs(newerReg);

        EnableWinsFlag olderFlag = EnableWinsFlag.disabled().enable(A);
        EnableWinsFlag newerFlag = olderFlag.disable().enable(B);
        assertThat(newerFlag.merge(olderFlag)).isSameAs(newerFlag);
        assertThat(olderFlag.merge(newerFlag)).isSameAs(newerFlag);
    }

    @Test
    void dottedTypesForgetPruningOfAnIdWithoutMarkerReturnsThis() {
        ORSet<String> set = ORSet.<String>empty().add(A, "x").add(C, "y").prune(C, A);
        MVRegister<String> reg = MVRegister.<String>empty().write(A, "x").write(C, "y").prune(C, A);
        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(A).enable(C).prune(C, A);

        assertThat(set.forgetPruning(NEVER)).isSameAs(set);
        assertThat(reg.forgetPruning(NEVER)).isSameAs(reg);
        assertThat(flag.forgetPruning(NEVER)).isSameAs(flag);
        assertThat(set.forgetPruning(C).retiredReplicas()).isEmpty();
        assertThat(reg.forgetPruning(C).retiredReplicas()).isEmpty();
        assertThat(flag.forgetPruning(C).retiredReplicas()).isEmpty();
    }

    @Test
    void aDiffForAPeerThatHasSeenEverythingIsTheEmptyState() {
        ORSet<String> set = ORSet.<String>empty().add(A, "x");

        assertThat(set.diff(set.context())).isSameAs(ORSet.empty());
        assertThat(set.isEmpty()).isFalse();
        assertThat(set.remove("x").isEmpty()).isTrue();
    }
}
