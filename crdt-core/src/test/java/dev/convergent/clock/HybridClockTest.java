package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private final AtomicLong physicalTime = new AtomicLong(1_000);
    private final HybridClock clock = HybridClock.of(physicalTime::get, Duration.ofMillis(100));

    @Test
    void lastIsZeroBeforeTheFirstTimestamp() {
        assertThat(clock.last()).isEqualTo(HybridTimestamp.ZERO);
    }

    @Test
    void firstTimestampIsThePhysicalTime() {
        HybridTimestamp t = clock.now();

        assertThat(t).isEqualTo(HybridTimestamp.ofMillis(1_000));
        assertThat(clock.last()).isEqualTo(t);
    }

    @Test
    void logicalCounterIncrementsWithinTheSameMillisecond() {
        HybridTimestamp first = clock.now();
        HybridTimestamp second = clock.now();
        HybridTimestamp third = clock.now();

        assertThat(first).isEqualTo(HybridTimestamp.of(1_000, 0));
        assertThat(second).isEqualTo(HybridTimestamp.of(1_000, 1));
        assertThat(third).isEqualTo(HybridTimestamp.of(1_000, 2));
    }

    @Test
    void logicalCounterResetsWhenPhysicalTimeAdvances() {
        clock.now();
        clock.now();
        physicalTime.set(1_005);

        assertThat(clock.now()).isEqualTo(HybridTimestamp.of(1_005, 0));
    }

    @Test
    void staysMonotonicWhenPhysicalTimeGoesBackwards() {
        HybridTimestamp beforeJump = clock.now();
        physicalTime.set(900);                         // e.g. NTP stepped the clock back

        HybridTimestamp afterJump = clock.now();
        HybridTimestamp next = clock.now();

        assertThat(afterJump.isAfter(beforeJump)).isTrue();
        assertThat(next.isAfter(afterJump)).isTrue();
        assertThat(afterJump).isEqualTo(HybridTimestamp.of(1_000, 1));
        assertThat(next).isEqualTo(HybridTimestamp.of(1_000, 2));
    }

    @Test
    void negativePhysicalTimeIsTreatedAsZero() {
        physicalTime.set(-5);

        HybridTimestamp t = clock.now();

        assertThat(t.physicalMillis()).isZero();
        assertThat(t.isAfter(HybridTimestamp.ZERO)).isTrue();
    }

    @Test
    void updateWithATimestampAheadReturnsOneTickAfterIt() {
        HybridTimestamp previous = clock.now();                 // 1000.0
        HybridTimestamp received = HybridTimestamp.of(1_050, 4); // within the 100 ms drift bound

        HybridTimestamp t = clock.update(received);

        assertThat(t).isEqualTo(HybridTimestamp.of(1_050, 5));
        assertThat(t.isAfter(received)).isTrue();
        assertThat(t.isAfter(previous)).isTrue();
        assertThat(clock.last()).isEqualTo(t);
    }

    @Test
    void updateWithATimestampBehindStillAdvancesTheClock() {
        clock.now();
        HybridTimestamp previous = clock.now();                 // 1000.1
        HybridTimestamp received = HybridTimestamp.of(400, 9);

        HybridTimestamp t = clock.update(received);

        assertThat(t).isEqualTo(HybridTimestamp.of(1_000, 2));
        assertThat(t.isAfter(previous)).isTrue();
        assertThat(t.isAfter(received)).isTrue();
    }

    @Test
    void updateInTheSameMillisecondUsesTheLargerLogicalPart() {
        clock.now();                                            // 1000.0
        HybridTimestamp received = HybridTimestamp.of(1_000, 7);

        assertThat(clock.update(received)).isEqualTo(HybridTimestamp.of(1_000, 8));
        assertThat(clock.update(HybridTimestamp.of(1_000, 3))).isEqualTo(HybridTimestamp.of(1_000, 9));
    }

    @Test
    void updateFollowsPhysicalTimeWhenItIsAheadOfBoth() {
        clock.now();                                            // 1000.0
        physicalTime.set(2_000);

        HybridTimestamp t = clock.update(HybridTimestamp.of(1_500, 30));

        assertThat(t).isEqualTo(HybridTimestamp.ofMillis(2_000));
    }

    @Test
    void clockRunningBehindStillOrdersItsWritesAfterWhatItHasSeen() {
        // This replica's wall clock runs 50 ms behind the peer's.
        physicalTime.set(950);
        HybridTimestamp fromPeer = HybridTimestamp.of(1_000, 0);

        HybridTimestamp afterReceive = clock.update(fromPeer);
        physicalTime.set(951);
        HybridTimestamp localWrite = clock.now();

        assertThat(afterReceive).isEqualTo(HybridTimestamp.of(1_000, 1));
        assertThat(localWrite).isEqualTo(HybridTimestamp.of(1_000, 2));
        assertThat(localWrite.isAfter(fromPeer)).isTrue();
    }

    @Test
    void timestampExactlyAtTheDriftBoundIsAccepted() {
        HybridTimestamp t = clock.update(HybridTimestamp.ofMillis(1_100));

        assertThat(t).isEqualTo(HybridTimestamp.of(1_100, 1));
    }

    @Test
    void timestampBeyondTheDriftBoundIsRejectedAndLeavesTheClockUnchanged() {
        clock.now();
        HybridTimestamp before = clock.now();                   // 1000.1
        HybridTimestamp tooFarAhead = HybridTimestamp.ofMillis(1_101);

        assertThatExceptionOfType(ClockDriftException.class).isThrownBy(() -> clock.update(tooFarAhead))
                .withMessageContaining("1101.0")
                .withMessageContaining("101 ms ahead")
                .withMessageContaining("100 ms");

        assertThat(clock.last()).isEqualTo(before);
        assertThat(clock.now()).as("the rejected timestamp left no trace").isEqualTo(HybridTimestamp.of(1_000, 2));
    }

    @Test
    void driftRejectionStatesHowFarAheadTheTimestampIsOfPhysicalTime() {
        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> clock.update(HybridTimestamp.of(1_250, 3)))
                .withMessageContaining("received timestamp 1250.3 is 250 ms ahead of local physical time 1000,")
                .withMessageContaining("allowed drift of 100 ms");
    }

    @Test
    void driftIsMeasuredAgainstPhysicalTimeNotTheLastTimestamp() {
        clock.update(HybridTimestamp.ofMillis(1_100));          // accepted: exactly 100 ms ahead

        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> clock.update(HybridTimestamp.ofMillis(1_150)));
        assertThat(clock.last()).isEqualTo(HybridTimestamp.of(1_100, 1));
    }

    @Test
    void zeroDriftAcceptsOnlyTimestampsNotAheadOfPhysicalTime() {
        HybridClock strict = HybridClock.of(physicalTime::get, Duration.ZERO);

        assertThat(strict.update(HybridTimestamp.of(1_000, 3))).isEqualTo(HybridTimestamp.of(1_000, 4));
        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> strict.update(HybridTimestamp.ofMillis(1_001)));
    }

    @Test
    void logicalPartAtMaximumRollsOverToTheNextMillisecond() {
        HybridTimestamp atMax = clock.update(HybridTimestamp.of(1_000, HybridTimestamp.MAX_LOGICAL - 1));
        assertThat(atMax).isEqualTo(HybridTimestamp.of(1_000, HybridTimestamp.MAX_LOGICAL));

        HybridTimestamp rolled = clock.now();

        assertThat(rolled).isEqualTo(HybridTimestamp.ofMillis(1_001));
        assertThat(rolled.isAfter(atMax)).isTrue();
    }

    @Test
    void receivedLogicalPartAtMaximumRollsOverToTheNextMillisecond() {
        HybridTimestamp received = HybridTimestamp.of(1_050, HybridTimestamp.MAX_LOGICAL);

        HybridTimestamp t = clock.update(received);

        assertThat(t).isEqualTo(HybridTimestamp.ofMillis(1_051));
        assertThat(t.isAfter(received)).isTrue();
    }

    @Test
    void timestampsAreUniqueAcrossThreads() throws InterruptedException {
        int threads = 4;
        int perThread = 5_000;
        Set<HybridTimestamp> seen = ConcurrentHashMap.newKeySet();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                for (int j = 0; j < perThread; j++) {
                    seen.add(clock.now());
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(seen).hasSize(threads * perThread);
        assertThat(clock.last()).isEqualTo(HybridTimestamp.of(1_000, threads * perThread - 1));
    }

    @Test
    void systemClockFollowsTheWallClock() {
        HybridClock system = HybridClock.system(Duration.ofSeconds(1));
        long before = System.currentTimeMillis();

        HybridTimestamp t = system.now();

        long after = System.currentTimeMillis();
        assertThat(t.physicalMillis()).isBetween(before, after);
    }

    @Test
    void toStringShowsTheLastTimestampAndTheDriftBound() {
        clock.now();

        assertThat(clock.toString()).contains("1000.0").contains("100ms");
    }

    @Test
    void factoriesRejectNullWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> HybridClock.of(null, Duration.ZERO))
                .withMessage("physicalMillis");
        assertThatNullPointerException().isThrownBy(() -> HybridClock.of(physicalTime::get, null))
                .withMessage("maxDrift");
        assertThatNullPointerException().isThrownBy(() -> HybridClock.system(null)).withMessage("maxDrift");
    }

    @Test
    void factoriesRejectNegativeDrift() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HybridClock.of(physicalTime::get, Duration.ofMillis(-1)))
                .withMessageContaining("maxDrift")
                .withMessageContaining("PT-0.001S");
    }

    @Test
    void updateRejectsNullWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> clock.update(null)).withMessage("received");
        assertThat(clock.last()).isEqualTo(HybridTimestamp.ZERO);
    }
}
