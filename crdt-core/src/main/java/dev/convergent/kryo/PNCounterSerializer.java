package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.PNCounter;

/**
 * {@link PNCounter}: one replica table for both halves, then the increment of each replica, then
 * the decrement of each replica (0 when a half lacks the replica; never 0 in both).
 */
final class PNCounterSerializer extends CrdtSerializer<PNCounter> {

    PNCounterSerializer(DecodeLimits limits) {
        super("PNCounter", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, PNCounter counter) {
        VersionVector inc = counter.increments().counts();
        VersionVector dec = counter.decrements().counts();
        ReplicaId[] table = Wire.union(Wire.table(inc), Wire.table(dec));
        Wire.writeTable(output, table);
        Wire.writeCounters(output, table, inc);
        Wire.writeCounters(output, table, dec);
    }

    @Override
    PNCounter readBody(Kryo kryo, Input input, int version) {
        ReplicaId[] table = Wire.readTable(input, limits, "PNCounter");
        long[] inc = Wire.readCounters(input, table, "PNCounter increments");
        long[] dec = Wire.readCounters(input, table, "PNCounter decrements");
        for (int i = 0; i < table.length; i++) {
            if (inc[i] == 0 && dec[i] == 0) {
                throw new CrdtSerializationException("PNCounter: replica " + table[i]
                        + " has neither increments nor decrements; unused replicas are not stored");
            }
        }
        return PNCounter.of(GCounter.of(Wire.vector(table, inc)), GCounter.of(Wire.vector(table, dec)));
    }
}
