package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.Pruning;
import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ORMap}: the replica table, the keys' causal context written against it (as in
 * {@link CausalContextSerializer}), the live keys with their dots as {@link DottedKeys} (key mode,
 * then each live key in the order of its smallest dot: its dots, the key), each live key followed by
 * its value (Kryo class id and object). Then the removed keys, whose values the map keeps: their
 * number, and each key (class id and object) and its value (class id and object), in the order of the
 * keys' encoded bytes (nothing else orders them: they have no dots, and keys need not be
 * {@code Comparable}). Last, the bottom value (class id and object). From version 2, followed by the
 * keys' {@link Markers pruning markers} (possibly none: a map is written as version 2 when a value
 * state or the bottom holds markers too, and each of those is written at its own version).
 *
 * <p>Values and the bottom are written by the Kryo's registration for their class, so each
 * Convergent value carries its own version and replica table. Decoding checks that every value and
 * the bottom are {@link Crdt}s, that removed keys are distinct from live ones and in strictly
 * increasing order of their bytes, and builds the map through {@link ORMap#of}. Needs a Kryo that
 * requires registration and keeps references off (Kryo 5's defaults): ordering removed keys encodes
 * each one on the side.
 */
final class ORMapSerializer extends CrdtSerializer<ORMap<?, ?>> {

    /** Bytes a removed entry needs at least: the key's and the value's class ids. */
    private static final int MIN_REMOVED_BYTES = 2;

    ORMapSerializer(DecodeLimits limits) {
        super("ORMap", limits);
    }

    @Override
    int versionFor(ORMap<?, ?> map) {
        return Markers.versionFor(Markers.held(map));
    }

    @Override
    void writeBody(Kryo kryo, Output output, ORMap<?, ?> map, int version) {
        write(kryo, output, map);
        if (version >= Markers.VERSION) {
            Markers.write(output, map.prunings());
        }
    }

    private static <K, V extends Crdt<V>> void write(Kryo kryo, Output output, ORMap<K, V> map) {
        Wire.requireContextFreeWrites(kryo, "ORMap");
        CausalContext context = map.context();
        ReplicaId[] table = CausalContextSerializer.table(context);
        Wire.writeTable(output, table);
        CausalContextSerializer.write(output, context, table);
        Map<K, V> values = map.valueStates();
        Set<K> live = map.keys();
        DottedKeys.write(kryo, output, table, live, map::dots,
                key -> kryo.writeClassAndObject(output, values.get(key)));
        List<Removed> removed = new ArrayList<>(values.size() - live.size());
        for (Map.Entry<K, V> e : values.entrySet()) {
            if (!live.contains(e.getKey())) {
                removed.add(new Removed(e.getKey(), e.getValue(), Wire.classAndObjectBytes(kryo, e.getKey())));
            }
        }
        removed.sort((a, b) -> Arrays.compareUnsigned(a.bytes, b.bytes));
        output.writeVarInt(removed.size(), true);
        for (Removed r : removed) {
            kryo.writeClassAndObject(output, r.key);
            kryo.writeClassAndObject(output, r.value);
        }
        kryo.writeClassAndObject(output, map.bottom());
    }

    @Override
    ORMap<?, ?> readBody(Kryo kryo, Input input, int version) {
        Wire.requireContextFreeWrites(kryo, "ORMap");
        ReplicaId[] table = Wire.readTable(input, limits, "ORMap");
        CausalContext context = CausalContextSerializer.read(input, limits, table, "ORMap causal context");
        Map<Object, Crdt<?>> values = new HashMap<>();
        Map<Object, Set<Dot>> keyDots = DottedKeys.read(kryo, input, limits, table, "ORMap", "key",
                key -> values.put(key, readCrdt(kryo, input, "the value of a live key")));
        int r = Wire.readCount(input, limits, MIN_REMOVED_BYTES, "ORMap removed keys");
        byte[] previous = null;
        for (int k = 0; k < r; k++) {
            Object key = Elements.readClassAndObject(kryo, input, "ORMap removed key");
            if (key == null) {
                throw new CrdtSerializationException("ORMap: removed key " + k + " is null");
            }
            byte[] bytes = Wire.classAndObjectBytes(kryo, key);
            if (previous != null && Arrays.compareUnsigned(previous, bytes) >= 0) {
                throw new CrdtSerializationException("ORMap: removed keys must be distinct and in increasing order"
                        + " of their encoded bytes (non-canonical encoding), but removed key " + k + " is not");
            }
            previous = bytes;
            if (keyDots.containsKey(key)) {
                throw new CrdtSerializationException("ORMap: removed key " + k + " is also a live key");
            }
            values.put(key, readCrdt(kryo, input, "the value of removed key " + k));
        }
        Crdt<?> bottom = readCrdt(kryo, input, "the bottom value");
        List<Pruning> markers = version >= Markers.VERSION ? Markers.read(input, limits, "ORMap") : List.of();
        return of(keyDots, context, values, bottom, markers);
    }

    private static Crdt<?> readCrdt(Kryo kryo, Input input, String what) {
        Object value = Elements.readClassAndObject(kryo, input, "ORMap value");
        if (value == null) {
            throw new CrdtSerializationException("ORMap: " + what + " is null");
        }
        if (!(value instanceof Crdt)) {
            throw new CrdtSerializationException("ORMap: " + what + " is a " + value.getClass().getName()
                    + ", not a CRDT");
        }
        return (Crdt<?>) value;
    }

    /** The decoder does not know the value type: it has checked that each value is some CRDT. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ORMap<?, ?> of(Map<Object, Set<Dot>> keyDots, CausalContext context, Map<Object, Crdt<?>> values,
            Crdt<?> bottom, List<Pruning> markers) {
        return ORMap.of(keyDots, context, (Map) values, (Crdt) bottom, markers);
    }

    private static final class Removed {
        final Object key;
        final Object value;
        final byte[] bytes;

        Removed(Object key, Object value, byte[] bytes) {
            this.key = key;
            this.value = value;
            this.bytes = bytes;
        }
    }
}
