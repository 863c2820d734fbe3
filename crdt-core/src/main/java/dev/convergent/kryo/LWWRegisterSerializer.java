package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;

/**
 * {@link LWWRegister}: the writer's name, the timestamp (physical millis, logical counter), then the
 * value as Kryo class id and object, written by the Kryo's own registration for the value's class.
 */
final class LWWRegisterSerializer extends CrdtSerializer<LWWRegister<?>> {

    LWWRegisterSerializer(DecodeLimits limits) {
        super("LWWRegister", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, LWWRegister<?> register, int version) {
        Wire.writeName(output, register.writer());
        HybridTimestampSerializer.write(output, register.timestamp());
        kryo.writeClassAndObject(output, register.value());
    }

    @Override
    LWWRegister<?> readBody(Kryo kryo, Input input, int version) {
        ReplicaId writer = Wire.readName(input, "LWWRegister writer");
        HybridTimestamp timestamp = HybridTimestampSerializer.read(input, "LWWRegister timestamp");
        Object value = Elements.readClassAndObject(kryo, input, "LWWRegister value");
        if (value == null) {
            throw new CrdtSerializationException("LWWRegister: the value is null");
        }
        return LWWRegister.of(writer, value, timestamp);
    }
}
