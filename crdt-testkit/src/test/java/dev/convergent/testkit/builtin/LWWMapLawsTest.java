package dev.convergent.testkit.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.Scenario;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class LWWMapLawsTest implements DeltaCrdtLaws<LWWMap<String, String>> {

    @Override
    public LWWMap<String, String> initial() {
        return LWWMap.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<LWWMap<String, String>>> deltaOperations() {
        return ConvergentArbitraries.lwwMapDeltaOperations(
                Arbitraries.of("name", "city"), Arbitraries.of("Ada", "Bob"));
    }

    @Property
    void convergedMapHoldsPerKeyTheWriteWithTheGreatestTimestampThenReplica(
            @ForAll("crdtScenarios") Scenario<LWWMap<String, String>> scenario) {
        Outcome<LWWMap<String, String>> outcome = scenario.run(initial());
        Comparator<LWWRegister<Optional<String>>> lww = Comparator.comparing(
                (LWWRegister<Optional<String>> r) -> r.timestamp()).thenComparing(LWWRegister::writer);
        Map<String, LWWRegister<Optional<String>>> latest = new HashMap<>();
        for (Event<LWWMap<String, String>> e : outcome.events()) {
            e.result().registers().forEach((k, r) -> latest.merge(k, r, (x, y) -> lww.compare(x, y) >= 0 ? x : y));
        }
        Map<String, String> expected = new HashMap<>();
        latest.forEach((k, r) -> r.value().ifPresent(v -> expected.put(k, v)));
        assertThat(outcome.finalStates()).allSatisfy(m -> assertThat(m.entries()).isEqualTo(expected));
    }
}
