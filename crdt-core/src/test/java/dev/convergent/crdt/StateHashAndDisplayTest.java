package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * States that differ do not all hash alike (they are kept in hash maps and sets), a
 * key's several dots behave as a set, and the maps' text shows what is hidden.
 */
class StateHashAndDisplayTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");

    /**
     * Asserts that twenty distinct states do not all share one hash code. (Not "many": hashes combine
     * their parts' hashes, and twenty flags each enabled once by a different replica share six.)
     */
    private static <T> void hashesSpread(IntFunction<T> state) {
        Set<T> states = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (int i = 1; i <= 20; i++) {
            T s = state.apply(i);
            states.add(s);
            hashes.add(s.hashCode());
        }
        assertThat(states).as("the states are distinct").hasSize(20);
        assertThat(hashes).as("distinct hash codes of %s", states).hasSizeGreaterThan(1);
    }

    @Test
    void distinctStatesOfEveryTypeDoNotShareOneHash() {
        hashesSpread(i -> PNCounter.empty().increment(A, i));
        hashesSpread(i -> PNCounter.empty().decrement(A, i));
        hashesSpread(i -> LWWRegister.of(A, "v", HybridTimestamp.of(i, 0)));
        hashesSpread(i -> LWWRegister.of(A, "v" + i, HybridTimestamp.of(1, 0)));
        hashesSpread(i -> LWWMap.<String, Integer>empty().put(A, "k", i, HybridTimestamp.of(1, 0)));
        hashesSpread(i -> ORMap.<String, GCounter>empty(GCounter.empty()).update(A, "k" + i, c -> c.increment(A)));
        hashesSpread(i -> ORMap.<String, GCounter>empty(GCounter.empty()).update(A, "k", c -> c.increment(B, i)));
        hashesSpread(i -> MVRegister.<String>empty().write(A, "v" + i));
        hashesSpread(i -> EnableWinsFlag.disabled().enable(ReplicaId.of("r" + i)));
    }

    @Test
    void keysWithTheSameNumberOfDifferentDotsHashApart() {
        Dot a1 = Dot.of(A, 1);
        CausalContext seen = CausalContext.ofDots(List.of(a1, Dot.of(B, 1), Dot.of(B, 2), Dot.of(B, 3)));
        hashesSpread(i -> ORSet.of(Map.of("x", Set.of(a1, Dot.of(B, 1 + i % 3))), seen).add(A, "y" + i));
        ORSet<String> one = ORSet.of(Map.of("x", Set.of(a1, Dot.of(B, 1))), seen);
        ORSet<String> two = ORSet.of(Map.of("x", Set.of(a1, Dot.of(B, 2))), seen);

        assertThat(one).isNotEqualTo(two);
        assertThat(one.hashCode()).isNotEqualTo(two.hashCode());
    }

    @Test
    void severalDotsOfAKeyAreASortedSet() {
        Dot a1 = Dot.of(A, 1);
        Dot b2 = Dot.of(B, 2);
        Dot b5 = Dot.of(B, 5);
        Object value = Dots.of(List.of(b5, a1, b2));
        Set<Dot> set = Dots.asSet(value);

        assertThat(value).hasToString("[a:1, b:2, b:5]");
        assertThat(set).containsExactly(a1, b2, b5);
        assertThat(set.contains(a1)).as("the first").isTrue();
        assertThat(set.contains(b5)).as("the last").isTrue();
        assertThat(set.contains(Dot.of(B, 3))).isFalse();
        assertThat(set.contains("a:1")).as("not a dot").isFalse();
        Iterator<Dot> it = set.iterator();
        it.next();
        it.next();
        it.next();
        assertThat(it.hasNext()).isFalse();
        assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(it::next);
    }

    @Test
    void orMapTextCountsRemovedKeysOnlyWhenThereAreSome() {
        ORMap<String, GCounter> m = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(A, "k", c -> c.increment(A)).update(A, "j", c -> c.increment(A));

        assertThat(m.toString()).doesNotContain("removed");
        assertThat(m.remove("j").toString()).contains(" (1 removed)");
    }

    @Test
    void orMapReplicaIdsIncludeTheIdsInsideItsValues() {
        ORMap<String, GCounter> m = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(A, "k", c -> c.increment(B));

        assertThat(m.replicaIds()).containsExactly(A, B);
    }
}
