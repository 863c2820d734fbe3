package dev.convergent.testkit.builtin;

import dev.convergent.crdt.LWWMap;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The laws, round trip and deterministic bytes of LWWMap through the Kryo codec.
 * Keys written at timestamps that often tie, so the key bytes order some of them, and tombstones.
 */
class LWWMapSerializationLawsTest implements SerializationLaws<LWWMap<String, String>> {

    @Override
    public LWWMap<String, String> initial() {
        return LWWMap.empty();
    }

    @Override
    public Arbitrary<Operation<LWWMap<String, String>>> operations() {
        return ConvergentArbitraries.lwwMapOperations(Arbitraries.of("name", "city", "email"),
                Arbitraries.of("Ada", "Bob"));
    }

    @Override
    public Codec<LWWMap<String, String>> codec() {
        return KryoCodecs.of(LWWMap.class);
    }

    @Override
    public Object observe(LWWMap<String, String> map) {
        return map.entries();
    }
}
