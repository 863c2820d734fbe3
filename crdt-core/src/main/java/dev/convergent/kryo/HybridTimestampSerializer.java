package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;

/** {@link HybridTimestamp}: physical milliseconds, then the logical counter (unsigned varints). */
final class HybridTimestampSerializer extends CrdtSerializer<HybridTimestamp> {

    HybridTimestampSerializer(DecodeLimits limits) {
        super("HybridTimestamp", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, HybridTimestamp timestamp, int version) {
        write(output, timestamp);
    }

    @Override
    HybridTimestamp readBody(Kryo kryo, Input input, int version) {
        return read(input, "HybridTimestamp");
    }

    static void write(Output output, HybridTimestamp timestamp) {
        Wire.writeUnsigned(output, timestamp.physicalMillis());
        Wire.writeUnsigned(output, timestamp.logical());
    }

    static HybridTimestamp read(Input input, String what) {
        long millis = Wire.readCounter(input, what + " physical millis");
        int logical = Wire.readInt(input, 0, HybridTimestamp.MAX_LOGICAL, what + " logical counter");
        return HybridTimestamp.of(millis, logical);
    }
}
