package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.MVRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.MvWrite;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class MVRegisterLawsTest implements DeltaCrdtLaws<MVRegister<String>>, PruningLaws<MVRegister<String>> {

    @Override
    public MVRegister<String> initial() {
        return MVRegister.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<MVRegister<String>>> deltaOperations() {
        return ConvergentArbitraries.mvRegisterDeltaOperations(Arbitraries.of("book", "pen", "book+pen", "mouse"));
    }

    /** Reference model: the siblings are the writes no other write has observed. */
    static Set<String> unsupersededWrites(List<Event<MVRegister<String>>> events) {
        return events.stream()
                .filter(w -> events.stream().noneMatch(later -> later.observed().contains(w.id())))
                .map(w -> ((MvWrite<String>) unwrap(w)).value())
                .collect(Collectors.toSet());
    }

    @Property
    void convergedSiblingsAreExactlyTheWritesNoWriteHasSeen(
            @ForAll("crdtScenarios") Scenario<MVRegister<String>> scenario) {
        Outcome<MVRegister<String>> outcome = scenario.run(initial());
        Set<String> expected = unsupersededWrites(outcome.events());
        assertThat(outcome.finalStates()).allSatisfy(r -> assertThat(r.values()).isEqualTo(expected));
    }

    @Property
    void siblingsNeverOutnumberTheReplicasWritingConcurrently(
            @ForAll("crdtScenarios") Scenario<MVRegister<String>> scenario) {
        Outcome<MVRegister<String>> outcome = scenario.run(initial());
        for (MVRegister<String> r : outcome.midStates()) {
            assertThat(r.siblingCount()).isLessThanOrEqualTo(scenario.replicas());
        }
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<MVRegister<String>> states) {
        MVRegister<String> peer = states.get(0);
        MVRegister<String> source = states.get(1);
        assertThat(peer.merge(source.diff(peer.context()))).isEqualTo(peer.merge(source));
        MVRegister<String> synced = peer.merge(source);
        assertThat(source.diff(synced.context()).values()).as("nothing live is unseen").isEmpty();
    }

    /** What a user reads: the siblings. */
    @Override
    public Object observe(MVRegister<String> register) {
        return register.values();
    }
}
