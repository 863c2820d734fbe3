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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MVRegisterTest {

    private static final ReplicaId VA = ReplicaId.of("VA");     // the phone, in Virginia
    private static final ReplicaId OR = ReplicaId.of("OR");     // the laptop, in Oregon
    private static final ReplicaId A = ReplicaId.of("A");
    private static final ReplicaId B = ReplicaId.of("B");
    private static final ReplicaId C = ReplicaId.of("C");

    private static CausalContext context(Map<ReplicaId, Long> entries) {
        return CausalContext.of(VersionVector.of(entries));
    }

    private static <V> MVRegister<V> mergeAll(List<MVRegister<V>> states) {
        MVRegister<V> result = MVRegister.empty();
        for (MVRegister<V> state : states) {
            result = result.merge(state);
        }
        return result;
    }

    // ---- Scenarios ----

    @Test
    void dynamoCartKeepsConcurrentWritesAsSiblings() {
        MVRegister<Set<String>> phone = MVRegister.<Set<String>>empty().write(VA, Set.of("headphones"));
        MVRegister<Set<String>> laptop = MVRegister.<Set<String>>empty().write(OR, Set.of("laptop"));

        MVRegister<Set<String>> atPhone = phone.merge(laptop);
        MVRegister<Set<String>> atLaptop = laptop.merge(phone);

        assertThat(phone.compare(laptop)).isEqualTo(Causality.CONCURRENT);
        assertThat(atPhone).isEqualTo(atLaptop);
        assertThat(atPhone.values()).containsExactlyInAnyOrder(Set.of("headphones"), Set.of("laptop"));
        assertThat(atPhone.siblingCount()).isEqualTo(2);
        assertThat(atPhone.dots(Set.of("headphones"))).containsExactly(Dot.of(VA, 1));
        assertThat(atPhone.dots(Set.of("laptop"))).containsExactly(Dot.of(OR, 1));
        assertThat(atPhone.context()).isEqualTo(context(Map.of(VA, 1L, OR, 1L)));
        assertThat(phone.compare(atPhone)).isEqualTo(Causality.BEFORE);
        assertThat(laptop.compare(atPhone)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void dynamoCartWriteAfterReadingBothSiblingsResolvesThem() {
        MVRegister<Set<String>> phone = MVRegister.<Set<String>>empty().write(VA, Set.of("headphones"));
        MVRegister<Set<String>> laptop = MVRegister.<Set<String>>empty().write(OR, Set.of("laptop"));
        MVRegister<Set<String>> read = phone.merge(laptop);

        MVRegister<Set<String>> resolved = read.write(VA, Set.of("headphones", "laptop"));

        assertThat(resolved.values()).containsExactly(Set.of("headphones", "laptop"));
        assertThat(resolved.siblingCount()).isEqualTo(1);
        assertThat(resolved.dots(Set.of("headphones", "laptop"))).containsExactly(Dot.of(VA, 2));
        assertThat(resolved.context()).isEqualTo(context(Map.of(VA, 2L, OR, 1L)));
        assertThat(resolved.compare(phone)).isEqualTo(Causality.AFTER);
        assertThat(resolved.compare(laptop)).isEqualTo(Causality.AFTER);
        assertThat(resolved.compare(read)).isEqualTo(Causality.AFTER);
        assertThat(laptop.merge(resolved)).as("a stale sibling arriving late").isEqualTo(resolved);
        assertThat(resolved.merge(phone).merge(laptop)).isEqualTo(resolved);
    }

    @Test
    void dynamoCartEditsOnTheMergedCartAreConcurrentAgain() {
        MVRegister<Set<String>> merged = MVRegister.<Set<String>>empty().write(VA, Set.of("headphones"))
                .merge(MVRegister.<Set<String>>empty().write(OR, Set.of("laptop")));
        // The phone removes the laptop and adds a mouse; the laptop adds a keyboard.
        MVRegister<Set<String>> phone = merged.write(VA, Set.of("headphones", "mouse"));
        MVRegister<Set<String>> laptop = merged.write(OR, Set.of("headphones", "laptop", "keyboard"));

        assertThat(phone.context()).isEqualTo(context(Map.of(VA, 2L, OR, 1L)));
        assertThat(laptop.context()).isEqualTo(context(Map.of(VA, 1L, OR, 2L)));
        assertThat(phone.compare(laptop)).isEqualTo(Causality.CONCURRENT);
        assertThat(phone.merge(laptop).values()).containsExactlyInAnyOrder(
                Set.of("headphones", "mouse"), Set.of("headphones", "laptop", "keyboard"));
        assertThat(phone.merge(laptop)).isEqualTo(laptop.merge(phone));
    }

    @Test
    void riakTimelineSiblingsAtCResolvedByAClientAtC() {
        MVRegister<List<String>> atA = MVRegister.<List<String>>empty().write(A, List.of("Book"));
        MVRegister<List<String>> atB = MVRegister.<List<String>>empty().write(B, List.of("Pen"));

        MVRegister<List<String>> atC = MVRegister.<List<String>>empty().merge(atB).merge(atA);

        assertThat(atC.values()).containsExactlyInAnyOrder(List.of("Book"), List.of("Pen"));
        assertThat(atC.context()).isEqualTo(context(Map.of(A, 1L, B, 1L)));
        assertThat(atC).isEqualTo(MVRegister.<List<String>>empty().merge(atA).merge(atB));

        MVRegister<List<String>> resolved = atC.write(C, List.of("Book", "Pen"));

        assertThat(resolved.values()).containsExactly(List.of("Book", "Pen"));
        assertThat(resolved.dots(List.of("Book", "Pen"))).containsExactly(Dot.of(C, 1));
        assertThat(resolved.context()).isEqualTo(context(Map.of(A, 1L, B, 1L, C, 1L)));
        assertThat(resolved.compare(atC)).isEqualTo(Causality.AFTER);
        for (List<MVRegister<List<String>>> order : Permutations.of(List.of(atA, atB, resolved))) {
            assertThat(mergeAll(order)).as("merge order %s", order).isEqualTo(resolved);
        }
    }

    @Test
    void oneClientWritingTenTimesInARowLeavesOneSibling() {
        MVRegister<Integer> register = MVRegister.empty();

        for (int i = 1; i <= 10; i++) {
            register = register.write(A, i);
            assertThat(register.siblingCount()).isEqualTo(1);
        }

        assertThat(register.values()).containsExactly(10);
        assertThat(register.dots(10)).containsExactly(Dot.of(A, 10));
        assertThat(register.context()).isEqualTo(context(Map.of(A, 10L)));
    }

    @Test
    void twoReplicasEachWritingFiveTimesConcurrentlyLeaveExactlyTwoSiblings() {
        MVRegister<String> atA = MVRegister.empty();
        MVRegister<String> atB = MVRegister.empty();
        for (int i = 1; i <= 5; i++) {
            atA = atA.write(A, "a" + i);
            atB = atB.write(B, "b" + i);
        }

        MVRegister<String> merged = atA.merge(atB);

        assertThat(merged.siblingCount()).isEqualTo(2);
        assertThat(merged.values()).containsExactlyInAnyOrder("a5", "b5");
        assertThat(merged.context()).isEqualTo(context(Map.of(A, 5L, B, 5L)));
        assertThat(atB.merge(atA)).isEqualTo(merged);
        assertThat(merged.write(A, "resolved").siblingCount()).isEqualTo(1);
    }

    @Test
    void intermediateStatesOfTheSameWriterNeverBecomeSiblings() {
        MVRegister<String> first = MVRegister.<String>empty().write(A, "v1");
        MVRegister<String> second = first.write(A, "v2");
        MVRegister<String> third = second.write(A, "v3");

        for (List<MVRegister<String>> order : Permutations.of(List.of(first, second, third))) {
            assertThat(mergeAll(order).values()).as("merge order %s", order).containsExactly("v3");
        }
    }

    @Test
    void writeOnAStaleStateKeepsTheSiblingItHasNotSeen() {
        MVRegister<String> base = MVRegister.<String>empty().write(A, "x");
        MVRegister<String> atB = base.write(B, "y");          // B saw x and overwrote it
        MVRegister<String> atC = base.write(C, "z");          // C saw x, not y

        MVRegister<String> merged = atB.merge(atC);

        assertThat(merged.values()).containsExactlyInAnyOrder("y", "z");
        assertThat(merged.values()).doesNotContain("x");
    }

    @Test
    void equalConcurrentValuesShowAsOneSiblingWithTwoDots() {
        MVRegister<String> atA = MVRegister.<String>empty().write(A, "same");
        MVRegister<String> atB = MVRegister.<String>empty().write(B, "same");

        MVRegister<String> merged = atA.merge(atB);

        assertThat(merged.siblingCount()).isEqualTo(1);
        assertThat(merged.values()).containsExactly("same");
        assertThat(merged.dots("same")).containsExactlyInAnyOrder(Dot.of(A, 1), Dot.of(B, 1));
        assertThat(atA.compare(atB)).isEqualTo(Causality.CONCURRENT);
    }

    // ---- Basics ----

    @Test
    void emptyRegisterHasNoValue() {
        MVRegister<String> empty = MVRegister.empty();

        assertThat(empty.values()).isEmpty();
        assertThat(empty.siblingCount()).isZero();
        assertThat(empty.dots("x")).isEmpty();
        assertThat(empty.context().isEmpty()).isTrue();
        assertThat(empty.compare(empty.write(A, "x"))).isEqualTo(Causality.BEFORE);
        assertThat(MVRegister.<String>of(Map.of(), CausalContext.empty())).isSameAs(MVRegister.empty());
    }

    @Test
    void writeLeavesTheReceiverUnchanged() {
        MVRegister<String> before = MVRegister.<String>empty().write(A, "x");

        MVRegister<String> after = before.write(A, "y");

        assertThat(before.values()).containsExactly("x");
        assertThat(after.values()).containsExactly("y");
        assertThat(before.compare(after)).isEqualTo(Causality.BEFORE);
        assertThat(after.merge(before)).isSameAs(after);
        assertThat(before.merge(after)).isSameAs(after);
    }

    @Test
    void valuesViewIsUnmodifiable() {
        MVRegister<String> register = MVRegister.<String>empty().write(A, "x");

        assertThatThrownBy(() -> register.values().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(register.values()).containsExactly("x");
    }

    @Test
    void equalRegistersBuiltDifferentlyAreEqual() {
        MVRegister<String> byWrites = MVRegister.<String>empty().write(A, "x").write(A, "y")
                .merge(MVRegister.<String>empty().write(B, "z"));
        MVRegister<String> byOf = MVRegister.of(
                Map.of("y", Set.of(Dot.of(A, 2)), "z", Set.of(Dot.of(B, 1))), context(Map.of(A, 2L, B, 1L)));

        assertThat(byWrites).isEqualTo(byOf);
        assertThat(byWrites.hashCode()).isEqualTo(byOf.hashCode());
        assertThat(byWrites.compare(byOf)).isEqualTo(Causality.EQUAL);
        assertThat(byWrites).isNotEqualTo(MVRegister.of(Map.of("y", Set.of(Dot.of(A, 2))),
                context(Map.of(A, 2L, B, 1L))));
    }

    @Test
    void toStringShowsSiblingsDotsAndContext() {
        MVRegister<String> register = MVRegister.<String>empty().write(A, "X").write(A, "X2")
                .merge(MVRegister.<String>empty().write(B, "Y"));

        assertThat(register.toString()).isEqualTo("MVRegister{X2=[A:2], Y=[B:1] | {A:2, B:1}}");
    }

    // ---- of: invariants ----

    @Test
    void ofRejectsBrokenInvariants() {
        CausalContext seen = context(Map.of(A, 1L));

        assertThatIllegalArgumentException().isThrownBy(() -> MVRegister.of(Map.of("x", Set.of(Dot.of(A, 2))), seen))
                .withMessageContaining("A:2").withMessageContaining("not covered");
        assertThatIllegalArgumentException().isThrownBy(() -> MVRegister.of(Map.of("x", Set.<Dot>of()), seen))
                .withMessageContaining("value x").withMessageContaining("no dots");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MVRegister.of(Map.of("x", Set.of(Dot.of(A, 1)), "y", Set.of(Dot.of(A, 1))), seen))
                .withMessageContaining("tags both");
    }

    // ---- Errors ----

    @Test
    void writeWhenTheWritersDotsAreExhaustedThrows() {
        MVRegister<String> exhausted = MVRegister.of(Map.of("x", Set.of(Dot.of(A, Long.MAX_VALUE))),
                context(Map.of(A, Long.MAX_VALUE)));

        assertThatExceptionOfType(CounterOverflowException.class).isThrownBy(() -> exhausted.write(A, "y"));
        assertThat(exhausted.values()).containsExactly("x");
        assertThat(exhausted.write(B, "y").values()).containsExactly("y");
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        MVRegister<String> register = MVRegister.<String>empty().write(A, "x");

        assertThatNullPointerException().isThrownBy(() -> register.write(null, "y")).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> register.write(A, null)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> register.writeDelta(null, "y")).withMessage("writer");
        assertThatNullPointerException().isThrownBy(() -> register.dots(null)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> register.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> register.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> MVRegister.of(null, CausalContext.empty()))
                .withMessage("siblings");
        assertThatNullPointerException().isThrownBy(() -> MVRegister.of(Map.of(), null)).withMessage("context");
    }
}
