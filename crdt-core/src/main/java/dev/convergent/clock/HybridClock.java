package dev.convergent.clock;

import dev.convergent.crdt.ClockDriftException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks and Consistent
 * Snapshots in Globally Distributed Databases"): timestamps stay close to physical time, never go
 * backwards, and respect causality: a timestamp taken after receiving {@code t} is greater than {@code t}.
 *
 * <p>Rules, with {@code pt} the physical time and {@code (l, c)} the last timestamp:
 * <ul>
 *   <li>{@link #now()}: {@code l' = max(l, pt)}; {@code c' = (l' == l) ? c + 1 : 0};</li>
 *   <li>{@link #update(HybridTimestamp)} with received {@code (lm, cm)}: {@code l' = max(l, lm, pt)};
 *       the logical part is one more than the largest logical part among the sources equal to {@code l'},
 *       or 0 if {@code l'} came from physical time alone.</li>
 * </ul>
 * The logical part is bounded by {@link HybridTimestamp#MAX_LOGICAL}; when it would pass the bound
 * the clock moves to the next millisecond. A received timestamp whose physical part is more than the
 * configured maximum drift ahead of the local physical time is rejected with {@link ClockDriftException}
 * and leaves the clock unchanged, so one replica with a fast clock cannot win every future conflict.
 *
 * <p>A clock is mutable (it is a clock, not a replicated value) and thread-safe.
 */
public final class HybridClock {

    private final LongSupplier physicalMillis;
    private final long maxDriftMillis;
    private HybridTimestamp last = HybridTimestamp.ZERO;

    private HybridClock(LongSupplier physicalMillis, long maxDriftMillis) {
        this.physicalMillis = physicalMillis;
        this.maxDriftMillis = maxDriftMillis;
    }

    /**
     * Returns a clock that reads {@link System#currentTimeMillis()}.
     *
     * @param maxDrift how far ahead of local physical time a received timestamp may be
     * @return a new clock
     * @throws NullPointerException if {@code maxDrift} is null
     * @throws IllegalArgumentException if {@code maxDrift} is negative
     */
    public static HybridClock system(Duration maxDrift) {
        return of(System::currentTimeMillis, maxDrift);
    }

    /**
     * Returns a clock that reads physical time from the given source (inject a fake one in tests).
     *
     * @param physicalMillis milliseconds since the epoch; may go backwards, the clock never does
     * @param maxDrift how far ahead of local physical time a received timestamp may be
     * @return a new clock
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code maxDrift} is negative
     */
    public static HybridClock of(LongSupplier physicalMillis, Duration maxDrift) {
        Objects.requireNonNull(physicalMillis, "physicalMillis");
        Objects.requireNonNull(maxDrift, "maxDrift");
        if (maxDrift.isNegative()) {
            throw new IllegalArgumentException("maxDrift must be >= 0, was " + maxDrift);
        }
        return new HybridClock(physicalMillis, maxDrift.toMillis());
    }

    /**
     * Returns a timestamp greater than every timestamp this clock has returned or received.
     *
     * @return the new timestamp
     */
    public synchronized HybridTimestamp now() {
        long pt = readPhysical();
        last = pt > last.physicalMillis() ? HybridTimestamp.ofMillis(pt) : successor(last.physicalMillis(), last.logical());
        return last;
    }

    /**
     * Takes a timestamp received from another replica into account and returns a new local
     * timestamp greater than both it and every earlier one.
     *
     * @param received the timestamp carried by a message
     * @return the new timestamp
     * @throws NullPointerException if {@code received} is null
     * @throws ClockDriftException if {@code received} is more than the maximum drift ahead of physical time
     */
    public synchronized HybridTimestamp update(HybridTimestamp received) {
        Objects.requireNonNull(received, "received");
        long pt = readPhysical();
        if (received.physicalMillis() - pt > maxDriftMillis) {
            throw new ClockDriftException("received timestamp " + received + " is "
                    + (received.physicalMillis() - pt) + " ms ahead of local physical time " + pt
                    + ", more than the allowed drift of " + maxDriftMillis + " ms");
        }
        long l = Math.max(Math.max(last.physicalMillis(), received.physicalMillis()), pt);
        if (l == last.physicalMillis() && l == received.physicalMillis()) {
            last = successor(l, Math.max(last.logical(), received.logical()));
        } else if (l == last.physicalMillis()) {
            last = successor(l, last.logical());
        } else if (l == received.physicalMillis()) {
            last = successor(l, received.logical());
        } else {
            last = HybridTimestamp.ofMillis(l);
        }
        return last;
    }

    /**
     * Returns the last timestamp this clock issued, without advancing it.
     *
     * @return the last timestamp, {@link HybridTimestamp#ZERO} before the first
     */
    public synchronized HybridTimestamp last() {
        return last;
    }

    private long readPhysical() {
        return Math.max(0L, physicalMillis.getAsLong());
    }

    private static HybridTimestamp successor(long millis, int logical) {
        return logical < HybridTimestamp.MAX_LOGICAL
                ? HybridTimestamp.of(millis, logical + 1)
                : HybridTimestamp.ofMillis(Math.addExact(millis, 1));
    }

    /** Returns the last timestamp and the drift bound. */
    @Override
    public synchronized String toString() {
        return "HybridClock{last=" + last + ", maxDrift=" + maxDriftMillis + "ms}";
    }
}
