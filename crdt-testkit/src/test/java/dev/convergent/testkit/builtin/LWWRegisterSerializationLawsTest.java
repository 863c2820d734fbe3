package dev.convergent.testkit.builtin;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of LWWRegister through the Kryo codec. */
class LWWRegisterSerializationLawsTest implements SerializationLaws<LWWRegister<String>> {

    @Override
    public LWWRegister<String> initial() {
        return LWWRegister.of(ReplicaId.of("origin"), "initial", HybridTimestamp.ofMillis(1_000));
    }

    @Override
    public Arbitrary<Operation<LWWRegister<String>>> operations() {
        return ConvergentArbitraries.lwwRegisterOperations(Arbitraries.of("X", "Y", "Z", "W"));
    }

    @Override
    public Codec<LWWRegister<String>> codec() {
        return KryoCodecs.of(LWWRegister.class);
    }

    @Override
    public Object observe(LWWRegister<String> register) {
        return register.value();
    }
}
