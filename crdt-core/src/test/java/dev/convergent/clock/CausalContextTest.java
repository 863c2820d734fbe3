package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CausalContextTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    private static VersionVector vv(long a, long b) {
        return VersionVector.of(Map.of(A, a, B, b));
    }

    private static Dot a(long counter) {
        return Dot.of(A, counter);
    }

    private static Dot b(long counter) {
        return Dot.of(B, counter);
    }

    // ---- Scenario: deltas arriving out of order ----

    @Test
    void delta3BeforeDelta2IsKeptInTheCloudAndCompactsWhenDelta2Arrives() {
        CausalContext afterDelta1 = CausalContext.empty().add(a(1));
        CausalContext afterDelta3 = afterDelta1.add(a(3));

        assertThat(afterDelta3.versionVector()).isEqualTo(vv(1, 0));
        assertThat(afterDelta3.cloud()).containsExactly(a(3));
        assertThat(afterDelta3.isCompact()).isFalse();
        assertThat(afterDelta3.contains(a(2))).as("delta 2 has not arrived").isFalse();
        assertThat(afterDelta3.toString()).isEqualTo("{a:1} + [a:3]");

        CausalContext afterDelta2 = afterDelta3.add(a(2));

        assertThat(afterDelta2.versionVector()).isEqualTo(vv(3, 0));
        assertThat(afterDelta2.cloud()).isEmpty();
        assertThat(afterDelta2.isCompact()).isTrue();
        assertThat(afterDelta2).isEqualTo(CausalContext.of(vv(3, 0)));
        assertThat(afterDelta2.toString()).isEqualTo("{a:3}");
    }

    @Test
    void mergeOfContextsWithCloudsCompactsAcrossBothSides() {
        CausalContext left = CausalContext.of(vv(1, 0), List.of(a(3), b(2)));    // {a:1} + [a:3, b:2]
        CausalContext right = CausalContext.of(vv(0, 1), List.of(a(2), a(5)));   // {b:1} + [a:2, a:5]

        CausalContext merged = left.merge(right);

        assertThat(merged.versionVector()).isEqualTo(vv(3, 2));
        assertThat(merged.cloud()).containsExactly(a(5));
        assertThat(right.merge(left)).isEqualTo(merged);
        assertThat(merged.merge(merged)).isEqualTo(merged);
        assertThat(left.compare(merged)).isEqualTo(Causality.BEFORE);
        assertThat(merged.compare(right)).isEqualTo(Causality.AFTER);
        assertThat(left.compare(right)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void mergeWithASubsetReturnsTheLargerContextItself() {
        CausalContext big = CausalContext.of(vv(3, 1), List.of(b(4)));
        CausalContext small = CausalContext.ofDots(List.of(a(2), b(4)));

        assertThat(big.merge(small)).isSameAs(big);
        assertThat(small.merge(big)).isSameAs(big);
        assertThat(big.merge(CausalContext.empty())).isSameAs(big);
    }

    // ---- contains, nextDot, includes ----

    @Test
    void containsDotsOfTheVectorAndOfTheCloudOnly() {
        CausalContext context = CausalContext.of(vv(2, 0), List.of(a(5), b(3)));

        assertThat(context.contains(a(1))).isTrue();
        assertThat(context.contains(a(2))).isTrue();
        assertThat(context.contains(a(3))).isFalse();
        assertThat(context.contains(a(4))).isFalse();
        assertThat(context.contains(a(5))).isTrue();
        assertThat(context.contains(a(6))).isFalse();
        assertThat(context.contains(b(1))).isFalse();
        assertThat(context.contains(b(3))).isTrue();
        assertThat(context.contains(Dot.of(C, 1))).isFalse();
    }

    @Test
    void nextDotIsOnePastTheLargestSeenIncludingTheCloud() {
        CausalContext context = CausalContext.of(vv(2, 1), List.of(a(7)));

        assertThat(context.nextDot(A)).isEqualTo(a(8));
        assertThat(context.nextDot(B)).isEqualTo(b(2));
        assertThat(context.nextDot(C)).isEqualTo(Dot.of(C, 1));
        assertThat(CausalContext.empty().nextDot(A)).isEqualTo(a(1));
    }

    @Test
    void nextDotThrowsWhenTheReplicasDotsAreExhausted() {
        CausalContext exhausted = CausalContext.of(VersionVector.of(Map.of(A, Long.MAX_VALUE)));
        CausalContext exhaustedInCloud = CausalContext.ofDots(List.of(a(Long.MAX_VALUE)));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> exhausted.nextDot(A))
                .withMessageContaining("a");
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> exhaustedInCloud.nextDot(A));
        assertThat(exhausted.nextDot(B)).isEqualTo(b(1));
    }

    @Test
    void includesIsSetInclusion() {
        CausalContext big = CausalContext.of(vv(3, 1), List.of(a(6), b(4)));

        assertThat(big.includes(CausalContext.ofDots(List.of(a(2), a(6), b(1))))).isTrue();
        assertThat(big.includes(CausalContext.of(vv(3, 1)))).isTrue();
        assertThat(big.includes(CausalContext.empty())).isTrue();
        assertThat(big.includes(big)).isTrue();
        assertThat(big.includes(CausalContext.ofDots(List.of(a(4))))).as("a:4 is in the gap").isFalse();
        assertThat(big.includes(CausalContext.of(vv(4, 0)))).as("a:4 is in the gap").isFalse();
        assertThat(big.includes(CausalContext.of(vv(0, 2)))).as("b:2 was never seen").isFalse();
        assertThat(big.includes(CausalContext.ofDots(List.of(Dot.of(C, 1))))).isFalse();
        assertThat(CausalContext.empty().includes(big)).isFalse();
    }

    @Test
    void addOfASeenDotReturnsTheSameContext() {
        CausalContext context = CausalContext.of(vv(2, 0), List.of(a(4)));

        assertThat(context.add(a(1))).isSameAs(context);
        assertThat(context.add(a(4))).isSameAs(context);
        assertThat(context.add(a(3))).isEqualTo(CausalContext.of(vv(4, 0)));
    }

    // ---- Compare ----

    @Test
    void compareIsSetInclusionForCompactContextsAndContextsWithClouds() {
        CausalContext ab = CausalContext.of(vv(1, 1));
        CausalContext a2 = CausalContext.of(vv(2, 0));
        CausalContext withCloud = CausalContext.of(vv(1, 0), List.of(b(2)));     // {a:1} + [b:2]

        assertThat(ab.compare(a2)).isEqualTo(Causality.CONCURRENT);
        assertThat(CausalContext.empty().compare(ab)).isEqualTo(Causality.BEFORE);
        assertThat(ab.compare(CausalContext.of(vv(1, 1)))).isEqualTo(Causality.EQUAL);
        assertThat(withCloud.compare(ab)).as("b:2 versus b:1").isEqualTo(Causality.CONCURRENT);
        assertThat(withCloud.compare(withCloud.add(b(1)))).isEqualTo(Causality.BEFORE);
        assertThat(withCloud.add(b(1)).compare(withCloud)).isEqualTo(Causality.AFTER);
        assertThat(withCloud.compare(CausalContext.ofDots(List.of(b(2), a(1))))).isEqualTo(Causality.EQUAL);
    }

    // ---- Equality and construction ----

    @Test
    void equalSetsBuiltDifferentlyAreEqual() {
        CausalContext byAdds = CausalContext.empty().add(a(3)).add(b(1)).add(a(1)).add(a(2)).add(b(5));
        CausalContext byDots = CausalContext.ofDots(List.of(b(5), a(2), a(3), a(1), b(1), a(2)));
        CausalContext byVectorAndDots = CausalContext.of(vv(2, 1), List.of(a(3), b(5), a(1)));
        CausalContext byMerge = CausalContext.of(vv(1, 1)).merge(CausalContext.ofDots(Set.of(a(2), a(3), b(5))));
        List<CausalContext> all = List.of(byAdds, byDots, byVectorAndDots, byMerge);

        for (CausalContext context : all) {
            assertThat(context).isEqualTo(byAdds);
            assertThat(context.hashCode()).isEqualTo(byAdds.hashCode());
            assertThat(context.versionVector()).isEqualTo(vv(3, 1));
            assertThat(context.cloud()).containsExactly(b(5));
            assertThat(context.toString()).isEqualTo("{a:3, b:1} + [b:5]");
        }
        assertThat(byAdds).isNotEqualTo(byAdds.add(b(4)));
        assertThat(byAdds).isNotEqualTo(CausalContext.of(vv(3, 1)));
        assertThat(byAdds).isNotEqualTo(vv(3, 1));
    }

    @Test
    void emptyContextsAreTheSharedEmptyInstance() {
        assertThat(CausalContext.of(VersionVector.empty())).isSameAs(CausalContext.empty());
        assertThat(CausalContext.ofDots(List.of())).isSameAs(CausalContext.empty());
        assertThat(CausalContext.empty().isEmpty()).isTrue();
        assertThat(CausalContext.empty().isCompact()).isTrue();
        assertThat(CausalContext.empty().toString()).isEqualTo("{}");
        assertThat(CausalContext.ofDots(List.of(a(2))).isEmpty()).isFalse();
    }

    @Test
    void ofCompactsDotsCoveredByOrContiguousWithTheVector() {
        CausalContext context = CausalContext.of(vv(2, 0), List.of(a(1), a(3), a(5), b(2), b(2)));

        assertThat(context.versionVector()).isEqualTo(vv(3, 0));
        assertThat(context.cloud()).containsExactly(a(5), b(2));
        assertThat(context.toString()).isEqualTo("{a:3} + [a:5, b:2]");
    }

    @Test
    void ofHoldsExactlyTheVectorAndTheDotsAndEqualsTheContextBuiltByAddingThemOneByOne() {
        ReplicaId[] replicas = new ReplicaId[12];
        for (int i = 0; i < replicas.length; i++) {
            replicas[i] = ReplicaId.of("ctx-" + i);
        }
        for (int round = 0; round < 400; round++) {
            java.util.Random random = new java.util.Random(round);
            Map<ReplicaId, Long> entries = new java.util.HashMap<>();
            for (ReplicaId r : replicas) {
                if (random.nextInt(3) > 0) {
                    entries.put(r, (long) random.nextInt(6));
                }
            }
            VersionVector vector = VersionVector.of(entries);
            List<Dot> dots = new ArrayList<>();
            for (int i = random.nextInt(60); i > 0; i--) {
                dots.add(Dot.of(replicas[random.nextInt(replicas.length)], 1 + random.nextInt(14)));
            }

            CausalContext context = CausalContext.of(vector, dots);

            CausalContext byAdds = CausalContext.of(vector);
            for (Dot d : dots) {
                byAdds = byAdds.add(d);
            }
            assertThat(context).as("round %d", round).isEqualTo(byAdds);
            for (ReplicaId r : replicas) {
                for (long c = 1; c <= 16; c++) {
                    Dot d = Dot.of(r, c);
                    assertThat(context.contains(d)).as("round %d, %s", round, d)
                            .isEqualTo(c <= vector.get(r) || dots.contains(d));
                }
                long run = vector.get(r);
                while (dots.contains(Dot.of(r, run + 1))) {
                    run++;
                }
                assertThat(context.versionVector().get(r)).as("round %d: the contiguous run of %s", round, r)
                        .isEqualTo(run);
            }
            assertThat(context.cloud()).doesNotHaveDuplicates().isSorted()
                    .allMatch(d -> d.counter() > context.versionVector().get(d.replica()) + 1);
        }
    }

    @Test
    void ofCopiesItsInput() {
        List<Dot> dots = new ArrayList<>(List.of(a(3)));
        CausalContext context = CausalContext.ofDots(dots);

        dots.add(a(1));

        assertThat(context.contains(a(1))).isFalse();
        assertThat(context.cloud()).containsExactly(a(3));
    }

    @Test
    void cloudIsUnmodifiable() {
        CausalContext context = CausalContext.ofDots(List.of(a(3)));

        assertThatThrownBy(() -> context.cloud().add(a(5))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(context.contains(a(5))).isFalse();
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        List<Dot> withNull = new ArrayList<>();
        withNull.add(a(1));
        withNull.add(null);
        CausalContext context = CausalContext.of(vv(1, 1));

        assertThatNullPointerException().isThrownBy(() -> CausalContext.of(null)).withMessage("vector");
        assertThatNullPointerException().isThrownBy(() -> CausalContext.of(null, List.of())).withMessage("vector");
        assertThatNullPointerException().isThrownBy(() -> CausalContext.of(vv(1, 0), null)).withMessage("dots");
        assertThatNullPointerException().isThrownBy(() -> CausalContext.ofDots(null)).withMessage("dots");
        assertThatNullPointerException().isThrownBy(() -> CausalContext.ofDots(withNull))
                .withMessageContaining("null");
        assertThatNullPointerException().isThrownBy(() -> context.contains(null)).withMessage("dot");
        assertThatNullPointerException().isThrownBy(() -> context.add(null)).withMessage("dot");
        assertThatNullPointerException().isThrownBy(() -> context.nextDot(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> context.includes(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> context.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> context.compare(null)).withMessage("other");
    }
}
