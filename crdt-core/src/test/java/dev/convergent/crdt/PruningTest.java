package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Pruning of retired replicas: the successor {@code s} merges the retired {@code r}'s last state and
 * calls {@code prune(r, s)} on its own state; every other replica renames the same way when it merges.
 * {@code y}, {@code x} and {@code z} are bystanders, {@code t} a second successor.
 */
class PruningTest {

    private static final ReplicaId R = ReplicaId.of("r");
    private static final ReplicaId S = ReplicaId.of("s");
    private static final ReplicaId T = ReplicaId.of("t");
    private static final ReplicaId X = ReplicaId.of("x");
    private static final ReplicaId Y = ReplicaId.of("y");
    private static final ReplicaId Z = ReplicaId.of("z");

    /** Both merge orders give the same state, which is returned. */
    private static <C extends Crdt<C>> C mergedBothWays(C a, C b) {
        C ab = a.merge(b);
        assertThat(ab).as("%s ⊔ %s equals %s ⊔ %s", a, b, b, a).isEqualTo(b.merge(a));
        return ab;
    }

    /** {@code compare} agrees with {@code merge}: a ≤ b iff a ⊔ b = b, both ways. */
    private static <C extends Crdt<C>> void assertOrderAgreesWithMerge(C a, C b) {
        Causality c = a.compare(b);
        assertThat(c.isBeforeOrEqual()).as("%s compare %s = %s, but a ⊔ b = b is %s", a, b, c,
                a.merge(b).equals(b)).isEqualTo(a.merge(b).equals(b));
        assertThat(c.isAfterOrEqual()).as("%s compare %s = %s, but b ⊔ a = a is %s", a, b, c,
                b.merge(a).equals(a)).isEqualTo(b.merge(a).equals(a));
        assertThat(b.compare(a)).isEqualTo(c.reverse());
    }

    private static CausalContext context(Map<ReplicaId, Long> vector) {
        return CausalContext.of(VersionVector.of(vector));
    }

    // ---- G-Counter ----

    @Nested
    class GCounters {

        // r counts 2 (seen by y), then 1 more, and stops for good
        final GCounter rEarly = GCounter.empty().increment(R, 2);
        final GCounter rFinal = rEarly.increment(R, 1);
        // s counted 2 and merged r's last state
        final GCounter sBefore = GCounter.empty().increment(S, 2).merge(rFinal);
        final GCounter pruned = sBefore.prune(R, S);
        // y counted 4 and saw only r's first 2; it never sees the prune before merging
        final GCounter yStale = GCounter.empty().increment(Y, 4).merge(rEarly);

        @Test
        void pruneKeepsTheValueAndFoldsTheRetiredCountIntoTheSuccessor() {
            assertThat(sBefore.value()).isEqualTo(5L);

            assertThat(pruned.value()).isEqualTo(5L);
            assertThat(pruned.get(S)).isEqualTo(5L);
            assertThat(pruned.get(R)).isZero();
            assertThat(pruned.replicaIds()).containsExactly(S);
            assertThat(pruned.retiredReplicas()).containsExactly(R);
            assertThat(pruned.prunings()).containsExactly(new Pruning(R, S, 2, 3));
        }

        @Test
        void mergingWithStaleUnmarkedStatesInEitherOrderNeverCountsTheRetiredReplicaTwice() {
            List<GCounter> stales = List.of(rEarly, rFinal, sBefore, yStale, yStale.merge(sBefore));
            for (GCounter stale : stales) {
                GCounter merged = mergedBothWays(pruned, stale);

                assertThat(merged.value()).as("pruned ⊔ %s", stale).isEqualTo(sBefore.merge(stale).value());
                assertThat(merged.replicaIds()).as("pruned ⊔ %s", stale).doesNotContain(R);
                assertThat(merged.retiredReplicas()).as("pruned ⊔ %s", stale).containsExactly(R);
            }
            assertThat(pruned.merge(rFinal)).isEqualTo(pruned);
            assertThat(pruned.merge(sBefore)).isEqualTo(pruned);
            assertThat(pruned.merge(yStale)).isEqualTo(GCounter.of(VersionVector.of(Map.of(S, 5L, Y, 4L)),
                    List.of(new Pruning(R, S, 2, 3))));
        }

        @Test
        void everyDeliveryOrderOfPrunedAndStaleStatesConvergesToNine() {
            GCounter expected = GCounter.of(VersionVector.of(Map.of(S, 5L, Y, 4L)), List.of(new Pruning(R, S, 2, 3)));
            for (List<GCounter> order : Permutations.of(List.of(pruned, rFinal, sBefore, yStale))) {
                GCounter merged = GCounter.empty();
                for (GCounter state : order) {
                    merged = merged.merge(state);
                }
                assertThat(merged).as("merge order %s", order).isEqualTo(expected);
                assertThat(merged.value()).isEqualTo(9L);
            }
        }

        @Test
        void pruningAgainIsANoOp() {
            assertThat(pruned.prune(R, S)).isSameAs(pruned);
            GCounter merged = pruned.merge(yStale);
            assertThat(merged.prune(R, S)).isEqualTo(merged);
        }

