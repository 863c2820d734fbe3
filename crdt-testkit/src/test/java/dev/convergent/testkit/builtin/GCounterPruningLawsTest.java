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

    /**
     * The successor's deltas carry the retired replica's count, so a replica may count it early: at
     * least what it would count without pruning, at most every increment made so far.
     */
    @Override
    public boolean observesConsistently(GCounter pruned, GCounter withoutPruning, GCounter everything) {
        return withoutPruning.value() <= pruned.value() && pruned.value() <= everything.value();
    }
}
