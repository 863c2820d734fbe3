package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.GCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class GCounterLawsTest implements DeltaCrdtLaws<GCounter>, PruningLaws<GCounter> {

    @Override
    public GCounter initial() {
        return GCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<GCounter>> deltaOperations() {
        return ConvergentArbitraries.gCounterDeltaOperations();
    }

    /** What a user reads: equal states must show equal values. */
    @Override
    public Object observe(GCounter counter) {
        return counter.value();
    }

    @Property
    void convergedValueIsTheTotalOfAllIncrements(@ForAll("crdtScenarios") Scenario<GCounter> scenario) {
        Outcome<GCounter> outcome = scenario.run(initial());
        long total = outcome.events().stream()
                .mapToLong(e -> ((ConvergentArbitraries.Increment) unwrap(e)).amount())
                .sum();
        assertThat(outcome.finalStates()).allSatisfy(c -> assertThat(c.value()).isEqualTo(total));
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<GCounter> states) {
        GCounter peer = states.get(0);
        GCounter source = states.get(1);
        assertThat(peer.merge(source.diff(peer.counts()))).isEqualTo(peer.merge(source));
        GCounter synced = peer.merge(source);
        assertThat(source.diff(synced.counts())).isEqualTo(GCounter.empty());
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
