package dev.convergent.testkit.builtin;

import dev.convergent.crdt.MVRegister;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of MVRegister through the Kryo codec. */
class MVRegisterSerializationLawsTest implements SerializationLaws<MVRegister<String>> {

    @Override
    public MVRegister<String> initial() {
        return MVRegister.empty();
    }

    @Override
    public Arbitrary<Operation<MVRegister<String>>> operations() {
        return ConvergentArbitraries.mvRegisterOperations(Arbitraries.of("book", "pen", "book+pen", "mouse"));
    }

    @Override
    public Codec<MVRegister<String>> codec() {
        return KryoCodecs.of(MVRegister.class);
    }

    @Override
    public Object observe(MVRegister<String> register) {
        return register.values();
    }
}
