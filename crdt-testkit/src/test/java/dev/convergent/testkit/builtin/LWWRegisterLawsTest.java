package dev.convergent.testkit.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.Scenario;
import java.util.Comparator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LWWRegisterLawsTest implements DeltaCrdtLaws<LWWRegister<String>> {

    @Override
    public LWWRegister<String> initial() {
        return LWWRegister.of(ReplicaId.of("origin"), "initial", HybridTimestamp.ofMillis(1_000));
    }

    @Override
    public Arbitrary<DeltaOperation<LWWRegister<String>>> deltaOperations() {
        return ConvergentArbitraries.lwwRegisterDeltaOperations(Arbitraries.of("X", "Y", "Z", "W"));
    }

    /** What a user reads: equal states must show equal values. */
    @Override
    public Object observe(LWWRegister<String> register) {
        return register.value();
    }

    @Property
    void convergedValueIsTheWriteWithTheGreatestTimestampThenReplica(
            @ForAll("crdtScenarios") Scenario<LWWRegister<String>> scenario) {
        Outcome<LWWRegister<String>> outcome = scenario.run(initial());
        LWWRegister<String> expected = outcome.events().stream()
                .map(Event::result)
                .max(Comparator.comparing(LWWRegister<String>::timestamp).thenComparing(LWWRegister::writer))
                .orElse(initial());
        assertThat(outcome.finalStates()).allSatisfy(r -> assertThat(r).isEqualTo(expected));
    }
}
