package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LWWRegisterTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    private static final LWWRegister<String> X_AT_100 = LWWRegister.of(A, "X", HybridTimestamp.ofMillis(100));
    private static final LWWRegister<String> Y_AT_200 = LWWRegister.of(B, "Y", HybridTimestamp.ofMillis(200));
    private static final LWWRegister<String> Z_AT_150 = LWWRegister.of(C, "Z", HybridTimestamp.ofMillis(150));

    private static LWWRegister<String> mergeAll(List<LWWRegister<String>> states) {
        LWWRegister<String> result = states.get(0);
        for (LWWRegister<String> state : states.subList(1, states.size())) {
            result = result.merge(state);
        }
        return result;
    }

    // ---- Scenarios ----

    @Test
    void latestOfThreeWritesWinsInEveryMergeOrder() {
        List<List<LWWRegister<String>>> orders = Permutations.of(List.of(X_AT_100, Y_AT_200, Z_AT_150));
        assertThat(orders).hasSize(6);

        for (List<LWWRegister<String>> order : orders) {
            LWWRegister<String> merged = mergeAll(order);

            assertThat(merged.value()).as("merge order %s", order).isEqualTo("Y");
            assertThat(merged.timestamp()).isEqualTo(HybridTimestamp.ofMillis(200));
            assertThat(merged.writer()).isEqualTo(B);
        }
    }

    @Test
    void latestWriteWinsWhenStatesArriveMoreThanOnce() {
        for (List<LWWRegister<String>> order : Permutations.of(List.of(X_AT_100, Y_AT_200, Z_AT_150))) {
            List<LWWRegister<String>> withDuplicates = new ArrayList<>(order);
            withDuplicates.addAll(order);
            withDuplicates.add(order.get(0));

            assertThat(mergeAll(withDuplicates).value()).as("merge order %s", withDuplicates).isEqualTo("Y");
        }
    }

    @Test
    void equalTimestampsAreBrokenByReplicaIdTheSameWayOnEveryReplica() {
        HybridTimestamp sameInstant = HybridTimestamp.of(500, 2);
        LWWRegister<String> fromA = LWWRegister.of(A, "from a", sameInstant);
        LWWRegister<String> fromB = LWWRegister.of(B, "from b", sameInstant);

        LWWRegister<String> seenAtA = fromA.merge(fromB);
        LWWRegister<String> seenAtB = fromB.merge(fromA);

        assertThat(seenAtA).isEqualTo(seenAtB);
        assertThat(seenAtA.value()).as("the higher replica id wins").isEqualTo("from b");
        assertThat(seenAtA.writer()).isEqualTo(B);
        assertThat(fromA.compare(fromB)).isEqualTo(Causality.BEFORE);
        assertThat(fromB.compare(fromA)).isEqualTo(Causality.AFTER);
    }

    @Test
    void sameWriterAndTimestampWithDifferentValuesIsAConflictingWrite() {
        HybridTimestamp t = HybridTimestamp.ofMillis(300);
        LWWRegister<String> first = LWWRegister.of(A, "first", t);
        LWWRegister<String> second = LWWRegister.of(A, "second", t);

        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> first.merge(second))
                .withMessageContaining("a")
                .withMessageContaining("300.0")
                .withMessageContaining("first")
                .withMessageContaining("second");
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> second.merge(first));
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> first.write(A, "second", t));
        assertThat(first.compare(second)).isEqualTo(Causality.CONCURRENT);
        assertThat(first.value()).isEqualTo("first");
    }

    @Test
    void sameWriteArrivingTwiceIsNotAConflict() {
        HybridTimestamp t = HybridTimestamp.ofMillis(300);
        LWWRegister<String> original = LWWRegister.of(A, "v", t);
        LWWRegister<String> copy = LWWRegister.of(A, new String("v".toCharArray()), t);

        assertThat(original.merge(copy)).isEqualTo(original);
        assertThat(original.compare(copy)).isEqualTo(Causality.EQUAL);
    }

    @Test
    void writeWithAClockWinsEvenWhenTheClockIsBehindTheRegister() {
        // The register was written by "z" (highest id) at 200 ms; this replica's wall clock reads 150 ms.
        AtomicLong physicalTime = new AtomicLong(150);
        HybridClock clock = HybridClock.of(physicalTime::get, Duration.ofMillis(100));
        LWWRegister<String> current = LWWRegister.of(ReplicaId.of("z"), "old", HybridTimestamp.ofMillis(200));

        LWWRegister<String> written = current.write(A, "new", clock);

        assertThat(written.value()).isEqualTo("new");
        assertThat(written.writer()).isEqualTo(A);
        assertThat(written.timestamp().isAfter(current.timestamp())).isTrue();
        assertThat(written.compare(current)).isEqualTo(Causality.AFTER);
        assertThat(current.merge(written).value()).isEqualTo("new");
        assertThat(written.merge(current).value()).isEqualTo("new");
        assertThat(current.value()).as("the receiver is unchanged").isEqualTo("old");
    }

    @Test
    void writeWithAClockRejectsARegisterBeyondTheDriftBound() {
        AtomicLong physicalTime = new AtomicLong(1_000);
        HybridClock clock = HybridClock.of(physicalTime::get, Duration.ofMillis(100));
        HybridTimestamp clockBefore = clock.now();
        LWWRegister<String> fromTheFuture = LWWRegister.of(B, "future", HybridTimestamp.ofMillis(60_000));

        assertThatExceptionOfType(ClockDriftException.class).isThrownBy(() -> fromTheFuture.write(A, "now", clock));
        assertThat(clock.last()).isEqualTo(clockBefore);
    }

    @Test
    void writeWithAnOlderTimestampLoses() {
        LWWRegister<String> afterOldWrite = Y_AT_200.write(A, "stale", HybridTimestamp.ofMillis(150));
        LWWRegister<String> afterNewWrite = Y_AT_200.write(A, "fresh", HybridTimestamp.ofMillis(250));

        assertThat(afterOldWrite.value()).isEqualTo("Y");
        assertThat(afterOldWrite).isSameAs(Y_AT_200);
        assertThat(afterNewWrite.value()).isEqualTo("fresh");
        assertThat(afterNewWrite.timestamp()).isEqualTo(HybridTimestamp.ofMillis(250));
        assertThat(Y_AT_200.value()).isEqualTo("Y");
    }

    // ---- Merge, compare, equality ----

    @Test
    void mergeReturnsTheWinningInputItself() {
        assertThat(Y_AT_200.merge(X_AT_100)).isSameAs(Y_AT_200);
        assertThat(X_AT_100.merge(Y_AT_200)).isSameAs(Y_AT_200);
        assertThat(Y_AT_200.merge(Y_AT_200)).isSameAs(Y_AT_200);
    }

    @Test
    void compareOrdersByTimestampThenWriter() {
        assertThat(X_AT_100.compare(Z_AT_150)).isEqualTo(Causality.BEFORE);
        assertThat(Y_AT_200.compare(Z_AT_150)).isEqualTo(Causality.AFTER);
        assertThat(Y_AT_200.compare(LWWRegister.of(B, "Y", HybridTimestamp.ofMillis(200))))
                .isEqualTo(Causality.EQUAL);
        // A logical tick outweighs any replica id.
        LWWRegister<String> laterTick = LWWRegister.of(A, "tick", HybridTimestamp.of(200, 1));
        assertThat(laterTick.compare(Y_AT_200)).isEqualTo(Causality.AFTER);
    }

    @Test
    void equalRegistersHaveEqualHashCodes() {
        LWWRegister<String> y = LWWRegister.of(ReplicaId.of("b"), "Y", HybridTimestamp.of(200, 0));

        assertThat(y).isEqualTo(Y_AT_200);
        assertThat(y.hashCode()).isEqualTo(Y_AT_200.hashCode());
        assertThat(y).isNotEqualTo(LWWRegister.of(B, "y", HybridTimestamp.ofMillis(200)));
        assertThat(y).isNotEqualTo(LWWRegister.of(A, "Y", HybridTimestamp.ofMillis(200)));
        assertThat(y).isNotEqualTo(LWWRegister.of(B, "Y", HybridTimestamp.ofMillis(201)));
    }

    @Test
    void toStringShowsValueTimestampAndWriter() {
        assertThat(Y_AT_200.toString()).contains("Y").contains("200.0").contains("b").hasSizeLessThan(40);
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        HybridTimestamp t = HybridTimestamp.ofMillis(1);
        HybridClock clock = HybridClock.of(() -> 1_000L, Duration.ofMillis(100));

        assertThatNullPointerException().isThrownBy(() -> LWWRegister.of(null, "v", t)).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> LWWRegister.of(A, null, t)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> LWWRegister.of(A, "v", null)).withMessage("timestamp");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.write(null, "v", clock)).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.write(A, null, clock)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.write(A, "v", (HybridClock) null))
                .withMessage("clock");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.write(A, "v", (HybridTimestamp) null))
                .withMessage("timestamp");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> X_AT_100.compare(null)).withMessage("other");
        assertThat(clock.last()).as("a rejected write does not tick the clock").isEqualTo(HybridTimestamp.ZERO);
    }

    @Test
    void aVarintTakesOneByteForEachSevenBitsOfTheUnsignedValue() {
        assertThat(LWWRegister.varintBytes(0)).isEqualTo(1);
        assertThat(LWWRegister.varintBytes(127)).isEqualTo(1);
        assertThat(LWWRegister.varintBytes(128)).isEqualTo(2);
        assertThat(LWWRegister.varintBytes((1L << 14) - 1)).isEqualTo(2);
        assertThat(LWWRegister.varintBytes(1L << 14)).isEqualTo(3);
        assertThat(LWWRegister.varintBytes(Long.MAX_VALUE)).isEqualTo(9);
        assertThat(LWWRegister.varintBytes(-1L)).as("unsigned: all 64 bits").isEqualTo(10);
    }
}
