package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keys tagged by dots, the shared part of the {@code ORSet}, {@code MVRegister} and {@code ORMap}
 * bodies: the number of keys {@code m} and, if {@code m > 0}, the key mode ({@code 1} followed by one
 * Kryo class id when all keys have the same class, {@code 0} when their classes differ). Then each
 * key in the order of its smallest dot (each dot tags exactly one key, so the order is canonical):
 * that dot as the next step of one {@link Wire.DotWriter delta-encoded run} over all keys, the number
 * of further dots and those dots (a run starting at the first), the key itself, written by the Kryo's
 * registration for its class (preceded by its class id in mode 0), then whatever the caller writes
 * after the key (an {@code ORMap} writes the key's value there).
 */
final class DottedKeys {

    private static final int MIXED = 0;
    private static final int UNIFORM = 1;

    /** Bytes an entry needs at least: its first dot and its number of further dots. */
    private static final int MIN_ENTRY_BYTES = 2;

    private DottedKeys() {
    }

    /**
     * Writes {@code keys} with their dots against {@code table}, calling {@code afterKey} right after
     * each key is written.
     */
    static <K> void write(Kryo kryo, Output output, ReplicaId[] table, Set<K> keys, Function<K, Set<Dot>> dotsOf,
            Consumer<K> afterKey) {
        Entry[] entries = sortedEntries(keys, dotsOf);
        output.writeVarInt(entries.length, true);
        if (entries.length == 0) {
            return;
        }
        Class<?> uniform = entries[0].key.getClass();
        for (Entry e : entries) {
            if (e.key.getClass() != uniform) {
                uniform = null;
                break;
            }
        }
        Serializer<?> serializer = null;
        if (uniform != null) {
            output.writeByte(UNIFORM);
            serializer = kryo.writeClass(output, uniform).getSerializer();
        } else {
            output.writeByte(MIXED);
        }
        Wire.DotWriter firsts = new Wire.DotWriter(table);
        for (Entry e : entries) {
            int index = firsts.write(output, e.dots[0]);
            output.writeVarInt(e.dots.length - 1, true);
            Wire.DotWriter more = new Wire.DotWriter(table, index, e.dots[0].counter());
            for (int i = 1; i < e.dots.length; i++) {
                more.write(output, e.dots[i]);
            }
            if (serializer != null) {
                kryo.writeObject(output, e.key, serializer);
            } else {
                kryo.writeClassAndObject(output, e.key);
            }
            @SuppressWarnings("unchecked")
            K key = (K) e.key;
            afterKey.accept(key);
        }
    }

    private static <K> Entry[] sortedEntries(Set<K> keys, Function<K, Set<Dot>> dotsOf) {
        Entry[] entries = new Entry[keys.size()];
        int k = 0;
        for (K key : keys) {
            Dot[] dots = dotsOf.apply(key).toArray(new Dot[0]);
            Arrays.sort(dots);
            entries[k++] = new Entry(key, dots);
        }
        Arrays.sort(entries, Comparator.comparing((Entry e) -> e.dots[0]));
        return entries;
    }

    /**
     * Reads what {@link #write} wrote, calling {@code afterKey} right after each key is read, and
     * returns each key's dots. {@code what} names the type, {@code noun} its keys, in messages.
     * Rejects null keys, a key twice, and a mode that the keys' classes do not call for.
     */
    static Map<Object, Set<Dot>> read(Kryo kryo, Input input, DecodeLimits limits, ReplicaId[] table, String what,
            String noun, Consumer<Object> afterKey) {
        int m = Wire.readCount(input, limits, MIN_ENTRY_BYTES, what + " " + noun + "s");
        Map<Object, Set<Dot>> entries =
                new HashMap<>((int) Math.min(Integer.MAX_VALUE, Wire.initialCapacity(m, input) * 4L / 3 + 1));
        if (m == 0) {
            return entries;
        }
        int mode = input.readByte();
        Registration uniform = null;
        if (mode == UNIFORM) {
            uniform = Elements.readClass(kryo, input, what + " " + noun + " class");
            if (uniform == null) {
                throw new CrdtSerializationException(what + ": the " + noun + " class is null");
            }
        } else if (mode != MIXED) {
            throw new CrdtSerializationException(what + ": unknown " + noun + " mode " + mode);
        }
        Class<?> firstClass = null;
        boolean classesDiffer = false;
        String keyWhat = what + " " + noun;
        String dotsWhat = keyWhat + " dots";
        String moreWhat = what + " further dots of one " + noun;
        Wire.DotReader firsts = new Wire.DotReader(table, dotsWhat);
        for (int k = 0; k < m; k++) {
            Dot first = firsts.read(input);
            int more = Wire.readCount(input, limits, 1, moreWhat);
            Set<Dot> dots;
            if (more == 0) {
                dots = Set.of(first);
            } else { // strictly increasing, so distinct: Set.of takes them without a hash set to drop repeats
                Dot[] all = new Dot[Wire.initialCapacity(1 + more, input)]; // a stream's count is not yet backed
                all[0] = first;
                Wire.DotReader further = new Wire.DotReader(table, dotsWhat, firsts.index(), first.counter());
                for (int i = 1; i <= more; i++) {
                    if (i == all.length) {
                        all = Arrays.copyOf(all, (int) Math.min(2L * i, 1L + more));
                    }
                    all[i] = further.read(input);
                }
                dots = Set.of(all);
            }
            Object key = uniform != null ? Elements.readObject(kryo, input, uniform, keyWhat)
                    : Elements.readClassAndObject(kryo, input, keyWhat);
            if (key == null) {
                throw new CrdtSerializationException(what + ": " + noun + " " + k + " is null");
            }
            if (firstClass == null) {
                firstClass = key.getClass();
            } else if (key.getClass() != firstClass) {
                classesDiffer = true;
            }
            if (entries.put(key, dots) != null) {
                throw new CrdtSerializationException(what + ": " + noun + " " + k + " equals an earlier " + noun);
            }
            afterKey.accept(key);
        }
        if (uniform == null && !classesDiffer) {
            throw new CrdtSerializationException(what + ": " + noun
                    + "s of one class must be written in uniform mode (non-canonical encoding)");
        }
        return entries;
    }

    private static final class Entry {
        final Object key;
        final Dot[] dots;

        Entry(Object key, Dot[] dots) {
            this.key = key;
            this.dots = dots;
        }
    }
}
