package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;

/** Pruning an OR-set keeps every element and every removal, concurrent ones included. */
class ORSetPruningLawsTest implements PruningLaws<ORSet<String>> {

    @Override
    public ORSet<String> initial() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORSet<String>>> deltaOperations() {
        return ConvergentArbitraries.orSetDeltaOperations(Arbitraries.of("milk", "eggs", "bread"));
    }

    @Override
    public Object observe(ORSet<String> state) {
        return state.elements();
    }
}
