package dev.convergent.clock;

import dev.convergent.lattice.CounterOverflowException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Lamport clock: a counter that ticks on every local event and jumps past every timestamp it
 * receives, so that if event {@code e} happened before {@code f}, {@code time(e) < time(f)}. The
 * converse does not hold: unlike a {@link VersionVector}, a Lamport time cannot tell concurrent
 * events apart. Pair it with a replica id to break ties into a total order.
 *
 * <p>A clock is mutable (it is a clock, not a replicated value) and thread-safe.
 */
public final class LamportClock {

    private final AtomicLong time;

    private LamportClock(long start) {
        this.time = new AtomicLong(start);
    }

    /**
     * Returns a clock at time 0.
     *
     * @return a new clock
     */
    public static LamportClock create() {
        return new LamportClock(0);
    }

    /**
     * Returns a clock resuming at {@code time} (for example after a restart from storage).
     *
     * @param time the last time issued, at least 0
     * @return a new clock
     * @throws IllegalArgumentException if {@code time} is negative
     */
    public static LamportClock startingAt(long time) {
        if (time < 0) {
            throw new IllegalArgumentException("time must be >= 0, was " + time);
        }
        return new LamportClock(time);
    }

    /**
     * Records a local event.
     *
     * @return the event's time, one more than the previous time
     * @throws CounterOverflowException if the clock is at {@link Long#MAX_VALUE}
     */
    public long tick() {
        return time.updateAndGet(t -> {
            if (t == Long.MAX_VALUE) {
                throw new CounterOverflowException("Lamport clock exhausted at " + t);
            }
            return t + 1;
        });
    }

    /**
     * Records the receipt of a message stamped {@code received}.
     *
     * @param received the sender's time, at least 0
     * @return the receipt's time: one more than the larger of the local and received times
     * @throws IllegalArgumentException if {@code received} is negative
     * @throws CounterOverflowException if the new time would exceed {@link Long#MAX_VALUE}
     */
    public long receive(long received) {
        if (received < 0) {
            throw new IllegalArgumentException("received time must be >= 0, was " + received);
        }
        return time.updateAndGet(t -> {
            long max = Math.max(t, received);
            if (max == Long.MAX_VALUE) {
                throw new CounterOverflowException("Lamport clock exhausted at " + max);
            }
            return max + 1;
        });
    }

    /**
     * Returns the last time issued, without advancing.
     *
     * @return the current time
     */
    public long current() {
        return time.get();
    }

    /** Returns {@code LamportClock(n)}. */
    @Override
    public String toString() {
        return "LamportClock(" + current() + ")";
    }
}
