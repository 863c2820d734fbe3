package dev.convergent.testkit.builtin;

import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitrary;

/** Pruning a PN-counter keeps its value (both halves) through every history. */
class PNCounterPruningLawsTest implements PruningLaws<PNCounter> {

    @Override
    public PNCounter initial() {
        return PNCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<PNCounter>> deltaOperations() {
        return ConvergentArbitraries.pnCounterDeltaOperations();
    }

    @Override
    public Object observe(PNCounter state) {
        return state.value();
    }

    /** A counter's successor deltas carry the retired replica's count: invisible only with full states. */
    @Override
    public boolean deltasKeepPruningInvisible() {
        return false;
    }
}
