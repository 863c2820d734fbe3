package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Mutation;
import org.junit.jupiter.api.Test;

/**
 * The dot kernel's merge, seen through {@link ORSet}: a merge that adds nothing shares its input
 * (also when a key's dots differ on the two sides, and when a delta is merged again), and a dot that
 * two processes sharing one replica id gave to different keys is refused whichever side drops it.
 */
class DotKernelMergeTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    @Test
    void mergingAStateWhoseKeyHasFewerDotsReturnsTheStateWithMore() {
        ORSet<String> one = ORSet.<String>empty().add(A, "k");
        ORSet<String> both = one.merge(ORSet.<String>empty().add(B, "k"));

        assertThat(both.dots("k")).hasSize(2);
        assertThat(both.merge(one)).isSameAs(both);
        assertThat(one.merge(both)).isSameAs(both);
    }

    @Test
    void mergingAnOlderStateThatLacksAKeyWithSeveralDotsReturnsTheNewer() {
        ORSet<String> older = ORSet.<String>empty().add(C, "z");
        ORSet<String> newer = older.add(A, "k").merge(older.add(B, "k"));

        assertThat(newer.dots("k")).hasSize(2);
        assertThat(newer.merge(older)).isSameAs(newer);
    }

    @Test
    void mergingADeltaAgainReturnsTheStateOrDeltaGroupThatHoldsIt() {
        ORSet<String> s = ORSet.<String>empty().add(A, "x");
        Mutation<ORSet<String>> first = s.addDelta(B, "y");
        Mutation<ORSet<String>> second = first.state().removeDelta("x");
        ORSet<String> group = first.delta().merge(second.delta());

        assertThat(second.state().merge(first.delta())).isSameAs(second.state());
        assertThat(second.state().merge(second.delta())).isSameAs(second.state());
        assertThat(group.merge(first.delta())).isSameAs(group);
        assertThat(group.merge(second.delta())).isSameAs(group);
        assertThat(s.merge(group)).isEqualTo(second.state());
    }

    @Test
    void aReusedDotUnderAKeyBothSidesHoldIsRefusedInEitherOrder() {
        ORSet<String> shared = ORSet.<String>empty().add(A, "k");
        // two processes both call themselves a: one adds x as a:2, the other re-adds k as a:2
        ORSet<String> first = shared.add(A, "x");
        ORSet<String> second = shared.add(A, "k");

        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> first.merge(second));
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> second.merge(first));
    }

    @Test
    void aReusedDotAmongSeveralDotsOfAKeyIsRefusedInEitherOrder() {
        // k holds a:1 and b:1; another process also named a gave a:1 to j
        ORSet<String> first = ORSet.<String>empty().add(A, "k").merge(ORSet.<String>empty().add(B, "k"));
        ORSet<String> second = ORSet.<String>empty().add(A, "j");

        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> first.merge(second));
        assertThatExceptionOfType(ConflictingWriteException.class).isThrownBy(() -> second.merge(first));
    }

    @Test
    void clearingASetWithNothingPresentReturnsItAndAnEmptyDelta() {
        ORSet<String> removed = ORSet.<String>empty().add(A, "x").remove("x");

        assertThat(removed.clear()).isSameAs(removed);
        assertThat(removed.clearDelta().delta()).isSameAs(ORSet.empty());
        assertThat(removed.add(A, "y").clear().isEmpty()).isTrue();
    }

    @Test
    void aKernelEqualsOnlyAKernel() {
        DotKernel<String> kernel = DotKernel.empty();

        assertThat(kernel.equals("not a kernel")).isFalse();
        assertThat(kernel.equals(null)).isFalse();
        assertThat(kernel.equals(DotKernel.<String>empty())).isTrue();
    }
}
