package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;

/**
 * {@link VersionVector}: the replica table (sorted, front-coded names), then one counter per
 * replica. Only non-zero entries are stored, so every counter is at least 1.
 */
final class VersionVectorSerializer extends CrdtSerializer<VersionVector> {

    VersionVectorSerializer(DecodeLimits limits) {
        super("VersionVector", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, VersionVector vector, int version) {
        write(output, vector);
    }

    @Override
    VersionVector readBody(Kryo kryo, Input input, int version) {
        return read(input, limits, "VersionVector");
    }

    static void write(Output output, VersionVector vector) {
        ReplicaId[] table = Wire.table(vector);
        Wire.writeTable(output, table);
        Wire.writeCounters(output, table, vector);
    }

    static VersionVector read(Input input, DecodeLimits limits, String what) {
        ReplicaId[] table = Wire.readTable(input, limits, what);
        long[] counters = Wire.readCounters(input, table, what);
        for (int i = 0; i < counters.length; i++) {
            if (counters[i] == 0) {
                throw new CrdtSerializationException(what + ": counter of " + table[i]
                        + " is 0; zero entries are not stored");
            }
        }
        return Wire.vector(table, counters);
    }
}
