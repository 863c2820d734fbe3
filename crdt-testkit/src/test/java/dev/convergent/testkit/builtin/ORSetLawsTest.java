package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.Add;
import dev.convergent.testkit.ConvergentArbitraries.Remove;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ORSetLawsTest implements DeltaCrdtLaws<ORSet<String>>, PruningLaws<ORSet<String>> {

    @Override
    public ORSet<String> initial() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORSet<String>>> deltaOperations() {
        return ConvergentArbitraries.orSetDeltaOperations(Arbitraries.of("milk", "eggs", "bread"));
    }

    /**
     * Reference model of add-wins: an element is present when some add of it was observed by no
     * remove of it. Independent of the implementation's dots and contexts.
     */
    static Set<String> addWins(List<Event<ORSet<String>>> events) {
        Set<String> present = new HashSet<>();
        for (Event<ORSet<String>> add : events) {
            if (unwrap(add) instanceof Add<?> a) {
                boolean cancelled = events.stream().anyMatch(e -> unwrap(e) instanceof Remove<?> r
                        && r.element().equals(a.element()) && e.observed().contains(add.id()));
                if (!cancelled) {
                    present.add((String) a.element());
                }
            }
        }
        return present;
    }

    /** What a user reads: equal sets must show equal elements. */
    @Override
    public Object observe(ORSet<String> set) {
        return set.elements();
    }

    @Property
    void convergedElementsAreTheAddWinsResultOfTheReferenceModel(
            @ForAll("crdtScenarios") Scenario<ORSet<String>> scenario) {
        Outcome<ORSet<String>> outcome = scenario.run(initial());
        Set<String> expected = addWins(outcome.events());
        assertThat(outcome.finalStates()).allSatisfy(s -> assertThat(s.elements()).isEqualTo(expected));
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<ORSet<String>> states) {
        ORSet<String> peer = states.get(0);
        ORSet<String> source = states.get(1);
        assertThat(peer.merge(source.diff(peer.context()))).isEqualTo(peer.merge(source));
        ORSet<String> synced = peer.merge(source);
        assertThat(source.diff(synced.context()).elements()).as("nothing live is unseen").isEmpty();
    }
}
