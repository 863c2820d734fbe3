package dev.convergent.testkit.builtin;

import static dev.convergent.testkit.ConvergentArbitraries.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.Disable;
import dev.convergent.testkit.ConvergentArbitraries.Enable;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.PruningLaws;
import dev.convergent.testkit.Scenario;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class EnableWinsFlagLawsTest implements DeltaCrdtLaws<EnableWinsFlag>, PruningLaws<EnableWinsFlag> {

    @Override
    public EnableWinsFlag initial() {
        return EnableWinsFlag.disabled();
    }

    @Override
    public Arbitrary<DeltaOperation<EnableWinsFlag>> deltaOperations() {
        return ConvergentArbitraries.enableWinsFlagDeltaOperations();
    }

    @Property
    void convergedFlagIsOnExactlyWhenSomeEnableWasSeenByNoDisable(
            @ForAll("crdtScenarios") Scenario<EnableWinsFlag> scenario) {
        Outcome<EnableWinsFlag> outcome = scenario.run(initial());
        boolean expected = outcome.events().stream().anyMatch(en -> unwrap(en) instanceof Enable
                && outcome.events().stream().noneMatch(d -> unwrap(d) instanceof Disable
                        && d.observed().contains(en.id())));
        assertThat(outcome.finalStates()).allSatisfy(f -> assertThat(f.isEnabled()).isEqualTo(expected));
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<EnableWinsFlag> states) {
        EnableWinsFlag peer = states.get(0);
        EnableWinsFlag source = states.get(1);
        assertThat(peer.merge(source.diff(peer.context()))).isEqualTo(peer.merge(source));
        EnableWinsFlag synced = peer.merge(source);
        assertThat(source.diff(synced.context()).isEnabled()).as("nothing live is unseen").isFalse();
    }

    /** What a user reads: whether the flag is on. */
    @Override
    public Object observe(EnableWinsFlag flag) {
        return flag.isEnabled();
    }
}
