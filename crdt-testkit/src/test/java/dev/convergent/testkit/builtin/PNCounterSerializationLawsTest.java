package dev.convergent.testkit.builtin;

import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of PNCounter through the Kryo codec. */
class PNCounterSerializationLawsTest implements SerializationLaws<PNCounter> {

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
        return KryoCodecs.of(PNCounter.class);
    }

    @Override
    public Object observe(PNCounter counter) {
        return counter.value();
    }
}
