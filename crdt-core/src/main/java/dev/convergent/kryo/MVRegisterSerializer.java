package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.Pruning;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link MVRegister}: laid out as an {@link ORSetSerializer OR-Set} of its sibling values: the replica
 * table, the causal context written against it, then the siblings with the dots of the writes that
 * produced them as {@link DottedKeys} (value mode, then each value in the order of its smallest dot:
 * its dots, the value itself). From version 2, followed by the register's {@link Markers pruning markers}.
 */
final class MVRegisterSerializer extends CrdtSerializer<MVRegister<?>> {

    MVRegisterSerializer(DecodeLimits limits) {
        super("MVRegister", limits);
    }

    @Override
    int versionFor(MVRegister<?> register) {
        return Markers.versionFor(!register.prunings().isEmpty());
    }

    @Override
    void writeBody(Kryo kryo, Output output, MVRegister<?> register, int version) {
        write(kryo, output, register);
        if (version >= Markers.VERSION) {
            Markers.write(output, register.prunings());
        }
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
        Map<Object, Set<Dot>> siblings = DottedKeys.read(kryo, input, limits, table, "MVRegister", "value",
                value -> { });
        List<Pruning> markers = version >= Markers.VERSION ? Markers.read(input, limits, "MVRegister") : List.of();
        return MVRegister.of(siblings, context, markers);
    }
}
