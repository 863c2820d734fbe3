package dev.convergent.testkit.builtin;

import dev.convergent.crdt.MVRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;

/** Pruning a multi-value register keeps its siblings, and later writes resolve them as before. */
class MVRegisterPruningLawsTest implements PruningLaws<MVRegister<String>> {

    @Override
    public MVRegister<String> initial() {
        return MVRegister.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<MVRegister<String>>> deltaOperations() {
        return ConvergentArbitraries.mvRegisterDeltaOperations(Arbitraries.of("book", "pen", "mouse"));
    }

    @Override
    public Object observe(MVRegister<String> state) {
        return state.values();
    }
}
