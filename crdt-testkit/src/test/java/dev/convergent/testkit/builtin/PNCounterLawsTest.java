package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.PNDecrement;
import dev.convergent.testkit.ConvergentArbitraries.PNIncrement;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PNCounterLawsTest implements DeltaCrdtLaws<PNCounter>, PruningLaws<PNCounter> {

    @Override
    public PNCounter initial() {
        return PNCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<PNCounter>> deltaOperations() {
        return ConvergentArbitraries.pnCounterDeltaOperations();
    }

    /** What a user reads: equal states must show equal values. */
    @Override
    public Object observe(PNCounter counter) {
        return counter.value();
    }

    @Property
    void convergedValueIsIncrementsMinusDecrements(@ForAll("crdtScenarios") Scenario<PNCounter> scenario) {
        Outcome<PNCounter> outcome = scenario.run(initial());
        long expected = 0;
        for (Event<PNCounter> e : outcome.events()) {
            if (unwrap(e) instanceof PNIncrement inc) {
                expected += inc.amount();
            } else {
                expected -= ((PNDecrement) unwrap(e)).amount();
            }
        }
        long total = expected;
        assertThat(outcome.finalStates()).allSatisfy(c -> assertThat(c.value()).isEqualTo(total));
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<PNCounter> states) {
        PNCounter peer = states.get(0);
        PNCounter source = states.get(1);
        assertThat(peer.merge(source.diff(peer))).isEqualTo(peer.merge(source));
        PNCounter synced = peer.merge(source);
        assertThat(source.diff(synced)).isEqualTo(PNCounter.empty());
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
