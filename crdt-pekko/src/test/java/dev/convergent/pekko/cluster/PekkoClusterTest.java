package dev.convergent.pekko.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.HybridClock;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Crdt;
import dev.convergent.pekko.ConvergentReplicator;
import dev.convergent.pekko.CrdtKey;
import dev.convergent.pekko.ReplicatedCrdt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ddata.Replicator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Pekko cluster nodes in one JVM (127.0.0.1, OS-chosen ports) replicate every Convergent type through
 * Pekko's own Replicator: concurrent edits on every node at WriteLocal and WriteMajority, read back at
 * ReadMajority on every node and compared with a model of the writes; the typed API; a 10,000-element set
 * that takes one-element updates as deltas (bytes counted by the serializer); a partition that heals; and
 * a node that leaves, after which Pekko's pruning runs our prune: the node's id is gone everywhere, no removed
 * item comes back, no count is lost, and a stale state from before the pruning changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PekkoClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Replicator.WriteConsistency MAJORITY = new Replicator.WriteMajority(Duration.ofSeconds(5));
    private static final Replicator.ReadConsistency READ_MAJORITY = new Replicator.ReadMajority(Duration.ofSeconds(5));

    private static LoopbackCluster cluster;
    private static List<ConvergentReplicator> replicas;

    @BeforeAll
    static void startCluster() {
        CountingSerializer.COUNTS.reset();
        cluster = LoopbackCluster.start("Cart", 3, """
                pekko.actor.serializers.convergent = "dev.convergent.pekko.cluster.CountingSerializer"
                """, WAIT);
        replicas = new ArrayList<>();
        for (ActorSystem node : cluster.nodes()) {
            replicas.add(ConvergentReplicator.get(node).withAskTimeout(Duration.ofSeconds(10)));
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the Replicator did not answer in time: " + e, e);
        }
    }

    private static ReplicaId id(int node) {
        return replicas.get(node).self();
    }

    private static <T extends Crdt<T>> Optional<T> local(int node, CrdtKey<T> key) {
        return await(replicas.get(node).get(key, Replicator.readLocal()));
    }

    /** Waits until every node's local value satisfies {@code test}. */
    private static <T extends Crdt<T>> void awaitEverywhere(CrdtKey<T> key, String what,
            java.util.function.Predicate<T> test) {
        for (int i = 0; i < 3; i++) {
            int node = i;
            cluster.await(WAIT, what + " on node " + node, () -> local(node, key).filter(test).isPresent());
        }
    }

    private static <T extends Crdt<T>> T majorityEverywhere(CrdtKey<T> key) {
        T first = await(replicas.get(0).get(key, READ_MAJORITY)).orElseThrow();
        for (int node = 1; node < 3; node++) {
            assertThat(await(replicas.get(node).get(key, READ_MAJORITY))).as("ReadMajority on node %d", node)
                    .contains(first);
        }
        return first;
    }

    private static void cutEveryLink() {
        cluster.cut(0, 1);
        cluster.cut(0, 2);
        cluster.cut(1, 2);
    }

    private static void healEveryLink() {
        cluster.heal(0, 1);
        cluster.heal(0, 2);
        cluster.heal(1, 2);
    }

    @Test
    @Order(1)
    void concurrentEditsOfEveryTypeOnEveryNodeReadBackAtMajorityAsTheModelSays() {
        CrdtKey<ORMap<String, PNCounter>> cartKey = CrdtKey.create("cart");
        CrdtKey<ORSet<String>> setKey = CrdtKey.create("set");
        CrdtKey<GCounter> gKey = CrdtKey.create("views");
        CrdtKey<PNCounter> pnKey = CrdtKey.create("stock");
        CrdtKey<MVRegister<String>> mvKey = CrdtKey.create("address");
        CrdtKey<LWWMap<String, String>> lwwKey = CrdtKey.create("profile");
        CrdtKey<VersionVector> vvKey = CrdtKey.create("versions");
        ORMap<String, PNCounter> emptyCart = ORMap.empty(PNCounter.empty());

        // phase 1: every link cut, so the writes are truly concurrent; then healed
        cutEveryLink();
        List<LWWMap<String, String>> profiles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConvergentReplicator r = replicas.get(i);
            ReplicaId me = id(i);
            int n = i;
            HybridClock clock = HybridClock.system(Duration.ofMinutes(1));
            await(r.update(cartKey, emptyCart, c -> c.updateDelta(me, "item-" + n, q -> q.incrementDelta(me, n + 1)),
                    Replicator.writeLocal()));
            await(r.update(cartKey, emptyCart, c -> c.updateDelta(me, "shared", q -> q.incrementDelta(me, 1)),
                    Replicator.writeLocal()));
            await(r.update(setKey, ORSet.empty(), s -> s.addDelta(me, "e-" + n), Replicator.writeLocal()));
            await(r.update(setKey, ORSet.empty(), s -> s.addDelta(me, "common"), Replicator.writeLocal()));
            await(r.update(gKey, GCounter.empty(), g -> g.incrementDelta(me, 10L * (n + 1)), Replicator.writeLocal()));
            await(r.update(pnKey, PNCounter.empty(), p -> p.incrementDelta(me, 5), Replicator.writeLocal()));
            await(r.update(mvKey, MVRegister.empty(), m -> m.writeDelta(me, "street-" + n), Replicator.writeLocal()));
            profiles.add(await(r.update(lwwKey, LWWMap.empty(), m -> m.putDelta(me, "name", "name-" + n, clock),
                    Replicator.writeLocal())));
            await(r.update(vvKey, VersionVector.empty(), v -> v.incrementDelta(me), Replicator.writeLocal()));
            await(r.update(vvKey, VersionVector.empty(), v -> v.incrementDelta(me), Replicator.writeLocal()));
        }
        assertThat(local(0, mvKey).orElseThrow().values()).as("cut off: node 0 sees only its write")
                .containsExactly("street-0");
        healEveryLink();
        awaitEverywhere(setKey, "all adds", s -> s.elements().size() == 4);
        awaitEverywhere(mvKey, "three siblings", m -> m.siblingCount() == 3);

        // phase 2: connected, at WriteMajority, through the facade and through the classic API
        await(replicas.get(0).update(cartKey, emptyCart, c -> c.updateDelta(id(0), "shared",
                q -> q.decrementDelta(id(0), 1)), MAJORITY));
        await(replicas.get(1).update(pnKey, PNCounter.empty(), p -> p.decrementDelta(id(1), 2), MAJORITY));
        cutEveryLink(); // a remove and a concurrent re-add of "common": add wins
        await(replicas.get(0).update(setKey, ORSet.empty(), s -> s.removeDelta("common"), Replicator.writeLocal()));
        await(replicas.get(1).update(setKey, ORSet.empty(), s -> s.addDelta(id(1), "common"), Replicator.writeLocal()));
        await(replicas.get(2).update(setKey, ORSet.empty(), s -> s.removeDelta("e-2"), Replicator.writeLocal()));
        healEveryLink();
        ActorRef classic = org.apache.pekko.cluster.ddata.DistributedData.get(cluster.node(2)).replicator();
        ReplicaId two = id(2);
        classic.tell(new Replicator.Update<>(gKey, ReplicatedCrdt.of(GCounter.empty()), MAJORITY,
                ReplicatedCrdt.updating(g -> g.incrementDelta(two, 4))), ActorRef.noSender());

        awaitEverywhere(gKey, "the classic update", g -> g.value() == 64);
        awaitEverywhere(setKey, "the removes", s -> !s.contains("e-2"));
        awaitEverywhere(cartKey, "the decrement", c -> c.get("shared").map(PNCounter::value).orElse(0L) == 2);

        Map<String, Long> cart = new HashMap<>();
        majorityEverywhere(cartKey).entries().forEach((k, v) -> cart.put(k, v.value()));
        assertThat(cart).isEqualTo(Map.of("item-0", 1L, "item-1", 2L, "item-2", 3L, "shared", 2L));
        assertThat(majorityEverywhere(setKey).elements()).containsExactlyInAnyOrder("e-0", "e-1", "common");
        assertThat(majorityEverywhere(gKey).value()).isEqualTo(10 + 20 + 30 + 4);
        assertThat(majorityEverywhere(pnKey).value()).isEqualTo(15 - 2);
        assertThat(majorityEverywhere(mvKey).values()).containsExactlyInAnyOrder("street-0", "street-1", "street-2");
        LWWRegister<java.util.Optional<String>> latest = profiles.stream().map(p -> p.registers().get("name"))
                .max(Comparator.comparing((LWWRegister<Optional<String>> r) -> r.timestamp())
                        .thenComparing(LWWRegister::writer)).orElseThrow();
        assertThat(majorityEverywhere(lwwKey).get("name")).isEqualTo(latest.value());
        assertThat(majorityEverywhere(vvKey).entries()).isEqualTo(Map.of(id(0), 2L, id(1), 2L, id(2), 2L));
    }

    @Test
    @Order(2)
    void theTypedReplicatorApiTakesTheSameKeysWithoutCasts() {
        org.apache.pekko.actor.typed.ActorSystem<Void> typed = Adapter.toTyped(cluster.node(1));
        org.apache.pekko.actor.typed.ActorRef<org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.Command>
                replicator = org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData.get(typed).replicator();
        CrdtKey<ORSet<String>> key = CrdtKey.create("typed-set");
        ReplicaId me = id(1);
        org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.UpdateResponse<ReplicatedCrdt<ORSet<String>>> updated =
                await(AskPattern.ask(replicator, replyTo -> new org.apache.pekko.cluster.ddata.typed.javadsl.Replicator
                        .Update<>(key, ReplicatedCrdt.of(ORSet.<String>empty()),
                        org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.writeLocal(), replyTo,
                        ReplicatedCrdt.updating(s -> s.addDelta(me, "typed"))), Duration.ofSeconds(10),
                        typed.scheduler()));
        assertThat(updated).isInstanceOf(org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.UpdateSuccess.class);
        org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.GetResponse<ReplicatedCrdt<ORSet<String>>> got =
                await(AskPattern.ask(replicator, replyTo -> new org.apache.pekko.cluster.ddata.typed.javadsl.Replicator
                        .Get<>(key, org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.readLocal(), replyTo),
                        Duration.ofSeconds(10), typed.scheduler()));
        assertThat(got).isInstanceOf(org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.GetSuccess.class);
        ORSet<String> set = ((org.apache.pekko.cluster.ddata.typed.javadsl.Replicator.GetSuccess<
                ReplicatedCrdt<ORSet<String>>>) got).get(key).state();
        assertThat(set.elements()).containsExactly("typed");
        awaitEverywhere(key, "the typed write", s -> s.contains("typed"));
    }

    @Test
    @Order(3)
    void oneElementUpdatesOfALargeSetReplicateAsDeltasOfConstantSize() {
        CrdtKey<ORSet<String>> key = CrdtKey.create("big-set");
        ReplicaId me = id(0);
        await(replicas.get(0).update(key, ORSet.empty(), s -> {
            ORSet<String> state = s;
            for (int i = 0; i < 10_000; i++) {
                state = state.add(me, "el-" + i);
            }
            // built from the empty set, the new state is its own delta (joining 10,000 one-element deltas one
            // by one would cost O(n^2) inside the Replicator's update)
            return new dev.convergent.lattice.Mutation<>(state, state);
        }, MAJORITY));
        awaitEverywhere(key, "10,000 elements", s -> s.size() == 10_000);
        ORSet<String> full = local(0, key).orElseThrow();
        int fullBytes = new dev.convergent.pekko.ConvergentSerializer(dev.convergent.kryo.KryoCodec.create())
                .toBinary(ReplicatedCrdt.of(full)).length;
        cluster.await(WAIT, "gossip settled", () -> {
            long before = CountingSerializer.COUNTS.bytes.get();
            sleep(1_500);
            return CountingSerializer.COUNTS.bytes.get() - before < fullBytes / 4; // no full state in flight
        });

        int updates = 20;
        CountingSerializer.COUNTS.reset();
        long started = System.nanoTime();
        CountingSerializer.COUNTS.fullSize = fullBytes / 2;
        for (int u = 0; u < updates; u++) {
            String element = "new-" + u;
            await(replicas.get(0).update(key, ORSet.empty(), s -> s.addDelta(me, element), Replicator.writeLocal()));
            awaitEverywhere(key, element, s -> s.contains(element));
            sleep(500); // a cart's pace, not a loop's: gossip between updates finds equal digests
        }
        dev.convergent.pekko.ConvergentSerializer ours = new dev.convergent.pekko.ConvergentSerializer(
                dev.convergent.kryo.KryoCodec.create());
        ORSet<String> at0 = local(0, key).orElseThrow();
        for (int node = 1; node < 3; node++) {
            ORSet<String> other = local(node, key).orElseThrow();
            assertThat(other).isEqualTo(at0);
            assertThat(ours.toBinary(ReplicatedCrdt.of(other))).as("node %d's bytes, which Pekko digests", node)
                    .isEqualTo(ours.toBinary(ReplicatedCrdt.of(at0)));
        }
        long small = CountingSerializer.COUNTS.values.get() - CountingSerializer.COUNTS.largeValues.get();
        long smallBytes = CountingSerializer.COUNTS.bytes.get() - CountingSerializer.COUNTS.largeBytes.get();
        System.out.printf("10,000-element ORSet, full state %,d B: %d one-element updates wrote %,d values of"
                + " %,d B on average (the deltas, to 2 peers) and %d full states (Pekko's gossip, comparing digests"
                + " before a delta landed); %,d B more were serialized only for Pekko's"
                + " digests, never sent%n", fullBytes, updates, small, small == 0 ? 0 : smallBytes / small,
                CountingSerializer.COUNTS.largeValues.get(), CountingSerializer.COUNTS.digestBytes.get());
        assertThat(small).as("every update reached both peers as a delta").isGreaterThanOrEqualTo(2L * updates);
        assertThat(smallBytes / small).as("bytes per delta, O(delta), against a full state of %d B", fullBytes)
                .isLessThan(200);
        // Pekko's gossip (every 2 s per node) ships a full value whenever it compares digests in the instant
        // before a delta lands, at most twice per round (status and send-back): bounded by gossip rounds, not updates
        long rounds = 3 * (1 + (System.nanoTime() - started) / Duration.ofSeconds(2).toNanos());
        assertThat(CountingSerializer.COUNTS.largeValues.get())
                .as("full states, at most 2 per gossip round of %d", rounds)
                .isLessThanOrEqualTo(2 * rounds);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(4)
    void aPartitionedNodeKeepsWritingAndConvergesAfterTheHeal() {
        CrdtKey<GCounter> counterKey = CrdtKey.create("partition-counter");
        CrdtKey<ORSet<String>> setKey = CrdtKey.create("partition-set");
        cluster.cut(0, 2);
        cluster.cut(1, 2);
        await(replicas.get(0).update(counterKey, GCounter.empty(), g -> g.incrementDelta(id(0), 1),
                Replicator.writeLocal()));
        await(replicas.get(2).update(counterKey, GCounter.empty(), g -> g.incrementDelta(id(2), 2),
                Replicator.writeLocal()));
        await(replicas.get(0).update(setKey, ORSet.empty(), s -> s.addDelta(id(0), "left"), Replicator.writeLocal()));
        await(replicas.get(2).update(setKey, ORSet.empty(), s -> s.addDelta(id(2), "right"), Replicator.writeLocal()));
        cluster.await(WAIT, "node 1 sees the left side", () -> local(1, counterKey).map(GCounter::value)
                .orElse(0L) == 1);
        sleep(1_000);
        assertThat(local(2, counterKey).orElseThrow().value()).as("the cut-off side, still alone").isEqualTo(2);
        assertThat(local(2, setKey).orElseThrow().elements()).containsExactly("right");

        cluster.heal(0, 2);
        cluster.heal(1, 2);
        awaitEverywhere(counterKey, "the sum of both sides", g -> g.value() == 3);
        awaitEverywhere(setKey, "both sides' elements", s -> s.elements().equals(Set.of("left", "right")));
    }

    @Test
    @Order(5)
    void afterANodeLeavesPekkosPruningRemovesItsIdAndLosesNothing() {
        CrdtKey<ORSet<String>> setKey = CrdtKey.create("prune-set");
        CrdtKey<PNCounter> counterKey = CrdtKey.create("prune-counter");
        CrdtKey<ORMap<String, PNCounter>> cartKey = CrdtKey.create("prune-cart");
        CrdtKey<LWWMap<String, String>> lwwKey = CrdtKey.create("prune-lww");
        ReplicaId leaving = id(2);
        HybridClock clock = HybridClock.system(Duration.ofMinutes(1));
        ORMap<String, PNCounter> emptyCart = ORMap.empty(PNCounter.empty());

        await(replicas.get(2).update(setKey, ORSet.empty(), s -> s.addDelta(leaving, "x"), MAJORITY));
        await(replicas.get(2).update(setKey, ORSet.empty(), s -> s.addDelta(leaving, "y"), MAJORITY));
        await(replicas.get(0).update(setKey, ORSet.empty(), s -> s.addDelta(id(0), "z"), MAJORITY));
        await(replicas.get(2).update(counterKey, PNCounter.empty(), p -> p.incrementDelta(leaving, 7), MAJORITY));
        await(replicas.get(2).update(counterKey, PNCounter.empty(), p -> p.decrementDelta(leaving, 2), MAJORITY));
        await(replicas.get(0).update(counterKey, PNCounter.empty(), p -> p.incrementDelta(id(0), 1), MAJORITY));
        await(replicas.get(2).update(cartKey, emptyCart, c -> c.updateDelta(leaving, "pen",
                q -> q.incrementDelta(leaving, 3)), MAJORITY));
        await(replicas.get(2).update(lwwKey, LWWMap.empty(), m -> m.putDelta(leaving, "city", "Oslo", clock),
                MAJORITY));
        awaitEverywhere(setKey, "x, y, z", s -> s.size() == 3);
        await(replicas.get(0).update(setKey, ORSet.empty(), s -> s.removeDelta("x"), MAJORITY));
        awaitEverywhere(setKey, "x removed", s -> !s.contains("x"));
        awaitEverywhere(counterKey, "the counts", p -> p.value() == 6);
        awaitEverywhere(lwwKey, "the profile", m -> m.get("city").isPresent());
        ORSet<String> staleSet = local(1, setKey).orElseThrow();
        PNCounter staleCounter = local(1, counterKey).orElseThrow();
        assertThat(staleSet.replicaIds()).contains(leaving);

        Cluster leaver = Cluster.get(cluster.node(2));
        leaver.leave(leaver.selfAddress());
        for (int node = 0; node < 2; node++) {
            Cluster c = Cluster.get(cluster.node(node));
            cluster.await(WAIT, "node 2 removed as seen by node " + node, () -> {
                for (org.apache.pekko.cluster.Member m : c.state().getMembers()) {
                    if (m.address().equals(leaver.selfAddress())) {
                        return false;
                    }
                }
                return true;
            });
        }
        for (int node = 0; node < 2; node++) {
            int n = node;
            cluster.await(Duration.ofSeconds(60), "node 2's id pruned from every value on node " + n, () ->
                    local(n, setKey).orElseThrow().retiredReplicas().contains(leaving)
                            && !local(n, setKey).orElseThrow().replicaIds().contains(leaving)
                            && !local(n, counterKey).orElseThrow().replicaIds().contains(leaving)
                            && !local(n, cartKey).orElseThrow().replicaIds().contains(leaving));
        }
        for (int node = 0; node < 2; node++) {
            assertThat(local(node, setKey).orElseThrow().elements()).as("no removed item comes back")
                    .containsExactlyInAnyOrder("y", "z");
            assertThat(local(node, counterKey).orElseThrow().value()).as("no count lost").isEqualTo(6);
            assertThat(local(node, cartKey).orElseThrow().get("pen").orElseThrow().value()).isEqualTo(3);
            LWWMap<String, String> profile = local(node, lwwKey).orElseThrow();
            assertThat(profile.get("city")).as("LWW values are never pruned").contains("Oslo");
            assertThat(profile.registers().get("city").writer()).as("and keep their writer").isEqualTo(leaving);
        }

        // a stale state from before the pruning, merged in later, changes nothing
        ORSet<String> prunedSet = local(1, setKey).orElseThrow();
        PNCounter prunedCounter = local(1, counterKey).orElseThrow();
        await(replicas.get(1).update(setKey, ORSet.empty(), s -> new dev.convergent.lattice.Mutation<>(
                s.merge(staleSet), staleSet), Replicator.writeLocal()));
        await(replicas.get(1).update(counterKey, PNCounter.empty(), p -> new dev.convergent.lattice.Mutation<>(
                p.merge(staleCounter), staleCounter), Replicator.writeLocal()));
        sleep(1_000);
        for (int node = 0; node < 2; node++) {
            assertThat(local(node, setKey).orElseThrow()).isEqualTo(prunedSet);
            assertThat(local(node, counterKey).orElseThrow()).isEqualTo(prunedCounter);
            assertThat(local(node, setKey).orElseThrow().replicaIds()).doesNotContain(leaving);
        }
    }
}
