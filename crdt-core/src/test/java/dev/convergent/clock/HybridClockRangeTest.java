package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The clock's range is exact: physical time from 0 to {@link HybridClock#MAX_PHYSICAL_MILLIS} (2^47 − 1 ms,
 * in the year 6429) works, beyond it every call fails with a message naming the range, and the clock never
 * wraps or silently ignores what it received.
 */
class HybridClockRangeTest {

    private static final long LAST = (1L << 47) - 1;
    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    @Test
    void theLastMillisecondOfTheRangeWorks() {
        assertThat(HybridClock.MAX_PHYSICAL_MILLIS).isEqualTo(LAST);
        HybridClock clock = HybridClock.of(() -> LAST, FOREVER);
        assertThat(clock.now()).isEqualTo(HybridTimestamp.of(LAST, 0));
        assertThat(clock.now()).isEqualTo(HybridTimestamp.of(LAST, 1));
        HybridClock other = HybridClock.of(() -> 0L, FOREVER);
        assertThat(other.update(HybridTimestamp.of(LAST, 5))).as("the received timestamp is not ignored")
                .isEqualTo(HybridTimestamp.of(LAST, 6));
    }

    @Test
    void physicalTimeAtOrBeyondTwoToThe47IsRefusedNamingTheRange() {
        for (long pt : new long[] {1L << 47, 1L << 48, Long.MAX_VALUE}) {
            HybridClock clock = HybridClock.of(() -> pt, FOREVER);
            assertThatExceptionOfType(ClockDriftException.class).as("%d", pt).isThrownBy(clock::now)
                    .withMessageContaining("physical time " + pt + " ms")
                    .withMessageContaining("beyond the clock's range").withMessageContaining(Long.toString(LAST));
            assertThat(clock.last()).isEqualTo(HybridTimestamp.ZERO);
        }
    }

    @Test
    void aReceivedTimestampBeyondTheRangeIsRefusedForTheRangeNotForDrift() {
        HybridClock clock = HybridClock.of(() -> LAST, FOREVER);
        for (long received : new long[] {1L << 47, 1L << 48}) {
            assertThatExceptionOfType(ClockDriftException.class)
                    .isThrownBy(() -> clock.update(HybridTimestamp.of(received, 0)))
                    .withMessageContaining("beyond the clock's range")
                    .withMessageNotContaining("allowed drift");
        }
        assertThat(clock.last()).isEqualTo(HybridTimestamp.ZERO);
    }

    @Test
    void theVeryLastTimestampIsIssuedOnceAndThenTheClockRefusesToWrap() {
        AtomicLong pt = new AtomicLong(LAST);
        HybridClock clock = HybridClock.of(pt::get, FOREVER);
        clock.update(HybridTimestamp.of(LAST, HybridTimestamp.MAX_LOGICAL - 1));
        assertThat(clock.last()).isEqualTo(HybridTimestamp.of(LAST, HybridTimestamp.MAX_LOGICAL));
        assertThatExceptionOfType(ClockDriftException.class).isThrownBy(clock::now)
                .withMessageContaining("end of its range");
        assertThatExceptionOfType(ClockDriftException.class)
                .isThrownBy(() -> HybridClock.of(pt::get, FOREVER).update(HybridTimestamp.of(LAST,
                        HybridTimestamp.MAX_LOGICAL)))
                .withMessageContaining("end of its range");
        assertThat(clock.last()).isEqualTo(HybridTimestamp.of(LAST, HybridTimestamp.MAX_LOGICAL));
    }
}
