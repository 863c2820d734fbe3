package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.convergent.clock.ReplicaId;
import org.junit.jupiter.api.Test;

/**
 * An update whose value is not an inflation of the current one would go down now and come back at the next
 * merge. It is refused, and the map is unchanged.
 */
class ORMapInflationTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");

    @Test
    void anUpdateThatLowersTheValueIsRefusedNamingTheKey() {
        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(A, "pen", q -> q.increment(A, 3));

        assertThatIllegalArgumentException().isThrownBy(() -> cart.update(A, "pen", q -> PNCounter.empty()))
                .withMessageContaining("update of key pen").withMessageContaining("inflation");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> cart.updateDelta(A, "pen", q -> PNCounter.empty().incrementDelta(B, 1)))
                .withMessageContaining("CONCURRENT");
        assertThat(cart.get("pen").orElseThrow().value()).isEqualTo(3);
    }

    @Test
    void inflatingUpdatesAndDecrementsStillPass() {
        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(A, "pen", q -> q.increment(A, 3))
                .update(A, "pen", q -> q.decrement(A, 1))
                .update(A, "pen", q -> q);
        assertThat(cart.get("pen").orElseThrow().value()).isEqualTo(2);
    }
}
