package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;

/** {@link ReplicaId}: the name's length, then its characters. */
final class ReplicaIdSerializer extends CrdtSerializer<ReplicaId> {

    ReplicaIdSerializer(DecodeLimits limits) {
        super("ReplicaId", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, ReplicaId id, int version) {
        Wire.writeName(output, id);
    }

    @Override
    ReplicaId readBody(Kryo kryo, Input input, int version) {
        return Wire.readName(input, "ReplicaId");
    }
}
