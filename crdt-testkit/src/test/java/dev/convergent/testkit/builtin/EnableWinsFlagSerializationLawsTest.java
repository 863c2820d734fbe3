package dev.convergent.testkit.builtin;

import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of EnableWinsFlag through the Kryo codec. */
class EnableWinsFlagSerializationLawsTest implements SerializationLaws<EnableWinsFlag> {

    @Override
    public EnableWinsFlag initial() {
        return EnableWinsFlag.disabled();
    }

    @Override
    public Arbitrary<Operation<EnableWinsFlag>> operations() {
        return ConvergentArbitraries.enableWinsFlagOperations();
    }

    @Override
    public Codec<EnableWinsFlag> codec() {
        return KryoCodecs.of(EnableWinsFlag.class);
    }

    @Override
    public Object observe(EnableWinsFlag flag) {
        return flag.isEnabled();
    }
}
