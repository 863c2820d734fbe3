package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Mutation;
import org.junit.jupiter.api.Test;

/**
 * Two processes sharing one replica id write one dot for two different things. Merging then throws
 * {@link ConflictingWriteException} instead of dropping both writes — for full states and for deltas alike.
 */
class ReusedReplicaIdTest {

    private static final ReplicaId SHARED = ReplicaId.of("shared");

    @Test
    void aDeltaFromAProcessReusingTheIdIsRefusedAsAFullStateIs() {
        ORSet<String> milk = ORSet.<String>empty().add(SHARED, "milk");
        Mutation<ORSet<String>> eggs = ORSet.<String>empty().addDelta(SHARED, "eggs");

        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> milk.merge(eggs.state()));
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> milk.merge(eggs.delta()))
                .withMessageContaining("shared");
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> eggs.delta().merge(milk));
        assertThat(milk.elements()).containsExactly("milk");
    }

    @Test
    void theSameHoldsForMultiValueRegistersAndMapKeys() {
        MVRegister<String> red = MVRegister.<String>empty().write(SHARED, "red");
        Mutation<MVRegister<String>> blue = MVRegister.<String>empty().writeDelta(SHARED, "blue");
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> red.merge(blue.delta()));

        ORMap<String, PNCounter> pen = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(SHARED, "pen", q -> q.increment(SHARED, 1));
        Mutation<ORMap<String, PNCounter>> ink = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .updateDelta(ReplicaId.of("other"), "ink", q -> q.incrementDelta(ReplicaId.of("other"), 1));
        Mutation<ORMap<String, PNCounter>> cap = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .updateDelta(SHARED, "cap", q -> q.incrementDelta(ReplicaId.of("other"), 1));
        assertThat(pen.merge(ink.delta()).keys()).containsExactlyInAnyOrder("pen", "ink");
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> pen.merge(cap.delta()));
    }

    @Test
    void aDeltaOfAnAddAlreadyRemovedHereIsNoConflict() {
        ReplicaId a = ReplicaId.of("a");
        Mutation<ORSet<String>> add = ORSet.<String>empty().addDelta(a, "x");
        ORSet<String> removed = add.state().remove("x").add(a, "y");
        assertThat(removed.merge(add.delta()).elements()).as("a late duplicate of a removed add").containsExactly("y");
        assertThat(add.delta().merge(removed)).isEqualTo(removed.merge(add.delta()));
    }
}
