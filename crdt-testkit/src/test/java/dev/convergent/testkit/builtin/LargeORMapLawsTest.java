package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.PropertyDefaults;

/** Every law of the OR-Map of counters (a cart) on maps of hundreds of keys ({@link LargeStates}). */
@PropertyDefaults(tries = LargeStates.TRIES)
class LargeORMapLawsTest implements DeltaCrdtLaws<ORMap<String, PNCounter>>,
        SerializationLaws<ORMap<String, PNCounter>> {
    @Override
    public ORMap<String, PNCounter> initial() {
        return ORMap.empty(PNCounter.empty());
    }

    @Override
    public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> deltaOperations() {
        Arbitrary<DeltaOperation<PNCounter>> quantities = ConvergentArbitraries.pnCounterDeltaOperations();
        return LargeStates.withBatches(
                ConvergentArbitraries.orMapDeltaOperations(Arbitraries.of("milk", "eggs", "bread"), quantities),
                ConvergentArbitraries.orMapDeltaOperations(LargeStates.names(), quantities));
    }

    @Override
    public Codec<ORMap<String, PNCounter>> codec() {
        return KryoCodecs.of(ORMap.class);
    }

    @Override
    public Object observe(ORMap<String, PNCounter> cart) {
        return new ORMapLawsTest().observe(cart);
    }
}
