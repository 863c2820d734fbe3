package dev.convergent.testkit.broken;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire. BROKEN on purpose: a PN-Counter codec that
 * writes the increments and forgets the decrements: "decode(encode(x)) does not equal x".
 */
public class FieldDroppingCodecLawsFixture implements SerializationLaws<PNCounter> {

    @Override
    public PNCounter initial() {
        return PNCounter.empty();
    }

    @Override
    public Arbitrary<Operation<PNCounter>> operations() {
        return ConvergentArbitraries.pnCounterOperations();
    }

    @Override
    public Codec<PNCounter> codec() {
        return Codec.of(
                c -> c.increments().counts().toString().getBytes(StandardCharsets.UTF_8), // BUG: no decrements
                bytes -> PNCounter.of(parse(new String(bytes, StandardCharsets.UTF_8)), GCounter.empty()));
    }

    /** Parses the {@code {a:1, b:2}} form of a version vector. */
    static GCounter parse(String text) {
        Map<ReplicaId, Long> counts = new TreeMap<>();
        String body = text.substring(1, text.length() - 1);
        if (!body.isEmpty()) {
            for (String entry : body.split(", ")) {
                int colon = entry.lastIndexOf(':');
                counts.put(ReplicaId.of(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
            }
        }
        return GCounter.of(counts);
    }
}
