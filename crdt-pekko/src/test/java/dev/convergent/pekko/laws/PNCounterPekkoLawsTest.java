package dev.convergent.pekko.laws;

import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<PNCounter>} and the Pekko serializer. */
class PNCounterPekkoLawsTest implements PekkoValueLaws<PNCounter> {

    @Override
    public PNCounter initialState() {
        return PNCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<PNCounter>> stateDeltaOperations() {
        return ConvergentArbitraries.pnCounterDeltaOperations();
    }

    @Override
    public Object observeState(PNCounter state) {
        return state.value();
    }
}
