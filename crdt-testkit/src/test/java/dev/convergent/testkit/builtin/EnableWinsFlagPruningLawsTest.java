package dev.convergent.testkit.builtin;

import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitrary;

/** Pruning an enable-wins flag keeps enables and disables as they were. */
class EnableWinsFlagPruningLawsTest implements PruningLaws<EnableWinsFlag> {

    @Override
    public EnableWinsFlag initial() {
        return EnableWinsFlag.disabled();
    }

    @Override
    public Arbitrary<DeltaOperation<EnableWinsFlag>> deltaOperations() {
        return ConvergentArbitraries.enableWinsFlagDeltaOperations();
    }

    @Override
    public Object observe(EnableWinsFlag state) {
        return state.isEnabled();
    }
}
