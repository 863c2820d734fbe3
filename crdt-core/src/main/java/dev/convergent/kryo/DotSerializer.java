package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;

/** {@link Dot}: the replica's name, then the counter (unsigned varint, at least 1). */
final class DotSerializer extends CrdtSerializer<Dot> {

    DotSerializer(DecodeLimits limits) {
        super("Dot", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, Dot dot, int version) {
        Wire.writeName(output, dot.replica());
        Wire.writeUnsigned(output, dot.counter());
    }

    @Override
    Dot readBody(Kryo kryo, Input input, int version) {
        return new Dot(Wire.readName(input, "Dot"), Wire.readLong(input, 1, Long.MAX_VALUE, "Dot counter"));
    }
}
