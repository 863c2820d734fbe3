package dev.convergent.pekko.laws;

import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<EnableWinsFlag>} and the Pekko serializer. */
class EnableWinsFlagPekkoLawsTest implements PekkoValueLaws<EnableWinsFlag> {

    @Override
    public EnableWinsFlag initialState() {
        return EnableWinsFlag.disabled();
    }

    @Override
    public Arbitrary<DeltaOperation<EnableWinsFlag>> stateDeltaOperations() {
        return ConvergentArbitraries.enableWinsFlagDeltaOperations();
    }

    @Override
    public Object observeState(EnableWinsFlag state) {
        return state.isEnabled();
    }
}
