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

    /**
     * The successor's deltas carry the retired replica's counts, so a replica may count them early:
     * each half at least what it would count without pruning, at most every change made so far.
     */
    @Override
    public boolean observesConsistently(PNCounter pruned, PNCounter withoutPruning, PNCounter everything) {
        return between(withoutPruning, pruned, everything);
    }

    static boolean between(PNCounter low, PNCounter got, PNCounter high) {
        return low.increments().value() <= got.increments().value()
                && got.increments().value() <= high.increments().value()
                && low.decrements().value() <= got.decrements().value()
                && got.decrements().value() <= high.decrements().value();
    }
}
