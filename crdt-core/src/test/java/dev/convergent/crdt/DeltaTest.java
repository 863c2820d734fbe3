package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The delta mutators of every type: {@code old.merge(delta)} is the new state, the delta is below
 * it, deltas are idempotent and may arrive out of order, and a delta is O(1) however large the state.
 */
class DeltaTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");
    private static final ReplicaId D = ReplicaId.of("d");
    private static final int LARGE = 1_000;

    private final AtomicLong physicalTime = new AtomicLong(1_000);
    private final HybridClock clock = HybridClock.of(physicalTime::get, Duration.ofMillis(100));

    /**
     * Checks the delta laws of one mutation of {@code old}, and that the delta has the same effect
     * as the new state on {@code observer}, a replica that has seen {@code old} and done its own writes.
     */
    private static <T extends Crdt<T>> void assertDeltaLaws(T old, Mutation<T> mutation, T observer) {
        T state = mutation.state();
        T delta = mutation.delta();

        assertThat(old.merge(delta)).as("old.merge(delta) is the new state; delta %s", delta).isEqualTo(state);
        assertThat(delta.compare(state).isBeforeOrEqual()).as("delta %s is below state %s", delta, state).isTrue();
        assertThat(state.merge(delta)).as("the new state already holds its delta").isEqualTo(state);
        assertThat(old.merge(delta).merge(delta)).as("merging the delta twice changes nothing").isEqualTo(state);
        T seenOld = observer.merge(old);
        assertThat(seenOld.merge(delta)).as("delta %s on a concurrent replica", delta)
                .isEqualTo(seenOld.merge(state));
    }

    /** Applies the deltas to {@code stale} in every order and expects {@code source} each time. */
    @SafeVarargs
    private static <T extends Crdt<T>> void assertConvergesInEveryOrder(T stale, T source, T... deltas) {
        List<T> all = List.of(deltas);
        List<T> threeFirst = new ArrayList<>(all);
        threeFirst.add(0, threeFirst.remove(2));                          // e.g. delta 3, then 1, then 2
        assertThat(apply(stale, threeFirst)).as("deltas in order %s", threeFirst).isEqualTo(source);

        for (List<T> order : Permutations.of(all)) {
            assertThat(apply(stale, order)).as("deltas in order %s", order).isEqualTo(source);
        }
        List<T> duplicated = new ArrayList<>(all);
        duplicated.addAll(0, all);
        duplicated.add(all.get(0));
        assertThat(apply(stale, duplicated)).as("deltas delivered more than once").isEqualTo(source);
    }

    private static <T extends Crdt<T>> T apply(T replica, List<T> deltas) {
        T result = replica;
        for (T delta : deltas) {
            result = result.merge(delta);
        }
        return result;
    }

    /** The number of dots in a context: its vector's counters plus its cloud. */
    private static long dotCount(CausalContext context) {
        return context.versionVector().sum() + context.cloud().size();
    }

    private static List<ReplicaId> replicas(int n) {
        List<ReplicaId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(ReplicaId.of(String.format("r%04d", i)));
        }
        return ids;
    }

    // ---- VersionVector, GCounter, PNCounter ----

    @Test
    void versionVectorIncrementDelta() {
        VersionVector old = VersionVector.of(Map.of(A, 2L, B, 1L));
        VersionVector observer = VersionVector.of(Map.of(D, 1L));

        assertDeltaLaws(old, old.incrementDelta(A), observer);
        assertDeltaLaws(old, old.incrementDelta(C), observer);
        assertThat(old.incrementDelta(A).delta()).isEqualTo(VersionVector.of(Map.of(A, 3L)));

        Mutation<VersionVector> m1 = VersionVector.empty().incrementDelta(A);
        Mutation<VersionVector> m2 = m1.state().incrementDelta(A);
        Mutation<VersionVector> m3 = m2.state().incrementDelta(B);
        assertConvergesInEveryOrder(VersionVector.empty(), m3.state(), m1.delta(), m2.delta(), m3.delta());
    }

    @Test
    void gCounterIncrementDelta() {
        GCounter old = GCounter.of(Map.of(A, 5L, B, 3L));
        GCounter observer = GCounter.of(Map.of(D, 2L));

        assertDeltaLaws(old, old.incrementDelta(A, 4), observer);
        assertDeltaLaws(old, old.incrementDelta(C, 1), observer);
        assertDeltaLaws(old, old.incrementDelta(A, 0), observer);
        assertThat(old.incrementDelta(A, 4).delta()).isEqualTo(GCounter.of(Map.of(A, 9L)));

        Mutation<GCounter> m1 = GCounter.empty().incrementDelta(A, 2);
        Mutation<GCounter> m2 = m1.state().incrementDelta(A, 3);
        Mutation<GCounter> m3 = m2.state().incrementDelta(B, 1);
        assertConvergesInEveryOrder(GCounter.empty(), m3.state(), m1.delta(), m2.delta(), m3.delta());
        assertThat(m1.delta().merge(m3.delta()).merge(m2.delta()).value()).isEqualTo(6);
    }

    @Test
    void pnCounterIncrementDecrementAndAddDeltas() {
        PNCounter old = PNCounter.empty().increment(A, 5).decrement(B, 2);
        PNCounter observer = PNCounter.empty().increment(D, 1).decrement(D, 4);

        assertDeltaLaws(old, old.incrementDelta(A, 3), observer);
        assertDeltaLaws(old, old.decrementDelta(A, 4), observer);
        assertDeltaLaws(old, old.addDelta(B, 2), observer);
        assertDeltaLaws(old, old.addDelta(B, -6), observer);
        assertDeltaLaws(old, old.addDelta(C, 0), observer);
        assertThat(old.addDelta(B, -6).delta()).isEqualTo(PNCounter.of(GCounter.empty(), GCounter.of(Map.of(B, 8L))));

        Mutation<PNCounter> m1 = PNCounter.empty().incrementDelta(A, 10);
        Mutation<PNCounter> m2 = m1.state().decrementDelta(A, 3);
        Mutation<PNCounter> m3 = m2.state().addDelta(A, -2);
        Mutation<PNCounter> m4 = m3.state().addDelta(B, 4);
        assertConvergesInEveryOrder(PNCounter.empty(), m4.state(), m1.delta(), m2.delta(), m3.delta(), m4.delta());
        assertThat(m4.state().value()).isEqualTo(9);
    }

    // ---- LWWRegister ----

    @Test
    void lwwRegisterWriteDeltaWithAClock() {
        LWWRegister<String> old = LWWRegister.of(A, "x", HybridTimestamp.ofMillis(1_050));
        LWWRegister<String> observer = LWWRegister.of(D, "z", HybridTimestamp.ofMillis(900));

        Mutation<LWWRegister<String>> write = old.writeDelta(B, "y", clock);

        assertDeltaLaws(old, write, observer);
        assertThat(write.delta()).isEqualTo(write.state());
        assertThat(write.state().value()).isEqualTo("y");
    }

    @Test
    void lwwRegisterWriteDeltaWithATimestamp() {
        LWWRegister<String> old = LWWRegister.of(A, "x", HybridTimestamp.ofMillis(100));
        LWWRegister<String> observer = LWWRegister.of(D, "z", HybridTimestamp.ofMillis(150));

        assertDeltaLaws(old, old.writeDelta(B, "newer", HybridTimestamp.ofMillis(200)), observer);
        assertDeltaLaws(old, old.writeDelta(B, "older", HybridTimestamp.ofMillis(50)), observer);
        assertThat(old.writeDelta(B, "older", HybridTimestamp.ofMillis(50)).state()).isSameAs(old);

        Mutation<LWWRegister<String>> m1 = old.writeDelta(A, "1", clock);
        Mutation<LWWRegister<String>> m2 = m1.state().writeDelta(B, "2", clock);
        Mutation<LWWRegister<String>> m3 = m2.state().writeDelta(C, "3", HybridTimestamp.ofMillis(5_000));
        assertConvergesInEveryOrder(old, m3.state(), m1.delta(), m2.delta(), m3.delta());
    }

    // ---- ORSet ----

    @Test
    void orSetAddAndRemoveDeltas() {
        ORSet<String> old = ORSet.<String>empty().add(A, "milk").add(B, "eggs");
        ORSet<String> observer = old.add(D, "jam").remove("milk");

        assertDeltaLaws(old, old.addDelta(A, "bread"), observer);
        assertDeltaLaws(old, old.addDelta(C, "milk"), observer);
        assertDeltaLaws(old, old.removeDelta("eggs"), observer);
        assertDeltaLaws(old, old.removeDelta("absent"), observer);
        assertThat(old.removeDelta("absent").delta()).isEqualTo(ORSet.empty());
    }

    @Test
    void orSetDeltasOutOfOrderConverge() {
        Mutation<ORSet<String>> m1 = ORSet.<String>empty().addDelta(A, "milk");
        Mutation<ORSet<String>> m2 = m1.state().addDelta(A, "eggs");
        Mutation<ORSet<String>> m3 = m2.state().removeDelta("milk");
        Mutation<ORSet<String>> m4 = m3.state().addDelta(A, "bread");

        assertConvergesInEveryOrder(ORSet.empty(), m4.state(), m1.delta(), m2.delta(), m3.delta(), m4.delta());
        ORSet<String> withGap = apply(ORSet.<String>empty(), List.of(m4.delta(), m1.delta()));
        assertThat(withGap.context().cloud()).as("a:2 is missing, a:3 waits").containsExactly(Dot.of(A, 3));
        assertThat(withGap.merge(m2.delta()).context().isCompact()).isTrue();
    }

    @Test
    void orSetRemovedElementIsNotResurrectedByALateAddDelta() {
        ORSet<String> stale = ORSet.<String>empty().add(B, "eggs");
        Mutation<ORSet<String>> add = stale.addDelta(A, "milk");
        Mutation<ORSet<String>> remove = add.state().removeDelta("milk");

        ORSet<String> replica = stale.merge(remove.delta()).merge(add.delta());

        assertThat(replica.contains("milk")).isFalse();
        assertThat(replica).isEqualTo(remove.state());
    }

    // ---- MVRegister ----

    @Test
    void mvRegisterWriteDelta() {
        MVRegister<String> old = MVRegister.<String>empty().write(A, "x")
                .merge(MVRegister.<String>empty().write(B, "y"));
        MVRegister<String> observer = old.write(D, "w");

        Mutation<MVRegister<String>> write = old.writeDelta(C, "z");

        assertDeltaLaws(old, write, observer);
        assertDeltaLaws(old, old.writeDelta(A, "x2"), MVRegister.<String>empty().write(D, "w"));
        assertThat(write.delta().values()).containsExactly("z");
        assertThat(write.delta().context()).isEqualTo(CausalContext.ofDots(List.of(
                Dot.of(A, 1), Dot.of(B, 1), Dot.of(C, 1))));
    }

    @Test
    void mvRegisterDeltasOutOfOrderConvergeWithoutStaleSiblings() {
        Mutation<MVRegister<String>> m1 = MVRegister.<String>empty().writeDelta(A, "v1");
        Mutation<MVRegister<String>> m2 = m1.state().writeDelta(A, "v2");
        Mutation<MVRegister<String>> m3 = m2.state().writeDelta(B, "v3");

        assertConvergesInEveryOrder(MVRegister.empty(), m3.state(), m1.delta(), m2.delta(), m3.delta());
        MVRegister<String> replica = apply(MVRegister.empty(), List.of(m3.delta(), m1.delta(), m2.delta()));
        assertThat(replica.values()).containsExactly("v3");
    }

    // ---- ORMap ----

    @Test
    void orMapUpdateAndRemoveDeltas() {
        ORMap<String, PNCounter> old = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(A, "mouse", q -> q.increment(A, 1))
                .update(B, "pen", q -> q.increment(B, 3));
        ORMap<String, PNCounter> observer = old.update(D, "mouse", q -> q.increment(D, 2)).remove("pen");

        assertDeltaLaws(old, old.updateDelta(A, "ink", q -> q.incrementDelta(A, 2)), observer);
        assertDeltaLaws(old, old.updateDelta(A, "mouse", q -> q.decrementDelta(A, 1)), observer);
        assertDeltaLaws(old, old.updateDelta(B, "mouse", q -> q.addDelta(B, 5)), observer);
        assertDeltaLaws(old, old.removeDelta("mouse"), observer);
        assertDeltaLaws(old, old.removeDelta("absent"), observer);
        assertThat(old.removeDelta("absent").state()).isSameAs(old);
    }

    @Test
    void orMapDeltasOutOfOrderConverge() {
        ORMap<String, PNCounter> empty = ORMap.empty(PNCounter.empty());
        Mutation<ORMap<String, PNCounter>> m1 = empty.updateDelta(A, "mouse", q -> q.incrementDelta(A, 1));
        Mutation<ORMap<String, PNCounter>> m2 = m1.state().updateDelta(A, "pen", q -> q.incrementDelta(A, 2));
        Mutation<ORMap<String, PNCounter>> m3 = m2.state().removeDelta("mouse");
        Mutation<ORMap<String, PNCounter>> m4 = m3.state().updateDelta(A, "mouse", q -> q.incrementDelta(A, 5));

        assertConvergesInEveryOrder(empty, m4.state(), m1.delta(), m2.delta(), m3.delta(), m4.delta());
        assertThat(m4.state().get("mouse").orElseThrow().value()).as("1 hidden + 5").isEqualTo(6);
    }

    @Test
    void orMapRemovedKeyIsNotResurrectedByALateUpdateDelta() {
        ORMap<String, PNCounter> stale = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(B, "pen", q -> q.increment(B, 1));
        Mutation<ORMap<String, PNCounter>> update = stale.updateDelta(A, "mouse", q -> q.incrementDelta(A, 2));
        Mutation<ORMap<String, PNCounter>> remove = update.state().removeDelta("mouse");

        ORMap<String, PNCounter> replica = stale.merge(remove.delta()).merge(update.delta());

        assertThat(replica.containsKey("mouse")).isFalse();
        assertThat(replica).isEqualTo(remove.state());
    }

    @Test
    void nestedORMapUpdateDeltaCarriesOnlyTheInnerDelta() {
        ORMap<String, ORSet<String>> old = ORMap.<String, ORSet<String>>empty(ORSet.empty())
                .update(A, "gift", tags -> tags.add(A, "wrap").add(A, "card"));
        ORMap<String, ORSet<String>> observer = old.update(D, "gift", tags -> tags.remove("wrap"));

        Mutation<ORMap<String, ORSet<String>>> update = old.updateDelta(A, "gift", tags -> tags.addDelta(A, "ribbon"));

        assertDeltaLaws(old, update, observer);
        assertThat(update.delta().valueStates().get("gift").elements()).containsExactly("ribbon");
    }

    // ---- LWWMap ----

    @Test
    void lwwMapPutAndRemoveDeltas() {
        LWWMap<String, String> old = LWWMap.<String, String>empty()
                .putDelta(A, "name", "Ada", HybridTimestamp.ofMillis(500)).state()
                .putDelta(B, "city", "Paris", HybridTimestamp.ofMillis(600)).state();
        LWWMap<String, String> observer = old.putDelta(D, "name", "Bea", HybridTimestamp.ofMillis(700)).state();

        assertDeltaLaws(old, old.putDelta(A, "name", "Ada L.", clock), observer);
        assertDeltaLaws(old, old.removeDelta(A, "city", clock), observer);
        assertDeltaLaws(old, old.putDelta(A, "zip", "123", HybridTimestamp.ofMillis(800)), observer);
        assertDeltaLaws(old, old.putDelta(A, "name", "too old", HybridTimestamp.ofMillis(400)), observer);
        assertDeltaLaws(old, old.removeDelta(A, "name", HybridTimestamp.ofMillis(900)), observer);
        assertDeltaLaws(old, old.removeDelta(A, "city", HybridTimestamp.ofMillis(100)), observer);
    }

    @Test
    void lwwMapDeltasOutOfOrderConvergeAndATombstoneIsNotUndoneByALatePut() {
        LWWMap<String, String> empty = LWWMap.empty();
        Mutation<LWWMap<String, String>> m1 = empty.putDelta(A, "name", "Ada", clock);
        Mutation<LWWMap<String, String>> m2 = m1.state().putDelta(A, "city", "Paris", clock);
        Mutation<LWWMap<String, String>> m3 = m2.state().removeDelta(A, "name", clock);

        assertConvergesInEveryOrder(empty, m3.state(), m1.delta(), m2.delta(), m3.delta());
        assertThat(empty.merge(m3.delta()).merge(m1.delta()).get("name")).isEmpty();
    }

    // ---- EnableWinsFlag ----

    @Test
    void enableWinsFlagEnableAndDisableDeltas() {
        EnableWinsFlag old = EnableWinsFlag.disabled().enable(A);
        EnableWinsFlag observer = old.merge(EnableWinsFlag.disabled().enable(D)).disable().enable(D);

        assertDeltaLaws(old, old.enableDelta(A), observer);
        assertDeltaLaws(old, old.enableDelta(B), observer);
        assertDeltaLaws(old, old.disableDelta(), observer);
        assertDeltaLaws(EnableWinsFlag.disabled(), EnableWinsFlag.disabled().disableDelta(), observer);
        assertThat(EnableWinsFlag.disabled().disableDelta().delta()).isEqualTo(EnableWinsFlag.disabled());
    }

    @Test
    void enableWinsFlagDeltasOutOfOrderConvergeAndADisableIsNotUndoneByALateEnable() {
        Mutation<EnableWinsFlag> m1 = EnableWinsFlag.disabled().enableDelta(A);
        Mutation<EnableWinsFlag> m2 = m1.state().disableDelta();
        Mutation<EnableWinsFlag> m3 = m2.state().enableDelta(B);

        assertConvergesInEveryOrder(EnableWinsFlag.disabled(), m3.state(), m1.delta(), m2.delta(), m3.delta());
        EnableWinsFlag disabledFirst = EnableWinsFlag.disabled().merge(m2.delta()).merge(m1.delta());
        assertThat(disabledFirst.isEnabled()).isFalse();
        assertThat(disabledFirst).isEqualTo(m2.state());
    }

    // ---- Size: one change on a large state has an O(1) delta ----

    @Test
    void versionVectorAndCounterDeltasHaveOneEntryWhateverTheNumberOfReplicas() {
        Map<ReplicaId, Long> counts = new HashMap<>();
        replicas(LARGE).forEach(r -> counts.put(r, 7L));
        VersionVector vector = VersionVector.of(counts);
        GCounter counter = GCounter.of(counts);
        PNCounter pn = PNCounter.of(counter, counter);
        assertThat(vector.size()).isEqualTo(LARGE);

        assertThat(vector.incrementDelta(A).delta().size()).isEqualTo(1);
        assertThat(counter.incrementDelta(A, 3).delta().counts().size()).isEqualTo(1);
        assertThat(counter.incrementDelta(ReplicaId.of("r0500"), 3).delta().counts().entries())
                .isEqualTo(Map.of(ReplicaId.of("r0500"), 10L));
        PNCounter up = pn.incrementDelta(A, 1).delta();
        PNCounter down = pn.addDelta(ReplicaId.of("r0001"), -1).delta();
        assertThat(up.increments().counts().size()).isEqualTo(1);
        assertThat(up.decrements().counts().size()).isZero();
        assertThat(down.increments().counts().size()).isZero();
        assertThat(down.decrements().counts().size()).isEqualTo(1);
    }

    @Test
    void orSetAddDeltaOnAThousandElementsHasOneElementAndAtMostTwoDots() {
        ORSet<String> set = ORSet.empty();
        List<ReplicaId> writers = replicas(LARGE);
        for (int i = 0; i < LARGE; i++) {
            set = set.add(writers.get(i), "item" + i);
        }
        assertThat(set.size()).isEqualTo(LARGE);
        assertThat(set.context().versionVector().size()).isEqualTo(LARGE);

        ORSet<String> fresh = set.addDelta(A, "new").delta();
        ORSet<String> again = set.addDelta(A, "item500").delta();
        ORSet<String> removed = set.removeDelta("item7").delta();

        assertThat(fresh.size()).isEqualTo(1);
        assertThat(dotCount(fresh.context())).isEqualTo(1);
        assertThat(again.size()).isEqualTo(1);
        assertThat(dotCount(again.context())).as("the new dot and the one it replaces").isEqualTo(2);
        assertThat(removed.size()).isZero();
        assertThat(dotCount(removed.context())).isEqualTo(1);
    }

    @Test
    void mvRegisterWriteDeltaAfterAThousandWritersHasOneSiblingAndAtMostTwoDots() {
        MVRegister<Integer> register = MVRegister.empty();
        List<ReplicaId> writers = replicas(LARGE);
        for (int i = 0; i < LARGE; i++) {
            register = register.write(writers.get(i), i);
        }
        assertThat(register.context().versionVector().size()).isEqualTo(LARGE);

        MVRegister<Integer> delta = register.writeDelta(A, -1).delta();

        assertThat(delta.siblingCount()).isEqualTo(1);
        assertThat(dotCount(delta.context())).isEqualTo(2);
    }

    @Test
    void orMapUpdateDeltaOnAThousandKeysHasOneKeyOneValueAndAtMostTwoDots() {
        ORMap<String, PNCounter> cart = ORMap.empty(PNCounter.empty());
        List<ReplicaId> writers = replicas(LARGE);
        for (int i = 0; i < LARGE; i++) {
            ReplicaId writer = writers.get(i);
            cart = cart.update(writer, "item" + i, q -> q.increment(writer, 1));
        }
        assertThat(cart.size()).isEqualTo(LARGE);

        ORMap<String, PNCounter> fresh = cart.updateDelta(A, "new", q -> q.incrementDelta(A, 1)).delta();
        ORMap<String, PNCounter> again = cart.updateDelta(A, "item9", q -> q.incrementDelta(A, 1)).delta();
        ORMap<String, PNCounter> removed = cart.removeDelta("item9").delta();

        assertThat(fresh.keys()).containsExactly("new");
        assertThat(fresh.valueStates()).hasSize(1);
        assertThat(dotCount(fresh.context())).isEqualTo(1);
        assertThat(again.keys()).containsExactly("item9");
        assertThat(again.valueStates()).hasSize(1);
        assertThat(again.valueStates().get("item9").increments().counts().size()).isEqualTo(1);
        assertThat(dotCount(again.context())).isEqualTo(2);
        assertThat(removed.keys()).isEmpty();
        assertThat(removed.valueStates()).isEmpty();
        assertThat(dotCount(removed.context())).isEqualTo(1);
    }

    @Test
    void lwwMapPutDeltaOnAThousandKeysHasOneRegister() {
        LWWMap<String, Integer> map = LWWMap.empty();
        for (int i = 0; i < LARGE; i++) {
            map = map.putDelta(A, "key" + i, i, HybridTimestamp.ofMillis(i)).state();
        }
        assertThat(map.registers()).hasSize(LARGE);

        assertThat(map.putDelta(B, "key1", -1, clock).delta().registers()).containsOnlyKeys("key1");
        assertThat(map.putDelta(B, "new", -1, clock).delta().registers()).containsOnlyKeys("new");
        assertThat(map.removeDelta(B, "key2", clock).delta().registers()).containsOnlyKeys("key2");
    }

    @Test
    void enableDeltaAfterAThousandReplicasHasAtMostTwoDots() {
        EnableWinsFlag flag = EnableWinsFlag.disabled();
        for (ReplicaId r : replicas(LARGE)) {
            flag = flag.enable(r);
        }
        assertThat(flag.context().versionVector().size()).isEqualTo(LARGE);

        assertThat(dotCount(flag.enableDelta(A).delta().context())).isEqualTo(2);
        assertThat(dotCount(flag.disableDelta().delta().context())).isEqualTo(1);
        assertThat(flag.enableDelta(A).delta().enables()).containsExactly(Dot.of(A, 1));
    }

    // ---- Delta groups ----

    @Test
    void deltasJoinIntoAGroupThatHasTheEffectOfAllOfThem() {
        Mutation<ORSet<String>> m1 = ORSet.<String>empty().addDelta(A, "milk");
        Mutation<ORSet<String>> m2 = m1.state().addDelta(A, "eggs");
        Mutation<ORSet<String>> m3 = m2.state().removeDelta("milk");

        ORSet<String> group = m3.delta().merge(m1.delta()).merge(m2.delta());

        assertThat(ORSet.<String>empty().merge(group)).isEqualTo(m3.state());
        assertThat(group.elements()).containsExactly("eggs");
        assertThat(group.context()).isEqualTo(CausalContext.of(VersionVector.of(Map.of(A, 2L))));
    }
}
