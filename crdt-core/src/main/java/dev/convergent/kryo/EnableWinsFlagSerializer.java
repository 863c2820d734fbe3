package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.Pruning;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@link EnableWinsFlag}: the replica table, the causal context written against it (as in
 * {@link CausalContextSerializer}), then the enables in force: their number and their sorted dots as
 * one {@link Wire.DotWriter delta-encoded run}. Disabled is zero enables. From version 2, followed by
 * the flag's {@link Markers pruning markers}.
 */
final class EnableWinsFlagSerializer extends CrdtSerializer<EnableWinsFlag> {

    EnableWinsFlagSerializer(DecodeLimits limits) {
        super("EnableWinsFlag", limits);
    }

    @Override
    int versionFor(EnableWinsFlag flag) {
        return Markers.versionFor(!flag.prunings().isEmpty());
    }

    @Override
    void writeBody(Kryo kryo, Output output, EnableWinsFlag flag, int version) {
        CausalContext context = flag.context();
        ReplicaId[] table = CausalContextSerializer.table(context);
        Wire.writeTable(output, table);
        CausalContextSerializer.write(output, context, table);
        Dot[] enables = flag.enables().toArray(new Dot[0]);
        Arrays.sort(enables);
        output.writeVarInt(enables.length, true);
        Wire.DotWriter run = new Wire.DotWriter(table);
        for (Dot d : enables) {
            run.write(output, d);
        }
        if (version >= Markers.VERSION) {
            Markers.write(output, flag.prunings());
        }
    }

    @Override
    EnableWinsFlag readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "EnableWinsFlag");
        CausalContext context = CausalContextSerializer.read(input, limits, table, "EnableWinsFlag causal context");
        int n = Wire.readCount(input, limits, 1, "EnableWinsFlag enables");
        List<Dot> enables = Wire.listFor(n, input);
        Wire.DotReader run = new Wire.DotReader(table, "EnableWinsFlag enables");
        for (int i = 0; i < n; i++) {
            enables.add(run.read(input));
        }
        List<Pruning> markers = version >= Markers.VERSION ? Markers.read(input, limits, "EnableWinsFlag") : List.of();
        return EnableWinsFlag.of(Set.copyOf(enables), context, markers);
    }
}
