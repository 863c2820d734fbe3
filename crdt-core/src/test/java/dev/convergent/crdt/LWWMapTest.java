package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A user profile: field to value, the latest write wins. */
class LWWMapTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final Duration MAX_DRIFT = Duration.ofMillis(100);

    private final AtomicLong timeAtA = new AtomicLong(1_000);
    private final AtomicLong timeAtB = new AtomicLong(1_000);
    private final HybridClock clockA = HybridClock.of(timeAtA::get, MAX_DRIFT);
    private final HybridClock clockB = HybridClock.of(timeAtB::get, MAX_DRIFT);

    private static final LWWMap<String, String> EMPTY = LWWMap.empty();

    private static HybridTimestamp at(long millis) {
        return HybridTimestamp.ofMillis(millis);
    }

    // ---- Put and remove with a hybrid clock ----

    @Test
    void putThenGetWithTheClocksTimestamp() {
        LWWMap<String, String> profile = EMPTY.put(A, "name", "Ada", clockA);

        assertThat(profile.get("name")).contains("Ada");
        assertThat(profile.get("city")).isEmpty();
        assertThat(profile.entries()).isEqualTo(Map.of("name", "Ada"));
        assertThat(profile.keys()).containsExactly("name");
        assertThat(profile.registers().get("name")).isEqualTo(LWWRegister.of(A, Optional.of("Ada"), at(1_000)));
        assertThat(EMPTY.get("name")).as("the receiver is unchanged").isEmpty();
        assertThat(EMPTY.compare(profile)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void removeWritesATombstone() {
        LWWMap<String, String> profile = EMPTY.put(A, "name", "Ada", clockA).put(A, "city", "London", clockA);

        LWWMap<String, String> removed = profile.remove(A, "city", clockA);

        assertThat(removed.get("city")).isEmpty();
        assertThat(removed.entries()).isEqualTo(Map.of("name", "Ada"));
        assertThat(removed.keys()).containsExactly("name");
        assertThat(removed.registers()).containsOnlyKeys("name", "city");
        assertThat(removed.registers().get("city").value()).isEmpty();
        assertThat(removed.registers().get("city").timestamp()).isEqualTo(HybridTimestamp.of(1_000, 2));
        assertThat(profile.get("city")).contains("London");
        assertThat(profile.compare(removed)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void laterWriteWinsOnEveryReplica() {
        LWWMap<String, String> atA = EMPTY.put(A, "name", "Ada", clockA);
        timeAtB.set(1_050);
        LWWMap<String, String> atB = EMPTY.put(B, "name", "Ada Lovelace", clockB);

        assertThat(atA.merge(atB).get("name")).contains("Ada Lovelace");
        assertThat(atB.merge(atA).get("name")).contains("Ada Lovelace");
        assertThat(atA.merge(atB)).isEqualTo(atB.merge(atA)).isEqualTo(atB);
        assertThat(atA.compare(atB)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void putAfterSeeingAWriteWinsEvenWhenTheLocalClockIsBehind() {
        timeAtB.set(1_090);
        LWWMap<String, String> atB = EMPTY.put(B, "name", "from b", clockB);
        timeAtA.set(1_000);                                           // A's wall clock is 90 ms behind

        LWWMap<String, String> atA = atB.put(A, "name", "from a", clockA);

        assertThat(atA.get("name")).contains("from a");
        assertThat(atA.registers().get("name").timestamp()).isEqualTo(HybridTimestamp.of(1_090, 1));
        assertThat(atB.merge(atA).get("name")).contains("from a");
    }

    @Test
    void removeBeatsAnOlderPutThatArrivesLate() {
        LWWMap<String, String> synced = EMPTY.put(A, "city", "London", clockA);
        LWWMap<String, String> olderPut = synced.put(A, "city", "Paris", clockA);    // 1000.1, delayed in transit
        timeAtB.set(1_020);
        LWWMap<String, String> removed = synced.remove(B, "city", clockB);     // 1020.0

        LWWMap<String, String> atB = removed.merge(olderPut);
        LWWMap<String, String> atA = olderPut.merge(removed);

        assertThat(atB.get("city")).as("the tombstone is newer").isEmpty();
        assertThat(atA).isEqualTo(atB);
        assertThat(atB.entries()).isEmpty();
        assertThat(olderPut.compare(removed)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void putNewerThanATombstoneBringsTheKeyBack() {
        LWWMap<String, String> removed = EMPTY.put(A, "city", "London", clockA).remove(A, "city", clockA);
        timeAtB.set(1_500);

        LWWMap<String, String> putAgain = EMPTY.put(B, "city", "Paris", clockB);

        assertThat(removed.merge(putAgain).get("city")).contains("Paris");
        assertThat(putAgain.merge(removed).get("city")).contains("Paris");
    }

    @Test
    void equalTimestampsAreBrokenByReplicaId() {
        HybridTimestamp sameInstant = HybridTimestamp.of(2_000, 3);
        LWWMap<String, String> fromA = EMPTY.putDelta(A, "name", "from a", sameInstant).state();
        LWWMap<String, String> fromB = EMPTY.putDelta(B, "name", "from b", sameInstant).state();
        LWWMap<String, String> removedByA = EMPTY.removeDelta(A, "name", sameInstant).state();

        assertThat(fromA.merge(fromB).get("name")).as("the higher replica id wins").contains("from b");
        assertThat(fromB.merge(fromA)).isEqualTo(fromA.merge(fromB));
        assertThat(fromB.merge(removedByA).get("name")).contains("from b");
        assertThat(removedByA.merge(fromB)).isEqualTo(fromB);
    }

    @Test
    void explicitTimestampOlderThanTheKeysWriteLoses() {
        LWWMap<String, String> profile = EMPTY.putDelta(A, "name", "new", at(500)).state();

        LWWMap<String, String> afterOld = profile.putDelta(B, "name", "old", at(400)).state();
        LWWMap<String, String> afterOldRemove = profile.removeDelta(B, "name", at(400)).state();

        assertThat(afterOld).isSameAs(profile);
        assertThat(afterOldRemove).isSameAs(profile);
        assertThat(afterOld.get("name")).contains("new");
    }

    // ---- Clock drift ----

    @Test
    void putOnAKeyWrittenTooFarInTheFutureThrowsClockDrift() {
        LWWMap<String, String> fromTheFuture = EMPTY.putDelta(B, "name", "future", at(60_000)).state();
        HybridTimestamp clockBefore = clockA.now();

        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> fromTheFuture.put(A, "name", "now", clockA))
                .withMessageContaining("60000.0")
                .withMessageContaining("100 ms");
        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> fromTheFuture.remove(A, "name", clockA));
        assertThat(clockA.last()).as("the clock did not move").isEqualTo(clockBefore);
        assertThat(fromTheFuture.get("name")).contains("future");
        assertThat(fromTheFuture.put(A, "city", "London", clockA).get("city")).as("other keys are writable")
                .contains("London");
    }

    @Test
    void putOnAKeyWrittenWithinTheDriftBoundIsAccepted() {
        LWWMap<String, String> slightlyAhead = EMPTY.putDelta(B, "name", "b", at(1_100)).state();

        LWWMap<String, String> written = slightlyAhead.put(A, "name", "a", clockA);

        assertThat(written.get("name")).contains("a");
        assertThat(written.registers().get("name").timestamp()).isEqualTo(HybridTimestamp.of(1_100, 1));
    }

    // ---- Merge, compare, equality ----

    @Test
    void mergeIsCommutativeAssociativeAndIdempotentOnExamples() {
        LWWMap<String, String> x = EMPTY.putDelta(A, "name", "Ada", at(100)).state();
        LWWMap<String, String> y = EMPTY.putDelta(B, "city", "Paris", at(200)).state();
        LWWMap<String, String> z = EMPTY.removeDelta(B, "name", at(300)).state();

        for (List<LWWMap<String, String>> order : Permutations.of(List.of(x, y, z))) {
            LWWMap<String, String> merged = EMPTY;
            for (LWWMap<String, String> state : order) {
                merged = merged.merge(state);
            }
            assertThat(merged.entries()).as("merge order %s", order).isEqualTo(Map.of("city", "Paris"));
        }
        assertThat(x.merge(y.merge(z))).isEqualTo(x.merge(y).merge(z));
        assertThat(y.merge(y)).isSameAs(y);
        assertThat(x.merge(EMPTY)).isSameAs(x);
        assertThat(EMPTY.merge(x)).isSameAs(x);
    }

    @Test
    void compareIsPointwise() {
        LWWMap<String, String> x = EMPTY.putDelta(A, "name", "Ada", at(100)).state();
        LWWMap<String, String> newerName = x.putDelta(B, "name", "Bea", at(200)).state();
        LWWMap<String, String> withCity = x.putDelta(B, "city", "Paris", at(150)).state();

        assertThat(x.compare(newerName)).isEqualTo(Causality.BEFORE);
        assertThat(newerName.compare(x)).isEqualTo(Causality.AFTER);
        assertThat(x.compare(withCity)).isEqualTo(Causality.BEFORE);
        assertThat(newerName.compare(withCity)).isEqualTo(Causality.CONCURRENT);
        assertThat(x.compare(EMPTY.putDelta(A, "name", "Ada", at(100)).state())).isEqualTo(Causality.EQUAL);
        assertThat(EMPTY.compare(EMPTY)).isEqualTo(Causality.EQUAL);
    }

    @Test
    void sameWriterAndTimestampWithDifferentValuesIsAConflictingWrite() {
        LWWMap<String, String> first = EMPTY.putDelta(A, "name", "first", at(300)).state();
        LWWMap<String, String> second = EMPTY.putDelta(A, "name", "second", at(300)).state();

        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> first.merge(second))
                .withMessageContaining("first").withMessageContaining("second");
        assertThatExceptionOfType(ConflictingWriteException.class)
                .isThrownBy(() -> first.putDelta(A, "name", "second", at(300)));
        assertThatExceptionOfType(ConflictingWriteException.class)
                .isThrownBy(() -> first.removeDelta(A, "name", at(300)));
        assertThat(first.compare(second)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void equalMapsBuiltDifferentlyAreEqual() {
        LWWMap<String, String> byWrites = EMPTY.putDelta(A, "name", "Ada", at(100)).state()
                .removeDelta(B, "city", at(200)).state();
        LWWMap<String, String> byOf = LWWMap.of(Map.of(
                "name", LWWRegister.of(A, Optional.of("Ada"), at(100)),
                "city", LWWRegister.of(B, Optional.empty(), at(200))));

        assertThat(byWrites).isEqualTo(byOf);
        assertThat(byWrites.hashCode()).isEqualTo(byOf.hashCode());
        assertThat(byWrites).isNotEqualTo(EMPTY.putDelta(A, "name", "Ada", at(100)).state());
        assertThat(LWWMap.<String, String>of(Map.of())).isSameAs(LWWMap.empty());
    }

    @Test
    void viewsAreUnmodifiableAndOfCopiesItsInput() {
        Map<String, LWWRegister<Optional<String>>> input = new HashMap<>();
        input.put("name", LWWRegister.of(A, Optional.of("Ada"), at(100)));
        LWWMap<String, String> profile = LWWMap.of(input);

        input.put("city", LWWRegister.of(A, Optional.of("Paris"), at(100)));

        assertThat(profile.keys()).containsExactly("name");
        assertThatThrownBy(() -> profile.entries().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> profile.keys().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> profile.registers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsEveryKeysLatestWrite() {
        LWWMap<String, String> profile = EMPTY.putDelta(A, "name", "Ada", at(5)).state()
                .removeDelta(B, "city", at(7)).state();

        assertThat(profile.toString()).isEqualTo("LWWMap{city=(removed) @7.0 by b, name=Ada @5.0 by a}");
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        LWWMap<String, String> profile = EMPTY.put(A, "name", "Ada", clockA);
        Map<String, LWWRegister<Optional<String>>> nullRegister = new HashMap<>();
        nullRegister.put("name", null);

        assertThatNullPointerException().isThrownBy(() -> profile.put(null, "k", "v", clockA)).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> profile.put(A, null, "v", clockA)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> profile.put(A, "k", null, clockA)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> profile.put(A, "k", "v", (HybridClock) null))
                .withMessage("clock");
        assertThatNullPointerException().isThrownBy(() -> profile.remove(null, "k", clockA)).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> profile.remove(A, null, clockA)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> profile.remove(A, "k", (HybridClock) null))
                .withMessage("clock");
        assertThatNullPointerException().isThrownBy(() -> profile.putDelta(A, null, "v", at(1))).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> profile.get(null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> profile.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> profile.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> LWWMap.of(null)).withMessage("registers");
        assertThatNullPointerException().isThrownBy(() -> LWWMap.of(nullRegister))
                .withMessageContaining("null register");
        assertThat(profile.get("name")).contains("Ada");
    }

    @Test
    void putAndRemoveWithExplicitTimestampsReturnTheState() {
        dev.convergent.clock.ReplicaId w = dev.convergent.clock.ReplicaId.of("writer");
        LWWMap<String, String> put = LWWMap.<String, String>empty()
                .put(w, "city", "Lyon", dev.convergent.clock.HybridTimestamp.ofMillis(10));
        LWWMap<String, String> removed = put.remove(w, "city", dev.convergent.clock.HybridTimestamp.ofMillis(20));
        LWWMap<String, String> stale =
                removed.put(w, "city", "Oslo", dev.convergent.clock.HybridTimestamp.ofMillis(15));

        assertThat(put.get("city")).contains("Lyon");
        assertThat(removed.get("city")).isEmpty();
        assertThat(stale).isEqualTo(removed);
    }

    // ---- Diff by timestamp and overwrite of a new key ----

    @Test
    void diffShipsTheWritesAfterThePeersMarkTombstonesIncluded() {
        LWWMap<String, String> m = EMPTY.put(A, "name", "Ada", at(100)).put(B, "city", "Paris", at(200))
                .remove(A, "name", at(300));

        assertThat(m.diff(at(50))).isSameAs(m);
        assertThat(m.diff(at(250))).isEqualTo(EMPTY.remove(A, "name", at(300)));
        assertThat(m.diff(at(150)).registers()).containsOnlyKeys("name", "city");
        assertThat(m.diff(at(300))).isEqualTo(EMPTY);
        assertThat(EMPTY.put(A, "name", "Ada", at(100)).merge(m.diff(at(100)))).isEqualTo(m);
    }

    @Test
    void overwriteOfAKeyNeverWrittenWritesAtTheClocksTime() {
        Mutation<LWWMap<String, String>> m = EMPTY.overwriteDelta(A, "name", "Ada", clockA);

        assertThat(m.state().get("name")).contains("Ada");
        assertThat(m.state().registers().get("name").timestamp()).isEqualTo(HybridTimestamp.of(1_000, 0));
        assertThat(m.delta()).isEqualTo(m.state());
        assertThat(EMPTY.overwrite(B, "name", "Bob", clockB).get("name")).contains("Bob");
    }
}
