package dev.convergent.pekko.laws;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<ORMap<String, PNCounter>>} and the Pekko serializer. */
class CartPekkoLawsTest implements PekkoValueLaws<ORMap<String, PNCounter>> {

    @Override
    public ORMap<String, PNCounter> initialState() {
        return ORMap.empty(PNCounter.empty());
    }

    @Override
    public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> stateDeltaOperations() {
        return ConvergentArbitraries.orMapDeltaOperations(Arbitraries.of("book", "pen", "mouse"),
                ConvergentArbitraries.pnCounterDeltaOperations());
    }

    @Override
    public Object observeState(ORMap<String, PNCounter> state) {
        return state.entries();
    }
}
