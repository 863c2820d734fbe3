package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/index.md}, asserts what the page says after each one, and checks
 * that the page shows exactly the code between the {@code // index.md: NAME BEGIN} and {@code END}
 * markers below.
 */
class IndexDocTest {

    @Test
    void threeDataCentresConvergeAsThePageTellsIt() {
        // index.md: three-data-centres BEGIN
        ReplicaId dc1 = ReplicaId.of("dc1");
        ReplicaId dc2 = ReplicaId.of("dc2");
        ReplicaId dc3 = ReplicaId.of("dc3");
        GCounter atDc1 = GCounter.empty().increment(dc1, 5);    // [5,0,0]
        GCounter atDc2 = GCounter.empty().increment(dc2, 3);    // [0,3,0]
        GCounter atDc3 = GCounter.empty().increment(dc3, 2);    // [0,0,2]
        GCounter merged = atDc1.merge(atDc2).merge(atDc3);      // [5,3,2]: the maximum per position
        // merged.value() is 10
        GCounter gossiped = atDc3.merge(atDc2.merge(atDc1)).merge(atDc2).merge(merged);
        // gossiped equals merged: any order, any grouping, any number of deliveries
        // index.md: three-data-centres END

        assertThat(atDc1.counts()).isEqualTo(vector(dc1, 5, dc2, 0, dc3, 0));
        assertThat(atDc2.counts()).isEqualTo(vector(dc1, 0, dc2, 3, dc3, 0));
        assertThat(atDc3.counts()).isEqualTo(vector(dc1, 0, dc2, 0, dc3, 2));
        assertThat(merged.counts()).isEqualTo(vector(dc1, 5, dc2, 3, dc3, 2));
        assertThat(merged.value()).isEqualTo(10);
        assertThat(atDc1.merge(atDc2).counts()).isEqualTo(vector(dc1, 5, dc2, 3, dc3, 0));
        assertThat(atDc3.merge(atDc2).counts()).isEqualTo(vector(dc1, 0, dc2, 3, dc3, 2));
        assertThat(gossiped).isEqualTo(merged);
        assertThat(merged.merge(atDc2)).isEqualTo(merged);
        assertThat(merged.merge(merged)).isEqualTo(merged);

        // index.md: order BEGIN
        Causality below = atDc1.compare(merged);        // BEFORE: merged has seen everything atDc1 has
        Causality above = merged.compare(atDc1);        // AFTER
        Causality same = merged.compare(gossiped);      // EQUAL
        Causality neither = atDc1.compare(atDc2);       // CONCURRENT: each holds a count the other lacks
        // BEFORE or EQUAL exactly when merging changes nothing: atDc1.merge(merged) equals merged
        // index.md: order END

        assertThat(below).isEqualTo(Causality.BEFORE);
        assertThat(above).isEqualTo(Causality.AFTER);
        assertThat(same).isEqualTo(Causality.EQUAL);
        assertThat(neither).isEqualTo(Causality.CONCURRENT);
        assertThat(atDc1.merge(merged)).isEqualTo(merged);
        assertThat(atDc1.merge(atDc2)).isNotEqualTo(atDc2).isNotEqualTo(atDc1);

        // index.md: deltas BEGIN
        Mutation<GCounter> step = merged.incrementDelta(dc1, 1);  // dc1 counts one more: [6,3,2]
        GCounter delta = step.delta();                            // [6,0,0]: one entry, however many replicas
        GCounter elsewhere = merged.merge(delta);                 // a replica holding `merged` catches up: 11
        GCounter missing = step.state().diff(atDc2.counts());     // [6,0,2]: what a replica at [0,3,0] lacks
        // atDc2.merge(missing) equals step.state()
        // index.md: deltas END

        assertThat(step.state().counts()).isEqualTo(vector(dc1, 6, dc2, 3, dc3, 2));
        assertThat(delta.counts()).isEqualTo(vector(dc1, 6, dc2, 0, dc3, 0));
        assertThat(delta.counts().size()).isEqualTo(1);
        assertThat(elsewhere).isEqualTo(step.state());
        assertThat(elsewhere.value()).isEqualTo(11);
        assertThat(missing.counts()).isEqualTo(vector(dc1, 6, dc2, 0, dc3, 2));
        assertThat(atDc2.merge(missing)).isEqualTo(step.state());
    }

    @Test
    void twoReplicasSellTheLastSeatAsThePageTellsIt() {
        // index.md: oversell BEGIN
        ReplicaId berlin = ReplicaId.of("berlin");
        ReplicaId paris = ReplicaId.of("paris");
        PNCounter seats = PNCounter.empty().increment(berlin, 1);  // one seat left; both replicas know it
        PNCounter soldInBerlin = seats.decrement(berlin, 1);       // each replica checked "seats > 0" first
        PNCounter soldInParis = seats.decrement(paris, 1);
        PNCounter seatsLeft = soldInBerlin.merge(soldInParis);     // -1: the last seat was sold twice
        // index.md: oversell END

        assertThat(seats.value()).isPositive();
        assertThat(soldInBerlin.value()).isZero();
        assertThat(soldInParis.value()).isZero();
        assertThat(seatsLeft.value()).isEqualTo(-1);
        assertThat(seatsLeft).isEqualTo(soldInParis.merge(soldInBerlin));
    }

    @Test
    void thePageShowsExactlyTheCodeTheseTestsRun() {
        Snippets.assertPageShowsExactly("index.md", IndexDocTest.class);
    }

    private static VersionVector vector(ReplicaId a, long na, ReplicaId b, long nb, ReplicaId c, long nc) {
        return VersionVector.of(Map.of(a, na, b, nb, c, nc));
    }
}
