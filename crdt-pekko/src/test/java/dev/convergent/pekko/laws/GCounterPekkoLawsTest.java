package dev.convergent.pekko.laws;

import dev.convergent.crdt.GCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<GCounter>} and the Pekko serializer. */
class GCounterPekkoLawsTest implements PekkoValueLaws<GCounter> {

    @Override
    public GCounter initialState() {
        return GCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<GCounter>> stateDeltaOperations() {
        return ConvergentArbitraries.gCounterDeltaOperations();
    }

    @Override
    public Object observeState(GCounter state) {
        return state.value();
    }
}
