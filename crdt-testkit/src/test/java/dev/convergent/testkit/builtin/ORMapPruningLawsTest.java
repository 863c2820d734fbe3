package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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

    /**
     * The keys must be exactly as without pruning; each quantity may count the retired replica's
     * changes early (see {@link PNCounterPruningLawsTest#observesConsistently}).
     */
    @Override
    public boolean observesConsistently(ORMap<String, PNCounter> pruned, ORMap<String, PNCounter> withoutPruning,
            ORMap<String, PNCounter> everything) {
        if (!pruned.keys().equals(withoutPruning.keys())) {
            return false;
        }
        Set<String> items = new HashSet<>(pruned.valueStates().keySet());
        items.addAll(withoutPruning.valueStates().keySet());
        for (String item : items) {
            PNCounter none = PNCounter.empty();
            if (!PNCounterPruningLawsTest.between(withoutPruning.valueStates().getOrDefault(item, none),
                    pruned.valueStates().getOrDefault(item, none), everything.valueStates().getOrDefault(item, none))) {
                return false;
            }
        }
        return true;
    }
}
