package dev.convergent.clock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
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
 * the clock moves to the next millisecond. The state is one packed {@code long} updated by
 * compare-and-set, so the clock is lock-free. A received timestamp whose physical part is more than the
 * configured maximum drift ahead of the local physical time is rejected with {@link ClockDriftException}
 * and leaves the clock unchanged, so one replica with a fast clock cannot win every future conflict.
 * Physical time is bounded by {@link #MAX_PHYSICAL_MILLIS} (the year 6429): a physical reading or a
 * received timestamp beyond it, and a timestamp past the very last one, throw {@link ClockDriftException}.
 *
 * <p>A clock is mutable (it is a clock, not a replicated value), thread-safe and lock-free.
 */
public final class HybridClock {

    /**
     * The last physical millisecond a clock works with: 2^47 − 1 ms after the epoch, in the year 6429. The
     * state packs physical time in the 47 bits above the 16-bit logical part, so that the packed long stays
     * positive and {@code +1} is always the successor; beyond it every call throws.
     */
    public static final long MAX_PHYSICAL_MILLIS = (1L << 47) - 1;
    private static final long MAX_PHYSICAL = MAX_PHYSICAL_MILLIS;
    private static final long LAST_PACKED = Long.MAX_VALUE; // (MAX_PHYSICAL, MAX_LOGICAL)
    private static final String RANGE = "the clock's range (0 to " + MAX_PHYSICAL_MILLIS + " ms, the year 6429)";

    private final LongSupplier physicalMillis;
    /** Whether {@link #physicalMillis} is {@link System#currentTimeMillis()}, read then without the supplier call. */
    private final boolean systemTime;
    private final long maxDriftMillis;
    /** The last timestamp, packed as {@code physical << 16 | logical}, so that {@code +1} is the successor. */
    private final AtomicLong last = new AtomicLong();

    private HybridClock(LongSupplier physicalMillis, boolean systemTime, long maxDriftMillis) {
        this.physicalMillis = physicalMillis;
        this.systemTime = systemTime;
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
        return create(System::currentTimeMillis, true, maxDrift);
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
        return create(physicalMillis, false, maxDrift);
    }

    private static HybridClock create(LongSupplier physicalMillis, boolean systemTime, Duration maxDrift) {
        Objects.requireNonNull(physicalMillis, "physicalMillis");
        Objects.requireNonNull(maxDrift, "maxDrift");
        if (maxDrift.isNegative()) {
            throw new IllegalArgumentException("maxDrift must be >= 0, was " + maxDrift);
        }
        long millis;
        try {
            millis = maxDrift.toMillis();
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        return new HybridClock(physicalMillis, systemTime, millis);
    }

    /**
     * Returns a timestamp greater than every timestamp this clock has returned or received:
     * {@code max(last + 1, (pt, 0))}. Lock-free. Cost: one physical-time read and one compare-and-set (retried
     * only when another thread moved the clock in between); the returned timestamp is the only allocation.
     *
     * @return the new timestamp
     * @throws ClockDriftException if physical time is beyond {@link #MAX_PHYSICAL_MILLIS}, or the clock is at
     *     the last timestamp of its range
     */
    public HybridTimestamp now() {
        long pt = pack(readPhysical(), 0);
        long cur;
        long next;
        do { // a plain CAS loop: no capturing lambda, small enough to inline so the timestamp may not escape
            cur = last.get();
            next = Math.max(successor(cur), pt);
        } while (!last.compareAndSet(cur, next));
        return unpack(next);
    }

    /**
     * Takes a timestamp received from another replica into account and returns a new local
     * timestamp greater than both it and every earlier one: {@code max(last + 1, received + 1, (pt, 0))}.
     *
     * @param received the timestamp carried by a message
     * @return the new timestamp
     * @throws NullPointerException if {@code received} is null
     * @throws ClockDriftException if {@code received} is more than the maximum drift ahead of physical time,
     *     or it or physical time is beyond {@link #MAX_PHYSICAL_MILLIS}, or the clock is at the last timestamp
     */
    public HybridTimestamp update(HybridTimestamp received) {
        Objects.requireNonNull(received, "received");
        long physical = readPhysical();
        if (received.physicalMillis() > MAX_PHYSICAL) {
            throw new ClockDriftException("received timestamp " + received + " is beyond " + RANGE);
        }
        if (received.physicalMillis() - physical > maxDriftMillis) {
            throw new ClockDriftException("received timestamp " + received + " is "
                    + (received.physicalMillis() - physical) + " ms ahead of local physical time " + physical
                    + ", more than the allowed drift of " + maxDriftMillis + " ms");
        }
        long pt = pack(physical, 0);
        long seen = successor(pack(received.physicalMillis(), received.logical()));
        long floor = Math.max(seen, pt);
        long cur;
        long next;
        do {
            cur = last.get();
            next = Math.max(successor(cur), floor);
        } while (!last.compareAndSet(cur, next));
        return unpack(next);
    }

    /**
     * Returns the last timestamp this clock issued, without advancing it.
     *
     * @return the last timestamp, {@link HybridTimestamp#ZERO} before the first
     */
    public HybridTimestamp last() {
        return unpack(last.get());
    }

    private long readPhysical() {
        long pt = Math.max(0L, systemTime ? System.currentTimeMillis() : physicalMillis.getAsLong());
        if (pt > MAX_PHYSICAL) {
            throw new ClockDriftException("physical time " + pt + " ms is beyond " + RANGE);
        }
        return pt;
    }

    private static long successor(long packed) {
        if (packed == LAST_PACKED) {
            throw new ClockDriftException("the clock has reached the end of its range at "
                    + HybridTimestamp.of(MAX_PHYSICAL, HybridTimestamp.MAX_LOGICAL) + ": no later timestamp exists");
        }
        return packed + 1;
    }

    private static long pack(long physical, int logical) {
        return physical << 16 | logical;
    }

    private static HybridTimestamp unpack(long packed) {
        return HybridTimestamp.of(packed >>> 16, (int) (packed & HybridTimestamp.MAX_LOGICAL));
    }

    /** Returns the last timestamp and the drift bound. */
    @Override
    public String toString() {
        return "HybridClock{last=" + last() + ", maxDrift=" + maxDriftMillis + "ms}";
    }
}
