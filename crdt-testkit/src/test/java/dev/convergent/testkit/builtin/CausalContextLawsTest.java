package dev.convergent.testkit.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.ConvergentArbitraries.AddDot;
import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.Scenario;
import dev.convergent.testkit.Simulation;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class CausalContextLawsTest implements CrdtLaws<CausalContext> {

    @Override
    public CausalContext initial() {
        return CausalContext.empty();
    }

    @Override
    public Arbitrary<Operation<CausalContext>> operations() {
        return ConvergentArbitraries.causalContextOperations();
    }

    /** What a user reads: equal contexts must show equal compact vectors and clouds. */
    @Override
    public Object observe(CausalContext context) {
        return List.of(context.versionVector(), context.cloud());
    }

    @Property
    void convergedContextHoldsExactlyTheAddedDotsAndIsCompact(
            @ForAll("crdtScenarios") Scenario<CausalContext> scenario) {
        Outcome<CausalContext> outcome = scenario.run(initial());
        Set<Dot> added = outcome.events().stream()
                .map(e -> Dot.of(Simulation.replicaId(e.replica()), ((AddDot) e.operation()).counter()))
                .collect(Collectors.toSet());
        CausalContext converged = outcome.finalStates().get(0);
        for (int r = 0; r < scenario.replicas(); r++) {
            int replica = r;
            LongStream.rangeClosed(1, 8).mapToObj(c -> Dot.of(Simulation.replicaId(replica), c)).forEach(d ->
                    assertThat(converged.contains(d)).as("contains %s", d).isEqualTo(added.contains(d)));
        }
        assertThat(converged).isEqualTo(CausalContext.ofDots(added));
        assertThat(converged.cloud()).allSatisfy(d ->
                assertThat(converged.versionVector().get(d.replica())).isLessThan(d.counter() - 1));
    }
}
