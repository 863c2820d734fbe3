package dev.convergent.crdt;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A map whose every key is a last-writer-wins register: puts and removes of one key are ordered by
 * hybrid timestamp, ties broken by replica id. A remove writes a timestamped tombstone, so a put
 * older than the remove stays removed and a newer one wins. Use it for data where the latest write
 * should simply win (a profile, settings); use {@link ORMap} when concurrent edits must combine.
 *
 * <p>Merge rule: per key, the register merge. Order: pointwise. State size O(keys ever written,
 * tombstones included). Immutable and thread-safe when keys and values are; value-based.
 *
 * <p>Cost: {@link #merge} walks both maps' tries in step and keeps every subtree only one side holds without
 * visiting it, so it costs O(keys of both) at most and O(k log n) for a map of k keys (a delta) merged into one
 * of n; {@link #compare} walks them once each way, O(keys), allocating nothing; a put or remove copies one
 * path, O(log n).
 *
 * @param <K> the key type, which should be immutable and have value equality
 * @param <V> the value type, which should be immutable and have value equality
 */
public final class LWWMap<K, V> implements Crdt<LWWMap<K, V>> {

    private static final LWWMap<?, ?> EMPTY = new LWWMap<>(ChampMap.empty());

    private final ChampMap<K, LWWRegister<Optional<V>>> registers;

    private LWWMap(ChampMap<K, LWWRegister<Optional<V>>> registers) {
        this.registers = registers;
    }

    /**
     * Returns the empty map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return the empty map (a shared instance)
     */
    @SuppressWarnings("unchecked")
    public static <K, V> LWWMap<K, V> empty() {
        return (LWWMap<K, V>) EMPTY;
    }

    /**
     * Returns the map with the given registers (for example decoded from storage). An empty
     * optional is a tombstone: the key was removed at that register's timestamp.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param registers the register of every key ever written
     * @return the map
     * @throws NullPointerException if the map, a key or a register is null
     */
    public static <K, V> LWWMap<K, V> of(Map<K, LWWRegister<Optional<V>>> registers) {
        Objects.requireNonNull(registers, "registers");
        Map<K, LWWRegister<Optional<V>>> copy = new HashMap<>();
        registers.forEach((k, r) -> copy.put(Objects.requireNonNull(k, "registers contains a null key"),
                Objects.requireNonNull(r, "registers contains a null register")));
        return copy.isEmpty() ? empty() : new LWWMap<>(ChampMap.copyOf(copy));
    }

    /**
     * Puts {@code value} under {@code key} with a timestamp from {@code clock} taken after the
     * clock observed the key's current timestamp, so the put wins over what this replica has seen.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param clock the writer's hybrid clock
     * @return the map after the put
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the key's timestamp lies beyond the clock's drift bound
     */
    public LWWMap<K, V> put(ReplicaId writer, K key, V value, HybridClock clock) {
        return putDelta(writer, key, value, clock).state();
    }

    /**
     * Puts like {@link #put} and returns the delta too: the one key's register.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param clock the writer's hybrid clock
     * @return the map after the put and its delta
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the key's timestamp lies beyond the clock's drift bound
     */
    public Mutation<LWWMap<K, V>> putDelta(ReplicaId writer, K key, V value, HybridClock clock) {
        Objects.requireNonNull(value, "value");
        return write(writer, key, Optional.of(value), clock);
    }

    /**
     * Puts {@code value} with an explicit timestamp; a put older than the key's current write loses.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param timestamp when it was written
     * @return the map after the put and its delta
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a different value
     */
    public Mutation<LWWMap<K, V>> putDelta(ReplicaId writer, K key, V value, HybridTimestamp timestamp) {
        Objects.requireNonNull(value, "value");
        return write(key, LWWRegister.of(writer, Optional.of(value), timestamp));
    }

    /**
     * Puts {@code value} with an explicit timestamp; a put older than the key's current write loses.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param timestamp when it was written
     * @return the map after the put
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a different value
     */
    public LWWMap<K, V> put(ReplicaId writer, K key, V value, HybridTimestamp timestamp) {
        return putDelta(writer, key, value, timestamp).state();
    }

    /**
     * Removes {@code key} with an explicit timestamp; a remove older than the key's current write loses.
     *
     * @param writer the replica removing
     * @param key the key
     * @param timestamp when it was removed
     * @return the map after the remove
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a value
     */
    public LWWMap<K, V> remove(ReplicaId writer, K key, HybridTimestamp timestamp) {
        return removeDelta(writer, key, timestamp).state();
    }

    /**
     * Removes {@code key} by writing a tombstone with a timestamp from {@code clock}.
     *
     * @param writer the replica removing
     * @param key the key
     * @param clock the writer's hybrid clock
     * @return the map after the remove
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the key's timestamp lies beyond the clock's drift bound
     */
    public LWWMap<K, V> remove(ReplicaId writer, K key, HybridClock clock) {
        return removeDelta(writer, key, clock).state();
    }

    /**
     * Removes like {@link #remove} and returns the delta too: the key's tombstone.
     *
     * @param writer the replica removing
     * @param key the key
     * @param clock the writer's hybrid clock
     * @return the map after the remove and its delta
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the key's timestamp lies beyond the clock's drift bound
     */
    public Mutation<LWWMap<K, V>> removeDelta(ReplicaId writer, K key, HybridClock clock) {
        return write(writer, key, Optional.empty(), clock);
    }

    /**
     * Removes {@code key} with an explicit timestamp; a remove older than the key's current write loses.
     *
     * @param writer the replica removing
     * @param key the key
     * @param timestamp when it was removed
     * @return the map after the remove and its delta
     * @throws NullPointerException if an argument is null
     * @throws ConflictingWriteException if the same writer and timestamp already hold a value
     */
    public Mutation<LWWMap<K, V>> removeDelta(ReplicaId writer, K key, HybridTimestamp timestamp) {
        return write(key, LWWRegister.of(writer, Optional.<V>empty(), timestamp));
    }

    /**
     * Puts {@code value} so that it wins even when {@code key} holds a timestamp beyond the clock's drift
     * bound, which makes {@link #put(ReplicaId, Object, Object, HybridClock) put} throw
     * {@link ClockDriftException}: the recovery, with the consequences stated on
     * {@link LWWRegister#overwrite}. Other keys are not affected.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param clock the writer's hybrid clock
     * @return the map after the put
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the clock's physical time is out of its range
     */
    public LWWMap<K, V> overwrite(ReplicaId writer, K key, V value, HybridClock clock) {
        return overwriteDelta(writer, key, value, clock).state();
    }

    /**
     * Overwrites like {@link #overwrite} and returns the delta too: the one key's register.
     *
     * @param writer the replica writing
     * @param key the key
     * @param value the value
     * @param clock the writer's hybrid clock
     * @return the map after the put and its delta
     * @throws NullPointerException if an argument is null
     * @throws ClockDriftException if the clock's physical time is out of its range
     */
    public Mutation<LWWMap<K, V>> overwriteDelta(ReplicaId writer, K key, V value, HybridClock clock) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(clock, "clock");
        LWWRegister<Optional<V>> current = registers.get(key);
        HybridTimestamp at = current == null ? clock.now() : LWWRegister.after(current.timestamp(), clock);
        return write(key, LWWRegister.of(writer, Optional.of(value), at));
    }

    private Mutation<LWWMap<K, V>> write(ReplicaId writer, K key, Optional<V> value, HybridClock clock) {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clock, "clock");
        LWWRegister<Optional<V>> current = registers.get(key);
        HybridTimestamp at = current == null ? clock.now() : clock.update(current.timestamp());
        return write(key, LWWRegister.of(writer, value, at));
    }

    private Mutation<LWWMap<K, V>> write(K key, LWWRegister<Optional<V>> register) {
        Objects.requireNonNull(key, "key");
        LWWRegister<Optional<V>> current = registers.get(key);
        LWWRegister<Optional<V>> next = current == null ? register : current.merge(register);
        LWWMap<K, V> state = this;
        if (next != current) {
            state = new LWWMap<>(registers.plus(key, next));
        }
        return new Mutation<>(state, new LWWMap<>(ChampMap.<K, LWWRegister<Optional<V>>>empty().plus(key, register)));
    }

    /**
     * Returns the value under {@code key}.
     *
     * @param key the key
     * @return the value, or empty if never put or removed by the latest write
     * @throws NullPointerException if {@code key} is null
     */
    public Optional<V> get(K key) {
        LWWRegister<Optional<V>> r = registers.get(Objects.requireNonNull(key, "key"));
        return r == null ? Optional.empty() : r.value();
    }

    /**
     * Returns the keys whose latest write is a put.
     *
     * @return the live entries, as an unmodifiable map
     */
    public Map<K, V> entries() {
        Map<K, V> live = new HashMap<>();
        registers.forEach((k, r) -> r.value().ifPresent(v -> live.put(k, v)));
        return Collections.unmodifiableMap(live);
    }

    /**
     * Returns the live keys.
     *
     * @return an unmodifiable set
     */
    public Set<K> keys() {
        return entries().keySet();
    }

    /**
     * Returns the registers written after {@code since}: the delta for a peer that has seen every
     * write up to that time (for example its last sync), tombstones included.
     *
     * @param since the peer's high-water mark
     * @return the delta to ship
     * @throws NullPointerException if {@code since} is null
     */
    public LWWMap<K, V> diff(HybridTimestamp since) {
        Objects.requireNonNull(since, "since");
        Map<K, LWWRegister<Optional<V>>> newer = new HashMap<>();
        registers.forEach((k, r) -> {
            if (r.timestamp().isAfter(since)) {
                newer.put(k, r);
            }
        });
        return newer.size() == registers.size() ? this : of(newer);
    }

    /**
     * Returns size statistics for operators: writers, live keys, estimated metadata bytes
     * (tombstones included; values not included).
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        Set<ReplicaId> writers = new HashSet<>();
        long bytes = 1;
        int live = 0;
        for (LWWRegister<Optional<V>> r : registers.values()) {
            writers.add(r.writer());
            bytes += r.stats().estimatedBytes();
            live += r.value().isPresent() ? 1 : 0;
        }
        return new CrdtStats(writers.size(), 0, 0, live, 0, bytes);
    }

    /**
     * Returns the register of every key ever written, tombstones included: what an encoder stores.
     *
     * @return an unmodifiable map
     */
    public Map<K, LWWRegister<Optional<V>>> registers() {
        return Collections.unmodifiableMap(registers);
    }

    /**
     * Merges key by key with the register rule. Idempotent, commutative and associative.
     *
     * @param other the map to merge with
     * @return the merged map
     * @throws NullPointerException if {@code other} is null
     * @throws ConflictingWriteException if one writer wrote two values of a key at one timestamp
     */
    @Override
    public LWWMap<K, V> merge(LWWMap<K, V> other) {
        Objects.requireNonNull(other, "other");
        if (this == other || other.registers.isEmpty()) {
            return this;
        }
        if (registers.isEmpty()) {
            return other;
        }
        ChampMap<K, LWWRegister<Optional<V>>> merged = registers.merge(other.registers,
                ChampMap.union(LWWRegister::merge));
        return merged == registers ? this : merged == other.registers ? other : new LWWMap<>(merged);
    }

    /**
     * Compares key by key (a key missing on one side is below any register). O(n): the two maps' tries are
     * walked in step, once each way, without hashing; allocates nothing.
     *
     * @param other the map to compare with
     * @return the causal relation of the two maps
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(LWWMap<K, V> other) {
        Objects.requireNonNull(other, "other");
        return Causality.of(ChampMap.allAtOrBelow(registers, other.registers),
                ChampMap.allAtOrBelow(other.registers, registers));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof LWWMap && registers.equals(((LWWMap<?, ?>) o).registers));
    }

    @Override
    public int hashCode() {
        return registers.hashCode();
    }

    /** Returns every key's latest write sorted by key text: {@code LWWMap{city=(removed) @7.0 by b, ...}}. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        registers.forEach((k, r) -> shown.put(String.valueOf(k),
                r.value().map(String::valueOf).orElse("(removed)") + " @" + r.timestamp() + " by " + r.writer()));
        return "LWWMap" + shown;
    }
}
