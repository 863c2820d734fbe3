package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.convergent.lattice.CounterOverflowException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LamportClockTest {

    @Test
    void newClockStartsAtZeroAndTicksByOne() {
        LamportClock clock = LamportClock.create();

        assertThat(clock.current()).isZero();
        assertThat(clock.tick()).isEqualTo(1);
        assertThat(clock.tick()).isEqualTo(2);
        assertThat(clock.tick()).isEqualTo(3);
        assertThat(clock.current()).isEqualTo(3);
    }

    @Test
    void currentDoesNotAdvanceTheClock() {
        LamportClock clock = LamportClock.startingAt(41);

        assertThat(clock.current()).isEqualTo(41);
        assertThat(clock.current()).isEqualTo(41);
        assertThat(clock.tick()).isEqualTo(42);
    }

    @Test
    void receiveJumpsPastALargerReceivedTime() {
        LamportClock clock = LamportClock.create();
        clock.tick();

        long receipt = clock.receive(10);

        assertThat(receipt).isEqualTo(11);
        assertThat(clock.current()).isEqualTo(11);
        assertThat(clock.tick()).isEqualTo(12);
    }

    @Test
    void receiveOfASmallerTimeStillAdvancesTheLocalTime() {
        LamportClock clock = LamportClock.startingAt(20);

        assertThat(clock.receive(5)).isEqualTo(21);
        assertThat(clock.receive(21)).isEqualTo(22);
        assertThat(clock.receive(0)).isEqualTo(23);
    }

    @Test
    void messageExchangeRespectsHappenedBefore() {
        LamportClock sender = LamportClock.create();
        LamportClock receiver = LamportClock.startingAt(3);
        sender.tick();
        sender.tick();
        long sent = sender.tick();                         // 3
        sender.tick();
        sender.tick();
        long sentLater = sender.tick();                    // 6

        long received = receiver.receive(sentLater);
        long reply = receiver.tick();
        long replyReceived = sender.receive(reply);

        assertThat(received).isGreaterThan(sentLater).isGreaterThan(sent);
        assertThat(reply).isGreaterThan(received);
        assertThat(replyReceived).isGreaterThan(reply).isEqualTo(reply + 1);
    }

    @Test
    void timesAreStrictlyIncreasingWhateverTheMixOfEvents() {
        LamportClock clock = LamportClock.create();
        long[] received = {0, 7, 3, 100, 99, 100, 5};
        long previous = clock.current();

        for (long r : received) {
            long ticked = clock.tick();
            long receipt = clock.receive(r);

            assertThat(ticked).isGreaterThan(previous);
            assertThat(receipt).isGreaterThan(ticked).isGreaterThan(r);
            previous = receipt;
        }
        assertThat(clock.current()).isEqualTo(previous);
    }

    @Test
    void tickAtTheMaximumThrowsAndLeavesTheClockUnchanged() {
        LamportClock clock = LamportClock.startingAt(Long.MAX_VALUE - 1);
        assertThat(clock.tick()).isEqualTo(Long.MAX_VALUE);

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(clock::tick)
                .withMessageContaining(String.valueOf(Long.MAX_VALUE));
        assertThat(clock.current()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void receiveOfTheMaximumThrowsAndLeavesTheClockUnchanged() {
        LamportClock clock = LamportClock.startingAt(5);

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> clock.receive(Long.MAX_VALUE));
        assertThat(clock.current()).isEqualTo(5);
        assertThat(clock.receive(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> clock.receive(0));
    }

    @Test
    void negativeTimesAreRejected() {
        LamportClock clock = LamportClock.startingAt(5);

        assertThatIllegalArgumentException().isThrownBy(() -> clock.receive(-1))
                .withMessageContaining("-1")
                .withMessageContaining(">= 0");
        assertThat(clock.current()).isEqualTo(5);
        assertThatIllegalArgumentException().isThrownBy(() -> LamportClock.startingAt(-3))
                .withMessageContaining("-3");
        assertThat(LamportClock.startingAt(0).current()).isZero();
    }

    @Test
    void toStringShowsTheCurrentTime() {
        LamportClock clock = LamportClock.startingAt(7);

        assertThat(clock.toString()).isEqualTo("LamportClock(7)");
        clock.tick();
        assertThat(clock.toString()).isEqualTo("LamportClock(8)");
    }

    @Test
    void concurrentTicksAndReceivesNeverIssueTheSameTimeTwice() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        LamportClock clock = LamportClock.create();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // A thread's i-th call finds the clock at >= i, so receive(i) advances by exactly one, like tick.
                boolean receives = t % 2 == 0;
                Callable<long[]> worker = () -> {
                    start.await();
                    long[] issued = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        issued[i] = receives && i % 10 == 0 ? clock.receive(i) : clock.tick();
                    }
                    return issued;
                };
                results.add(pool.submit(worker));
            }
            start.countDown();

            Set<Long> seen = new HashSet<>();
            for (Future<long[]> result : results) {
                long previous = 0;
                for (long time : result.get(30, TimeUnit.SECONDS)) {
                    assertThat(time).as("times a thread sees are increasing").isGreaterThan(previous);
                    assertThat(seen.add(time)).as("time %d issued twice", time).isTrue();
                    previous = time;
                }
            }
            assertThat(seen).hasSize(threads * perThread);
            assertThat(clock.current()).isEqualTo((long) threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
