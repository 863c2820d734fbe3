package dev.convergent.testkit.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Event;
import dev.convergent.testkit.Outcome;
import dev.convergent.testkit.Scenario;
import dev.convergent.testkit.Simulation;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class VersionVectorLawsTest implements DeltaCrdtLaws<VersionVector> {

    @Override
    public VersionVector initial() {
        return VersionVector.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<VersionVector>> deltaOperations() {
        return ConvergentArbitraries.versionVectorDeltaOperations();
    }

    /** What a user reads: equal vectors must show equal entries. */
    @Override
    public Object observe(VersionVector vector) {
        return vector.entries();
    }

    @Property
    void convergedVectorCountsEveryEventOfEveryReplica(@ForAll("crdtScenarios") Scenario<VersionVector> scenario) {
        Outcome<VersionVector> outcome = scenario.run(initial());
        VersionVector converged = outcome.finalStates().get(0);
        for (int r = 0; r < scenario.replicas(); r++) {
            int replica = r;
            long events = outcome.events().stream().filter(e -> e.replica() == replica).count();
            assertThat(converged.get(Simulation.replicaId(r))).as("events of r%d", r).isEqualTo(events);
        }
    }

    @Property
    void eachEventIsAfterEverythingItObserved(@ForAll("crdtScenarios") Scenario<VersionVector> scenario) {
        Outcome<VersionVector> outcome = scenario.run(initial());
        for (Event<VersionVector> later : outcome.events()) {
            for (int id : later.observed()) {
                VersionVector earlier = outcome.events().get(id).result();
                assertThat(earlier.compare(later.result())).as("%s then %s", id, later).isEqualTo(Causality.BEFORE);
            }
        }
    }

    @Property
    void diffAgainstAPeersContextBringsThePeerUpToDate(@ForAll("crdtStates") List<VersionVector> states) {
        VersionVector peer = states.get(0);
        VersionVector source = states.get(1);
        assertThat(peer.merge(source.diff(peer))).isEqualTo(peer.merge(source));
        VersionVector synced = peer.merge(source);
        assertThat(source.diff(synced)).isEqualTo(VersionVector.empty());
    }
}
