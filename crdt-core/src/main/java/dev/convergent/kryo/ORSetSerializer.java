package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.Pruning;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ORSet}: the replica table, the causal context written against it (as in
 * {@link CausalContextSerializer}), then the present elements with their dots as
 * {@link DottedKeys}: their number and, if there are any, the element mode: {@code 1} followed by
 * one Kryo class id when all elements have the same class, {@code 0} when their classes differ. Then
 * each element in the order of its smallest dot (each dot tags exactly one element, so the order is
 * canonical): that dot as the next step of a {@link Wire.DotWriter delta-encoded run}, the number of
 * further dots and those dots (a run starting at the first), and the element itself, written by the
 * Kryo's registration for its class (preceded by its class id in mode 0). From version 2, followed
 * by the set's {@link Markers pruning markers}.
 */
final class ORSetSerializer extends CrdtSerializer<ORSet<?>> {

    ORSetSerializer(DecodeLimits limits) {
        super("ORSet", limits);
    }

    @Override
    int versionFor(ORSet<?> set) {
        return Markers.versionFor(!set.prunings().isEmpty());
    }

    @Override
    void writeBody(Kryo kryo, Output output, ORSet<?> set, int version) {
        write(kryo, output, set);
        if (version >= Markers.VERSION) {
            Markers.write(output, set.prunings());
        }
    }

    private static <E> void write(Kryo kryo, Output output, ORSet<E> set) {
        CausalContext context = set.context();
        ReplicaId[] table = CausalContextSerializer.table(context);
        Wire.writeTable(output, table);
        CausalContextSerializer.write(output, context, table);
        DottedKeys.write(kryo, output, table, set.elements(), set::dots, element -> { });
    }

    @Override
    ORSet<?> readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "ORSet");
        CausalContext context = CausalContextSerializer.read(input, limits, table, "ORSet causal context");
        Map<Object, Set<Dot>> entries = DottedKeys.read(kryo, input, limits, table, "ORSet", "element", element -> { });
        List<Pruning> markers = version >= Markers.VERSION ? Markers.read(input, limits, "ORSet") : List.of();
        return ORSet.of(entries, context, markers);
    }
}
