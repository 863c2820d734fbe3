package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of ORSet through the Kryo codec. */
class ORSetSerializationLawsTest implements SerializationLaws<ORSet<String>> {

    @Override
    public ORSet<String> initial() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<Operation<ORSet<String>>> operations() {
        return ConvergentArbitraries.orSetOperations(Arbitraries.of("milk", "eggs", "bread"));
    }

    @Override
    public Codec<ORSet<String>> codec() {
        return KryoCodecs.of(ORSet.class);
    }

    @Override
    public Object observe(ORSet<String> set) {
        return set.elements();
    }
}
