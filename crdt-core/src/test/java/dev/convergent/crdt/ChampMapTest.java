package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the persistent map against java.util.HashMap as a model, with random and colliding keys. */
class ChampMapTest {

    /** A key whose hash code is chosen, so that tests can force collisions at every trie level. */
    record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id;
        }
    }

    private static Key randomKey(Random random, int range, boolean collide) {
        int id = random.nextInt(range);
        return new Key(id, collide ? id % 7 : Integer.hashCode(id * 31 + 17));
    }

    @Test
    void mapValuesMatchesAHashMapAndSharesWhatDidNotChange() {
        for (boolean collide : new boolean[] {false, true}) {
            Random random = new Random(collide ? 3 : 5);
            Map<Key, Integer> model = new HashMap<>();
            ChampMap<Key, Integer> map = ChampMap.empty();
            for (int i = 0; i < 2_000; i++) {
                Key k = randomKey(random, 5_000, collide);
                int v = random.nextInt(10);
                model.put(k, v);
                map = map.plus(k, v);
            }
            Map<Key, Integer> expected = new HashMap<>();
            model.forEach((k, v) -> expected.put(k, k.id() % 3 == 0 ? v + 100 : v));

            ChampMap<Key, Integer> mapped = map.mapValues((k, v) -> k.id() % 3 == 0 ? Integer.valueOf(v + 100) : v);

            assertThat(mapped).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(mapped.size()).isEqualTo(expected.size());
            assertThat(map).as("the original is unchanged").isEqualTo(model);
            assertThat(map.mapValues((k, v) -> v)).as("nothing changed: the same map").isSameAs(map);
        }
    }

    @Test
    void plusMinusGetAndIterationMatchAHashMap() {
        for (boolean collide : new boolean[] {false, true}) {
            Map<Key, Integer> model = new HashMap<>();
            ChampMap<Key, Integer> map = randomEdits(new Random(collide ? 7 : 11), 20_000, 500, collide, model,
                    (step, m) -> {
                        if (step % 997 == 0) {
                            assertThat(m).isEqualTo(model);
                            assertThat(new HashMap<>(m)).isEqualTo(model);
                        }
                    });
            assertThat(map.size()).isEqualTo(model.size());
            assertThat(map).isEqualTo(model).hasSameHashCodeAs(model);
            for (Key k : model.keySet()) {
                assertThat(map.get(k)).isEqualTo(model.get(k));
            }
            List<Key> iterated = new ArrayList<>(map.keySet());
            assertThat(iterated).hasSize(model.size()).containsExactlyInAnyOrderElementsOf(model.keySet());
        }
    }

    @Test
    void nodesCopiedByPutsAndRemovesCarryTheSizeOfTheirSubtrees() {
        // a merge counts its result from the sizes its reused sub-nodes carry, so a wrong stored size shows there
        ChampMap.Merger<Key, Integer> union = ChampMap.union(Math::max);
        for (boolean collide : new boolean[] {false, true}) {
            Map<Key, Integer> model = new HashMap<>();
            randomEdits(new Random(collide ? 13 : 17), 6_000, 3_000, collide, model, (step, map) -> {
                if (step % 101 == 0) {
                    Key fresh = new Key(-1 - step, 31 * step);
                    ChampMap<Key, Integer> merged = map.merge(ChampMap.singleton(fresh, 1), union);
                    assertThat(merged.size()).as("step %d", step).isEqualTo(model.size() + 1);
                    assertThat(merged.minus(fresh).equals(map)).isTrue();
                }
            });
        }
    }

    /** What a test checks after each step of {@link #randomEdits}. */
    interface StepCheck {
        void check(int step, ChampMap<Key, Integer> map);
    }

    /** {@code steps} random puts (two in three) and removes on a map and on {@code model}, checked after each. */
    private static ChampMap<Key, Integer> randomEdits(Random random, int steps, int range, boolean collide,
            Map<Key, Integer> model, StepCheck check) {
        ChampMap<Key, Integer> map = ChampMap.empty();
        for (int step = 0; step < steps; step++) {
            Key k = randomKey(random, range, collide);
            if (random.nextInt(3) == 0) {
                model.remove(k);
                map = map.minus(k);
            } else {
                int v = random.nextInt(5);
                model.put(k, v);
                map = map.plus(k, v);
            }
            check.check(step, map);
        }
        return map;
    }

    @Test
    void equalMapsBuiltInDifferentOrdersAreStructurallyEqual() {
        Random random = new Random(3);
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            keys.add(randomKey(random, 100_000, i % 3 == 0));
        }
        ChampMap<Key, Integer> forward = ChampMap.empty();
        for (Key k : keys) {
            forward = forward.plus(k, k.id());
        }
        ChampMap<Key, Integer> backward = ChampMap.empty();
        for (int i = keys.size() - 1; i >= 0; i--) {
            backward = backward.plus(keys.get(i), keys.get(i).id());
        }
        ChampMap<Key, Integer> withDetour = backward;
        for (int i = 0; i < 500; i++) {
            withDetour = withDetour.plus(new Key(-i - 1, i), 0);
        }
        for (int i = 0; i < 500; i++) {
            withDetour = withDetour.minus(new Key(-i - 1, i));
        }
        assertThat(forward.equals(backward)).isTrue();
        assertThat(forward.equals(withDetour)).isTrue();
        assertThat(new ArrayList<>(forward.keySet())).containsExactlyInAnyOrderElementsOf(withDetour.keySet());
    }

    @Test
    void mapsThatDifferInOneValueOrOneKeyAtAnyDepthAreNotEqual() {
        Random random = new Random(11);
        List<Key> keys = new ArrayList<>();
        ChampMap<Key, Integer> map = ChampMap.empty();
        while (keys.size() < 200) {
            Key k = randomKey(random, 1_000_000, keys.size() % 10 == 0);
            if (map.get(k) == null) {
                keys.add(k);
                map = map.plus(k, k.id());
            }
        }
        for (Key k : keys) {
            ChampMap<Key, Integer> otherValue = map.plus(k, k.id() + 1);
            ChampMap<Key, Integer> otherKey = map.minus(k).plus(new Key(-1 - k.id(), k.hashCode()), k.id());
            assertThat(map.equals(otherValue)).as("differs at %s", k).isFalse();
            assertThat(otherValue.equals(map)).as("differs at %s", k).isFalse();
            assertThat(map.equals(otherKey)).as("differs in key %s", k).isFalse();
            assertThat(map.equals(otherValue.plus(k, k.id()))).as("equal again at %s", k).isTrue();
        }
    }

    @Test
    void mergeMatchesAModelMergeAndReusesInputsWhenNothingChanges() {
        ChampMap.Merger<Key, Integer> maxOrDropNegatives = new ChampMap.Merger<>() {
            @Override
            public Integer both(Key key, Integer mine, Integer theirs) {
                return Math.max(mine, theirs);
            }

            @Override
            public Integer onlyMine(Key key, Integer mine) {
                return mine == 1 ? null : mine;
            }

            @Override
            public Integer onlyTheirs(Key key, Integer theirs) {
                return theirs;
            }
        };
        for (int round = 0; round < 300; round++) {
            Random random = new Random(round);
            boolean collide = round % 4 == 0;
            Map<Key, Integer> a = new HashMap<>();
            Map<Key, Integer> b = new HashMap<>();
            int n = 1 + random.nextInt(round % 2 == 0 ? 40 : 3_000);
            for (int i = 0; i < n; i++) {
                Key k = randomKey(random, n * 2, collide);
                (random.nextBoolean() ? a : b).put(k, random.nextInt(5));
                if (random.nextInt(4) == 0) {
                    a.put(k, random.nextInt(5));
                    b.put(k, random.nextInt(5));
                }
            }
            Map<Key, Integer> expected = new HashMap<>();
            a.forEach((k, v) -> {
                Integer r = b.containsKey(k) ? maxOrDropNegatives.both(k, v, b.get(k))
                        : maxOrDropNegatives.onlyMine(k, v);
                if (r != null) {
                    expected.put(k, r);
                }
            });
            b.forEach((k, v) -> {
                if (!a.containsKey(k)) {
                    expected.put(k, maxOrDropNegatives.onlyTheirs(k, v));
                }
            });
            ChampMap<Key, Integer> merged = ChampMap.copyOf(a).merge(ChampMap.copyOf(b), maxOrDropNegatives);
            assertThat(merged).as("round %d", round).isEqualTo(expected);
            assertThat(merged.size()).isEqualTo(expected.size());
            assertThat(merged.equals(ChampMap.copyOf(expected))).as("canonical shape, round %d", round).isTrue();
        }
        ChampMap<Key, Integer> big = ChampMap.empty();
        for (int i = 0; i < 1_000; i++) {
            big = big.plus(new Key(i, i * 7919), 2);
        }
        assertThat(big.merge(ChampMap.copyOf(new HashMap<>(big)), maxOrDropNegatives)).isSameAs(big);
        assertThat(big.merge(ChampMap.empty(), maxOrDropNegatives)).isSameAs(big);
    }

    @Test
    void allOfPairsEveryEntryOfTheOtherMapWithThisMapsValueForTheSameKey() {
        for (int round = 0; round < 200; round++) {
            Random random = new Random(1000 + round);
            boolean collide = round % 3 == 0;
            ChampMap<Key, Integer> a = ChampMap.empty();
            ChampMap<Key, Integer> b = ChampMap.empty();
            int n = 1 + random.nextInt(round % 2 == 0 ? 30 : 2_000);
            for (int i = 0; i < n; i++) {
                Key k = randomKey(random, n * 2, collide);
                if (random.nextBoolean()) {
                    a = a.plus(k, i);
                }
                if (random.nextBoolean()) {
                    b = b.plus(k, random.nextBoolean() ? i : -i);
                }
            }
            ChampMap<Key, Integer> mine = a;
            ChampMap<Key, Integer> theirsMap = b;
            List<Key> visited = new ArrayList<>();
            boolean all = a.allOf(b, null, (ignored, key, theirs, value) -> {
                visited.add(key);
                assertThat(value).as("value for %s", key).isEqualTo(mine.get(key));
                assertThat(theirs).isEqualTo(theirsMap.get(key));
                return true;
            });
            assertThat(all).isTrue();
            assertThat(visited).containsExactlyInAnyOrderElementsOf(b.keySet());
            if (!b.isEmpty()) {
                Key stopAt = visited.get(visited.size() / 2);
                List<Key> seen = new ArrayList<>();
                assertThat(a.allOf(b, null, (ignored, key, theirs, value) -> {
                    seen.add(key);
                    return !key.equals(stopAt);
                })).isFalse();
                assertThat(seen.get(seen.size() - 1)).isEqualTo(stopAt);
            }
        }
    }

    @Test
    void anIteratorPastItsLastEntryThrowsNoSuchElement() {
        ChampMap<String, Integer> map = ChampMap.<String, Integer>empty().plus("a", 1).plus("b", 2);
        Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
        it.next();
        it.next();

        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(ChampMap.<String, Integer>empty().entrySet().iterator()::next)
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void equalsAgainstAnotherMapTypeComparesTheEntries() {
        ChampMap<String, Integer> map = ChampMap.<String, Integer>empty().plus("a", 1).plus("b", 2);

        assertThat(map.equals(new HashMap<>(Map.of("a", 1, "b", 2)))).isTrue();
        assertThat(map.equals(new HashMap<>(Map.of("a", 1, "b", 3)))).isFalse();
        assertThat(map.equals(new HashMap<>(Map.of("a", 1)))).isFalse();
        assertThat(map.entrySet()).hasSize(2);
    }
}
