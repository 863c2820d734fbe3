package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ORSet}: the replica table, the causal context written against it (as in
 * {@link CausalContextSerializer}), the number of present elements and, if there are any, the
 * element mode: {@code 1} followed by one Kryo class id when all elements have the same class,
 * {@code 0} when their classes differ. Then each element in the order of its smallest dot (each dot
 * tags exactly one element, so the order is canonical): that dot as the next step of a
 * {@link Wire.DotWriter delta-encoded run}, the number of further dots and those dots (a run
 * starting at the first), and the element itself, written by the Kryo's registration for its class
 * (preceded by its class id in mode 0).
 */
final class ORSetSerializer extends CrdtSerializer<ORSet<?>> {

    private static final int MIXED = 0;
    private static final int UNIFORM = 1;

    /** Bytes an element needs at least: its first dot and its number of further dots. */
    private static final int MIN_ELEMENT_BYTES = 2;

    ORSetSerializer(DecodeLimits limits) {
        super("ORSet", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, ORSet<?> set) {
        CausalContext context = set.context();
        ReplicaId[] table = CausalContextSerializer.table(context);
        Wire.writeTable(output, table);
        CausalContextSerializer.write(output, context, table);
        Entry[] entries = sortedEntries(set);
        output.writeVarInt(entries.length, true);
        if (entries.length == 0) {
            return;
        }
        Class<?> uniform = entries[0].element.getClass();
        for (Entry e : entries) {
            if (e.element.getClass() != uniform) {
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
                kryo.writeObject(output, e.element, serializer);
            } else {
                kryo.writeClassAndObject(output, e.element);
            }
        }
    }

    private static <E> Entry[] sortedEntries(ORSet<E> set) {
        Entry[] entries = new Entry[set.size()];
        int k = 0;
        for (E element : set.elements()) {
            Dot[] dots = set.dots(element).toArray(new Dot[0]);
            Arrays.sort(dots);
            entries[k++] = new Entry(element, dots);
        }
        Arrays.sort(entries, Comparator.comparing((Entry e) -> e.dots[0]));
        return entries;
    }

    @Override
    ORSet<?> readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "ORSet");
        CausalContext context = CausalContextSerializer.read(input, limits, table, "ORSet causal context");
        int m = Wire.readCount(input, limits, MIN_ELEMENT_BYTES, "ORSet elements");
        Map<Object, Set<Dot>> entries =
                new HashMap<>((int) Math.min(Integer.MAX_VALUE, Wire.initialCapacity(m, input) * 4L / 3 + 1));
        if (m == 0) {
            return ORSet.of(entries, context);
        }
        int mode = input.readByte();
        Registration uniform = null;
        if (mode == UNIFORM) {
            uniform = kryo.readClass(input);
            if (uniform == null) {
                throw new CrdtSerializationException("ORSet: the element class is null");
            }
        } else if (mode != MIXED) {
            throw new CrdtSerializationException("ORSet: unknown element mode " + mode);
        }
        Class<?> firstClass = null;
        boolean classesDiffer = false;
        Wire.DotReader firsts = new Wire.DotReader(table, "ORSet element dots");
        for (int k = 0; k < m; k++) {
            Dot first = firsts.read(input);
            int more = Wire.readCount(input, limits, 1, "ORSet further dots of an element");
            List<Dot> dots = Wire.listFor(1 + more, input);
            dots.add(first);
            Wire.DotReader further = new Wire.DotReader(table, "ORSet element dots", firsts.index(), first.counter());
            for (int i = 0; i < more; i++) {
                dots.add(further.read(input));
            }
            Object element = uniform != null ? readUniform(kryo, input, uniform) : kryo.readClassAndObject(input);
            if (element == null) {
                throw new CrdtSerializationException("ORSet: element " + k + " is null");
            }
            if (firstClass == null) {
                firstClass = element.getClass();
            } else if (element.getClass() != firstClass) {
                classesDiffer = true;
            }
            if (entries.put(element, Set.copyOf(dots)) != null) {
                throw new CrdtSerializationException("ORSet: element " + k + " equals an earlier element");
            }
        }
        if (uniform == null && !classesDiffer) {
            throw new CrdtSerializationException(
                    "ORSet: elements of one class must be written in uniform mode (non-canonical encoding)");
        }
        return ORSet.of(entries, context);
    }

    @SuppressWarnings("unchecked")
    private static Object readUniform(Kryo kryo, Input input, Registration registration) {
        return kryo.readObject(input, (Class<Object>) registration.getType(),
                (Serializer<Object>) registration.getSerializer());
    }

    private static final class Entry {
        final Object element;
        final Dot[] dots;

        Entry(Object element, Dot[] dots) {
            this.element = element;
            this.dots = dots;
        }
    }
}
