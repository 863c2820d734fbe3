package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Pruning the cart (item → quantity) keeps every item and every quantity, in the keys and the values. */
class ORMapPruningLawsTest implements PruningLaws<ORMap<String, PNCounter>> {

    @Override
    public ORMap<String, PNCounter> initial() {
        return ORMap.empty(PNCounter.empty());
    }

    @Override
    public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> deltaOperations() {
        return ConvergentArbitraries.orMapDeltaOperations(Arbitraries.of("book", "pen", "mouse"),
                ConvergentArbitraries.pnCounterDeltaOperations());
    }

    /** The live items with their quantities, and the quantities kept for removed items. */
    @Override
    public Object observe(ORMap<String, PNCounter> cart) {
        Map<String, Long> seen = new TreeMap<>();
        cart.valueStates().forEach((item, quantity) -> seen.put(item + (cart.containsKey(item) ? "" : " (removed)"),
                quantity.value()));
        return seen;
    }

    /** A counter's successor deltas carry the retired replica's count: invisible only with full states. */
    @Override
    public boolean deltasKeepPruningInvisible() {
        return false;
    }
}
