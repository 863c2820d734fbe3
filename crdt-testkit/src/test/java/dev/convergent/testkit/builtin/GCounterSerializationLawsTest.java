package dev.convergent.testkit.builtin;

import dev.convergent.crdt.GCounter;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of GCounter through the Kryo codec. */
class GCounterSerializationLawsTest implements SerializationLaws<GCounter> {

    @Override
    public GCounter initial() {
        return GCounter.empty();
    }

    @Override
    public Arbitrary<Operation<GCounter>> operations() {
        return ConvergentArbitraries.gCounterOperations();
    }

    @Override
    public Codec<GCounter> codec() {
        return KryoCodecs.of(GCounter.class);
    }

    @Override
    public Object observe(GCounter counter) {
        return counter.value();
    }
}
