package dev.convergent.testkit.builtin;

import dev.convergent.crdt.GCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitrary;

/** Pruning a grow-only counter keeps its value through every history. */
class GCounterPruningLawsTest implements PruningLaws<GCounter> {

    @Override
    public GCounter initial() {
        return GCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<GCounter>> deltaOperations() {
        return ConvergentArbitraries.gCounterDeltaOperations();
    }

    @Override
    public Object observe(GCounter state) {
        return state.value();
    }

    /** A counter's successor deltas carry the retired replica's count: invisible only with full states. */
    @Override
    public boolean deltasKeepPruningInvisible() {
        return false;
    }
}
