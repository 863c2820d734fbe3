package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORSet;

/**
 * {@link ORSet}: the replica table, the causal context written against it (as in
 * {@link CausalContextSerializer}), then the present elements with their dots as
 * {@link DottedKeys}: their number and, if there are any, the element mode: {@code 1} followed by
 * one Kryo class id when all elements have the same class, {@code 0} when their classes differ. Then
 * each element in the order of its smallest dot (each dot tags exactly one element, so the order is
 * canonical): that dot as the next step of a {@link Wire.DotWriter delta-encoded run}, the number of
 * further dots and those dots (a run starting at the first), and the element itself, written by the
 * Kryo's registration for its class (preceded by its class id in mode 0).
 */
final class ORSetSerializer extends CrdtSerializer<ORSet<?>> {

    ORSetSerializer(DecodeLimits limits) {
        super("ORSet", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, ORSet<?> set) {
        write(kryo, output, set);
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
        return ORSet.of(DottedKeys.read(kryo, input, limits, table, "ORSet", "element", element -> { }), context);
    }
}
