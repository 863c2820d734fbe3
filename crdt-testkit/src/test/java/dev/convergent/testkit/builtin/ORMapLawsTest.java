package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.MapRemove;
import dev.convergent.testkit.ConvergentArbitraries.MapUpdate;
import dev.convergent.testkit.ConvergentArbitraries.PNDecrement;
import dev.convergent.testkit.ConvergentArbitraries.PNIncrement;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The cart: item to quantity. */
class ORMapLawsTest implements DeltaCrdtLaws<ORMap<String, PNCounter>>, PruningLaws<ORMap<String, PNCounter>> {

    @Override
    public ORMap<String, PNCounter> initial() {
        return ORMap.empty(PNCounter.empty());
    }

    @Override
    public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> deltaOperations() {
        return ConvergentArbitraries.orMapDeltaOperations(Arbitraries.of("book", "pen", "mouse"),
                ConvergentArbitraries.pnCounterDeltaOperations());
    }

    /**
     * Reference model: a key is live when some update of it was observed by no remove of it (add
     * wins), and its value is the sum of every change ever made to it (values survive removes).
     */
    static Map<String, Long> model(List<Event<ORMap<String, PNCounter>>> events) {
        Map<String, Long> live = new HashMap<>();
        for (Event<ORMap<String, PNCounter>> e : events) {
            if (unwrap(e) instanceof MapUpdate<?, ?> u) {
                boolean cancelled = events.stream().anyMatch(r -> unwrap(r) instanceof MapRemove<?, ?> rm
                        && rm.key().equals(u.key()) && r.observed().contains(e.id()));
                if (!cancelled) {
                    live.put((String) u.key(), 0L);
                }
            }
        }
        for (Event<ORMap<String, PNCounter>> e : events) {
            if (unwrap(e) instanceof MapUpdate<?, ?> u && live.containsKey(u.key())) {
                long change = u.operation() instanceof PNIncrement inc ? inc.amount()
                        : -((PNDecrement) u.operation()).amount();
                live.merge((String) u.key(), change, Long::sum);
            }
        }
        return live;
    }

    @Property
    void convergedCartHasTheAddWinsItemsWithEveryQuantityChange(
            @ForAll("crdtScenarios") Scenario<ORMap<String, PNCounter>> scenario) {
        Outcome<ORMap<String, PNCounter>> outcome = scenario.run(initial());
        Map<String, Long> expected = model(outcome.events());
        assertThat(outcome.finalStates()).allSatisfy(cart -> {
            Map<String, Long> actual = new HashMap<>();
            cart.entries().forEach((k, v) -> actual.put(k, v.value()));
            assertThat(actual).isEqualTo(expected);
        });
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<ORMap<String, PNCounter>> states) {
        ORMap<String, PNCounter> peer = states.get(0);
        ORMap<String, PNCounter> source = states.get(1);
        assertThat(peer.merge(source.diff(peer.context()))).isEqualTo(peer.merge(source));
        ORMap<String, PNCounter> synced = peer.merge(source);
        ORMap<String, PNCounter> nothing = source.diff(synced.context());
        assertThat(nothing.keys()).as("no live key the synced peer has not seen").isEmpty();
        assertThat(synced.merge(nothing)).isEqualTo(synced);
    }

    /** What a user reads: the live items with their quantities, and the quantities kept for removed items. */
    @Override
    public Object observe(ORMap<String, PNCounter> cart) {
        Map<String, Long> seen = new TreeMap<>();
        cart.valueStates().forEach((item, quantity) -> seen.put(item + (cart.containsKey(item) ? "" : " (removed)"),
                quantity.value()));
        return seen;
    }

    /**
     * The keys must be exactly as without pruning; each quantity may count the retired replica's
     * changes early (see {@link PNCounterLawsTest#observesConsistently}).
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
            if (!PNCounterLawsTest.between(withoutPruning.valueStates().getOrDefault(item, none),
                    pruned.valueStates().getOrDefault(item, none), everything.valueStates().getOrDefault(item, none))) {
                return false;
            }
        }
        return true;
    }
}
