package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dot kernel's pruning and diff at their edges, through {@link ORSet}: a key whose dots are only
 * partly renamed keeps the others, renaming may use the successor's very last dot, states with
 * markers neither has all of are concurrent, and a diff ships cloud dots live or removed.
 */
class DotKernelPruneAndDiffTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    @Test
    void pruningRenamesTheRetiredDotsOfAKeyAndKeepsItsOtherDots() {
        ORSet<String> both = ORSet.<String>empty().add(A, "x").merge(ORSet.<String>empty().add(B, "x"));

        ORSet<String> pruned = both.prune(B, A);

        assertThat(pruned.dots("x")).containsExactlyInAnyOrder(Dot.of(A, 1), Dot.of(A, 2));
        assertThat(pruned.context()).isEqualTo(CausalContext.of(VersionVector.of(Map.of(A, 2L))));
    }

    @Test
    void renamingMayEndOnTheSuccessorsLastPossibleDot() {
        long base = Long.MAX_VALUE - 3;
        CausalContext seen = CausalContext.of(VersionVector.of(Map.of(A, base, B, 3L)));
        ORSet<String> s = ORSet.of(Map.of("x", Set.of(Dot.of(B, 3))), seen);

        ORSet<String> pruned = s.prune(B, A);

        assertThat(pruned.dots("x")).containsExactly(Dot.of(A, Long.MAX_VALUE));
        assertThat(pruned.prunings()).containsExactly(new Pruning(B, A, base, 3));
    }

    @Test
    void setsWithMarkersNeitherHasAllOfAreConcurrent() {
        ORSet<String> start = ORSet.<String>empty().add(A, "x").add(B, "y").add(C, "z");
        ORSet<String> prunedB = start.prune(B, A);
        ORSet<String> prunedC = start.prune(C, A);

        assertThat(prunedB.compare(prunedC)).isEqualTo(Causality.CONCURRENT);
        assertThat(prunedC.compare(prunedB)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void aDiffShipsALiveCloudDotThePeerHasNotSeen() {
        Dot a3 = Dot.of(A, 3);
        ORSet<String> s = ORSet.of(Map.of("x", Set.of(a3)), CausalContext.ofDots(List.of(a3)));

        ORSet<String> delta = s.diff(CausalContext.empty());

        assertThat(delta).isEqualTo(s);
        assertThat(delta.context().contains(a3)).isTrue();
    }

    @Test
    void aDiffShipsARemovedCloudDotThePeerStillHoldsLive() {
        Dot a3 = Dot.of(A, 3);
        ORSet<String> peer = ORSet.of(Map.of("x", Set.of(a3)), CausalContext.ofDots(List.of(a3)));
        ORSet<String> removed = peer.remove("x");

        ORSet<String> delta = removed.diff(peer.context());

        assertThat(delta.context().contains(a3)).isTrue();
        assertThat(peer.merge(delta)).isEqualTo(peer.merge(removed));
        assertThat(peer.merge(delta).contains("x")).isFalse();
    }

    @Test
    void aStateThatRemovedAKeyIsAfterTheStateThatStillHoldsIt() {
        ORSet<String> holds = ORSet.<String>empty().add(A, "x").add(B, "y");
        ORSet<String> removed = holds.remove("x");

        assertThat(holds.compare(removed)).isEqualTo(Causality.BEFORE);
        assertThat(removed.compare(holds)).isEqualTo(Causality.AFTER);
    }
}
