package dev.convergent.testkit.builtin;

import dev.convergent.crdt.LWWMap;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.PropertyDefaults;

/** Every law of the LWW-Map on maps of hundreds of keys ({@link LargeStates}). */
@PropertyDefaults(tries = LargeStates.TRIES)
class LargeLWWMapLawsTest implements DeltaCrdtLaws<LWWMap<String, String>>,
        SerializationLaws<LWWMap<String, String>> {
    @Override
    public LWWMap<String, String> initial() {
        return LWWMap.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<LWWMap<String, String>>> deltaOperations() {
        Arbitrary<String> values = Arbitraries.of("Ada", "Bob");
        return LargeStates.withBatches(
                ConvergentArbitraries.lwwMapDeltaOperations(Arbitraries.of("name", "city"), values),
                ConvergentArbitraries.lwwMapDeltaOperations(LargeStates.names(), values));
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
