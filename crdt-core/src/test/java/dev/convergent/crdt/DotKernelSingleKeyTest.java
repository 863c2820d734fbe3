package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The one-key merge and compare {@link EnableWinsFlag} uses give what the general ones give, on every pair of a
 * small set of kernels: bottom, deltas, concurrent enables, disables that drop the other side's enable, several
 * dots, pruned states and a kernel with a second key (which takes the general path); where the general one
 * throws (a replica pruned from one side that wrote again on the other), the one-key one throws the same.
 */
class DotKernelSingleKeyTest {

    private static final String ON = "on";
    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");
    private static final ReplicaId D = ReplicaId.of("d");

    @Test
    void singleKeyMergeAndCompareAgreeWithTheGeneralOnes() {
        List<DotKernel<String>> kernels = kernels();
        for (DotKernel<String> x : kernels) {
            for (DotKernel<String> y : kernels) {
                assertThat(outcome(() -> x.mergeSingleKey(ON, y))).as("%s merge %s", x, y)
                        .isEqualTo(outcome(() -> x.merge(y)));
                assertThat(outcome(() -> x.compareSingleKey(ON, y))).as("%s compare %s", x, y)
                        .isEqualTo(outcome(() -> x.compare(y)));
            }
        }
    }

    @Test
    void twoEnablesEachDisabledByTheOtherSideMergeToNoEnable() {
        // a:1 is live here and b:1 was disabled here; there it is the other way round
        DotKernel<String> here = kernel(Set.of(Dot.of(A, 1)), Map.of(A, 1L, B, 1L));
        DotKernel<String> there = kernel(Set.of(Dot.of(B, 1)), Map.of(A, 1L, B, 1L));

        DotKernel<String> merged = here.mergeSingleKey(ON, there);

        assertThat(merged.size()).isZero();
        assertThat(merged.context()).isEqualTo(here.context());
        assertThat(merged).isEqualTo(here.merge(there));
    }

    @Test
    void aMergeThatAddsNothingReturnsTheSideThatHoldsIt() {
        DotKernel<String> enabled = kernel(Set.of(Dot.of(A, 1)), Map.of(A, 1L));
        DotKernel<String> both = enabled.mergeSingleKey(ON, kernel(Set.of(Dot.of(B, 1)), Map.of(B, 1L)));

        assertThat(enabled.mergeSingleKey(ON, DotKernel.empty())).isSameAs(enabled);
        assertThat(DotKernel.<String>empty().mergeSingleKey(ON, enabled)).isSameAs(enabled);
        assertThat(both.mergeSingleKey(ON, enabled)).isSameAs(both);
        assertThat(enabled.mergeSingleKey(ON, both)).isSameAs(both);
    }

    /** The result, or the class of the exception (a pruned replica that writes again is refused by both). */
    private static Object outcome(Supplier<Object> f) {
        try {
            return f.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static List<DotKernel<String>> kernels() {
        List<DotKernel<String>> k = new ArrayList<>();
        k.add(DotKernel.empty());
        DotKernel<String> a = DotKernel.<String>empty().add(A, ON).state();
        DotKernel<String> b = DotKernel.<String>empty().add(B, ON).state();
        k.add(a);
        k.add(b);
        k.add(DotKernel.<String>empty().add(B, ON).delta());
        k.add(a.add(A, ON).delta());
        k.add(a.remove(ON).delta());
        DotKernel<String> ab = a.merge(b);
        k.add(ab);
        k.add(ab.remove(ON).state());
        k.add(ab.add(C, ON).state());
        k.add(a.remove(ON).state().merge(b));
        k.add(b.remove(ON).state().merge(a));
        k.add(kernel(Set.of(Dot.of(A, 1)), Map.of(A, 1L, B, 1L)));
        k.add(kernel(Set.of(Dot.of(B, 1)), Map.of(A, 1L, B, 1L)));
        k.add(kernel(Set.of(Dot.of(A, 2), Dot.of(B, 1)), Map.of(A, 2L, B, 1L)));
        k.add(ab.prune(A, B));
        k.add(a.add(D, "other").state());
        return k;
    }

    private static DotKernel<String> kernel(Set<Dot> dots, Map<ReplicaId, Long> context) {
        return DotKernel.of(Map.of(ON, dots), CausalContext.of(VersionVector.of(context)), "key");
    }
}
