package dev.convergent.testkit.builtin;

import dev.convergent.clock.CausalContext;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import java.util.List;
import net.jqwik.api.Arbitrary;

/**
 * The laws, round trip and deterministic bytes of CausalContext through the Kryo codec.
 * Contexts with dot clouds: dots are added out of order.
 */
class CausalContextSerializationLawsTest implements SerializationLaws<CausalContext> {

    @Override
    public CausalContext initial() {
        return CausalContext.empty();
    }

    @Override
    public Arbitrary<Operation<CausalContext>> operations() {
        return ConvergentArbitraries.causalContextOperations();
    }

    @Override
    public Codec<CausalContext> codec() {
        return KryoCodecs.of(CausalContext.class);
    }

    @Override
    public Object observe(CausalContext context) {
        return List.of(context.versionVector(), context.cloud());
    }
}
