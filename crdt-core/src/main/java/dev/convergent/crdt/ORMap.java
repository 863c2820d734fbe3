package dev.convergent.crdt;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An observed-remove map from keys to embedded CRDTs, merged recursively (like Riak's map or
 * Pekko's ORMap). A shopping cart is an {@code ORMap<String, PNCounter>}: item to quantity.
 *
 * <p>Key presence is add-wins, as in an {@link ORSet}: {@link #update} makes the key live with a
 * fresh dot, {@link #remove} cancels the updates it has observed, and an update concurrent with a
 * remove keeps the key. Values merge as the CRDT they are. A removed key keeps its value state
 * (hidden), so neither a later update nor a stale replica can bring back an old value by merge: the
 * value only ever moves up its own order. To make "remove" also mean "reset", update the value to
 * its neutral point before removing (see {@code docs/cart.md}): a concurrent update then
 * shows exactly its own effect.
 *
 * <p>Merge rule: keys as an observed-remove set; values pointwise by their own merge. Order: the
 * product of both. State size O(keys ever updated + replicas); merge costs O(keys of both) plus the
 * values' merges.
 *
 * <p>Immutable and thread-safe when keys and values are; value-based.
 *
 * @param <K> the key type, which should be immutable and have value equality
 * @param <V> the value CRDT type
 */
public final class ORMap<K, V extends Crdt<V>> implements Crdt<ORMap<K, V>>, Prunable<ORMap<K, V>> {

    private final DotKernel<K> keys;
    private final ChampMap<K, V> values;
    private final V bottom;

    private ORMap(DotKernel<K> keys, ChampMap<K, V> values, V bottom) {
        this.keys = keys;
        this.values = values;
        this.bottom = bottom;
    }

    /**
     * Returns the empty map whose new keys start from {@code bottom}, the value type's empty state.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param bottom the value a key holds before its first update, e.g. {@code PNCounter.empty()}
     * @return the empty map
     * @throws NullPointerException if {@code bottom} is null
     */
    public static <K, V extends Crdt<V>> ORMap<K, V> empty(V bottom) {
        return new ORMap<>(DotKernel.empty(), ChampMap.empty(), Objects.requireNonNull(bottom, "bottom"));
    }

    /**
     * Returns the map with the given key dots, context and value states (for example decoded from
     * storage), after checking its invariants.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param keyDots the dots of each live key; every set non-empty
     * @param context the dots seen; must cover every key dot
     * @param values the value state of every key ever updated, live or removed; must hold every live key
     * @param bottom the value a key holds before its first update
     * @return the map
     * @throws NullPointerException if an argument, key, value or dot is null
     * @throws IllegalArgumentException if the dots break the observed-remove invariants or a live key has no value
     */
    public static <K, V extends Crdt<V>> ORMap<K, V> of(Map<K, Set<Dot>> keyDots, CausalContext context,
            Map<K, V> values, V bottom) {
        Objects.requireNonNull(keyDots, "keyDots");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(bottom, "bottom");
        DotKernel<K> kernel = DotKernel.of(keyDots, context, "key");
        Map<K, V> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "values contains a null key"),
                Objects.requireNonNull(v, "values contains a null value")));
        for (K live : kernel.keys()) {
            if (!copy.containsKey(live)) {
                throw new IllegalArgumentException("live key " + live + " has no value");
            }
        }
        return new ORMap<>(kernel, ChampMap.copyOf(copy), bottom);
    }

    /**
     * Returns the map with the given key dots, context, value states and the keys' pruning markers,
     * after checking its invariants. Each value state holds its own markers.
     *
     * @param <K> the key type
     * @param <V> the value CRDT type
     * @param keyDots the dots of each live key; every set non-empty
     * @param context the dots seen; must cover every key dot
     * @param values the value state of every key ever updated, live or removed; must hold every live key
     * @param bottom the value a key holds before its first update
     * @param prunings the pruning markers of the keys (none of their retired ids may appear in the
     *     key dots or the context)
     * @return the map
     * @throws NullPointerException if an argument, key, value, dot or marker is null
     * @throws IllegalArgumentException if the dots break the observed-remove invariants, a live key has
     *     no value, or a retired id still appears in the keys
     * @throws PruningConflictException if two markers retire one id differently or loop
     */
    public static <K, V extends Crdt<V>> ORMap<K, V> of(Map<K, Set<Dot>> keyDots, CausalContext context,
            Map<K, V> values, V bottom, Collection<Pruning> prunings) {
        ORMap<K, V> plain = of(keyDots, context, values, bottom);
        return new ORMap<>(plain.keys.withPrunings(Prunings.of(prunings)), plain.values, bottom);
    }

    /**
     * Applies {@code update} to the value of {@code key} (its current state, or the bottom value for
     * a key never updated) and makes the key live. Inflates when {@code update} inflates the value.
     *
     * @param replica the replica performing the update
     * @param key the key
     * @param update the value mutator, e.g. {@code q -> q.increment(replica, 1)}
     * @return the updated map
     * @throws NullPointerException if an argument, or the value {@code update} returns, is null
     * @throws IllegalArgumentException if the new value is not an inflation of the current one (it is below
     *     or concurrent to it); the map is unchanged
     */
    public ORMap<K, V> update(ReplicaId replica, K key, UnaryOperator<V> update) {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        V current = values.getOrDefault(key, bottom);
        V next = Objects.requireNonNull(update.apply(current), "update returned null");
        checkInflation(key, current, next);
        return new ORMap<>(keys.addState(replica, key), values.plus(key, next), bottom);
    }

    /**
     * Updates like {@link #update} with a delta mutator of the value, and returns the map's delta:
     * the key's new dot and the value's delta, O(size of the value's delta).
     *
     * @param replica the replica performing the update
     * @param key the key
     * @param update the value's delta mutator, e.g. {@code q -> q.incrementDelta(replica, 1)}
     * @return the updated map and its delta
     * @throws NullPointerException if an argument, or the mutation {@code update} returns, is null
     * @throws IllegalArgumentException if the new value is not an inflation of the current one; the map is
     *     unchanged
     */
    public Mutation<ORMap<K, V>> updateDelta(ReplicaId replica, K key, Function<V, Mutation<V>> update) {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        V current = values.getOrDefault(key, bottom);
        Mutation<V> value = Objects.requireNonNull(update.apply(current), "update returned null");
        checkInflation(key, current, value.state());
        Mutation<DotKernel<K>> presence = keys.add(replica, key);
        return new Mutation<>(new ORMap<>(presence.state(), values.plus(key, value.state()), bottom),
                new ORMap<>(presence.delta(), ChampMap.<K, V>empty().plus(key, value.delta()), bottom));
    }

    private static <K, V extends Crdt<V>> void checkInflation(K key, V current, V next) {
        Causality order = current.compare(next);
        if (order != Causality.BEFORE && order != Causality.EQUAL) {
            throw new IllegalArgumentException("update of key " + key + " must return an inflation of its value,"
                    + " but the new value is " + order + " the current one (the next merge would bring the old"
                    + " value back); the map is unchanged: use the value's mutators, which always inflate");
        }
    }

    /**
     * Removes {@code key}: cancels every update of it this state has observed. An update this state
     * has not seen keeps the key. The value's state is kept, hidden. Removing an absent key is a no-op.
     *
     * @param key the key
     * @return the map without the key ({@code this} if it was absent)
     * @throws NullPointerException if {@code key} is null
     */
    public ORMap<K, V> remove(K key) {
        Objects.requireNonNull(key, "key");
        DotKernel<K> next = keys.removeState(key);
        return next == keys ? this : new ORMap<>(next, values, bottom);
    }

    /**
     * Removes like {@link #remove} and returns the delta too: a context of the removed dots.
     *
     * @param key the key
     * @return the map without the key and its delta
     * @throws NullPointerException if {@code key} is null
     */
    public Mutation<ORMap<K, V>> removeDelta(K key) {
        Objects.requireNonNull(key, "key");
        Mutation<DotKernel<K>> presence = keys.remove(key);
        ORMap<K, V> next = presence.state() == keys ? this : new ORMap<>(presence.state(), values, bottom);
        return new Mutation<>(next, new ORMap<>(presence.delta(), ChampMap.empty(), bottom));
    }

    /**
     * Returns the value of a live key.
     *
     * @param key the key
     * @return its value, or empty if the key is absent or removed
     * @throws NullPointerException if {@code key} is null
     */
    public Optional<V> get(K key) {
        Objects.requireNonNull(key, "key");
        return keys.containsKey(key) ? Optional.of(values.get(key)) : Optional.empty();
    }

    /**
     * Returns whether {@code key} is live.
     *
     * @param key the key
     * @return whether it is in the map
     * @throws NullPointerException if {@code key} is null
     */
    public boolean containsKey(K key) {
        return keys.containsKey(Objects.requireNonNull(key, "key"));
    }

    /**
     * Returns the live keys, in no particular order.
     *
     * @return an unmodifiable view of the keys
     */
    public Set<K> keys() {
        return keys.keys();
    }

    /**
     * Returns the live keys with their values.
     *
     * @return an unmodifiable map
     */
    public Map<K, V> entries() {
        Map<K, V> live = new HashMap<>();
        for (K k : keys.keys()) {
            live.put(k, values.get(k));
        }
        return Collections.unmodifiableMap(live);
    }

    /**
     * Returns the number of live keys.
     *
     * @return the size
     */
    public int size() {
        return keys.size();
    }

    /**
     * Returns whether no key is live.
     *
     * @return whether the map is empty
     */
    public boolean isEmpty() {
        return keys.size() == 0;
    }

    /**
     * Returns the dots of the updates that keep {@code key} live.
     *
     * @param key the key
     * @return its dots, empty if it is absent
     * @throws NullPointerException if {@code key} is null
     */
    public Set<Dot> dots(K key) {
        return keys.dots(Objects.requireNonNull(key, "key"));
    }

    /**
     * Returns the causal context of the keys: every update and remove seen.
     *
     * @return the context
     */
    public CausalContext context() {
        return keys.context();
    }

    /**
     * Returns the value state of every key ever updated, live or removed: what an encoder stores.
     *
     * @return an unmodifiable map
     */
    public Map<K, V> valueStates() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Returns a delta that brings a peer up to date, given the peer's causal context: the keys with
     * updates the peer has not seen, the dots it must learn were removed, and the value state of
     * every key. Values are shipped whole and always: a value carries no causal history, and a peer
     * that received an update's delta knows the update's dot (and the dots it replaced) without
     * holding the values those dots contributed, so its context cannot tell which values it lacks.
     * Minimal in keys and dots. {@code peerState.merge(diff(peerState.context()))} equals
     * {@code peerState.merge(this)}.
     *
     * @param peer the causal context the peer reported
     * @return the delta to ship
     * @throws NullPointerException if {@code peer} is null
     */
    public ORMap<K, V> diff(CausalContext peer) {
        DotKernel<K> d = keys.diff(peer);
        return d == keys ? this : new ORMap<>(d, values, bottom);
    }

    /**
     * Removes {@code retired} for good from the keys and from every value state that is
     * {@link Prunable} (the built-in counters, sets, registers, flags and maps are) and carries it: key dots become
     * {@code successor}'s and each value folds the retired replica into the successor, so every key,
     * removal and quantity is kept. Value types that are not prunable are left as they are. Call it on
     * the successor's own state after it has merged the retired replica's last state, then ship the
     * result in full. Idempotent.
     *
     * @param retired the replica that stopped for good
     * @param successor the replica performing the pruning
     * @return the pruned map ({@code this} if nothing changed)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the ids are equal, {@code retired} was pruned into another
     *     replica or {@code successor} was itself pruned
     * @throws IllegalStateException if this state has gaps in the writes of either replica
     * @throws CounterOverflowException if the renamed dots would pass the successor's last possible dot
     */
    @Override
    public ORMap<K, V> prune(ReplicaId retired, ReplicaId successor) {
        if (keys.prunings().alreadyPruned(retired, successor)) {
            // every value holding the retired id was pruned then, or renamed by a merge since
            return this;
        }
        DotKernel<K> prunedKeys = keys.prune(retired, successor);
        ChampMap<K, V> prunedValues = mapValues(v -> pruneValue(v, retired, successor));
        // not pruned before, so the keys gain the marker: a new state either way
        return new ORMap<>(prunedKeys, prunedValues, bottom);
    }

    /**
     * Prunes a value that carries {@code retired}. A value that does not needs no marker: the
     * successor has merged the retired replica's last state, so no replica holds a contribution of
     * {@code retired} to that key either.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <V> V pruneValue(V value, ReplicaId retired, ReplicaId successor) {
        if (value instanceof Prunable && ((Prunable) value).replicaIds().contains(retired)) {
            return (V) ((Prunable) value).prune(retired, successor);
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <V> V forgetValue(V value, ReplicaId retired) {
        return value instanceof Prunable ? (V) ((Prunable) value).forgetPruning(retired) : value;
    }

    /** The value states with {@code f} applied to each, sharing the trie where nothing changes. */
    private ChampMap<K, V> mapValues(UnaryOperator<V> f) {
        return values.mapValues((k, v) -> f.apply(v));
    }

    /** Returns the ids the keys were pruned of (each value state keeps its own markers too). */
    @Override
    public Set<ReplicaId> retiredReplicas() {
        return keys.prunings().retired();
    }

    /** Returns the ids of the keys' dots and context and of every prunable value state. */
    @Override
    public Set<ReplicaId> replicaIds() {
        Set<ReplicaId> ids = new TreeSet<>(keys.replicaIds());
        values.forEach((k, v) -> {
            if (v instanceof Prunable) {
                ids.addAll(((Prunable<?>) v).replicaIds());
            }
        });
        return Collections.unmodifiableSet(ids);
    }

    @Override
    public ORMap<K, V> forgetPruning(ReplicaId retired) {
        DotKernel<K> k = keys.forgetPruning(retired);
        ChampMap<K, V> v = mapValues(value -> forgetValue(value, retired));
        return k == keys && v == values ? this : new ORMap<>(k, v, bottom);
    }

    /**
     * Returns the pruning markers of the keys, sorted by retired id.
     *
     * @return the markers, usually empty
     */
    public List<Pruning> prunings() {
        return keys.prunings().list();
    }

    /**
     * Returns size statistics for operators: replica ids, dots, dot cloud, live keys, estimated
     * metadata bytes (keys' dots and context; values not included).
     *
     * @return the statistics
     */
    public CrdtStats stats() {
        return keys.stats(0);
    }

    /**
     * Returns the value a key holds before its first update.
     *
     * @return the bottom value
     */
    public V bottom() {
        return bottom;
    }

    /**
     * Joins two maps: keys as an observed-remove set, values by their own merge. Idempotent,
     * commutative and associative (as the values' merge is).
     *
     * @param other the map to merge with
     * @return the merged map
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public ORMap<K, V> merge(ORMap<K, V> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return this;
        }
        DotKernel<K> mergedKeys = keys.merge(other.keys);
        ChampMap<K, V> mergedValues = values.merge(other.values, ChampMap.union(Crdt::merge));
        if (mergedKeys == keys && mergedValues == values) {
            return this;
        }
        if (mergedKeys == other.keys && mergedValues == other.values) {
            return other;
        }
        return new ORMap<>(mergedKeys, mergedValues, bottom);
    }

    /**
     * Compares in the product order of the keys and the values (a missing value is below any). O(n) plus the
     * values' own compares: the value tries are walked in step, once each way, without hashing; allocates nothing
     * besides what the values' compares allocate.
     *
     * @param other the map to compare with
     * @return the causal relation of the two maps
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(ORMap<K, V> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return Causality.EQUAL;
        }
        Causality result = keys.compare(other.keys);
        if (result == Causality.CONCURRENT) {
            return result;
        }
        return result.and(Causality.of(ChampMap.allAtOrBelow(values, other.values),
                ChampMap.allAtOrBelow(other.values, values)));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ORMap)) {
            return false;
        }
        ORMap<?, ?> m = (ORMap<?, ?>) o;
        return keys.equals(m.keys) && values.equals(m.values);
    }

    @Override
    public int hashCode() {
        return 31 * keys.hashCode() + values.hashCode();
    }

    /** Returns the live entries sorted by key text and how many keys are hidden: {@code ORMap{{k=v} (1 removed)}}. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        for (K k : keys.keys()) {
            shown.put(String.valueOf(k), values.get(k) + new TreeSet<>(keys.dots(k)).toString());
        }
        int hidden = values.size() - keys.size();
        return "ORMap{" + shown + (hidden > 0 ? " (" + hidden + " removed)" : "") + " | " + keys.context()
                + (keys.prunings().isEmpty() ? "" : " pruned " + keys.prunings()) + "}";
    }
}
