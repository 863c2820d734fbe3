package dev.convergent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Mutation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch applies its operations in order as one step, and its delta is the group of theirs. */
class BatchesTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");

    @Test
    void aBatchAppliesItsOperationsInOrderAndShipsTheirDeltaGroup() {
        ConvergentArbitraries.Batch<ORSet<String>> batch = new ConvergentArbitraries.Batch<>(List.of(
                new ConvergentArbitraries.Add<>("milk"), new ConvergentArbitraries.Add<>("eggs"),
                new ConvergentArbitraries.Remove<>("milk")));
        ORSet<String> before = ORSet.<String>empty().add(PHONE, "bread");

        Mutation<ORSet<String>> m = batch.apply(PHONE, before);

        assertThat(m.state().elements()).containsExactlyInAnyOrder("bread", "eggs");
        assertThat(before.merge(m.delta())).isEqualTo(m.state());
        assertThat(m.delta().elements()).containsExactly("eggs");
        assertThat(batch).hasToString("batch of 3 [add(milk), add(eggs), remove(milk)]");
    }

    @Test
    void batchSizesAreChecked() {
        assertThatThrownBy(() -> ConvergentArbitraries.batches(ConvergentArbitraries.gCounterDeltaOperations(), 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSize");
        assertThatThrownBy(() -> ConvergentArbitraries.batches(ConvergentArbitraries.gCounterDeltaOperations(), 4, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConvergentArbitraries.Batch<>(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ConvergentArbitraries.batches(null, 1, 3)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("operations");
    }
}
