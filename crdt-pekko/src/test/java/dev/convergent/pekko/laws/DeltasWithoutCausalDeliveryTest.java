package dev.convergent.pekko.laws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import dev.convergent.pekko.ConvergentSerializer;
import dev.convergent.pekko.PekkoReplicaIds;
import dev.convergent.pekko.ReplicatedCrdt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.DeltaReplicatedData;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.ReplicatedDelta;
import org.apache.pekko.cluster.ddata.RequiresCausalDeliveryOfDeltas;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;

/**
 * Why {@code ReplicatedCrdt}'s deltas need no {@code RequiresCausalDeliveryOfDeltas}: three nodes update as the
 * Replicator does (modify, take {@code deltaData()}, reset), every delta goes through the Pekko serializer, and
 * the deltas are delivered shuffled, duplicated and partly dropped. Delivered in any order with duplicates,
 * they alone bring every node to the join of all states; with drops, no node ever holds more than that join,
 * and one full-state exchange (Pekko's gossip) repairs the rest.
 */
class DeltasWithoutCausalDeliveryTest {

    private static final ConvergentSerializer SERIALIZER = PekkoValue.SERIALIZER;
    private static final String[] ITEMS = {"socks", "shoes", "hat", "scarf", "gloves"};

    record Shipped(int from, String manifest, byte[] bytes) {
    }

