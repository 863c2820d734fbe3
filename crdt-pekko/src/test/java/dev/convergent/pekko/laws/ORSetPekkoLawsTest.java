package dev.convergent.pekko.laws;

import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<ORSet<String>>} and the Pekko serializer. */
class ORSetPekkoLawsTest implements PekkoValueLaws<ORSet<String>> {

    @Override
    public ORSet<String> initialState() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORSet<String>>> stateDeltaOperations() {
        return ConvergentArbitraries.orSetDeltaOperations(Arbitraries.of("milk", "eggs", "bread"));
    }

    @Override
    public Object observeState(ORSet<String> state) {
        return state.elements();
    }
}
