package dev.convergent.pekko.laws;

import dev.convergent.crdt.LWWMap;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<LWWMap<String, String>>} and the Pekko serializer. */
class LWWMapPekkoLawsTest implements PekkoValueLaws<LWWMap<String, String>> {

    @Override
    public LWWMap<String, String> initialState() {
        return LWWMap.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<LWWMap<String, String>>> stateDeltaOperations() {
        return ConvergentArbitraries.lwwMapDeltaOperations(Arbitraries.of("name", "city"),
                Arbitraries.of("Ada", "Bob"));
    }

    @Override
    public Object observeState(LWWMap<String, String> state) {
        return state.entries();
    }
}
