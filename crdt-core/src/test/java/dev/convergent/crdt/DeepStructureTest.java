package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import org.junit.jupiter.api.Test;

/**
 * States whose maps grow past one trie level, and prunings whose retired replica sorts between other replicas:
 * the structure that histories of a few keys and replicas {@code r0..r3} never reach.
 */
class DeepStructureTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId RETIRED = ReplicaId.of("m");
    private static final ReplicaId Z = ReplicaId.of("z");
    private static final ReplicaId SUCCESSOR = ReplicaId.of("s");

    @Test
    void twoLargeLwwMapsThatDifferInOneValueAreNotEqual() {
        LWWMap<String, Integer> map = LWWMap.empty();
        for (int i = 0; i < 200; i++) {
            map = map.put(A, "key" + i, i, HybridTimestamp.ofMillis(1_000 + i));
        }
        for (int i = 0; i < 200; i += 7) {
            LWWMap<String, Integer> other = map.put(A, "key" + i, -i - 1, HybridTimestamp.ofMillis(5_000));
            assertThat(map).as("differs at key%d", i).isNotEqualTo(other);
            assertThat(other).as("differs at key%d", i).isNotEqualTo(map);
            assertThat(other.merge(map)).isEqualTo(other);
        }
    }

    @Test
    void pruningKeepsTheDotsOfReplicasThatSortBeforeAndAfterTheRetiredOne() {
        // concurrent adds, so that milk carries a dot of each replica: a:1, m:1, z:1; eggs a:2, m:2
        ORSet<String> set = ORSet.<String>empty().add(A, "milk").add(A, "eggs")
                .merge(ORSet.<String>empty().add(RETIRED, "milk").add(RETIRED, "eggs"))
                .merge(ORSet.<String>empty().add(Z, "milk"));
        assertThat(set.dots("milk")).hasSize(3);

        ORSet<String> pruned = set.prune(RETIRED, SUCCESSOR);

        assertThat(pruned.dots("milk")).contains(Dot.of(A, 1), Dot.of(Z, 1)).hasSize(3)
                .noneMatch(d -> d.replica().equals(RETIRED)).anyMatch(d -> d.replica().equals(SUCCESSOR));
        assertThat(pruned.dots("eggs")).contains(Dot.of(A, 2)).hasSize(2)
                .noneMatch(d -> d.replica().equals(RETIRED));
        // What it means for a user: a replica that saw only the retired replica's add of milk removes milk;
        // the adds by a and z, which it never saw, keep milk in the set.
        ORSet<String> sawOnlyTheRetiredAdd = ORSet.<String>empty().add(RETIRED, "milk").remove("milk");
        assertThat(pruned.merge(sawOnlyTheRetiredAdd).contains("milk")).isTrue();
        assertThat(pruned.merge(sawOnlyTheRetiredAdd).dots("milk")).containsExactlyInAnyOrder(Dot.of(A, 1),
                Dot.of(Z, 1));
    }

    @Test
    void pruningAnMvRegisterKeepsTheSiblingsOfOtherReplicas() {
        MVRegister<String> register = MVRegister.<String>empty().write(A, "x")
                .merge(MVRegister.<String>empty().write(RETIRED, "y"))
                .merge(MVRegister.<String>empty().write(Z, "z"));

        MVRegister<String> pruned = register.prune(RETIRED, SUCCESSOR);

        assertThat(pruned.values()).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(pruned.dots("x")).containsExactly(Dot.of(A, 1));
        assertThat(pruned.dots("z")).containsExactly(Dot.of(Z, 1));
    }

    @Test
    void aSetWithElementsIsNotEmpty() {
        ORSet<String> one = ORSet.<String>empty().add(A, "milk");

        assertThat(ORSet.<String>empty().isEmpty()).isTrue();
        assertThat(one.isEmpty()).isFalse();
        assertThat(one.remove("milk").isEmpty()).isTrue();
    }
}
