package dev.convergent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.clock.HybridTimestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StalenessTest {

    @Test
    void percentilesUseTheNearestRank() {
        Staleness s = Staleness.create();
        for (long ms = 100; ms >= 1; ms--) {       // 1..100 ms, recorded out of order
            s.record(ms);
        }
        assertThat(s.percentile(50)).isEqualTo(50);
        assertThat(s.percentile(99)).isEqualTo(99);
        assertThat(s.percentile(99.9)).isEqualTo(100);
        assertThat(s.percentile(100)).isEqualTo(100);
        assertThat(s.percentile(0)).isEqualTo(1);
        assertThat(s.percentile(1)).isEqualTo(1);
        assertThat(s.percentile(1.5)).isEqualTo(2);
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.count()).isEqualTo(100);
    }

    @Test
    void aFewSlowWritesShowInP99NotInTheMedian() {
        Staleness s = Staleness.create();
        for (int i = 0; i < 990; i++) {
            s.record(40);
        }
        for (int i = 0; i < 10; i++) {
            s.record(4_000);
        }
        assertThat(s.percentile(50)).isEqualTo(40);
        assertThat(s.percentile(99)).isEqualTo(40);        // exactly 99% are at 40 ms
        s.record(4_000);
        assertThat(s.percentile(99)).isEqualTo(4_000);     // now fewer than 99% are
    }

    @Test
    void theWindowKeepsTheMostRecentSamples() {
        Staleness s = Staleness.withWindow(3);
        s.record(900);
        s.record(10);
        s.record(20);
        s.record(30);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.windowCount()).isEqualTo(3);
        assertThat(s.max()).isEqualTo(30);
        assertThat(s.percentile(100)).isEqualTo(30);
        assertThat(s.percentile(0)).isEqualTo(10);
    }

    @Test
    void aWindowOfOneKeepsOnlyTheLatestSample() {
        Staleness s = Staleness.withWindow(1);
        s.record(500);
        s.record(7);

        assertThat(s.windowCount()).isEqualTo(1);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.percentile(0)).isEqualTo(7);
        assertThat(s.percentile(100)).isEqualTo(7);
        assertThat(s.max()).isEqualTo(7);
    }

    @Test
    void anEmptyRecorderAnswersZero() {
        Staleness s = Staleness.create();
        assertThat(s.percentile(99)).isZero();
        assertThat(s.max()).isZero();
        assertThat(s.count()).isZero();
        assertThat(s.toString()).contains("n=0");
    }

    @Test
    void recordSinceMeasuresFromTheWritesPhysicalTime() {
        Staleness s = Staleness.create();
        s.recordSince(HybridTimestamp.of(1_000, 7), 1_250);
        s.recordSince(HybridTimestamp.ofMillis(2_000), 1_990);   // the writer's clock ran ahead: 0, not -10
        assertThat(s.percentile(100)).isEqualTo(250);
        assertThat(s.percentile(0)).isZero();
    }

    @Test
    void badArgumentsAreRejected() {
        Staleness s = Staleness.create();
        assertThatIllegalArgumentException().isThrownBy(() -> s.record(-1)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> s.percentile(100.5));
        assertThatIllegalArgumentException().isThrownBy(() -> s.percentile(-0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> s.percentile(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> Staleness.withWindow(0));
        assertThatNullPointerException().isThrownBy(() -> s.recordSince(null, 0));
        assertThat(s.count()).isZero();
    }

    @Test
    void concurrentRecordersLoseNoSample() throws Exception {
        Staleness s = Staleness.withWindow(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long value = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        s.record(value);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(s.count()).isEqualTo(40_000);
        assertThat(s.windowCount()).isEqualTo(40_000);
        assertThat(s.percentile(25)).isZero();
        assertThat(s.percentile(26)).isEqualTo(1);
        assertThat(s.max()).isEqualTo(3);
    }
}
