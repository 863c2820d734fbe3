package dev.convergent.crdt;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.Objects;

/**
 * A last-writer-wins register: a value tagged with the hybrid timestamp and the replica of the
 * write that set it.
 *
 * <p>Merge rule: the write with the greater {@code (timestamp, writer)} wins; equal timestamps are
 * broken by replica id, so every replica picks the same winner whatever the merge order. Order: a
 * chain, by the same key. Two different values under the same timestamp and writer mean two
 * processes share a replica id; merging them throws {@link ConflictingWriteException}. Take
 * timestamps from a {@link HybridClock} with a drift bound: raw wall clocks drift, and a clock that
 * runs behind silently loses writes. State size and merge cost are O(1).
 *
 * <p>Immutable and thread-safe when the value is; value-based.
 *
 * @param <V> the type of the value, which should be immutable and have value equality
 */
public final class LWWRegister<V> implements Crdt<LWWRegister<V>> {

    private final V value;
    /**
     * The winning write's timestamp, kept as its two parts rather than as a {@link HybridTimestamp} object: a write
     * then allocates the register alone (the clock's timestamp does not escape), and merging and comparing read no
     * other object. {@link #timestamp()} builds the object on demand.
     */
    private final long physicalMillis;
    private final int logical;
    private final ReplicaId writer;

    private LWWRegister(V value, HybridTimestamp timestamp, ReplicaId writer) {
        this.value = value;
        this.physicalMillis = timestamp.physicalMillis();
        this.logical = timestamp.logical();
        this.writer = writer;
    }

