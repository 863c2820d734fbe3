package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ORSetTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    private static <E> ORSet<E> mergeAll(List<ORSet<E>> states) {
        ORSet<E> result = ORSet.empty();
        for (ORSet<E> state : states) {
            result = result.merge(state);
        }
        return result;
    }

    private static CausalContext context(long a, long b, long c) {
        return CausalContext.of(VersionVector.of(Map.of(A, a, B, b, C, c)));
    }

    // ---- Scenarios ----

    @Test
    void observedRemoveOfMilkLeavesOnlyEggsInEveryMergeOrder() {
        ORSet<String> atA = ORSet.<String>empty().add(A, "milk");          // milk tagged a:1
        ORSet<String> atB = ORSet.<String>empty().add(B, "eggs");          // eggs tagged b:1
        ORSet<String> atC = ORSet.<String>empty().merge(atA).remove("milk"); // C saw a:1, removes it
        List<List<ORSet<String>>> orders = Permutations.of(List.of(atA, atB, atC));
        assertThat(orders).hasSize(6);

        for (List<ORSet<String>> order : orders) {
            ORSet<String> merged = mergeAll(order);

            assertThat(merged.elements()).as("merge order %s", order).containsExactly("eggs");
            assertThat(merged.dots("eggs")).containsExactly(Dot.of(B, 1));
            assertThat(merged.context()).isEqualTo(context(1, 1, 0));
        }
    }

    @Test
    void observedRemoveConvergesWhenStatesArriveMoreThanOnce() {
        ORSet<String> atA = ORSet.<String>empty().add(A, "milk");
        ORSet<String> atB = ORSet.<String>empty().add(B, "eggs");
        ORSet<String> atC = atA.remove("milk");

        for (List<ORSet<String>> order : Permutations.of(List.of(atA, atB, atC))) {
            List<ORSet<String>> withDuplicates = new ArrayList<>(order);
            withDuplicates.addAll(order);
            withDuplicates.add(order.get(1));

            assertThat(mergeAll(withDuplicates).elements()).as("merge order %s", withDuplicates)
                    .containsExactly("eggs");
        }
    }

    @Test
    void removeConcurrentWithAReAddKeepsTheElement() {
        ORSet<String> shared = ORSet.<String>empty().add(A, "milk");       // both replicas hold milk a:1
        ORSet<String> removedAtB = shared.remove("milk");                   // B removes the milk it saw
        ORSet<String> reAddedAtA = shared.add(A, "milk");                   // A concurrently adds milk again

        ORSet<String> mergedAtA = reAddedAtA.merge(removedAtB);
        ORSet<String> mergedAtB = removedAtB.merge(reAddedAtA);

        assertThat(removedAtB.contains("milk")).isFalse();
        assertThat(mergedAtA).isEqualTo(mergedAtB);
        assertThat(mergedAtA.contains("milk")).as("add wins").isTrue();
        assertThat(mergedAtA.dots("milk")).as("only the unseen add survives").containsExactly(Dot.of(A, 2));
    }

    @Test
    void removeConcurrentWithAnAddAtAnotherReplicaKeepsTheElement() {
        ORSet<String> shared = ORSet.<String>empty().add(A, "milk");
        ORSet<String> removedAtB = shared.remove("milk");
        ORSet<String> addedAtC = shared.add(C, "milk");

        ORSet<String> merged = removedAtB.merge(addedAtC);

        assertThat(merged.contains("milk")).isTrue();
        assertThat(merged.dots("milk")).containsExactly(Dot.of(C, 1));
        assertThat(addedAtC.merge(removedAtB)).isEqualTo(merged);
    }

    @Test
    void removeWithoutAConcurrentAddPropagates() {
        ORSet<String> shared = ORSet.<String>empty().add(A, "milk").add(B, "eggs");
        ORSet<String> removedAtB = shared.remove("milk");

        assertThat(shared.merge(removedAtB).elements()).containsExactly("eggs");
        assertThat(removedAtB.merge(shared).elements()).containsExactly("eggs");
    }

    @Test
    void removingAnAbsentElementIsANoOp() {
        ORSet<String> set = ORSet.<String>empty().add(A, "eggs");

        ORSet<String> after = set.remove("milk");

        assertThat(after).isEqualTo(set);
        assertThat(after.hashCode()).isEqualTo(set.hashCode());
        assertThat(after).isSameAs(set);
        assertThat(ORSet.<String>empty().remove("milk")).isEqualTo(ORSet.empty());
    }

    // ---- Basics and immutability ----

    @Test
    void emptySetHasNoElements() {
        ORSet<String> empty = ORSet.empty();

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.size()).isZero();
        assertThat(empty.contains("milk")).isFalse();
        assertThat(empty.dots("milk")).isEmpty();
        assertThat(empty.context().isEmpty()).isTrue();
    }

    @Test
    void addReturnsANewSetAndLeavesTheReceiverUnchanged() {
        ORSet<String> before = ORSet.<String>empty().add(A, "milk");

        ORSet<String> after = before.add(B, "eggs");

        assertThat(after.elements()).containsExactlyInAnyOrder("milk", "eggs");
        assertThat(after.size()).isEqualTo(2);
        assertThat(after.dots("eggs")).containsExactly(Dot.of(B, 1));
        assertThat(after.context()).isEqualTo(context(1, 1, 0));
        assertThat(before.elements()).containsExactly("milk");
        assertThat(before.context()).isEqualTo(context(1, 0, 0));
        assertThat(before.compare(after)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void removeReturnsANewSetAndLeavesTheReceiverUnchanged() {
        ORSet<String> before = ORSet.<String>empty().add(A, "milk").add(A, "eggs");

        ORSet<String> after = before.remove("milk");

        assertThat(after.elements()).containsExactly("eggs");
        assertThat(after.context()).as("the context remembers the removed add").isEqualTo(context(2, 0, 0));
        assertThat(before.elements()).containsExactlyInAnyOrder("milk", "eggs");
        assertThat(before.compare(after)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void reAddReplacesTheElementsEarlierDots() {
        ORSet<String> once = ORSet.<String>empty().add(A, "milk");
        ORSet<String> merged = once.merge(ORSet.<String>empty().add(B, "milk"));
        assertThat(merged.dots("milk")).containsExactlyInAnyOrder(Dot.of(A, 1), Dot.of(B, 1));

        ORSet<String> reAdded = merged.add(A, "milk");

        assertThat(reAdded.dots("milk")).containsExactly(Dot.of(A, 2));
        assertThat(reAdded.context()).isEqualTo(context(2, 1, 0));
    }

    @Test
    void elementsViewIsUnmodifiable() {
        ORSet<String> set = ORSet.<String>empty().add(A, "milk");

        assertThatThrownBy(() -> set.elements().add("eggs")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.elements().remove("milk")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(set.contains("milk")).isTrue();
    }

    @Test
    void equalSetsBuiltDifferentlyAreEqual() {
        ORSet<String> byOps = ORSet.<String>empty().add(A, "milk").add(B, "eggs").add(A, "bread").remove("bread");
        ORSet<String> byMerge = ORSet.<String>empty().add(A, "milk").add(A, "bread").remove("bread")
                .merge(ORSet.<String>empty().add(B, "eggs"));
        ORSet<String> byOf = ORSet.of(
                Map.of("milk", Set.of(Dot.of(A, 1)), "eggs", Set.of(Dot.of(B, 1))), context(2, 1, 0));

        assertThat(byOps).isEqualTo(byMerge).isEqualTo(byOf);
        assertThat(byOps.hashCode()).isEqualTo(byMerge.hashCode()).isEqualTo(byOf.hashCode());
    }

    @Test
    void setsWithTheSameElementsButDifferentContextsAreNotEqual() {
        ORSet<String> plain = ORSet.<String>empty().add(A, "milk");
        ORSet<String> withHistory = ORSet.<String>empty().add(A, "eggs").remove("eggs").add(B, "milk");

        assertThat(plain.elements()).isEqualTo(withHistory.elements());
        assertThat(plain).isNotEqualTo(withHistory);
    }

    @Test
    void toStringShowsElementsDotsAndContext() {
        ORSet<String> set = ORSet.<String>empty().add(A, "milk").remove("milk").add(B, "eggs");

        assertThat(set.toString()).contains("eggs").contains("b:1").contains("a:1").doesNotContain("milk")
                .hasSizeLessThan(60);
    }

    // ---- Merge and compare ----

    @Test
    void mergeIsCommutativeAssociativeAndIdempotentOnExamples() {
        ORSet<String> x = ORSet.<String>empty().add(A, "milk").add(A, "eggs");
        ORSet<String> y = x.remove("milk").add(B, "bread");
        ORSet<String> z = x.add(C, "milk");

        assertThat(x.merge(y)).isEqualTo(y.merge(x));
        assertThat(x.merge(y.merge(z))).isEqualTo(x.merge(y).merge(z));
        assertThat(y.merge(y)).isEqualTo(y);
        assertThat(x.merge(y).merge(z).elements()).containsExactlyInAnyOrder("eggs", "bread", "milk");
    }

    @Test
    void mergeWithALowerStateReturnsTheHigherOne() {
        ORSet<String> older = ORSet.<String>empty().add(A, "milk");
        ORSet<String> newer = older.add(B, "eggs").remove("milk");

        assertThat(newer.merge(older)).isSameAs(newer);
        assertThat(older.merge(newer)).isSameAs(newer);
        assertThat(newer.merge(ORSet.empty())).isSameAs(newer);
    }

    @Test
    void mergeLeavesBothInputsUnchanged() {
        ORSet<String> x = ORSet.<String>empty().add(A, "milk");
        ORSet<String> y = ORSet.<String>empty().add(B, "eggs");

        ORSet<String> merged = x.merge(y);

        assertThat(merged.elements()).containsExactlyInAnyOrder("milk", "eggs");
        assertThat(x.elements()).containsExactly("milk");
        assertThat(y.elements()).containsExactly("eggs");
    }

    @Test
    void compareDetectsConcurrentAndOrderedStates() {
        ORSet<String> base = ORSet.<String>empty().add(A, "milk");
        ORSet<String> removed = base.remove("milk");
        ORSet<String> added = base.add(B, "eggs");

        assertThat(base.compare(removed)).isEqualTo(Causality.BEFORE);
        assertThat(removed.compare(base)).isEqualTo(Causality.AFTER);
        assertThat(removed.compare(added)).isEqualTo(Causality.CONCURRENT);
        assertThat(base.compare(ORSet.of(Map.of("milk", Set.of(Dot.of(A, 1))), context(1, 0, 0))))
                .isEqualTo(Causality.EQUAL);
        assertThat(removed.merge(added).compare(added)).isEqualTo(Causality.AFTER);
    }

    // ---- of: invariants ----

    @Test
    void ofRejectsDotsOutsideTheContext() {
        Map<String, Set<Dot>> entries = Map.of("milk", Set.of(Dot.of(A, 2)));

        assertThatIllegalArgumentException().isThrownBy(() -> ORSet.of(entries, context(1, 0, 0)))
                .withMessageContaining("a:2")
                .withMessageContaining("milk")
                .withMessageContaining("not covered");
    }

    @Test
    void ofRejectsAnElementWithoutDots() {
        Map<String, Set<Dot>> entries = Map.of("milk", Set.of());

        assertThatIllegalArgumentException().isThrownBy(() -> ORSet.of(entries, context(1, 0, 0)))
                .withMessageContaining("milk")
                .withMessageContaining("no dots");
    }

    @Test
    void ofRejectsOneDotTaggingTwoElements() {
        Map<String, Set<Dot>> entries = Map.of("milk", Set.of(Dot.of(A, 1)), "eggs", Set.of(Dot.of(A, 1)));

        assertThatIllegalArgumentException().isThrownBy(() -> ORSet.of(entries, context(1, 0, 0)))
                .withMessageContaining("a:1")
                .withMessageContaining("tags both")
                .withMessageContaining("milk")
                .withMessageContaining("eggs");
    }

    @Test
    void ofCopiesItsInput() {
        Set<Dot> dots = new HashSet<>(Set.of(Dot.of(A, 1)));
        Map<String, Set<Dot>> entries = new HashMap<>(Map.of("milk", dots));
        ORSet<String> set = ORSet.of(entries, context(2, 0, 0));

        dots.add(Dot.of(A, 2));
        entries.put("eggs", Set.of(Dot.of(A, 2)));

        assertThat(set.elements()).containsExactly("milk");
        assertThat(set.dots("milk")).containsExactly(Dot.of(A, 1));
    }

    @Test
    void ofRejectsNulls() {
        Map<String, Set<Dot>> nullDots = new HashMap<>();
        nullDots.put("milk", null);

        assertThatNullPointerException().isThrownBy(() -> ORSet.of(null, CausalContext.empty()))
                .withMessage("entries");
        assertThatNullPointerException().isThrownBy(() -> ORSet.of(Map.of(), null)).withMessage("context");
        assertThatNullPointerException().isThrownBy(() -> ORSet.of(nullDots, CausalContext.empty()))
                .withMessageContaining("null dots");
    }

    // ---- Errors ----

    @Test
    void addWhenTheReplicasDotCounterIsExhaustedThrows() {
        ORSet<String> exhausted = ORSet.of(Map.of(), CausalContext.of(VersionVector.of(Map.of(A, Long.MAX_VALUE))));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> exhausted.add(A, "milk"));
        assertThat(exhausted.isEmpty()).isTrue();
        assertThat(exhausted.add(B, "milk").contains("milk")).isTrue();
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        ORSet<String> set = ORSet.<String>empty().add(A, "milk");

        assertThatNullPointerException().isThrownBy(() -> set.add(null, "eggs")).withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> set.add(A, null)).withMessage("element");
        assertThatNullPointerException().isThrownBy(() -> set.remove(null)).withMessage("element");
        assertThatNullPointerException().isThrownBy(() -> set.contains(null)).withMessage("element");
        assertThatNullPointerException().isThrownBy(() -> set.dots(null)).withMessage("element");
        assertThatNullPointerException().isThrownBy(() -> set.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> set.compare(null)).withMessage("other");
    }

    @Test
    void clearCancelsObservedAddsButAConcurrentAddSurvives() {
        ORSet<String> shared = ORSet.<String>empty().add(A, "milk").add(B, "eggs");
        ORSet<String> cleared = shared.clear();
        ORSet<String> concurrent = shared.add(C, "bread").add(C, "milk");

        assertThat(cleared.isEmpty()).isTrue();
        assertThat(cleared.context()).isEqualTo(shared.context());
        assertThat(cleared.merge(concurrent).elements()).containsExactlyInAnyOrder("bread", "milk");
        assertThat(shared.merge(shared.clearDelta().delta())).isEqualTo(cleared);
        assertThat(ORSet.<String>empty().clear()).isSameAs(ORSet.<String>empty());
    }
}
