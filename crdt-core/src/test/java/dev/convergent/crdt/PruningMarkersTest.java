package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pruning markers themselves (validation, display, subset order) and how the counters carry
 * them: in {@code diff}, in a delta, in {@code compare} and in {@code toString}.
 */
class PruningMarkersTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    @Test
    void aMarkerRefusesEachNegativeCountAndAcceptsZero() {
        assertThat(new Pruning(B, A, 0, 0).upTo()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> new Pruning(B, A, -1, 0))
                .withMessageContaining(">= 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Pruning(B, A, 0, -1))
                .withMessageContaining(">= 0");
    }

    @Test
    void aMarkerShowsRetiredArrowSuccessorBasePlusUpTo() {
        assertThat(new Pruning(B, A, 7, 3)).hasToString("b→a 7+3");
        assertThat(Prunings.of(List.of(new Pruning(C, A, 1, 2), new Pruning(B, A, 7, 3))))
                .hasToString("[b→a 7+3, c→a 1+2]");
    }

    @Test
    void addingAMarkerKeepsTheMarkersSortedAndEqualToBuildingThemAtOnce() {
        ReplicaId d = ReplicaId.of("d");
        Pruning cToA = new Pruning(C, A, 1, 2);
        Pruning bToA = new Pruning(B, A, 7, 3);
        Pruning dToC = new Pruning(d, C, 0, 4);
        Prunings grown = Prunings.NONE.plus(cToA).plus(dToC).plus(bToA);

        assertThat(grown.list()).containsExactly(bToA, cToA, dToC);
        assertThat(grown).isEqualTo(Prunings.of(List.of(dToC, bToA, cToA)));
        assertThat(grown.plus(bToA)).as("the same marker again").isEqualTo(grown);
        assertThatExceptionOfType(PruningConflictException.class).isThrownBy(() -> grown.plus(new Pruning(B, C, 0, 0)))
                .withMessageContaining("pruned twice");
    }

    @Test
    void addingAMarkerThatClosesALoopOfSuccessorsIsRefused() {
        ReplicaId d = ReplicaId.of("d");
        Prunings chain = Prunings.NONE.plus(new Pruning(B, C, 0, 1)).plus(new Pruning(C, d, 0, 1));

        assertThatExceptionOfType(PruningConflictException.class)
                .isThrownBy(() -> chain.plus(new Pruning(d, B, 0, 1))).withMessageContaining("loop");
        assertThatExceptionOfType(PruningConflictException.class)
                .isThrownBy(() -> Prunings.NONE.plus(new Pruning(B, C, 0, 1)).plus(new Pruning(C, B, 0, 1)))
                .withMessageContaining("loop");
        assertThat(chain.plus(new Pruning(d, A, 0, 1)).list()).hasSize(3);
    }

    @Test
    void markersAreASubsetOfEqualOrMoreMarkersOnly() {
        Prunings one = Prunings.of(List.of(new Pruning(B, A, 7, 3)));
        Prunings same = Prunings.of(List.of(new Pruning(B, A, 7, 3)));
        Prunings two = Prunings.of(List.of(new Pruning(B, A, 7, 3), new Pruning(C, A, 1, 2)));
        Prunings other = Prunings.of(List.of(new Pruning(B, A, 7, 4)));

        assertThat(Prunings.NONE.isSubsetOf(one)).isTrue();
        assertThat(one.isSubsetOf(same)).isTrue();
        assertThat(one.isSubsetOf(two)).isTrue();
        assertThat(two.isSubsetOf(one)).isFalse();
        assertThat(one.isSubsetOf(other)).isFalse();
        assertThat(one.isSubsetOf(Prunings.NONE)).isFalse();
    }

    @Test
    void pruningAReplicaIntoItselfIsRefusedEvenWhenItsCountIsHuge() {
        GCounter c = GCounter.empty().increment(A, Long.MAX_VALUE / 2 + 1);

        // refused as an argument error, before any count is folded (which would overflow here)
        assertThatIllegalArgumentException().isThrownBy(() -> c.prune(A, A))
                .withMessage("a replica cannot be pruned into itself: a");
    }

    @Test
    void aCounterDiffCarriesTheMarkersAndTheSuccessorsCount() {
        GCounter pruned = GCounter.empty().increment(A, 2).increment(B, 3).prune(B, A);
        VersionVector seen = VersionVector.of(Map.of(A, 5L));

        // the peer has every count but maybe not the marker: the delta is the successor's count with it
        assertThat(pruned.diff(seen)).isEqualTo(GCounter.of(seen, pruned.prunings()));
        assertThat(pruned.diff(seen).prunings()).containsExactly(new Pruning(B, A, 2, 3));
    }

    @Test
    void countersWithMarkersNeitherHasAllOfAreConcurrent() {
        GCounter prunedB = GCounter.empty().increment(A).increment(B).prune(B, A);
        GCounter prunedC = GCounter.empty().increment(A).increment(C).prune(C, A);

        assertThat(prunedB.compare(prunedC)).isEqualTo(Causality.CONCURRENT);
        assertThat(prunedC.compare(prunedB)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void aDeltaOfAReplicaThatCarriesNoRetiredIdHoldsOnlyItsOwnHalf() {
        PNCounter c = PNCounter.empty().increment(A, 1).decrement(A, 2).decrement(B, 1).prune(B, C);

        Mutation<PNCounter> m = c.incrementDelta(A, 1);

        assertThat(m.delta()).isEqualTo(PNCounter.of(GCounter.empty().increment(A, 2), GCounter.empty()));
    }

    @Test
    void countersShowTheirMarkersOnlyWhenPruned() {
        GCounter g = GCounter.empty().increment(A, 2).increment(B, 3);
        PNCounter pn = PNCounter.empty().increment(A, 2).decrement(B, 3);

        assertThat(g.toString()).doesNotContain("pruned");
        assertThat(g.prune(B, A).toString()).endsWith(" pruned [b→a 2+3])");
        assertThat(pn.toString()).doesNotContain("pruned");
        assertThat(pn.prune(B, A).toString()).endsWith(" pruned [b])");
    }
}
