package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Pruning;
import java.util.List;

/**
 * {@link PNCounter}: one replica table for both halves, then the increment of each replica, then
 * the decrement of each replica (0 when a half lacks the replica; never 0 in both). From version 2,
 * followed by the {@link Markers pruning markers} of each half: the increments', then the
 * decrements' (either section may be empty).
 */
final class PNCounterSerializer extends CrdtSerializer<PNCounter> {

    PNCounterSerializer(DecodeLimits limits) {
        super("PNCounter", limits);
    }

    @Override
    int versionFor(PNCounter counter) {
        return Markers.versionFor(Markers.held(counter));
    }

    @Override
    void writeBody(Kryo kryo, Output output, PNCounter counter, int version) {
        VersionVector inc = counter.increments().counts();
        VersionVector dec = counter.decrements().counts();
        ReplicaId[] table = Wire.union(Wire.table(inc), Wire.table(dec));
        Wire.writeTable(output, table);
        Wire.writeCounters(output, table, inc);
        Wire.writeCounters(output, table, dec);
        if (version >= Markers.VERSION) {
            Markers.write(output, counter.increments().prunings());
            Markers.write(output, counter.decrements().prunings());
        }
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
        List<Pruning> incMarkers = List.of();
        List<Pruning> decMarkers = List.of();
        if (version >= Markers.VERSION) {
            incMarkers = Markers.read(input, limits, "PNCounter increments");
            decMarkers = Markers.read(input, limits, "PNCounter decrements");
        }
        return PNCounter.of(GCounter.of(Wire.vector(table, inc), incMarkers),
                GCounter.of(Wire.vector(table, dec), decMarkers));
    }
}
