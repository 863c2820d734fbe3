package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.MVRegister;

/**
 * {@link MVRegister}: laid out as an {@link ORSetSerializer OR-Set} of its sibling values: the replica
 * table, the causal context written against it, then the siblings with the dots of the writes that
 * produced them as {@link DottedKeys} (value mode, then each value in the order of its smallest dot:
 * its dots, the value itself).
 */
final class MVRegisterSerializer extends CrdtSerializer<MVRegister<?>> {

    MVRegisterSerializer(DecodeLimits limits) {
        super("MVRegister", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, MVRegister<?> register) {
        write(kryo, output, register);
    }

    private static <V> void write(Kryo kryo, Output output, MVRegister<V> register) {
        CausalContext context = register.context();
        ReplicaId[] table = CausalContextSerializer.table(context);
        Wire.writeTable(output, table);
        CausalContextSerializer.write(output, context, table);
        DottedKeys.write(kryo, output, table, register.values(), register::dots, value -> { });
    }

    @Override
    MVRegister<?> readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "MVRegister");
        CausalContext context = CausalContextSerializer.read(input, limits, table, "MVRegister causal context");
        return MVRegister.of(DottedKeys.read(kryo, input, limits, table, "MVRegister", "value", value -> { }),
                context);
    }
}
