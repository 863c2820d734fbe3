package dev.convergent.clock;

import static dev.convergent.lattice.Causality.AFTER;
import static dev.convergent.lattice.Causality.BEFORE;
import static dev.convergent.lattice.Causality.CONCURRENT;
import static dev.convergent.lattice.Causality.EQUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import java.util.AbstractMap;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VersionVectorTest {

    private static final ReplicaId A = ReplicaId.of("A");
    private static final ReplicaId B = ReplicaId.of("B");
    private static final ReplicaId C = ReplicaId.of("C");

    /** The vector [a, b, c] over replicas A, B and C. */
    private static VersionVector vv(long a, long b, long c) {
        return VersionVector.of(Map.of(A, a, B, b, C, c));
    }

    // ---- Scenarios: causality ----

    @Test
    void withoutDropsOneEntryAndKeepsTheOthersInOrder() {
        VersionVector v = VersionVector.of(Map.of(A, 1L, B, 2L, C, 3L));

        assertThat(v.without(B).entries()).containsExactly(Map.entry(A, 1L), Map.entry(C, 3L));
        assertThat(v.without(A).without(C)).isEqualTo(VersionVector.of(Map.of(B, 2L)));
        assertThat(v.without(ReplicaId.of("absent"))).isSameAs(v);
        assertThat(VersionVector.of(Map.of(A, 1L)).without(A)).isEqualTo(VersionVector.empty());
        assertThat(v.without(B).compare(v)).isEqualTo(BEFORE);
        assertThatNullPointerException().isThrownBy(() -> v.without(null)).withMessage("replica");
    }

    @Test
    void oneZeroZeroHappenedBeforeOneOneZero() {
        VersionVector first = vv(1, 0, 0);
        VersionVector second = vv(1, 1, 0);

        assertThat(first.compare(second)).isEqualTo(BEFORE);
        assertThat(second.compare(first)).isEqualTo(AFTER);
        assertThat(second.dominates(first)).isTrue();
        assertThat(first.dominates(second)).isFalse();
        assertThat(first.isConcurrentWith(second)).isFalse();
    }

    @Test
    void twoZeroZeroIsConcurrentWithOneOneOne() {
        VersionVector parallelWrite = vv(2, 0, 0);
        VersionVector chainEnd = vv(1, 1, 1);

        assertThat(parallelWrite.compare(chainEnd)).isEqualTo(CONCURRENT);
        assertThat(chainEnd.compare(parallelWrite)).isEqualTo(CONCURRENT);
        assertThat(parallelWrite.isConcurrentWith(chainEnd)).isTrue();
        assertThat(parallelWrite.dominates(chainEnd)).isFalse();
        assertThat(chainEnd.dominates(parallelWrite)).isFalse();
    }

    @Test
    void causalChainFromAThroughBToC() {
        VersionVector atA = VersionVector.empty().increment(A);
        VersionVector atB = atA.increment(B);          // B received A's message, then wrote
        VersionVector atC = atB.increment(C);          // C received B's message, then wrote

        assertThat(atA).isEqualTo(vv(1, 0, 0));
        assertThat(atB).isEqualTo(vv(1, 1, 0));
        assertThat(atC).isEqualTo(vv(1, 1, 1));
        assertThat(atA.compare(atB)).isEqualTo(BEFORE);
        assertThat(atB.compare(atC)).isEqualTo(BEFORE);
        assertThat(atA.compare(atC)).as("happened-before is transitive").isEqualTo(BEFORE);

        VersionVector parallelAtA = atA.increment(A);
        assertThat(parallelAtA).isEqualTo(vv(2, 0, 0));
        assertThat(parallelAtA.compare(atC)).isEqualTo(CONCURRENT);
        assertThat(parallelAtA.compare(atA)).isEqualTo(AFTER);
    }

    /** One version of the cart: its items and the version vector it was written under. */
    private record CartVersion(Set<String> items, VersionVector clock) {
    }

    /**
     * What a replica keeps for a key when a version arrives: the incoming version is dropped if a
     * kept one has already seen it; kept versions it has seen are dropped; concurrent ones stay as siblings.
     */
    private static List<CartVersion> receive(List<CartVersion> kept, CartVersion incoming) {
        List<CartVersion> result = new ArrayList<>();
        for (CartVersion v : kept) {
            Causality c = v.clock().compare(incoming.clock());
            if (c.isAfterOrEqual()) {
                return kept;
            }
            if (c == CONCURRENT) {
                result.add(v);
            }
        }
        result.add(incoming);
        return result;
    }

    @Test
    void riakCartTimelineKeepsSiblingsUntilAClientResolvesThem() {
        CartVersion book = new CartVersion(Set.of("Book"), VersionVector.empty().increment(A));
        CartVersion pen = new CartVersion(Set.of("Pen"), VersionVector.empty().increment(B));
        assertThat(book.clock()).isEqualTo(VersionVector.of(Map.of(A, 1L)));
        assertThat(pen.clock()).isEqualTo(VersionVector.of(Map.of(B, 1L)));

        List<CartVersion> atC = receive(List.of(), pen);   // C syncs from B
        atC = receive(atC, book);                          // then from A

        assertThat(book.clock().compare(pen.clock())).isEqualTo(CONCURRENT);
        assertThat(atC).as("concurrent versions are kept as siblings").containsExactly(pen, book);

        // A client reads both siblings and their joint context, and writes the union at C.
        VersionVector context = atC.get(0).clock().merge(atC.get(1).clock());
        Set<String> union = new TreeSet<>();
        atC.forEach(v -> union.addAll(v.items()));
        CartVersion resolved = new CartVersion(union, context.increment(C));

        assertThat(context).isEqualTo(VersionVector.of(Map.of(A, 1L, B, 1L)));
        assertThat(resolved.clock()).isEqualTo(vv(1, 1, 1));
        assertThat(resolved.clock().compare(book.clock())).isEqualTo(AFTER);
        assertThat(resolved.clock().compare(pen.clock())).isEqualTo(AFTER);

        atC = receive(atC, resolved);
        assertThat(atC).containsExactly(resolved);
        assertThat(atC.get(0).items()).containsExactly("Book", "Pen");
        assertThat(receive(atC, book)).as("a stale copy arriving late changes nothing").containsExactly(resolved);
    }

    @Test
    void dynamoCartDivergesIntoConcurrentVersions() {
        ReplicaId virginia = ReplicaId.of("VA");
        ReplicaId oregon = ReplicaId.of("OR");
        VersionVector phone = VersionVector.empty().increment(virginia);
        VersionVector laptop = VersionVector.empty().increment(oregon);
        VersionVector merged = phone.merge(laptop);

        VersionVector phoneAgain = merged.increment(virginia);
        VersionVector laptopAgain = merged.increment(oregon);

        assertThat(merged).isEqualTo(VersionVector.of(Map.of(virginia, 1L, oregon, 1L)));
        assertThat(phoneAgain).isEqualTo(VersionVector.of(Map.of(virginia, 2L, oregon, 1L)));
        assertThat(laptopAgain).isEqualTo(VersionVector.of(Map.of(virginia, 1L, oregon, 2L)));
        assertThat(phoneAgain.compare(laptopAgain)).isEqualTo(CONCURRENT);
        assertThat(merged.compare(phoneAgain)).isEqualTo(BEFORE);
        assertThat(merged.compare(laptopAgain)).isEqualTo(BEFORE);
    }

    @Test
    void versionVectorExplosionExampleIsPairwiseConcurrent() {
        List<VersionVector> versions = List.of(vv(10, 5, 3), vv(8, 7, 3), vv(9, 5, 4));

        for (VersionVector x : versions) {
            for (VersionVector y : versions) {
                if (x != y) {
                    assertThat(x.compare(y)).as("%s vs %s", x, y).isEqualTo(CONCURRENT);
                }
            }
        }
        VersionVector all = versions.get(0).merge(versions.get(1)).merge(versions.get(2));
        assertThat(all).isEqualTo(vv(10, 7, 4));
        versions.forEach(v -> assertThat(all.dominates(v)).as("%s dominates %s", all, v).isTrue());
    }

    // ---- Equality and representation ----

    @Test
    void zeroEntriesAreDroppedSoMissingMeansZero() {
        Map<ReplicaId, Long> withZero = new HashMap<>();
        withZero.put(ReplicaId.of("a"), 1L);
        withZero.put(ReplicaId.of("b"), 0L);
        VersionVector explicitZero = VersionVector.of(withZero);
        VersionVector implicitZero = VersionVector.of(Map.of(ReplicaId.of("a"), 1L));

        assertThat(explicitZero).isEqualTo(implicitZero);
        assertThat(explicitZero.hashCode()).isEqualTo(implicitZero.hashCode());
        assertThat(explicitZero.compare(implicitZero)).isEqualTo(EQUAL);
        assertThat(explicitZero.size()).isEqualTo(1);
        assertThat(explicitZero.get(ReplicaId.of("b"))).isZero();
        assertThat(explicitZero).hasToString("{a:1}");
    }

    @Test
    void allZeroVectorIsTheEmptyVector() {
        VersionVector zeros = vv(0, 0, 0);

        assertThat(zeros).isEqualTo(VersionVector.empty());
        assertThat(zeros.isEmpty()).isTrue();
        assertThat(zeros.size()).isZero();
        assertThat(zeros).hasToString("{}");
    }

    @Test
    void equalVectorsBuiltDifferentlyAreEqual() {
        VersionVector byIncrements = VersionVector.empty().increment(C).increment(A).increment(C).increment(B);
        VersionVector byMap = vv(1, 1, 2);
        VersionVector byMerge = vv(1, 0, 2).merge(vv(0, 1, 1));
        VersionVector byAdvance = VersionVector.empty().advance(B, 1).advance(A, 1).advance(C, 2);

        assertThat(byIncrements).isEqualTo(byMap).isEqualTo(byMerge).isEqualTo(byAdvance);
        assertThat(byIncrements.hashCode()).isEqualTo(byMap.hashCode())
                .isEqualTo(byMerge.hashCode()).isEqualTo(byAdvance.hashCode());
        assertThat(byIncrements).isNotEqualTo(vv(1, 1, 3));
        assertThat(byIncrements).isNotEqualTo(null);
    }

    @Test
    void toStringListsEntriesSortedByReplica() {
        Map<ReplicaId, Long> insertionOrder = new LinkedHashMap<>();
        insertionOrder.put(ReplicaId.of("b"), 2L);
        insertionOrder.put(ReplicaId.of("a"), 1L);

        assertThat(VersionVector.of(insertionOrder)).hasToString("{a:1, b:2}");
    }

    @Test
    void entriesAreSortedUnmodifiableAndMatchPositionalAccess() {
        VersionVector v = VersionVector.of(Map.of(C, 3L, A, 1L, B, 2L));

        assertThat(v.entries()).containsExactly(Map.entry(A, 1L), Map.entry(B, 2L), Map.entry(C, 3L));
        assertThatThrownBy(() -> v.entries().put(A, 9L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(v.replicaAt(0)).isEqualTo(A);
        assertThat(v.counterAt(0)).isEqualTo(1L);
        assertThat(v.replicaAt(2)).isEqualTo(C);
        assertThat(v.counterAt(2)).isEqualTo(3L);
        assertThatThrownBy(() -> v.replicaAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.counterAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofCopiesItsInput() {
        Map<ReplicaId, Long> source = new HashMap<>(Map.of(A, 1L));
        VersionVector v = VersionVector.of(source);

        source.put(A, 5L);
        source.put(B, 1L);

        assertThat(v).isEqualTo(vv(1, 0, 0));
    }

    @Test
    void getAndContains() {
        VersionVector v = vv(3, 0, 1);

        assertThat(v.get(A)).isEqualTo(3L);
        assertThat(v.get(B)).isZero();
        assertThat(v.contains(Dot.of(A, 3))).isTrue();
        assertThat(v.contains(Dot.of(A, 4))).isFalse();
        assertThat(v.contains(Dot.of(B, 1))).isFalse();
        assertThat(v.contains(Dot.of(C, 1))).isTrue();
    }

    @Test
    void sumCountsAllEvents() {
        assertThat(vv(5, 3, 2).sum()).isEqualTo(10L);
        assertThat(VersionVector.empty().sum()).isZero();
    }

    @Test
    void sumThatOverflowsThrows() {
        VersionVector huge = VersionVector.of(Map.of(A, Long.MAX_VALUE, B, 1L));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(huge::sum)
                .withMessageContaining(String.valueOf(Long.MAX_VALUE));
    }

    // ---- Merge ----

    @Test
    void mergeTakesThePointwiseMaximum() {
        assertThat(vv(5, 0, 0).merge(vv(0, 3, 2))).isEqualTo(vv(5, 3, 2));
        assertThat(vv(5, 1, 0).merge(vv(2, 3, 0))).isEqualTo(vv(5, 3, 0));
    }

    @Test
    void mergeIsCommutativeAssociativeAndIdempotentOnExamples() {
        VersionVector x = vv(2, 0, 1);
        VersionVector y = vv(0, 4, 1);
        VersionVector z = vv(1, 1, 7);

        assertThat(x.merge(y)).isEqualTo(y.merge(x));
        assertThat(x.merge(y.merge(z))).isEqualTo(x.merge(y).merge(z)).isEqualTo(vv(2, 4, 7));
        assertThat(x.merge(x)).isEqualTo(x);
    }

    @Test
    void mergeReturnsTheDominatingInputItself() {
        VersionVector big = vv(3, 2, 1);
        VersionVector small = vv(1, 2, 0);

        assertThat(big.merge(small)).isSameAs(big);
        assertThat(small.merge(big)).isSameAs(big);
        assertThat(big.merge(vv(3, 2, 1))).as("equal vector: no allocation").isSameAs(big);
        assertThat(big.merge(VersionVector.empty())).isSameAs(big);
        assertThat(VersionVector.empty().merge(big)).isSameAs(big);
    }

    @Test
    void mergeLeavesBothInputsUnchanged() {
        VersionVector x = vv(2, 0, 0);
        VersionVector y = vv(0, 1, 0);

        VersionVector merged = x.merge(y);

        assertThat(merged).isEqualTo(vv(2, 1, 0));
        assertThat(x).isEqualTo(vv(2, 0, 0));
        assertThat(y).isEqualTo(vv(0, 1, 0));
    }

    @Test
    void compareOfEqualVectorsIsEqual() {
        assertThat(vv(1, 2, 3).compare(vv(1, 2, 3))).isEqualTo(EQUAL);
        assertThat(VersionVector.empty().compare(VersionVector.empty())).isEqualTo(EQUAL);
        assertThat(VersionVector.empty().compare(vv(0, 0, 1))).isEqualTo(BEFORE);
    }

    @Test
    void compareWithDisjointReplicasIsConcurrent() {
        assertThat(vv(1, 0, 0).compare(vv(0, 0, 1))).isEqualTo(CONCURRENT);
    }

    // ---- Mutators ----

    @Test
    void incrementReturnsANewVectorAndLeavesTheReceiverUnchanged() {
        VersionVector before = vv(1, 0, 0);

        VersionVector after = before.increment(B);

        assertThat(after).isEqualTo(vv(1, 1, 0));
        assertThat(before).isEqualTo(vv(1, 0, 0));
        assertThat(before.get(B)).isZero();
        assertThat(after.compare(before)).isEqualTo(AFTER);
    }

    @Test
    void incrementByEventsAddsThemWithOneLookupAndRefusesNegativeCountsAndOverflow() {
        VersionVector v = VersionVector.of(Map.of(A, 2L));

        assertThat(v.increment(A, 3).get(A)).isEqualTo(5L);
        assertThat(v.increment(B, 4).entries()).containsExactly(Map.entry(A, 2L), Map.entry(B, 4L));
        assertThat(v.increment(A, 0)).isSameAs(v);
        assertThat(v.increment(B, 0)).isSameAs(v);
        assertThatIllegalArgumentException().isThrownBy(() -> v.increment(A, -1)).withMessageContaining("-1");
        assertThatNullPointerException().isThrownBy(() -> v.increment(null, 1)).withMessage("replica");
        VersionVector nearlyFull = VersionVector.of(Map.of(A, Long.MAX_VALUE - 2));
        assertThat(nearlyFull.increment(A, 2).get(A)).isEqualTo(Long.MAX_VALUE);
        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> nearlyFull.increment(A, 3))
                .withMessageContaining("A");
        assertThat(nearlyFull.get(A)).isEqualTo(Long.MAX_VALUE - 2);
    }

    @Test
    void incrementAtLongMaxValueThrowsAndLeavesTheVectorUnchanged() {
        VersionVector full = VersionVector.of(Map.of(A, Long.MAX_VALUE));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> full.increment(A))
                .withMessageContaining("A");
        assertThat(full.get(A)).isEqualTo(Long.MAX_VALUE);
        assertThat(full.increment(B).get(B)).as("other replicas can still count").isEqualTo(1L);
    }

    @Test
    void advanceRaisesButNeverLowers() {
        VersionVector v = vv(3, 0, 0);

        assertThat(v.advance(A, 5)).isEqualTo(vv(5, 0, 0));
        assertThat(v.advance(B, 2)).isEqualTo(vv(3, 2, 0));
        assertThat(v.advance(A, 2)).isSameAs(v);
        assertThat(v.advance(A, 3)).isSameAs(v);
        assertThat(v.advance(C, 0)).isSameAs(v);
        assertThat(v).isEqualTo(vv(3, 0, 0));
    }

    // ---- Errors ----

    @Test
    void advanceRejectsNegativeCounterNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionVector.empty().advance(A, -5))
                .withMessageContaining("was -5");
    }

    @Test
    void ofRejectsNegativeCountersNamingReplicaAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionVector.of(Map.of(A, -1L)))
                .withMessageContaining("A")
                .withMessageContaining("was -1");
    }

    @Test
    void ofRejectsNullMapKeysAndValues() {
        Map<ReplicaId, Long> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        Map<ReplicaId, Long> nullValue = new HashMap<>();
        nullValue.put(A, null);

        assertThatNullPointerException().isThrownBy(() -> VersionVector.of(null)).withMessage("entries");
        assertThatNullPointerException().isThrownBy(() -> VersionVector.of(nullKey))
                .withMessageContaining("null replica");
        assertThatNullPointerException().isThrownBy(() -> VersionVector.of(nullValue))
                .withMessageContaining("null counter");
    }

    /** A broken map whose entry set yields {@code B} twice, as a map with an inconsistent comparator can. */
    private static Map<ReplicaId, Long> yieldingBTwice() {
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<ReplicaId, Long>> entrySet() {
                Set<Map.Entry<ReplicaId, Long>> entries = new LinkedHashSet<>();
                entries.add(new SimpleImmutableEntry<>(B, 1L));
                entries.add(new SimpleImmutableEntry<>(A, 4L));
                entries.add(new SimpleImmutableEntry<>(B, 2L));
                return entries;
            }
        };
    }

    @Test
    void ofRejectsAMapThatYieldsAReplicaTwiceInsteadOfKeepingEither() {
        assertThatIllegalArgumentException().isThrownBy(() -> VersionVector.of(yieldingBTwice()))
                .withMessage("replica B given twice");
    }

    @Test
    void ofRejectsAReplicaGivenTwiceThroughAnInconsistentComparator() {
        Map<ReplicaId, Long> neverEqual = new TreeMap<>((x, y) -> x.equals(y) ? -1 : x.compareTo(y));
        neverEqual.put(C, 1L);
        neverEqual.put(C, 3L);

        assertThat(neverEqual).hasSize(2);
        assertThatIllegalArgumentException().isThrownBy(() -> VersionVector.of(neverEqual))
                .withMessage("replica C given twice");
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        VersionVector v = vv(1, 0, 0);

        assertThatNullPointerException().isThrownBy(() -> v.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> v.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> v.dominates(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> v.isConcurrentWith(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> v.get(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> v.increment(null)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> v.advance(null, 1)).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> v.contains(null)).withMessage("dot");
    }
}
