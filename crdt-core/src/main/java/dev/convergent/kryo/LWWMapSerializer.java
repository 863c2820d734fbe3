package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link LWWMap}: the replica table of every key's writer, written once, the number of keys, then
 * per key, in the order of its register's {@code (timestamp, writer)}, ties between keys broken by the
 * keys' encoded bytes: the key (Kryo class id and object), the timestamp's physical millis as the
 * step up from the previous key's (from 0 for the first key), its logical counter, one varint
 * {@code writerIndex << 1 | tombstone} (the writer's index in the table; {@code 1} when the latest
 * write removed the key), and unless it is a tombstone the value (class id and object).
 *
 * <p>The order is canonical: a register's {@code (timestamp, writer)} is its place in last-writer-wins
 * order, and the keys' bytes order what that leaves tied. Sorting by timestamp makes the millis
 * steps small and non-negative. Decoding checks the order, that every replica of the table writes
 * some key, and that no key appears twice. Needs a Kryo that requires registration and keeps
 * references off (Kryo 5's defaults): a tie is broken by encoding the two keys on the side.
 */
final class LWWMapSerializer extends CrdtSerializer<LWWMap<?, ?>> {

    /** Bytes a key entry needs at least: the key's class id, millis step, logical counter, writer and flag. */
    private static final int MIN_ENTRY_BYTES = 4;

    LWWMapSerializer(DecodeLimits limits) {
        super("LWWMap", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, LWWMap<?, ?> map, int version) {
        write(kryo, output, map);
    }

    private static <K, V> void write(Kryo kryo, Output output, LWWMap<K, V> map) {
        Wire.requireContextFreeWrites(kryo, "LWWMap");
        Map<K, LWWRegister<Optional<V>>> registers = map.registers();
        TreeSet<ReplicaId> writers = new TreeSet<>();
        List<Entry> entries = new ArrayList<>(registers.size());
        for (Map.Entry<K, LWWRegister<Optional<V>>> e : registers.entrySet()) {
            LWWRegister<Optional<V>> r = e.getValue();
            writers.add(r.writer());
            entries.add(new Entry(e.getKey(), r.timestamp(), r.writer(), r.value().orElse(null)));
        }
        entries.sort((a, b) -> {
            int c = a.timestamp.compareTo(b.timestamp);
            if (c == 0) {
                c = a.writer.compareTo(b.writer);
            }
            return c != 0 ? c : Arrays.compareUnsigned(a.bytes(kryo), b.bytes(kryo));
        });
        ReplicaId[] table = writers.toArray(new ReplicaId[0]);
        Wire.writeTable(output, table);
        output.writeVarInt(entries.size(), true);
        long millis = 0;
        for (Entry e : entries) {
            kryo.writeClassAndObject(output, e.key);
            Wire.writeUnsigned(output, e.timestamp.physicalMillis() - millis);
            Wire.writeUnsigned(output, e.timestamp.logical());
            Wire.writeUnsigned(output, ((long) Wire.indexOf(table, e.writer) << 1) | (e.value == null ? 1 : 0));
            if (e.value != null) {
                kryo.writeClassAndObject(output, e.value);
            }
            millis = e.timestamp.physicalMillis();
        }
    }

    @Override
    LWWMap<?, ?> readBody(Kryo kryo, Input input, int version) {
        Wire.requireContextFreeWrites(kryo, "LWWMap");
        ReplicaId[] table = Wire.readTable(input, limits, "LWWMap");
        int n = Wire.readCount(input, limits, MIN_ENTRY_BYTES, "LWWMap keys");
        if (n > 0 && table.length == 0) {
            throw new CrdtSerializationException("LWWMap: " + n + " keys but no writer in the replica table");
        }
        Map<Object, LWWRegister<Optional<Object>>> registers =
                new HashMap<>((int) Math.min(Integer.MAX_VALUE, Wire.initialCapacity(n, input) * 4L / 3 + 1));
        boolean[] used = new boolean[table.length];
        long millis = 0;
        HybridTimestamp previous = null;
        int previousWriter = -1;
        Object previousKey = null;
        byte[] previousBytes = null;
        for (int k = 0; k < n; k++) {
            Object key = Elements.readClassAndObject(kryo, input, "LWWMap key");
            if (key == null) {
                throw new CrdtSerializationException("LWWMap: key " + k + " is null");
            }
            millis += Wire.readLong(input, 0, Long.MAX_VALUE - millis, "LWWMap millis step");
            int logical = Wire.readInt(input, 0, HybridTimestamp.MAX_LOGICAL, "LWWMap logical counter");
            long head = Wire.readLong(input, 0, 2L * table.length - 1, "LWWMap writer index and tombstone flag");
            int writer = (int) (head >>> 1);
            HybridTimestamp timestamp = HybridTimestamp.of(millis, logical);
            int c = previous == null ? 1 : timestamp.compareTo(previous);
            if (c == 0) {
                c = Integer.compare(writer, previousWriter); // the table is sorted: index order is replica order
            }
            byte[] bytes = null;
            if (c == 0) {
                if (previousBytes == null) {
                    previousBytes = Wire.classAndObjectBytes(kryo, previousKey);
                }
                bytes = Wire.classAndObjectBytes(kryo, key);
                c = Arrays.compareUnsigned(bytes, previousBytes);
            }
            if (c <= 0) {
                throw new CrdtSerializationException("LWWMap: keys must be in increasing order of (timestamp, writer,"
                        + " encoded key), but key " + k + " is not (non-canonical encoding)");
            }
            Optional<Object> value;
            if ((head & 1L) == 1L) {
                value = Optional.empty();
            } else {
                Object v = Elements.readClassAndObject(kryo, input, "LWWMap value");
                if (v == null) {
                    throw new CrdtSerializationException("LWWMap: the value of key " + k + " is null");
                }
                value = Optional.of(v);
            }
            if (registers.put(key, LWWRegister.of(table[writer], value, timestamp)) != null) {
                throw new CrdtSerializationException("LWWMap: key " + k + " equals an earlier key");
            }
            used[writer] = true;
            previous = timestamp;
            previousWriter = writer;
            previousKey = key;
            previousBytes = bytes;
        }
        for (int i = 0; i < table.length; i++) {
            if (!used[i]) {
                throw new CrdtSerializationException("LWWMap: replica " + table[i]
                        + " is in the table but writes no key; unused replicas are not stored");
            }
        }
        return LWWMap.of(registers);
    }

    private static final class Entry {
        final Object key;
        final HybridTimestamp timestamp;
        final ReplicaId writer;
        /** The value, or null for a tombstone. */
        final Object value;
        private byte[] bytes;

        Entry(Object key, HybridTimestamp timestamp, ReplicaId writer, Object value) {
            this.key = key;
            this.timestamp = timestamp;
            this.writer = writer;
            this.value = value;
        }

        /** The key's encoded bytes, computed only when a tie calls for them. */
        byte[] bytes(Kryo kryo) {
            if (bytes == null) {
                bytes = Wire.classAndObjectBytes(kryo, key);
            }
            return bytes;
        }
    }
}
