package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.crdt.ChampKeys.Val;
import dev.convergent.crdt.ChampMapTest.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ChampMap#ofEntries} (and {@link ChampMap#copyOf}, which uses it) builds a trie bottom-up; it must give
 * exactly the tree that one put per entry gives: the same canonical shape, the same iteration order, collision
 * nodes in the order of the input.
 */
class ChampMapBulkBuildTest {

    /** Keys at every depth down to shift 30, and groups of keys whose full hashes collide, in a random order. */
    private static LinkedHashMap<Key, Val> entries(Random random, int count) {
        List<Key> keys = ChampKeys.deepAndCollidingKeys(random, count, count / 10, 3);
        Collections.shuffle(keys, random);
        LinkedHashMap<Key, Val> entries = new LinkedHashMap<>();
        for (Key k : keys) {
            entries.put(k, new Val(random.nextInt(100)));
        }
        return entries;
    }

    @Test
    void aBulkBuildHasTheShapeAndIterationOrderOfOnePutPerEntryInTheSameOrder() {
        for (int round = 0; round < 60; round++) {
            Random random = new Random(round);
            LinkedHashMap<Key, Val> model = entries(random, random.nextInt(round % 3 == 0 ? 40 : 3_000));
            ChampMap<Key, Val> expected = ChampKeys.byPuts(model);

            ChampMap<Key, Val> built = ChampMap.copyOf(model);

            assertThat(built.size()).as("round %d", round).isEqualTo(model.size());
            assertThat(built.equals(expected)).as("canonical shape, round %d", round).isTrue();
            assertThat(new ArrayList<>(built.entrySet())).as("iteration order, round %d", round)
                    .containsExactlyElementsOf(expected.entrySet());
            assertThat(built).isEqualTo(model).hasSameHashCodeAs(model);
            for (Key k : model.keySet()) {
                assertThat(built.get(k)).isEqualTo(model.get(k));
            }
        }
    }

    @Test
    void equalKeysAndNullsAreRefusedNamingWhatWasWrong() {
        Key a = ChampKeys.withMixedHash(1, 42);
        Key b = ChampKeys.withMixedHash(2, 42);
        Key aAgain = ChampKeys.withMixedHash(1, 42);
        Val v = new Val(1);

        assertThatThrownBy(() -> ChampMap.ofEntries(new Object[] {a, b, aAgain}, new Object[] {v, v, v}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal keys");
        assertThatThrownBy(() -> ChampMap.ofEntries(new Object[] {a, null}, new Object[] {v, v}, 2))
                .isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> ChampMap.ofEntries(new Object[] {a, b}, new Object[] {v, null}, 2))
                .isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThat(ChampMap.ofEntries(new Object[] {a, b, aAgain}, new Object[] {v, v, v}, 2))
                .as("only the first n pairs count").containsOnlyKeys(a, b);
        assertThat(ChampMap.ofEntries(new Object[0], new Object[0], 0)).isSameAs(ChampMap.empty());
    }

    @Test
    void aBuilderGrowsPastItsExpectedSize() {
        Random random = new Random(9);
        LinkedHashMap<Key, Val> model = entries(random, 500);
        ChampMap.Builder<Key, Val> builder = new ChampMap.Builder<>(0);
        model.forEach(builder::add);

        assertThat(builder.size()).isEqualTo(model.size());
        assertThat(builder.build().equals(ChampKeys.byPuts(model))).isTrue();
    }
}