    /**
     * Returns a register holding a first write.
     *
     * @param <V> the type of the value
     * @param writer the replica that wrote the value
     * @param value the value
     * @param timestamp when it was written
     * @return the register
     * @throws NullPointerException if an argument is null
     */
    public static <V> LWWRegister<V> of(ReplicaId writer, V value, HybridTimestamp timestamp) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
        return new LWWRegister<>(value, timestamp, writer);
    }

    /**
     * Writes {@code value} with a timestamp from {@code clock} taken after the clock has observed
     * this register's timestamp, so the write wins over everything this replica has seen. Inflates.
     *
     * @param writer the replica writing
     * @param value the new value
     * @param clock the writer's hybrid clock
     * @return the register holding the new value
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if this register's timestamp lies beyond the clock's drift bound
     */
    public LWWRegister<V> write(ReplicaId writer, V value, HybridClock clock) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(clock, "clock");
        return new LWWRegister<>(value, clock.update(timestamp()), writer);
    }

    /**
     * Writes {@code value} so that it wins even when this register holds a timestamp beyond the clock's
     * drift bound (merged from a replica whose clock ran far ahead), which makes {@link #write(ReplicaId,
     * Object, HybridClock) write} throw {@link ClockDriftException} forever: the recovery. The new timestamp
     * is the clock's {@code now()} if that is later than the register's, else the register's timestamp's
     * {@linkplain HybridTimestamp#successor() successor}; the clock itself is not moved to the bad timestamp.
     * Consequences: the register keeps a timestamp in the far future, so until physical time passes it, every
     * write of it must be an overwrite, and of two concurrent overwrites the usual tie-break (timestamp, then
     * writer) picks one. Inflates.
     *
     * @param writer the replica writing
     * @param value the new value
     * @param clock the writer's hybrid clock
     * @return the register holding the new value
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the clock's physical time is out of its range
     */
    public LWWRegister<V> overwrite(ReplicaId writer, V value, HybridClock clock) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(clock, "clock");
        return new LWWRegister<>(value, after(timestamp(), clock), writer);
    }

    /**
     * Overwrites like {@link #overwrite} and returns the delta too: the new register itself.
     *
     * @param writer the replica writing
     * @param value the new value
     * @param clock the writer's hybrid clock
     * @return the register holding the new value, twice: as state and as delta
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the clock's physical time is out of its range
     */
    public Mutation<LWWRegister<V>> overwriteDelta(ReplicaId writer, V value, HybridClock clock) {
        LWWRegister<V> next = overwrite(writer, value, clock);
        return new Mutation<>(next, next);
    }

    /** A timestamp after {@code current} taken from {@code clock} without feeding {@code current} to it. */
    static HybridTimestamp after(HybridTimestamp current, HybridClock clock) {
        HybridTimestamp now = clock.now();
        return now.isAfter(current) ? now : current.successor();
    }

    /**
     * Writes like {@link #write(ReplicaId, Object, HybridClock)} and returns the delta too: the new
     * register itself, which is O(1).
     *
     * @param writer the replica writing
     * @param value the new value
     * @param clock the writer's hybrid clock
     * @return the register holding the new value, twice: as state and as delta
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if this register's timestamp lies beyond the clock's drift bound
     */
    public Mutation<LWWRegister<V>> writeDelta(ReplicaId writer, V value, HybridClock clock) {
        LWWRegister<V> next = write(writer, value, clock);
        return new Mutation<>(next, next);
    }

    /**
     * Writes like {@link #write(ReplicaId, Object, HybridTimestamp)} and returns the delta too: the
     * single write, which merged into any replica has the same effect.
     *
     * @param writer the replica writing
     * @param value the new value
     * @param timestamp when it was written
     * @return the register after the write, and the write as delta
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a different value
     */
    public Mutation<LWWRegister<V>> writeDelta(ReplicaId writer, V value, HybridTimestamp timestamp) {
        LWWRegister<V> write = of(writer, value, timestamp);
        return new Mutation<>(merge(write), write);
    }

    /**
     * Writes {@code value} with an explicit timestamp: the result is the merge of this register
     * with the new write, so a write older than the current one loses. Inflates.
     *
     * @param writer the replica writing
     * @param value the new value
     * @param timestamp when it was written
     * @return the register after the write
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a different value
     */
    public LWWRegister<V> write(ReplicaId writer, V value, HybridTimestamp timestamp) {
        return merge(of(writer, value, timestamp));
    }

    /**
     * Returns size statistics for operators: one writer, one value, estimated metadata bytes.
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return new CrdtStats(1, 0, 0, 1, 1, 1 + writer.name().length()
                + varintBytes(physicalMillis)
                + varintBytes(logical));
    }

    /**
     * Returns the current value.
     *
     * @return the value of the winning write
     */
    public V value() {
        return value;
    }

    /**
     * Returns the timestamp of the winning write.
     *
     * @return the timestamp
     */
    public HybridTimestamp timestamp() {
        return HybridTimestamp.of(physicalMillis, logical);
    }

    /**
     * Returns the replica of the winning write.
     *
     * @return the writer
     */
    public ReplicaId writer() {
        return writer;
    }

    /**
     * Keeps the write with the greater {@code (timestamp, writer)}. Idempotent, commutative and associative.
     * O(1), allocates nothing: writes of different milliseconds are decided by one comparison of two longs; the
     * logical counter, then the writer, then the values are read only on a tie.
     *
     * @param other the register to merge with
     * @return the winning register (one of the inputs)
     * @throws NullPointerException if {@code other} is null
     * @throws ConflictingWriteException if both carry the same timestamp and writer but different values
     */
    @Override
    public LWWRegister<V> merge(LWWRegister<V> other) {
        Objects.requireNonNull(other, "other");
        if (physicalMillis != other.physicalMillis) {
            return physicalMillis > other.physicalMillis ? this : other;
        }
        int c = order(other);
        if (c == 0 && !value.equals(other.value)) {
            throw new ConflictingWriteException("replica " + writer + " wrote two values at " + timestamp() + ": "
                    + value + " and " + other.value + " (is one replica id used by two processes?)");
        }
        return c >= 0 ? this : other;
    }

    /**
     * Compares by {@code (timestamp, writer)}; {@code CONCURRENT} only for two different values under
     * the same key, which {@link #merge} rejects. O(1), allocates nothing.
     *
     * @param other the register to compare with
     * @return the causal relation of the two registers
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(LWWRegister<V> other) {
        Objects.requireNonNull(other, "other");
        if (physicalMillis != other.physicalMillis) {
            return physicalMillis < other.physicalMillis ? Causality.BEFORE : Causality.AFTER;
        }
        int c = order(other);
        if (c == 0) {
            return value.equals(other.value) ? Causality.EQUAL : Causality.CONCURRENT;
        }
        return c < 0 ? Causality.BEFORE : Causality.AFTER;
    }

    private int order(LWWRegister<V> other) {
        int c = Integer.compare(logical, other.logical); // called on equal milliseconds only
        return c != 0 ? c : writer.compareTo(other.writer);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LWWRegister)) {
            return false;
        }
        LWWRegister<?> r = (LWWRegister<?>) o;
        return physicalMillis == r.physicalMillis && logical == r.logical && writer.equals(r.writer)
                && value.equals(r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, physicalMillis, logical, writer);
    }

    /** Returns the value with its timestamp and writer, e.g. {@code LWWRegister(Y @200.0 by b)}. */
    @Override
    public String toString() {
        return "LWWRegister(" + value + " @" + physicalMillis + "." + logical + " by " + writer + ")";
    }

    /** Bytes of an unsigned varint, for the size estimate of {@link #stats}. */
    static int varintBytes(long value) {
        int bytes = 1;
        long v = value >>> 7;
        while (v != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }
}