    @Property
    void orSetDeltasShuffledAndDuplicatedConvergeWithoutAnyFullState(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 60) int updates) {
        checkConvergence(ORSet.<String>empty(), seed, updates, 0.0, (r, s) -> orSetUpdate(r, s));
    }

    @Property
    void cartDeltasShuffledAndDuplicatedConvergeWithoutAnyFullState(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 60) int updates) {
        checkConvergence(ORMap.<String, PNCounter>empty(PNCounter.empty()), seed, updates, 0.0,
                (r, s) -> cartUpdate(r, s));
    }

    @Property
    void droppedDeltasNeverOvershootTheJoinAndOneFullStateExchangeRepairsThem(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 60) int updates) {
        checkConvergence(ORSet.<String>empty(), seed, updates, 0.3, (r, s) -> orSetUpdate(r, s));
        checkConvergence(ORMap.<String, PNCounter>empty(PNCounter.empty()), seed, updates, 0.3,
                (r, s) -> cartUpdate(r, s));
    }

    /**
     * The contrast, on Pekko's own ORSet: one node adds x then y; a peer that gets y's delta before x's (or
     * loses x's) never shows x again, not even after merging the full state, because y's delta told it it had
     * seen the node's first write. This is why Pekko marks those deltas RequiresCausalDeliveryOfDeltas.
     */
    @Example
    void pekkosOwnOrSetDeltasOutOfOrderLoseAnAddForGoodWhileOursKeepIt() {
        SelfUniqueAddress node = new SelfUniqueAddress(new UniqueAddress(new Address("pekko", "Cart", "h", 1), 1L));
        org.apache.pekko.cluster.ddata.ORSet<String> x = org.apache.pekko.cluster.ddata.ORSet.<String>create()
                .add(node, "x");
        org.apache.pekko.cluster.ddata.ORSet<String> xy = x.resetDelta().add(node, "y");
        ReplicatedDelta addX = x.delta().get();
        ReplicatedDelta addY = xy.delta().get();
        DeltaReplicatedData peer = org.apache.pekko.cluster.ddata.ORSet.<String>create();
        ReplicatedData reversed = ((DeltaReplicatedData) peer.mergeDelta(addY)).mergeDelta(addX);
        @SuppressWarnings("unchecked")
        org.apache.pekko.cluster.ddata.ORSet<String> repaired = ((org.apache.pekko.cluster.ddata.ORSet<String>)
                reversed).merge(xy.resetDelta());
        assertThat(addX).isInstanceOf(RequiresCausalDeliveryOfDeltas.class);
        assertThat(repaired.getElements()).as("Pekko: x is lost for good").containsExactly("y");

        ReplicaId id = PekkoReplicaIds.of(node);
        ReplicatedCrdt<ORSet<String>> oursX = ReplicatedCrdt.of(ORSet.<String>empty()).update(s -> s.addDelta(id, "x"));
        ReplicatedCrdt<ORSet<String>> oursXy = oursX.resetDelta().update(s -> s.addDelta(id, "y"));
        ReplicatedCrdt<ORSet<String>> ourPeer = ReplicatedCrdt.<ORSet<String>>bottom()
                .mergeDeltaData(oursXy.deltaData().orElseThrow())
                .mergeDeltaData(oursX.deltaData().orElseThrow());
        assertThat(oursX.deltaData().orElseThrow()).isNotInstanceOf(RequiresCausalDeliveryOfDeltas.class);
        assertThat(ourPeer.state().elements()).as("ours: both").containsExactlyInAnyOrder("x", "y");
    }

    private static BiFunction<ReplicaId, ORSet<String>, Mutation<ORSet<String>>> orSetUpdate(Random random,
            ReplicatedCrdt<ORSet<String>> current) {
        String item = ITEMS[random.nextInt(ITEMS.length)];
        boolean remove = random.nextInt(3) == 0 && current.state().contains(item);
        return (replica, s) -> remove ? s.removeDelta(item) : s.addDelta(replica, item);
    }

    private static BiFunction<ReplicaId, ORMap<String, PNCounter>, Mutation<ORMap<String, PNCounter>>> cartUpdate(
            Random random, ReplicatedCrdt<ORMap<String, PNCounter>> current) {
        String item = ITEMS[random.nextInt(ITEMS.length)];
        int kind = random.nextInt(4);
        long n = 1 + random.nextInt(3);
        if (kind == 0 && current.state().containsKey(item)) {
            return (replica, s) -> s.removeDelta(item);
        }
        return kind == 1
                ? (replica, s) -> s.updateDelta(replica, item, q -> q.decrementDelta(replica, n))
                : (replica, s) -> s.updateDelta(replica, item, q -> q.incrementDelta(replica, n));
    }

    private static <T extends Crdt<T>> void checkConvergence(T empty, long seed, int updates, double dropRate,
            BiFunction<Random, ReplicatedCrdt<T>, BiFunction<ReplicaId, T, Mutation<T>>> workload) {
        Random random = new Random(seed);
        int nodes = 3;
        List<ReplicaId> ids = List.of(ReplicaId.of("Cart@127.0.0.1:1#1"), ReplicaId.of("Cart@127.0.0.1:2#2"),
                ReplicaId.of("Cart@127.0.0.1:3#3"));
        List<ReplicatedCrdt<T>> state = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            state.add(ReplicatedCrdt.bottom());
        }
        List<Shipped> inFlight = new ArrayList<>();
        for (int u = 0; u < updates; u++) {
            int node = random.nextInt(nodes);
            ReplicatedCrdt<T> current = state.get(node).isBottom() ? ReplicatedCrdt.of(empty) : state.get(node);
            BiFunction<ReplicaId, T, Mutation<T>> op = workload.apply(random, current);
            ReplicatedCrdt<T> next = current.update(s -> op.apply(ids.get(node), s)); // the modify function
            ReplicatedCrdt<?> delta = next.deltaData().orElseThrow();
            state.set(node, next.resetDelta());
            inFlight.add(new Shipped(node, SERIALIZER.manifest(delta), SERIALIZER.toBinary(delta)));
            if (random.nextInt(4) == 0) { // some deltas arrive early, before later updates happen
                deliverSome(random, inFlight, state, dropRate);
            }
        }
        ReplicatedCrdt<T> joined = ReplicatedCrdt.bottom();
        for (ReplicatedCrdt<T> s : state) {
            joined = joined.mergeData(s);
        }
        ReplicatedCrdt<T> join = joined;
        while (!inFlight.isEmpty()) {
            deliverSome(random, inFlight, state, dropRate);
        }
        for (ReplicatedCrdt<T> s : state) {
            if (!s.isBottom()) {
                Causality c = s.state().compare(join.state());
                assertThat(c).as("a node never holds more than every update made").isIn(Causality.BEFORE,
                        Causality.EQUAL);
            }
        }
        if (dropRate == 0.0) {
            assertThat(state).as("deltas alone, shuffled and duplicated, converge every node").allSatisfy(
                    s -> assertThat(s).isEqualTo(join));
            return;
        }
        for (int i = 0; i < nodes; i++) { // one full-state exchange, as Pekko's gossip does
            for (int j = 0; j < nodes; j++) {
                state.set(i, state.get(i).mergeData(decode(encode(state.get(j)))));
            }
        }
        assertThat(state).allSatisfy(s -> assertThat(s).isEqualTo(state.get(0)));
        assertThat(state.get(0)).isEqualTo(join);
    }

    /** Delivers a random part of the in-flight deltas, shuffled, to random other nodes, with duplicates. */
    @SuppressWarnings("unchecked")
    private static <T extends Crdt<T>> void deliverSome(Random random, List<Shipped> inFlight,
            List<ReplicatedCrdt<T>> state, double dropRate) {
        Collections.shuffle(inFlight, random);
        int n = 1 + random.nextInt(inFlight.size());
        List<Shipped> batch = new ArrayList<>(inFlight.subList(0, n));
        inFlight.subList(0, n).clear();
        for (Shipped d : batch) {
            for (int to = 0; to < state.size(); to++) {
                if (to == d.from() || random.nextDouble() < dropRate) {
                    continue;
                }
                int copies = random.nextInt(5) == 0 ? 2 : 1; // duplicated
                for (int c = 0; c < copies; c++) {
                    ReplicatedCrdt<T> delta = (ReplicatedCrdt<T>) SERIALIZER.fromBinary(d.bytes(), d.manifest());
                    ReplicatedCrdt<T> target = state.get(to);
                    ReplicatedCrdt<T> receiver = target.isBottom() ? (ReplicatedCrdt<T>) delta.zero() : target;
                    state.set(to, receiver.mergeDeltaData(delta));
                }
            }
        }
    }

    private static Shipped encode(ReplicatedCrdt<?> value) {
        return new Shipped(-1, SERIALIZER.manifest(value), SERIALIZER.toBinary(value));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Crdt<T>> ReplicatedCrdt<T> decode(Shipped s) {
        return (ReplicatedCrdt<T>) SERIALIZER.fromBinary(s.bytes(), s.manifest());
    }
}
