package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.util.List;

/**
 * {@link CausalContext}: the replica table (the vector's replicas and the cloud's), one vector
 * counter per replica (0 when absent), then the dot cloud: its size and its sorted dots as a
 * {@link Wire.DotWriter delta-encoded run}. Decoding accepts only compact contexts: no cloud dot is
 * covered by the vector or extends it contiguously, and every replica in the table is used.
 */
final class CausalContextSerializer extends CrdtSerializer<CausalContext> {

    CausalContextSerializer(DecodeLimits limits) {
        super("CausalContext", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, CausalContext context, int version) {
        ReplicaId[] table = table(context);
        Wire.writeTable(output, table);
        write(output, context, table);
    }

    @Override
    CausalContext readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "CausalContext");
        return read(input, limits, table, "CausalContext");
    }

    /** The replicas a context mentions, sorted: the table of any state that holds the context. */
    static ReplicaId[] table(CausalContext context) {
        return Wire.table(context.versionVector(), context.cloud());
    }

    /** Writes the context against a table that holds every replica it mentions. */
    static void write(Output output, CausalContext context, ReplicaId[] table) {
        Wire.writeCounters(output, table, context.versionVector());
        List<Dot> cloud = context.cloud();
        output.writeVarInt(cloud.size(), true);
        Wire.DotWriter dots = new Wire.DotWriter(table);
        for (Dot d : cloud) {
            dots.write(output, d);
        }
    }

    /** Reads a context written against {@code table}, and checks that it is compact and uses every replica. */
    static CausalContext read(Input input, DecodeLimits limits, ReplicaId[] table, String what) {
        long[] counters = Wire.readCounters(input, table, what + " version vector");
        boolean[] used = new boolean[table.length];
        for (int i = 0; i < table.length; i++) {
            used[i] = counters[i] != 0;
        }
        int n = Wire.readCount(input, limits, 1, what + " dot cloud");
        List<Dot> cloud = Wire.listFor(n, input);
        Wire.DotReader dots = new Wire.DotReader(table, what + " dot cloud");
        for (int k = 0; k < n; k++) {
            Dot d = dots.read(input);
            long seen = counters[dots.index()];
            if (seen == Long.MAX_VALUE || d.counter() <= seen + 1) {
                throw new CrdtSerializationException(what + ": cloud dot " + d + " is not compact: the vector has "
                        + table[dots.index()] + ":" + seen);
            }
            used[dots.index()] = true;
            cloud.add(d);
        }
        for (int i = 0; i < table.length; i++) {
            if (!used[i]) {
                throw new CrdtSerializationException(what + ": replica " + table[i]
                        + " is in the table but holds no dot; unused replicas are not stored");
            }
        }
        VersionVector vector = Wire.vector(table, counters);
        CausalContext context = CausalContext.of(vector, cloud);
        if (context.cloud().size() != cloud.size()) {
            throw new CrdtSerializationException(what + ": the dot cloud is not compact");
        }
        return context;
    }
}
