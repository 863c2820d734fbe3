package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.Pruning;
import java.util.List;

/**
 * {@link GCounter}: its per-replica counts, laid out as a {@link VersionVectorSerializer version vector};
 * from version 2, followed by its {@link Markers pruning markers}.
 */
final class GCounterSerializer extends CrdtSerializer<GCounter> {

    GCounterSerializer(DecodeLimits limits) {
        super("GCounter", limits);
    }

    @Override
    int versionFor(GCounter counter) {
        return Markers.versionFor(!counter.prunings().isEmpty());
    }

    @Override
    void writeBody(Kryo kryo, Output output, GCounter counter, int version) {
        VersionVectorSerializer.write(output, counter.counts());
        if (version >= Markers.VERSION) {
            Markers.write(output, counter.prunings());
        }
    }

    @Override
    GCounter readBody(Kryo kryo, Input input, int version) {
        VersionVector counts = VersionVectorSerializer.read(input, limits, "GCounter");
        List<Pruning> markers = version >= Markers.VERSION ? Markers.read(input, limits, "GCounter") : List.of();
        return GCounter.of(counts, markers);
    }
}
