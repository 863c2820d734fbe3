package dev.convergent.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.HybridClock;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Mutation;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The wrapper's contract with Pekko: deltas, reset, equality, bottom, refused updates and merges, pruning hooks. */
class ReplicatedCrdtTest {

    private static final UniqueAddress NODE_A = node(2551, 11L);
    private static final UniqueAddress NODE_B = node(2552, 22L);
    private static final ReplicaId A = PekkoReplicaIds.of(NODE_A);
    private static final ReplicaId B = PekkoReplicaIds.of(NODE_B);

    static UniqueAddress node(int port, long uid) {
        return new UniqueAddress(new Address("pekko", "Cart", "127.0.0.1", port), uid);
    }

    @Test
    void updatesJoinTheirDeltasUntilResetAndEqualityIgnoresThem() {
        ReplicatedCrdt<ORSet<String>> start = ReplicatedCrdt.of(ORSet.<String>empty().add(B, "old"));
        ReplicatedCrdt<ORSet<String>> once = start.update(s -> s.addDelta(A, "socks"));
        ReplicatedCrdt<ORSet<String>> twice = once.update(s -> s.addDelta(A, "shoes"));

        ORSet<String> delta = twice.pendingDelta().orElseThrow();
        assertThat(delta.elements()).containsExactlyInAnyOrder("socks", "shoes");
        assertThat(twice.deltaData().orElseThrow().state()).isEqualTo(delta);
        assertThat(start.state().merge(delta)).isEqualTo(twice.state());

        ReplicatedCrdt<ORSet<String>> reset = twice.resetDelta();
        assertThat(reset.pendingDelta()).isEmpty();
        assertThat(reset.deltaData()).isEmpty();
        assertThat(reset).isEqualTo(twice).hasSameHashCodeAs(twice);
        assertThat(reset.resetDelta()).isSameAs(reset);
        assertThat(start.pendingDelta()).as("the receiver is untouched").isEmpty();
    }

