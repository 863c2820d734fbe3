package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.health.Divergence;
import dev.convergent.health.SiblingCount;
import dev.convergent.health.Staleness;
import dev.convergent.health.TruthHealth;
import dev.convergent.kryo.KryoCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/operations.md} in order, asserts what the page says after each
 * one, and checks that the page shows exactly the code between the {@code // operations.md: NAME
 * BEGIN} and {@code END} markers below.
 */
class OperationsDocTest {

    @Test
    void theTruthHealthMeasuresWorkAsThePageTellsIt() {
        // operations.md: digests BEGIN
        ReplicaId virginia = ReplicaId.of("virginia");
        ReplicaId oregon = ReplicaId.of("oregon");
        ORMap<String, PNCounter> atFrankfurt = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(virginia, "charger", q -> q.increment(virginia, 1))
                .update(oregon, "mouse", q -> q.increment(oregon, 1));
        ORMap<String, PNCounter> atVirginia = atFrankfurt
                .update(virginia, "cable", q -> q.increment(virginia, 2))
                .update(virginia, "charger", q -> q.increment(virginia, 1));
        ORMap<String, PNCounter> atOregon = atFrankfurt.merge(atVirginia);  // Frankfurt missed Virginia's last two

        KryoCodec codec = KryoCodec.create();                     // deterministic: equal states, equal bytes
        List<String> digests = List.of(
                TruthHealth.digest(atVirginia, codec::encode),    // "e75c5cffd3c325d5"
                TruthHealth.digest(atOregon, codec::encode),
                TruthHealth.digest(atFrankfurt, codec::encode));
        int disagreeing = TruthHealth.disagreeing(digests);       // 1: Frankfurt holds another state
        // operations.md: digests END

        assertThat(digests.get(0)).isEqualTo("e75c5cffd3c325d5").isEqualTo(digests.get(1))
                .isNotEqualTo(digests.get(2));
        assertThat(disagreeing).isEqualTo(1);

        // operations.md: divergence BEGIN
        Divergence divergence = TruthHealth.divergence(
                atVirginia.context().versionVector(),
                atOregon.context().versionVector(),
                atFrankfurt.context().versionVector());
        // divergence.perReplica() is {oregon=0, virginia=2}: Frankfurt lacks 2 of Virginia's updates
        // divergence.max() is 2: alert when it stays above about 5
        int writers = atVirginia.stats().replicaIds();            // 2: alert when a state carries more than ~10
        // operations.md: divergence END

        assertThat(divergence.perReplica()).containsExactly(entry(oregon, 0L), entry(virginia, 2L));
        assertThat(divergence.max()).isEqualTo(2);
        assertThat(writers).isEqualTo(2);

        // operations.md: siblings BEGIN
        MVRegister<String> giftMessage = MVRegister.<String>empty().write(virginia, "Happy birthday!");
        MVRegister<String> deliveryNote = MVRegister.<String>empty().write(virginia, "Leave at the door")
                .merge(MVRegister.<String>empty().write(oregon, "Ring twice"));   // written concurrently
        SiblingCount backlog = TruthHealth.siblingCount(giftMessage, deliveryNote);
        // backlog is SiblingCount[registers=2, siblings=3, max=2, conflicted=1]: one register holds
        // concurrent versions until the application writes after reading them
        // operations.md: siblings END

        assertThat(backlog).isEqualTo(new SiblingCount(2, 3, 2, 1));
        assertThat(backlog.toString()).isEqualTo("SiblingCount[registers=2, siblings=3, max=2, conflicted=1]");

        // operations.md: staleness BEGIN
        Staleness lag = Staleness.create();                       // keeps the last 10,000 samples
        LWWRegister<String> received = LWWRegister.of(oregon, "Ring twice",
                HybridTimestamp.ofMillis(1_700_000_000_000L));    // a write that just arrived from Oregon
        long now = 1_700_000_000_250L;                            // System.currentTimeMillis() in production
        lag.recordSince(received.timestamp(), now);               // 250 ms from the write to this replica
        lag.record(40);                                           // or measure it your own way, in ms
        long p50 = lag.percentile(50);                            // 40
        long p99 = lag.percentile(99);                            // 250: the consistency lag p99 (target < 5 s)
        // operations.md: staleness END

        assertThat(p50).isEqualTo(40);
        assertThat(p99).isEqualTo(250);
        assertThat(lag.count()).isEqualTo(2);
    }

    @Test
    void retiringAReplicaWorksAsThePageTellsIt() {
        ReplicaId virginia = ReplicaId.of("virginia");
        // operations.md: prune BEGIN
        ReplicaId frankfurt = ReplicaId.of("frankfurt");                       // being decommissioned
        ORMap<String, PNCounter> lastOfFrankfurt = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(frankfurt, "charger", q -> q.increment(frankfurt, 2));
        ORMap<String, PNCounter> atOregon = lastOfFrankfurt.remove("charger");  // Virginia has not seen this

        // Frankfurt has stopped for good; its successor, Virginia, merges its last state and prunes it
        ORMap<String, PNCounter> atVirginia = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(virginia, "cable", q -> q.increment(virginia, 1))
                .merge(lastOfFrankfurt)
                .prune(frankfurt, virginia);                                    // ship this state in full
        // atVirginia.replicaIds() is [virginia], retiredReplicas() is [frankfurt]: charger=2, cable=1

        ORMap<String, PNCounter> atOregonLater = atOregon.merge(atVirginia);   // Oregon never saw the pruning
        // keys() is [cable]: Oregon's concurrent remove still wins; no state carries frankfurt any more

        // hours later, when every replica holds the marker and no older message can still arrive:
        ORMap<String, PNCounter> settled = atOregonLater.forgetPruning(frankfurt);
        // operations.md: prune END

        assertThat(atVirginia.replicaIds()).containsExactly(virginia);
        assertThat(atVirginia.retiredReplicas()).containsExactly(frankfurt);
        assertThat(atVirginia.get("charger")).map(PNCounter::value).contains(2L);
        assertThat(atVirginia.get("cable")).map(PNCounter::value).contains(1L);
        assertThat(atOregonLater.keys()).containsExactly("cable");
        assertThat(atOregonLater.replicaIds()).containsExactly(virginia);
        assertThat(atOregonLater).isEqualTo(atVirginia.merge(atOregon));
        assertThat(settled.retiredReplicas()).isEmpty();
        assertThat(settled.merge(atVirginia).retiredReplicas()).as("a merge brings the marker back")
                .containsExactly(frankfurt);
    }

    @Test
    void thePageShowsExactlyTheCodeThisTestRuns() {
        Snippets.assertPageShowsExactly("operations.md", OperationsDocTest.class);
    }
}
