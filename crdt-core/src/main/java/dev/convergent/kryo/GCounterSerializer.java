package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.crdt.GCounter;

/** {@link GCounter}: its per-replica counts, laid out as a {@link VersionVectorSerializer version vector}. */
final class GCounterSerializer extends CrdtSerializer<GCounter> {

    GCounterSerializer(DecodeLimits limits) {
        super("GCounter", limits);
    }

    @Override
    void writeBody(Kryo kryo, Output output, GCounter counter) {
        VersionVectorSerializer.write(output, counter.counts());
    }

    @Override
    GCounter readBody(Kryo kryo, Input input, int version) {
        return GCounter.of(VersionVectorSerializer.read(input, limits, "GCounter"));
    }
}
