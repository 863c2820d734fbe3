package dev.convergent.pekko.laws;

import dev.convergent.clock.VersionVector;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitrary;

/** The kit's laws over {@code ReplicatedCrdt<VersionVector>} and the Pekko serializer. */
class VersionVectorPekkoLawsTest implements PekkoValueLaws<VersionVector> {

    @Override
    public VersionVector initialState() {
        return VersionVector.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<VersionVector>> stateDeltaOperations() {
        return ConvergentArbitraries.versionVectorDeltaOperations();
    }

    @Override
    public Object observeState(VersionVector state) {
        return state.entries();
    }
}