        @Test
        void successorKeepsCountingAndItsDeltaCarriesTheMarkerIntoAStaleReplica() {
            Mutation<GCounter> m = pruned.incrementDelta(S, 1);

            assertThat(m.state().value()).isEqualTo(6L);
            assertThat(m.state().get(S)).isEqualTo(6L);
            assertThat(m.delta().prunings()).containsExactly(new Pruning(R, S, 2, 3));
            assertThat(m.delta().get(S)).isEqualTo(6L);
            // y had r's 2 and its own 4; the delta says s counts 6, r's 3 included
            GCounter atY = yStale.merge(m.delta());
            assertThat(atY.value()).isEqualTo(10L);
            assertThat(atY.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(atY.merge(m.state())).isEqualTo(m.state().merge(yStale));
        }

        @Test
        void deltaOfAnUnmarkedBystanderMergesIntoThePrunedState() {
            Mutation<GCounter> m = yStale.incrementDelta(Y, 1);
            assertThat(m.delta().prunings()).isEmpty();

            GCounter merged = pruned.merge(m.delta());

            assertThat(merged.value()).isEqualTo(10L);
            assertThat(merged.get(Y)).isEqualTo(5L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(merged.merge(yStale)).isEqualTo(pruned.merge(m.state()));
        }

        @Test
        void deltaOfAMarkedBystanderCarriesNoMarkerAndOnlyItsOwnCount() {
            GCounter atZ = GCounter.empty().increment(Z, 1).merge(pruned);
            Mutation<GCounter> m = atZ.incrementDelta(Z, 1);
            assertThat(m.delta().prunings()).isEmpty();
            assertThat(m.delta().counts().entries()).containsOnly(Map.entry(Z, 2L));

            GCounter atY = yStale.merge(m.delta());

            assertThat(atY.value()).isEqualTo(yStale.value() + 2L);
            assertThat(atY.retiredReplicas()).isEmpty();
            assertThat(atY.merge(pruned)).isEqualTo(pruned.merge(atY));
            assertThat(atY.merge(pruned).value()).isEqualTo(yStale.merge(pruned).value() + 2L);
        }

        @Test
        void retiredReplicaCountingAfterThePruneConflictsWhateverTheMergeOrder() {
            GCounter rLate = rFinal.increment(R, 1);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(rLate));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> rLate.merge(pruned));
            GCounter yWithLate = yStale.merge(rLate);
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> yWithLate.merge(pruned));
            GCounter lateDelta = rFinal.incrementDelta(R, 1).delta();
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(lateDelta));
        }

        @Test
        void stateCountingTheRetiredReplicaBesideTheSuccessorsFoldedCountConflicts() {
            // y got s's count from after the prune without the marker, and still counts r: r is counted twice
            GCounter doubleCounted = yStale.merge(GCounter.of(Map.of(S, 6L)));
            assertThat(doubleCounted.value()).isEqualTo(2L + 6L + 4L);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> doubleCounted.merge(pruned));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(doubleCounted));
            // without r's count the same successor count is consistent: it already holds r's writes
            GCounter folded = GCounter.empty().increment(Y, 4).merge(GCounter.of(Map.of(S, 6L)));
            assertThat(mergedBothWays(folded, pruned).value()).isEqualTo(6L + 4L);
        }

        @Test
        void retiredReplicaCannotCountOnAPrunedState() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.increment(R, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.incrementDelta(R, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.increment(R));
        }

        @Test
        void twoSuccessorsForOneRetiredReplicaConflict() {
            GCounter prunedAtT = GCounter.empty().increment(T, 1).merge(rFinal).prune(R, T);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(prunedAtT));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> prunedAtT.merge(pruned));
            GCounter atY = yStale.merge(pruned);
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> atY.merge(prunedAtT));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.prune(R, T));
        }

        @Test
        void successorCannotBeAReplicaThatWasItselfPruned() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.prune(Y, R));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.prune(S, S));
        }

        @Test
        void foldingUpToLongMaxValueKeepsTheValueAndAnyFurtherCountOverflows() {
            GCounter big = GCounter.empty().increment(S, 10).merge(GCounter.empty().increment(R, Long.MAX_VALUE - 10));

            GCounter folded = big.prune(R, S);

            assertThat(folded.value()).isEqualTo(Long.MAX_VALUE);
            assertThat(folded.get(S)).isEqualTo(Long.MAX_VALUE);
            assertThat(folded.prunings()).containsExactly(new Pruning(R, S, 10, Long.MAX_VALUE - 10));
            assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> folded.increment(S, 1));
            GCounter atY = GCounter.empty().increment(Y, 1);
            assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> folded.merge(atY));
            assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> atY.merge(folded));
        }

        @Test
        void prunesThatLoopConflict() {
            // s prunes r into s while r, wrongly still alive, prunes s into r
            GCounter prunedAtR = GCounter.empty().increment(R, 3).merge(GCounter.empty().increment(S, 2)).prune(S, R);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(prunedAtR));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> prunedAtR.merge(pruned));
        }

        @Test
        void decodingKeepsTheMarkersAndRefusesARetiredReplicaThatStillCounts() {
            assertThat(GCounter.of(pruned.counts(), pruned.prunings())).isEqualTo(pruned);
            assertThatIllegalArgumentException().isThrownBy(() -> GCounter.of(sBefore.counts(), pruned.prunings()));
            assertThatIllegalArgumentException().isThrownBy(
                    () -> GCounter.of(VersionVector.of(Map.of(S, 4L)), pruned.prunings()));
        }

        @Test
        void retiredReplicaRestartedFromItsOldStateIsRefusedOnceItMergesThePrunedState() {
            GCounter restarted = rFinal.merge(pruned);

            assertThat(restarted).isEqualTo(pruned);
            assertThatIllegalArgumentException().isThrownBy(() -> restarted.increment(R, 1));
        }

        @Test
        void independentPrunesOfTwoRetiredReplicasIntoTwoSuccessorsCommute() {
            GCounter qFinal = GCounter.empty().increment(X, 7);             // x retires into t
            GCounter atS = sBefore.merge(GCounter.empty().increment(X, 2)).prune(R, S);
            GCounter atT = GCounter.empty().increment(T, 1).merge(qFinal).merge(rEarly).prune(X, T);

            GCounter merged = mergedBothWays(atS, atT);

            assertThat(merged.value()).isEqualTo(5L + 7L + 1L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, T);
            assertThat(merged.retiredReplicas()).containsExactlyInAnyOrder(R, X);
            assertThat(mergedBothWays(merged, yStale.merge(qFinal)).value()).isEqualTo(5L + 7L + 1L + 4L);
        }
    }

    // ---- PN-Counter ----

    @Nested
    class PNCounters {

        // r: +5 -2, then stops; s: +4 -1 and merges r's last state
        final PNCounter rFinal = PNCounter.empty().increment(R, 5).decrement(R, 2);
        final PNCounter sBefore = PNCounter.empty().increment(S, 4).decrement(S, 1).merge(rFinal);
        final PNCounter pruned = sBefore.prune(R, S);
        // y decremented 1 and saw only r's increments
        final PNCounter yStale = PNCounter.empty().decrement(Y, 1).merge(PNCounter.empty().increment(R, 5));

        @Test
        void pruneKeepsTheValueAndFoldsBothHalvesIntoTheSuccessor() {
            assertThat(pruned.value()).isEqualTo(6L);
            assertThat(pruned.increments().get(S)).isEqualTo(9L);
            assertThat(pruned.decrements().get(S)).isEqualTo(3L);
            assertThat(pruned.replicaIds()).containsExactly(S);
            assertThat(pruned.increments().replicaIds()).containsExactly(S);
            assertThat(pruned.decrements().replicaIds()).containsExactly(S);
            assertThat(pruned.retiredReplicas()).containsExactly(R);
            assertThat(pruned.increments().prunings()).containsExactly(new Pruning(R, S, 4, 5));
            assertThat(pruned.decrements().prunings()).containsExactly(new Pruning(R, S, 1, 2));
            assertThat(pruned.prune(R, S)).isSameAs(pruned);
        }

        @Test
        void mergingWithStaleUnmarkedStatesInEitherOrderKeepsTheUnprunedValue() {
            for (PNCounter stale : List.of(rFinal, sBefore, yStale, yStale.merge(rFinal))) {
                PNCounter merged = mergedBothWays(pruned, stale);

                assertThat(merged.value()).as("pruned ⊔ %s", stale).isEqualTo(sBefore.merge(stale).value());
                assertThat(merged.replicaIds()).as("pruned ⊔ %s", stale).doesNotContain(R);
                assertThat(merged.retiredReplicas()).as("pruned ⊔ %s", stale).containsExactly(R);
            }
            assertThat(pruned.merge(yStale).value()).isEqualTo(5L);
        }

        @Test
        void successorsDeltasAfterThePruneGiveTheRightValueAtAStaleReplica() {
            PNCounter yKnowsAll = PNCounter.empty().decrement(Y, 1).merge(sBefore);   // unmarked, value 5
            Mutation<PNCounter> up = pruned.incrementDelta(S, 2);
            Mutation<PNCounter> down = up.state().decrementDelta(S, 3);

            assertThat(yKnowsAll.merge(up.delta()).value()).isEqualTo(8L - 1L);
            assertThat(yKnowsAll.merge(up.delta()).merge(down.delta()).value()).isEqualTo(5L - 1L);
            assertThat(yKnowsAll.merge(down.delta()).merge(up.delta()).value()).isEqualTo(5L - 1L);
            assertThat(yKnowsAll.merge(down.delta()).merge(up.delta()).replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(yKnowsAll.merge(down.delta()).merge(up.delta())).isEqualTo(down.state().merge(yKnowsAll));
        }

        @Test
        void retiredReplicaCannotCountOnAPrunedStateAndItsLateCountsConflict() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.increment(R, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.decrement(R, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.add(R, -1));

            PNCounter rLate = rFinal.decrement(R, 1);
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(rLate));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> rLate.merge(pruned));
        }

        @Test
        void twoSuccessorsForOneRetiredReplicaConflict() {
            PNCounter prunedAtT = PNCounter.empty().increment(T, 1).merge(rFinal).prune(R, T);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(prunedAtT));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> prunedAtT.merge(pruned));
        }

        @Test
        void diffAgainstAnUnmarkedPeerBringsThePeerToItsMergeWithThePrunedState() {
            for (PNCounter peer : List.of(PNCounter.empty(), rFinal, sBefore, yStale)) {
                assertThat(peer.merge(pruned.diff(peer))).as("peer %s", peer).isEqualTo(peer.merge(pruned));
            }
        }
    }

    // ---- OR-Set ----

    @Nested
    class ORSets {

        // r adds a (r:1) and b (r:2) and stops; s adds its own element (s:1) and merges r
        final ORSet<String> rAdds = ORSet.<String>empty().add(R, "a").add(R, "b");
        final ORSet<String> sBefore = ORSet.<String>empty().add(S, "s").merge(rAdds);
        final ORSet<String> pruned = sBefore.prune(R, S);
        // y saw r's adds and removes a, without ever seeing the prune
        final ORSet<String> yRemovedA = ORSet.<String>empty().merge(rAdds).remove("a");

        @Test
        void pruneRenamesTheRetiredDotsAfterTheSuccessorsOwn() {
            assertThat(pruned.elements()).containsExactlyInAnyOrder("a", "b", "s");
            assertThat(pruned.dots("s")).containsExactly(Dot.of(S, 1));
            assertThat(pruned.dots("a")).containsExactly(Dot.of(S, 2));
            assertThat(pruned.dots("b")).containsExactly(Dot.of(S, 3));
            assertThat(pruned.context()).isEqualTo(context(Map.of(S, 3L)));
            assertThat(pruned.replicaIds()).containsExactly(S);
            assertThat(pruned.retiredReplicas()).containsExactly(R);
            assertThat(pruned.prunings()).containsExactly(new Pruning(R, S, 1, 2));
            assertThat(pruned.prune(R, S)).isSameAs(pruned);
        }

        @Test
        void concurrentRemoveByAStaleReplicaWinsOverTheRenamedAddInEitherOrder() {
            ORSet<String> merged = mergedBothWays(yRemovedA, pruned);

            assertThat(merged.elements()).containsExactlyInAnyOrder("b", "s");
            assertThat(merged.replicaIds()).containsExactly(S);
            assertThat(merged.retiredReplicas()).containsExactly(R);
            assertThat(merged).isEqualTo(pruned.remove("a"));
            // pruning commutes with the merge
            assertThat(merged).isEqualTo(sBefore.merge(yRemovedA).prune(R, S));
        }

        @Test
        void retiredReplicasOwnStatesChangeNothingOnceMerged() {
            assertThat(mergedBothWays(pruned, rAdds)).isEqualTo(pruned);
            assertThat(mergedBothWays(pruned, sBefore)).isEqualTo(pruned);
            assertThat(mergedBothWays(pruned, ORSet.<String>empty().add(R, "a"))).isEqualTo(pruned);
        }

        @Test
        void addConcurrentWithThePruneAndARemoveOfTheRenamedDotWins() {
            // y re-adds a (replacing r:1 by y:1) and adds c, concurrently with the prune
            ORSet<String> yReAdds = ORSet.<String>empty().merge(rAdds).add(Y, "a").add(Y, "c");
            // s prunes, then removes a (the renamed s:2)
            ORSet<String> sRemoved = pruned.remove("a");

            ORSet<String> merged = mergedBothWays(yReAdds, sRemoved);

            assertThat(merged.elements()).containsExactlyInAnyOrder("a", "b", "c", "s");
            assertThat(merged.dots("a")).containsExactly(Dot.of(Y, 1));
            assertThat(merged.dots("b")).containsExactly(Dot.of(S, 3));
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, Y);
        }

        @Test
        void unmarkedRemoveDeltaOfAStaleReplicaAppliesToThePrunedState() {
            Mutation<ORSet<String>> m = ORSet.<String>empty().merge(rAdds).removeDelta("a");
            assertThat(m.delta().prunings()).isEmpty();

            ORSet<String> merged = pruned.merge(m.delta());

            assertThat(merged.elements()).containsExactlyInAnyOrder("b", "s");
            assertThat(merged.replicaIds()).containsExactly(S);
            assertThat(merged).isEqualTo(pruned.remove("a"));
            assertThat(merged).isEqualTo(m.delta().merge(pruned));
        }

        @Test
        void markedRemoveDeltaReachingAStaleReplicaBeforeTheFullStateConverges() {
            ORSet<String> yStale = ORSet.<String>empty().merge(rAdds).add(Y, "y");
            Mutation<ORSet<String>> m = pruned.removeDelta("b");
            assertThat(m.delta().prunings()).containsExactly(new Pruning(R, S, 1, 2));

            ORSet<String> deltaFirst = yStale.merge(m.delta());

            assertThat(deltaFirst.elements()).containsExactlyInAnyOrder("a", "y");
            assertThat(deltaFirst.dots("a")).containsExactly(Dot.of(S, 2));
            assertThat(deltaFirst.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(deltaFirst.retiredReplicas()).containsExactly(R);

            ORSet<String> converged = deltaFirst.merge(m.state());

            assertThat(converged).isEqualTo(yStale.merge(m.state()));
            assertThat(converged).isEqualTo(m.state().merge(yStale));
            assertThat(converged).isEqualTo(m.state().merge(deltaFirst));
            assertThat(converged.elements()).containsExactlyInAnyOrder("a", "s", "y");
            assertThat(converged.context()).isEqualTo(context(Map.of(S, 3L, Y, 1L)));
        }

        @Test
        void retiredReplicaCannotAddOnAPrunedStateAndItsLateAddsConflict() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.add(R, "z"));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.addDelta(R, "z"));

            ORSet<String> rLate = rAdds.add(R, "late");
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(rLate));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> rLate.merge(pruned));
            ORSet<String> lateDelta = rAdds.addDelta(R, "late").delta();
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(lateDelta));
            ORSet<String> yWithLate = yRemovedA.merge(lateDelta);
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> yWithLate.merge(pruned));
        }

        @Test
        void twoSuccessorsForOneRetiredReplicaConflict() {
            ORSet<String> prunedAtT = ORSet.<String>empty().add(T, "t").merge(rAdds).prune(R, T);

            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(prunedAtT));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> prunedAtT.merge(pruned));
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.prune(R, T));
        }

        @Test
        void pruneRefusesAStateWithAGapInTheRetiredReplicasWrites() {
            Mutation<ORSet<String>> addB = ORSet.<String>empty().add(R, "a").addDelta(R, "b");
            // s received only the delta of r:2, not r:1
            ORSet<String> sWithGap = ORSet.<String>empty().add(S, "s").merge(addB.delta());
            assertThat(sWithGap.context().cloud()).containsExactly(Dot.of(R, 2));

            assertThatIllegalStateException().isThrownBy(() -> sWithGap.prune(R, S));
            assertThat(sWithGap.merge(addB.state()).prune(R, S).elements()).containsExactlyInAnyOrder("a", "b", "s");
        }

        @Test
        void pruneRefusesAStateWithAGapInTheSuccessorsWrites() {
            ORSet<String> gapAtS = ORSet.of(Map.of("x", Set.of(Dot.of(S, 3))),
                    CausalContext.of(VersionVector.of(Map.of(R, 1L)), List.of(Dot.of(S, 3))));

            assertThatIllegalStateException().isThrownBy(() -> gapAtS.prune(R, S));
        }

        @Test
        void pruneAcceptsAGapInABystandersWrites() {
            ORSet<String> gapAtY = ORSet.of(Map.of("x", Set.of(Dot.of(Y, 3))),
                    CausalContext.of(VersionVector.of(Map.of(R, 1L, S, 1L)), List.of(Dot.of(Y, 3))));

            ORSet<String> prunedWithGap = gapAtY.prune(R, S);

            assertThat(prunedWithGap.context()).isEqualTo(
                    CausalContext.of(VersionVector.of(Map.of(S, 2L)), List.of(Dot.of(Y, 3))));
            assertThat(prunedWithGap.dots("x")).containsExactly(Dot.of(Y, 3));
        }

        @Test
        void diffAgainstAnUnmarkedPeersContextBringsThePeerToItsMergeWithThePrunedState() {
            ORSet<String> yStale = ORSet.<String>empty().merge(rAdds).add(Y, "y");
            List<ORSet<String>> peers = List.of(ORSet.empty(), rAdds, sBefore, yRemovedA, yStale,
                    ORSet.<String>empty().add(S, "s"), yRemovedA.merge(sBefore));
            ORSet<String> sLater = pruned.remove("b").add(S, "c");
            for (ORSet<String> source : List.of(pruned, sLater)) {
                for (ORSet<String> peer : peers) {
                    ORSet<String> delta = source.diff(peer.context());
                    assertThat(peer.merge(delta)).as("peer %s, source %s", peer, source)
                            .isEqualTo(peer.merge(source));
                }
            }
        }

        @Test
        void diffOfAStaleUnmarkedStateAgainstThePrunedPeersContextBringsThePeerToItsMerge() {
            ORSet<String> yStale = yRemovedA.add(Y, "y");
            ORSet<String> sLater = pruned.remove("b").add(S, "c");
            for (ORSet<String> peer : List.of(pruned, sLater)) {
                for (ORSet<String> source : List.of(rAdds, sBefore, yRemovedA, yStale)) {
                    ORSet<String> delta = source.diff(peer.context());
                    assertThat(peer.merge(delta)).as("peer %s, source %s", peer, source)
                            .isEqualTo(peer.merge(source));
                }
            }
            assertThat(pruned.merge(yStale.diff(pruned.context())).elements()).containsExactlyInAnyOrder("b", "s", "y");
        }

        @Test
        void decodingKeepsTheMarkersAndRefusesARetiredReplicaThatStillHasDots() {
            Map<String, Set<Dot>> entries = new HashMap<>();
            for (String e : pruned.elements()) {
                entries.put(e, pruned.dots(e));
            }
            assertThat(ORSet.of(entries, pruned.context(), pruned.prunings())).isEqualTo(pruned);
            assertThatIllegalArgumentException().isThrownBy(
                    () -> ORSet.of(Map.of("a", Set.of(Dot.of(R, 1))), context(Map.of(R, 1L)), pruned.prunings()));
        }

        @Test
        void retiredReplicaRestartedFromItsOldStateIsRefusedOnceItMergesThePrunedState() {
            ORSet<String> restarted = rAdds.merge(pruned);

            assertThat(restarted).isEqualTo(pruned);
            assertThatIllegalArgumentException().isThrownBy(() -> restarted.add(R, "z"));
        }

        @Test
        void foldingDotsPastLongMaxValueOverflows() {
            ORSet<String> nearlyExhausted = ORSet.of(Map.of(),
                    context(Map.of(S, Long.MAX_VALUE - 1, R, 5L)));

            assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> nearlyExhausted.prune(R, S));
        }

        @Test
        void independentPrunesOfTwoRetiredReplicasIntoTwoSuccessorsCommute() {
            ORSet<String> xAdds = ORSet.<String>empty().add(X, "q");                // x retires into t
            ORSet<String> atS = sBefore.merge(xAdds).prune(R, S);
            ORSet<String> atT = ORSet.<String>empty().add(T, "t").merge(xAdds).merge(rAdds).remove("b").prune(X, T);
            ORSet<String> yStale = yRemovedA.merge(xAdds).add(Y, "y");

            ORSet<String> merged = mergedBothWays(atS, atT);
            ORSet<String> withY = mergedBothWays(merged, yStale);

            assertThat(merged.elements()).containsExactlyInAnyOrder("a", "q", "s", "t");
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, T);
            assertThat(merged.retiredReplicas()).containsExactlyInAnyOrder(R, X);
            assertThat(withY.elements()).containsExactlyInAnyOrder("q", "s", "t", "y");
            assertThat(withY.replicaIds()).containsExactlyInAnyOrder(S, T, Y);
            assertThat(withY).isEqualTo(atS.merge(yStale).merge(atT));
        }
    }

    // ---- Chains: r into s, later s into t ----

    @Nested
    class Chains {

        @Test
        void staleORSetThatSawNeitherMarkerMergesWithTheEndOfTheChain() {
            ORSet<String> rAdds = ORSet.<String>empty().add(R, "a").add(R, "b");       // r:1, r:2
            ORSet<String> sEarly = ORSet.<String>empty().add(S, "s");                  // s:1
            // x saw r and s before any prune, removes b and adds its own element
            ORSet<String> xStale = ORSet.<String>empty().merge(rAdds).merge(sEarly).remove("b").add(X, "x");
            ORSet<String> sPruned = sEarly.merge(rAdds).prune(R, S);                   // a s:2, b s:3
            ORSet<String> sFinal = sPruned.add(S, "c");                                // c s:4
            ORSet<String> tPruned = ORSet.<String>empty().add(T, "t").merge(sFinal).prune(S, T);

            assertThat(tPruned.prunings()).containsExactly(new Pruning(R, S, 1, 2), new Pruning(S, T, 1, 4));
            assertThat(tPruned.replicaIds()).containsExactly(T);
            assertThat(tPruned.dots("a")).containsExactly(Dot.of(T, 3));

            ORSet<String> merged = mergedBothWays(xStale, tPruned);

            assertThat(merged.elements()).containsExactlyInAnyOrder("a", "c", "s", "t", "x");
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(T, X);
            assertThat(merged.retiredReplicas()).containsExactlyInAnyOrder(R, S);
            assertThat(merged.dots("a")).containsExactly(Dot.of(T, 3));
            assertThat(merged.context()).isEqualTo(context(Map.of(T, 5L, X, 1L)));
            // a state that saw only the first marker lands on the same state
            assertThat(xStale.merge(sPruned).merge(tPruned)).isEqualTo(merged);
            assertThat(tPruned.merge(xStale.merge(sFinal))).isEqualTo(merged);
            // the retired replicas' own states change nothing
            assertThat(tPruned.merge(rAdds).merge(sEarly).merge(sFinal)).isEqualTo(tPruned);
        }

        @Test
        void staleCounterThatSawNeitherMarkerMergesWithTheEndOfTheChain() {
            GCounter rFinal = GCounter.empty().increment(R, 3);
            GCounter sEarly = GCounter.empty().increment(S, 2);
            GCounter sPruned = sEarly.merge(rFinal).prune(R, S);                        // s:5
            GCounter sFinal = sPruned.increment(S, 1);                                  // s:6
            GCounter tPruned = GCounter.empty().increment(T, 4).merge(sFinal).prune(S, T);
            GCounter xStale = GCounter.empty().increment(X, 1).merge(rFinal).merge(sEarly);

            assertThat(tPruned.value()).isEqualTo(10L);
            assertThat(tPruned.replicaIds()).containsExactly(T);
            assertThat(tPruned.prunings()).containsExactly(new Pruning(R, S, 2, 3), new Pruning(S, T, 4, 6));

            GCounter merged = mergedBothWays(xStale, tPruned);

            assertThat(merged.value()).isEqualTo(11L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(T, X);
            assertThat(merged.retiredReplicas()).containsExactlyInAnyOrder(R, S);
            assertThat(xStale.merge(sPruned).merge(tPruned)).isEqualTo(merged);
            assertThat(tPruned.merge(xStale.merge(sFinal))).isEqualTo(merged);
            assertThat(tPruned.merge(rFinal).merge(sEarly).merge(sFinal)).isEqualTo(tPruned);
        }

        @Test
        void stalePNCounterThatSawNeitherMarkerMergesWithTheEndOfTheChain() {
            PNCounter rFinal = PNCounter.empty().increment(R, 3).decrement(R, 1);
            PNCounter sEarly = PNCounter.empty().increment(S, 2);
            PNCounter sFinal = sEarly.merge(rFinal).prune(R, S).decrement(S, 2);
            PNCounter tPruned = PNCounter.empty().increment(T, 4).merge(sFinal).prune(S, T);
            PNCounter xStale = PNCounter.empty().decrement(X, 1).merge(rFinal).merge(sEarly);

            PNCounter merged = mergedBothWays(xStale, tPruned);

            assertThat(tPruned.value()).isEqualTo(3L - 1L + 2L - 2L + 4L);
            assertThat(merged.value()).isEqualTo(tPruned.value() - 1L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(T, X);
            assertThat(merged.retiredReplicas()).containsExactlyInAnyOrder(R, S);
        }
    }

    // ---- MV-Register and enable-wins flag ----

    @Nested
    class Registers {

        final MVRegister<String> rWrote = MVRegister.<String>empty().write(R, "x");    // r:1
        final MVRegister<String> sWrote = MVRegister.<String>empty().write(S, "y");    // s:1, concurrent
        final MVRegister<String> pruned = sWrote.merge(rWrote).prune(R, S);

        @Test
        void concurrentSiblingsOfTheRetiredReplicaAndTheSuccessorSurviveThePrune() {
            assertThat(pruned.values()).containsExactlyInAnyOrder("x", "y");
            assertThat(pruned.dots("x")).containsExactly(Dot.of(S, 2));
            assertThat(pruned.dots("y")).containsExactly(Dot.of(S, 1));
            assertThat(pruned.replicaIds()).containsExactly(S);
            assertThat(mergedBothWays(pruned, rWrote)).isEqualTo(pruned);
            assertThat(mergedBothWays(pruned, sWrote)).isEqualTo(pruned);
        }

        @Test
        void aWriteAfterMergingThePrunedStateResolvesTheSiblings() {
            MVRegister<String> yStale = MVRegister.<String>empty().merge(rWrote);
            MVRegister<String> yWrote = yStale.merge(pruned).write(Y, "z");
            MVRegister<String> sWroteAgain = pruned.write(S, "w");

            assertThat(yWrote.values()).containsExactly("z");
            assertThat(yWrote.merge(rWrote).merge(sWrote).merge(yStale).values()).containsExactly("z");
            assertThat(sWroteAgain.values()).containsExactly("w");
            assertThat(sWroteAgain.dots("w")).containsExactly(Dot.of(S, 3));
            assertThat(mergedBothWays(sWroteAgain, yStale).values()).containsExactly("w");
            assertThat(mergedBothWays(sWroteAgain, rWrote).replicaIds()).containsExactly(S);
        }

        @Test
        void aStaleWriteOverTheRetiredReplicasValueStaysConcurrentWithTheSuccessors() {
            // y saw r's x (r:1) and overwrote it, without seeing s's y or the prune
            MVRegister<String> yOverwrote = MVRegister.<String>empty().merge(rWrote).write(Y, "v");

            MVRegister<String> merged = mergedBothWays(yOverwrote, pruned);

            assertThat(merged.values()).containsExactlyInAnyOrder("v", "y");
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(merged.values()).isEqualTo(yOverwrote.merge(sWrote.merge(rWrote)).values());
        }

        @Test
        void retiredReplicaCannotWriteOnAPrunedRegister() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.write(R, "again"));
            MVRegister<String> rLate = rWrote.write(R, "late");
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(rLate));
        }

        @Test
        void enableByTheRetiredReplicaIsKeptAndStillWinsOverAConcurrentDisable() {
            EnableWinsFlag sOn = EnableWinsFlag.disabled().enable(S);                      // s:1
            EnableWinsFlag yOff = EnableWinsFlag.disabled().merge(sOn).disable();           // saw s:1 only
            EnableWinsFlag rOn = EnableWinsFlag.disabled().enable(R);                      // r:1, concurrent
            EnableWinsFlag prunedFlag = sOn.merge(rOn).prune(R, S);

            assertThat(prunedFlag.enables()).containsExactlyInAnyOrder(Dot.of(S, 1), Dot.of(S, 2));
            assertThat(prunedFlag.replicaIds()).containsExactly(S);

            EnableWinsFlag merged = mergedBothWays(yOff, prunedFlag);

            assertThat(merged.isEnabled()).isTrue();
            assertThat(merged.isEnabled()).isEqualTo(yOff.merge(sOn.merge(rOn)).isEnabled());
            assertThat(merged.enables()).containsExactly(Dot.of(S, 2));
            assertThat(merged.replicaIds()).containsExactly(S);
        }

        @Test
        void disableThatObservedTheRetiredReplicasEnableStillDisables() {
            EnableWinsFlag rOn = EnableWinsFlag.disabled().enable(R);
            EnableWinsFlag yOff = rOn.disable();                                           // observed r:1
            EnableWinsFlag prunedFlag = EnableWinsFlag.disabled().merge(rOn).prune(R, S);

            assertThat(prunedFlag.isEnabled()).isTrue();
            assertThat(prunedFlag.enables()).containsExactly(Dot.of(S, 1));

            EnableWinsFlag merged = mergedBothWays(yOff, prunedFlag);

            assertThat(merged.isEnabled()).isFalse();
            assertThat(rOn.merge(yOff).isEnabled()).isFalse();
            assertThat(merged.replicaIds()).containsExactly(S);
            assertThat(merged.retiredReplicas()).containsExactly(R);
            assertThatIllegalArgumentException().isThrownBy(() -> prunedFlag.enable(R));
        }
    }

    // ---- The cart: ORMap<String, PNCounter> ----

    @Nested
    class Carts {

        final ORMap<String, PNCounter> emptyCart = ORMap.empty(PNCounter.empty());
        // r puts 3 apples in the cart (seen by y), then 2 pears and takes one back, and stops
        final ORMap<String, PNCounter> rEarly = emptyCart.update(R, "apple", q -> q.increment(R, 3));
        final ORMap<String, PNCounter> rFinal = rEarly.update(R, "pear", q -> q.increment(R, 2))
                .update(R, "pear", q -> q.decrement(R, 1));
        // s adds an apple and merges r's last state
        final ORMap<String, PNCounter> sBefore = emptyCart.update(S, "apple", q -> q.increment(S, 1)).merge(rFinal);
        final ORMap<String, PNCounter> pruned = sBefore.prune(R, S);
        // y saw r's apples, adds 5 more and a plum, never seeing the prune
        final ORMap<String, PNCounter> yStale = emptyCart.merge(rEarly)
                .update(Y, "apple", q -> q.increment(Y, 5))
                .update(Y, "plum", q -> q.increment(Y, 1));

        private long quantity(ORMap<String, PNCounter> cart, String item) {
            return cart.get(item).orElseThrow().value();
        }

        @Test
        void pruneKeepsEveryQuantityAndRemovesTheRetiredIdFromKeysAndValues() {
            assertThat(pruned.keys()).containsExactlyInAnyOrder("apple", "pear");
            assertThat(quantity(pruned, "apple")).isEqualTo(4L);
            assertThat(quantity(pruned, "pear")).isEqualTo(1L);
            assertThat(pruned.replicaIds()).containsExactly(S);
            assertThat(pruned.retiredReplicas()).containsExactly(R);
            assertThat(pruned.valueStates().values()).allSatisfy(v -> {
                assertThat(v.replicaIds()).doesNotContain(R);
                assertThat(v.retiredReplicas()).containsExactly(R);
            });
            assertThat(pruned.prune(R, S)).isEqualTo(pruned);
        }

        @Test
        void staleCartMergesInEitherOrderWithoutCountingTheRetiredReplicaTwice() {
            ORMap<String, PNCounter> merged = mergedBothWays(pruned, yStale);
            ORMap<String, PNCounter> unpruned = sBefore.merge(yStale);

            assertThat(merged.keys()).containsExactlyInAnyOrder("apple", "pear", "plum");
            assertThat(quantity(merged, "apple")).isEqualTo(9L).isEqualTo(quantity(unpruned, "apple"));
            assertThat(quantity(merged, "pear")).isEqualTo(1L);
            assertThat(quantity(merged, "plum")).isEqualTo(1L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(mergedBothWays(pruned, rFinal)).isEqualTo(pruned);
        }

        @Test
        void staleReplicasUpdateDeltaAppliesToThePrunedCart() {
            Mutation<ORMap<String, PNCounter>> m = yStale.updateDelta(Y, "pear", q -> q.incrementDelta(Y, 2));

            ORMap<String, PNCounter> merged = pruned.merge(m.delta());

            assertThat(quantity(merged, "pear")).isEqualTo(3L);
            assertThat(quantity(merged, "apple")).isEqualTo(4L);
            assertThat(merged.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(merged.merge(m.state())).isEqualTo(m.state().merge(pruned));
        }

        @Test
        void successorsUpdateDeltaAfterThePruneAppliesToAStaleCart() {
            Mutation<ORMap<String, PNCounter>> m = pruned.updateDelta(S, "apple", q -> q.incrementDelta(S, 1));

            ORMap<String, PNCounter> atY = yStale.merge(m.delta());

            // r's 3 + s's 1 + s's new 1 + y's 5
            assertThat(quantity(atY, "apple")).isEqualTo(10L);
            assertThat(atY.replicaIds()).containsExactlyInAnyOrder(S, Y);
            assertThat(atY.merge(m.state())).isEqualTo(m.state().merge(yStale));
        }

        @Test
        void staleRemoveOfAnItemTheRetiredReplicaAddedRemovesIt() {
            ORMap<String, PNCounter> yRemovedApple = yStale.remove("apple");
            ORMap<String, PNCounter> merged = mergedBothWays(pruned, yRemovedApple);

            // s's own apple update (s:1) was not observed by y, so the key stays (add-wins)
            assertThat(merged.keys()).containsExactlyInAnyOrder("apple", "pear", "plum");
            assertThat(merged.dots("apple")).containsExactly(Dot.of(S, 1));
            assertThat(merged.keys()).isEqualTo(sBefore.merge(yRemovedApple).keys());
            assertThat(quantity(merged, "apple")).isEqualTo(quantity(sBefore.merge(yRemovedApple), "apple"));
        }

        @Test
        void pruningTheCartAgainAfterANewItemIsANoOp() {
            ORMap<String, PNCounter> withKiwi = pruned.update(S, "kiwi", q -> q.increment(S, 1));

            assertThat(withKiwi.prune(R, S)).isEqualTo(withKiwi);
        }

        @Test
        void diffAgainstAStaleCartsContextBringsItToItsMergeWithThePrunedCart() {
            ORMap<String, PNCounter> sLater = pruned.remove("pear").update(S, "kiwi", q -> q.increment(S, 1));
            for (ORMap<String, PNCounter> source : List.of(pruned, sLater)) {
                for (ORMap<String, PNCounter> peer : List.of(emptyCart, rEarly, rFinal, sBefore, yStale)) {
                    assertThat(peer.merge(source.diff(peer.context()))).as("peer %s, source %s", peer, source)
                            .isEqualTo(peer.merge(source));
                }
            }
        }

        @Test
        void retiredReplicaCannotUpdateAPrunedCart() {
            assertThatIllegalArgumentException().isThrownBy(() -> pruned.update(R, "kiwi", q -> q.increment(S, 1)));
            ORMap<String, PNCounter> rLate = rFinal.update(R, "apple", q -> q.increment(R, 1));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(rLate));
        }
    }

    // ---- forgetPruning, equality and order ----

    @Nested
    class ForgettingAndOrder {

        final ORSet<String> rAdds = ORSet.<String>empty().add(R, "a").add(R, "b");
        final ORSet<String> sBefore = ORSet.<String>empty().add(S, "s").merge(rAdds);
        final ORSet<String> pruned = sBefore.prune(R, S);
        final ORSet<String> yStale = ORSet.<String>empty().merge(rAdds).remove("a").add(Y, "y");

        final GCounter counterBefore = GCounter.empty().increment(S, 2).merge(GCounter.empty().increment(R, 3));
        final GCounter counterPruned = counterBefore.prune(R, S);
        final GCounter counterStale = GCounter.empty().increment(Y, 4).merge(GCounter.empty().increment(R, 2));

        @Test
        void forgetPruningDropsOnlyTheMarkerOfAnORSet() {
            ORSet<String> forgotten = pruned.forgetPruning(R);

            assertThat(forgotten.prunings()).isEmpty();
            assertThat(forgotten.retiredReplicas()).isEmpty();
            assertThat(forgotten.elements()).isEqualTo(pruned.elements());
            assertThat(forgotten.context()).isEqualTo(pruned.context());
            assertThat(forgotten.replicaIds()).containsExactly(S);
            assertThat(forgotten.forgetPruning(R)).isSameAs(forgotten);
            assertThat(pruned.forgetPruning(Y)).isSameAs(pruned);
        }

        @Test
        void equalityAndHashCodeOfAnORSetConsiderTheMarkers() {
            ORSet<String> forgotten = pruned.forgetPruning(R);
            Map<String, Set<Dot>> entries = new HashMap<>();
            for (String e : pruned.elements()) {
                entries.put(e, pruned.dots(e));
            }
            ORSet<String> plain = ORSet.of(entries, pruned.context());
            ORSet<String> marked = ORSet.of(entries, pruned.context(), List.of(new Pruning(R, S, 1, 2)));

            assertThat(forgotten).isEqualTo(plain).hasSameHashCodeAs(plain);
            assertThat(marked).isEqualTo(pruned).hasSameHashCodeAs(pruned);
            assertThat(pruned).isNotEqualTo(forgotten);
            assertThat(pruned.hashCode()).isNotEqualTo(forgotten.hashCode());
            ORSet<String> otherMarker = ORSet.of(entries, pruned.context(), List.of(new Pruning(R, S, 1, 3)));
            assertThat(otherMarker).isNotEqualTo(pruned);
        }

        @Test
        void mergingAForgottenORSetWithAStateThatStillHoldsTheMarkerBringsItBack() {
            ORSet<String> forgotten = pruned.forgetPruning(R);
            ORSet<String> stillMarked = pruned.add(S, "c");

            assertThat(mergedBothWays(forgotten, pruned)).isEqualTo(pruned);
            ORSet<String> merged = mergedBothWays(forgotten, stillMarked);
            assertThat(merged).isEqualTo(stillMarked);
            assertThat(merged.retiredReplicas()).containsExactly(R);
        }

        @Test
        void forgetPruningDropsOnlyTheMarkerOfACounter() {
            GCounter forgotten = counterPruned.forgetPruning(R);

            assertThat(forgotten.prunings()).isEmpty();
            assertThat(forgotten.value()).isEqualTo(5L);
            assertThat(forgotten.counts()).isEqualTo(counterPruned.counts());
            assertThat(forgotten).isEqualTo(GCounter.of(Map.of(S, 5L))).hasSameHashCodeAs(GCounter.of(Map.of(S, 5L)));
            assertThat(counterPruned).isNotEqualTo(forgotten);
            assertThat(counterPruned.hashCode()).isNotEqualTo(forgotten.hashCode());
            assertThat(counterPruned.forgetPruning(Y)).isSameAs(counterPruned);
        }

        @Test
        void mergingAForgottenCounterWithAStateThatStillHoldsTheMarkerBringsItBack() {
            GCounter forgotten = counterPruned.forgetPruning(R);
            GCounter stillMarked = counterPruned.increment(Y, 1);

            assertThat(mergedBothWays(forgotten, counterPruned)).isEqualTo(counterPruned);
            GCounter merged = mergedBothWays(forgotten, stillMarked);
            assertThat(merged).isEqualTo(stillMarked);
            assertThat(merged.value()).isEqualTo(6L);
            assertThat(merged.retiredReplicas()).containsExactly(R);
        }

        @Test
        void mergingAForgottenCartWithAStateThatStillHoldsTheMarkerBringsItBack() {
            ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                    .update(R, "apple", q -> q.increment(R, 2))
                    .update(S, "apple", q -> q.increment(S, 1))
                    .prune(R, S);
            ORMap<String, PNCounter> forgotten = cart.forgetPruning(R);

            assertThat(forgotten.retiredReplicas()).isEmpty();
            assertThat(forgotten.valueStates().get("apple").retiredReplicas()).isEmpty();
            assertThat(mergedBothWays(forgotten, cart)).isEqualTo(cart);
        }

        @Test
        void prunedStateIsAboveItsPrePruneSelfAndTheOrderAgreesWithMerge() {
            assertThat(pruned.compare(sBefore)).isEqualTo(Causality.AFTER);
            assertThat(sBefore.compare(pruned)).isEqualTo(Causality.BEFORE);
            assertOrderAgreesWithMerge(pruned, sBefore);

            assertThat(counterPruned.compare(counterBefore)).isEqualTo(Causality.AFTER);
            assertThat(counterBefore.compare(counterPruned)).isEqualTo(Causality.BEFORE);
            assertOrderAgreesWithMerge(counterPruned, counterBefore);
        }

        @Test
        void prunedStateIsBelowItsMergeWithAStaleStateAndTheOrderAgreesWithMerge() {
            ORSet<String> merged = pruned.merge(yStale);
            assertThat(pruned.compare(merged)).isEqualTo(Causality.BEFORE);
            assertThat(yStale.compare(merged)).isEqualTo(Causality.BEFORE);
            assertThat(pruned.compare(yStale)).isEqualTo(Causality.CONCURRENT);
            assertOrderAgreesWithMerge(pruned, merged);
            assertOrderAgreesWithMerge(yStale, merged);
            assertOrderAgreesWithMerge(pruned, yStale);
            assertOrderAgreesWithMerge(sBefore, merged);
            assertOrderAgreesWithMerge(rAdds, pruned);

            GCounter counterMerged = counterPruned.merge(counterStale);
            assertThat(counterPruned.compare(counterMerged)).isEqualTo(Causality.BEFORE);
            assertThat(counterStale.compare(counterMerged)).isEqualTo(Causality.BEFORE);
            assertOrderAgreesWithMerge(counterPruned, counterMerged);
            assertOrderAgreesWithMerge(counterStale, counterMerged);
            assertOrderAgreesWithMerge(counterPruned, counterStale);
            assertOrderAgreesWithMerge(counterBefore, counterMerged);
        }

        @Test
        void forgottenORSetIsOrderedConsistentlyWithMerge() {
            assertThat(pruned.forgetPruning(R).compare(pruned)).isEqualTo(Causality.BEFORE);
            assertOrderAgreesWithMerge(pruned.forgetPruning(R), pruned);
            assertOrderAgreesWithMerge(pruned.forgetPruning(R), pruned.add(S, "c"));
        }

        @Test
        void forgottenCounterIsOrderedConsistentlyWithMerge() {
            assertThat(counterPruned.forgetPruning(R).compare(counterPruned)).isEqualTo(Causality.BEFORE);
            assertOrderAgreesWithMerge(counterPruned.forgetPruning(R), counterPruned);
            assertOrderAgreesWithMerge(counterPruned.forgetPruning(R), counterPruned.increment(S, 1));
        }

        @Test
        void statesPrunedIntoDifferentSuccessorsRefuseToMergeOrCompare() {
            ORSet<String> prunedAtT = ORSet.<String>empty().add(T, "t").merge(rAdds).prune(R, T);
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.merge(prunedAtT));
            assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> pruned.compare(prunedAtT));
            assertThatExceptionOfType(PruningConflictException.class)
                    .isThrownBy(() -> counterPruned.compare(GCounter.empty().increment(R, 1).prune(R, T)));
        }
    }
}
