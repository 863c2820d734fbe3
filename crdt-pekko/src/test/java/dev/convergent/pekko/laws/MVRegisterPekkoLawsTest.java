package dev.convergent.pekko.laws;

import dev.convergent.crdt.MVRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<MVRegister<String>>} and the Pekko serializer. */
class MVRegisterPekkoLawsTest implements PekkoValueLaws<MVRegister<String>> {

    @Override
    public MVRegister<String> initialState() {
        return MVRegister.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<MVRegister<String>>> stateDeltaOperations() {
        return ConvergentArbitraries.mvRegisterDeltaOperations(Arbitraries.of("red", "blue", "green"));
    }

    @Override
    public Object observeState(MVRegister<String> state) {
        return state.values();
    }
}
