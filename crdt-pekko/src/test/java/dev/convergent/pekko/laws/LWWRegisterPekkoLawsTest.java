package dev.convergent.pekko.laws;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<LWWRegister<String>>} and the Pekko serializer. */
class LWWRegisterPekkoLawsTest implements PekkoValueLaws<LWWRegister<String>> {

    @Override
    public LWWRegister<String> initialState() {
        return LWWRegister.of(ReplicaId.of("origin"), "initial", HybridTimestamp.ofMillis(1_000));
    }

    @Override
    public Arbitrary<DeltaOperation<LWWRegister<String>>> stateDeltaOperations() {
        return ConvergentArbitraries.lwwRegisterDeltaOperations(Arbitraries.of("X", "Y", "Z"));
    }

    @Override
    public Object observeState(LWWRegister<String> state) {
        return state.value();
    }
}