    @Test
    void aDeltaMergedIntoZeroGivesTheDeltaAndZeroIsTheIdentityOfMerge() {
        ReplicatedCrdt<GCounter> counter = ReplicatedCrdt.of(GCounter.empty()).update(c -> c.incrementDelta(A, 5));
        ReplicatedCrdt<GCounter> delta = counter.deltaData().orElseThrow();
        @SuppressWarnings("unchecked")
        ReplicatedCrdt<GCounter> zero = (ReplicatedCrdt<GCounter>) delta.zero();

        assertThat(zero.isBottom()).isTrue();
        assertThat(zero.mergeDeltaData(delta).state().value()).isEqualTo(5);
        assertThat(counter.mergeData(zero)).isEqualTo(counter);
        assertThat(counter.mergeData(zero).pendingDelta()).as("a merged value has no pending delta").isEmpty();
        assertThatThrownBy(zero::state).isInstanceOf(IllegalStateException.class).hasMessageContaining("bottom");
        assertThatThrownBy(() -> zero.update(c -> c.incrementDelta(A, 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUpdateThatDoesNotInflateIsRefusedAndTheValueIsUnchanged() {
        ReplicatedCrdt<ORSet<String>> value = ReplicatedCrdt.of(ORSet.<String>empty().add(A, "socks"));

        assertThatThrownBy(() -> value.replace(s -> ORSet.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replace must return an inflation").hasMessageContaining("AFTER");
        assertThatThrownBy(() -> value.update(s -> new Mutation<>(ORSet.<String>empty().add(B, "x"),
                ORSet.<String>empty().add(B, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("update must return an inflation").hasMessageContaining("CONCURRENT");
        assertThatThrownBy(() -> value.update(s -> null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> value.update(s -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(value.state().elements()).containsExactly("socks");
        assertThat(value.pendingDelta()).isEmpty();
    }

    @Test
    void replaceKeepsNoDeltaSoTheReplicatorShipsTheFullState() {
        ReplicatedCrdt<ORSet<String>> value = ReplicatedCrdt.of(ORSet.<String>empty())
                .update(s -> s.addDelta(A, "a"))
                .replace(s -> s.add(A, "b"));
        assertThat(value.state().elements()).containsExactlyInAnyOrder("a", "b");
        assertThat(value.deltaData()).isEmpty();
    }

    @Test
    void mergesTheTypeRefusesBecomeIllegalArgumentSoTheReplicatorLogsAndDropsThem() {
        // replica A reused: dot (A,1) for two different elements
        ReplicatedCrdt<ORSet<String>> one = ReplicatedCrdt.of(ORSet.<String>empty().add(A, "x"));
        ReplicatedCrdt<ORSet<String>> other = ReplicatedCrdt.of(ORSet.<String>empty().add(A, "y"));
        assertThatThrownBy(() -> one.mergeData(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot merge ORSet states")
                .hasCauseInstanceOf(dev.convergent.crdt.ConflictingWriteException.class);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void twoTypesUnderOneKeyAreRefusedWithIllegalArgument() {
        ReplicatedCrdt set = ReplicatedCrdt.of(ORSet.<String>empty().add(A, "x"));
        ReplicatedCrdt counter = ReplicatedCrdt.of(GCounter.empty().increment(A, 1));
        assertThatThrownBy(() -> set.mergeData(counter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GCounter into a ORSet");
    }

    @Test
    void prunableTypesReportTheNodesTheyHoldAndPruneThemIntoTheCollapsingNode() {
        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .updateDelta(A, "pen", q -> q.incrementDelta(A, 2)).state()
                .updateDelta(B, "ink", q -> q.incrementDelta(B, 3)).state()
                .updateDelta(ReplicaId.of("phone"), "cap", q -> q.incrementDelta(ReplicaId.of("phone"), 1)).state();
        ReplicatedCrdt<ORMap<String, PNCounter>> value = ReplicatedCrdt.of(cart);

        Set<UniqueAddress> nodes = CollectionConverters.asJava(value.modifiedByNodes());
        assertThat(nodes).as("a user-chosen id is no node").containsExactlyInAnyOrder(NODE_A, NODE_B);
        assertThat(value.needPruningFrom(NODE_A)).isTrue();
        assertThat(value.needPruningFrom(node(2553, 33L))).isFalse();

        @SuppressWarnings("unchecked")
        ReplicatedCrdt<ORMap<String, PNCounter>> pruned = (ReplicatedCrdt<ORMap<String, PNCounter>>)
                value.prune(NODE_A, NODE_B);
        assertThat(pruned.state().replicaIds()).doesNotContain(A);
        assertThat(pruned.state().retiredReplicas()).containsExactly(A);
        assertThat(pruned.needPruningFrom(NODE_A)).isFalse();
        assertThat(pruned.state().get("pen").orElseThrow().value()).isEqualTo(2);
        assertThat(CollectionConverters.asJava(pruned.modifiedByNodes())).containsExactly(NODE_B);
        assertThat(pruned.prune(NODE_A, NODE_B)).as("idempotent").isEqualTo(pruned);
        assertThat(pruned.pruningCleanup(NODE_A)).isSameAs(pruned);

        // a stale state from before the pruning changes nothing once merged with the pruned one
        ReplicatedCrdt<ORMap<String, PNCounter>> stale = ReplicatedCrdt.of(cart.removeDelta("ink").state());
        assertThat(stale.pruningCleanup(NODE_A)).isSameAs(stale);
        ReplicatedCrdt<ORMap<String, PNCounter>> merged = pruned.mergeData(stale);
        assertThat(merged.state().replicaIds()).doesNotContain(A);
        assertThat(merged.state().containsKey("ink")).as("the stale remove still removes").isFalse();
        assertThat(merged.state().get("pen").orElseThrow().value()).isEqualTo(2);
    }

    @Test
    void aStateThatCannotBePrunedYetIsReturnedUnchangedInsteadOfThrowingIntoTheReplicator() {
        // B's writes have a gap here (B:2 without B:1): the successor B has not caught up with itself
        ORSet<String> seenByB = ORSet.<String>empty().add(B, "x").add(B, "y");
        ORSet<String> gap = ORSet.<String>empty().add(A, "a").merge(seenByB.removeDelta("x").delta())
                .merge(seenByB.addDelta(B, "z").delta());
        ReplicatedCrdt<ORSet<String>> value = ReplicatedCrdt.of(gap);
        assertThat(value.prune(NODE_A, NODE_B)).isSameAs(value);
    }

    @Test
    void theLwwTypesAndVersionVectorsReportNoNodeSoPekkoNeverPrunesThem() {
        HybridClock clock = HybridClock.system(java.time.Duration.ofMinutes(1));
        ReplicatedCrdt<LWWMap<String, String>> map = ReplicatedCrdt.of(LWWMap.<String, String>empty()
                .put(A, "name", "Ada", clock));
        ReplicatedCrdt<VersionVector> vv = ReplicatedCrdt.of(VersionVector.empty().increment(A));
        assertThat(map.modifiedByNodes().isEmpty()).isTrue();
        assertThat(map.needPruningFrom(NODE_A)).isFalse();
        assertThat(map.prune(NODE_A, NODE_B)).isSameAs(map);
        assertThat(vv.modifiedByNodes().isEmpty()).isTrue();
        assertThat(vv.needPruningFrom(NODE_A)).isFalse();
        assertThat(vv.prune(NODE_A, NODE_B)).isSameAs(vv);
    }

    @Test
    void nullsAreRejectedByName() {
        assertThatThrownBy(() -> ReplicatedCrdt.of(null)).hasMessage("state");
        assertThatThrownBy(() -> ReplicatedCrdt.updating(null)).hasMessage("mutator");
        assertThatThrownBy(() -> ReplicatedCrdt.of(GCounter.empty()).update(null)).hasMessage("mutator");
        assertThatThrownBy(() -> CrdtKey.create(null)).hasMessage("id");
        assertThatThrownBy(() -> CrdtKey.create("")).isInstanceOf(IllegalArgumentException.class);
    }
}
