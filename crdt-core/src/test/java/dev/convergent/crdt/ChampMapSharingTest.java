package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ChampKeys.Val;
import dev.convergent.crdt.ChampMapTest.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What {@link ChampMap} promises about identity, which the map-like CRDTs build on to return {@code this} or the
 * other state from a merge that changes nothing: a no-op {@code plus} returns the map, and a merge whose result
 * is one of its inputs returns that input, at every trie depth.
 */
class ChampMapSharingTest {

    private static final ChampMap.Merger<Key, Val> MAX = ChampMap.union((x, y) -> x.n() >= y.n() ? x : y);

    private static final ChampMap.Merger<Key, Val> MAX_DROPPING_NEGATIVES = ChampKeys.MAX_DROPPING_NEGATIVES;

    private static final List<ChampMap.Merger<Key, Val>> MERGERS = List.of(MAX, MAX_DROPPING_NEGATIVES);

    private static ChampMap<Key, Val> build(Map<Key, Val> entries, Random random) {
        List<Map.Entry<Key, Val>> shuffled = new ArrayList<>(entries.entrySet());
        Collections.shuffle(shuffled, random);
        ChampMap<Key, Val> map = ChampMap.empty();
        for (Map.Entry<Key, Val> e : shuffled) {
            map = map.plus(e.getKey(), e.getValue());
        }
        return map;
    }

    /** An equal key that is another instance. */
    private static Key copy(Key k) {
        return new Key(k.id(), k.hash());
    }

    /**
     * Asserts that {@code merged}, the merge of {@code winner} and {@code other}, is {@code winner}; when the two
     * inputs are equal either may stand for the result.
     */
    private static void assertIsInput(ChampMap<Key, Val> merged, ChampMap<Key, Val> winner,
            ChampMap<Key, Val> other, String what) {
        if (winner.equals(other)) {
            assertThat(merged == winner || merged == other).as("%s: equal inputs, one of them", what).isTrue();
        } else {
            assertThat(merged).as(what).isSameAs(winner);
        }
    }

    private static int size(int round) {
        return 1 + new Random(round).nextInt(round % 2 == 0 ? 40 : 2_000);
    }

    @Test
    void plusOfAnEntryAlreadyPresentReturnsTheSameMapAtEveryDepthAndInCollisionNodes() {
        Random random = new Random(1);
        Key[] keys = ChampKeys.deepKeys(random, 500, 0);
        ChampMap<Key, Val> map = ChampMap.empty();
        for (Key k : keys) {
            map = map.plus(k, new Val(k.id()));
        }
        List<Key> colliding = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            colliding.add(ChampKeys.withMixedHash(1_000 + i, 0x5A5A5A5A));
            map = map.plus(colliding.get(i), new Val(i));
        }
        for (Key k : keys) {
            assertThat(map.plus(copy(k), new Val(k.id()))).as("equal entry for %s", k).isSameAs(map);
        }
        for (int i = 0; i < colliding.size(); i++) {
            assertThat(map.plus(copy(colliding.get(i)), new Val(i))).as("colliding key %d", i).isSameAs(map);
            ChampMap<Key, Val> changed = map.plus(colliding.get(i), new Val(-1));
            assertThat(changed.get(colliding.get(i))).isEqualTo(new Val(-1));
            assertThat(changed.size()).isEqualTo(map.size());
        }
    }

    @Test
    void removingTheLastKeyGivesTheSharedEmptyMapAndCopyOfAChampMapIsThatMap() {
        Key k = ChampKeys.withMixedHash(1, 42);
        ChampMap<Key, Val> one = ChampMap.<Key, Val>empty().plus(k, new Val(1));
        assertThat(one.minus(copy(k))).isSameAs(ChampMap.empty());
        assertThat(ChampMap.copyOf(one)).isSameAs(one);
        Map<Key, Val> plain = new HashMap<>(one);
        assertThat(ChampMap.copyOf(plain)).isEqualTo(one).isNotSameAs(plain);
    }

    @Test
    void mergingWithAMapThatAddsNothingReturnsTheMapItselfWhicheverSideItIsOn() {
        for (int round = 0; round < 200; round++) {
            Random random = new Random(round);
            Key[] keys = ChampKeys.deepKeys(random, size(round), 0);
            Map<Key, Val> a = new HashMap<>();
            Map<Key, Val> below = new HashMap<>();
            for (Key k : keys) {
                int n = random.nextInt(10);
                a.put(k, new Val(n));
                switch (random.nextInt(4)) {
                    case 0 -> below.put(copy(k), new Val(n));
                    case 1 -> below.put(k, new Val(random.nextInt(n + 1)));
                    case 2 -> below.put(copy(k), new Val(n - 1 - random.nextInt(3)));
                    default -> { }
                }
            }
            ChampMap<Key, Val> mapA = build(a, random);
            ChampMap<Key, Val> mapBelow = build(below, random);
            for (ChampMap.Merger<Key, Val> merger : MERGERS) {
                assertIsInput(mapA.merge(mapBelow, merger), mapA, mapBelow, "round " + round);
                assertIsInput(mapBelow.merge(mapA, merger), mapA, mapBelow, "other side, round " + round);
            }
        }
    }

    @Test
    void mergingWithAMapWhoseValuesWinEverywhereReturnsThatMap() {
        for (int round = 0; round < 200; round++) {
            Random random = new Random(round);
            Key[] keys = ChampKeys.deepKeys(random, size(round), 0);
            Map<Key, Val> a = new HashMap<>();
            Map<Key, Val> above = new HashMap<>();
            for (Key k : keys) {
                int n = random.nextInt(10);
                if (random.nextInt(4) != 0) {
                    a.put(k, new Val(n));
                }
                // the winner holds an equal key of its own, with an equal or a larger value
                above.put(random.nextBoolean() ? copy(k) : k, new Val(n + random.nextInt(2)));
            }
            ChampMap<Key, Val> mapA = build(a, random);
            ChampMap<Key, Val> mapAbove = build(above, random);
            for (ChampMap.Merger<Key, Val> merger : MERGERS) {
                assertIsInput(mapA.merge(mapAbove, merger), mapAbove, mapA, "round " + round);
                assertIsInput(mapAbove.merge(mapA, merger), mapAbove, mapA, "other side, round " + round);
            }
        }
    }

    @Test
    void mergeReturnsAnInputWhenTheMergerDropsEverythingTheOtherAddsAtAnyDepth() {
        for (int round = 0; round < 200; round++) {
            Random random = new Random(round);
            Key[] keys = ChampKeys.deepKeys(random, size(round), 0);
            Map<Key, Val> kept = new HashMap<>();
            Map<Key, Val> other = new HashMap<>();
            for (Key k : keys) {
                int n = random.nextInt(10);
                switch (random.nextInt(4)) {
                    case 0 -> other.put(k, new Val(-1 - n));
                    case 1 -> {
                        kept.put(k, new Val(n));
                        other.put(copy(k), new Val(random.nextInt(n + 1)));
                    }
                    default -> kept.put(k, new Val(n));
                }
            }
            ChampMap<Key, Val> mapKept = build(kept, random);
            ChampMap<Key, Val> mapOther = build(other, random);
            assertIsInput(mapKept.merge(mapOther, MAX_DROPPING_NEGATIVES), mapKept, mapOther, "round " + round);
            assertIsInput(mapOther.merge(mapKept, MAX_DROPPING_NEGATIVES), mapKept, mapOther,
                    "other side, round " + round);
        }
    }

    @Test
    void aMergeThatKeepsNothingIsTheSharedEmptyMap() {
        Random random = new Random(9);
        Key[] keys = ChampKeys.deepKeys(random, 300, 0);
        ChampMap<Key, Val> a = ChampMap.empty();
        ChampMap<Key, Val> b = ChampMap.empty();
        for (int i = 0; i < keys.length; i++) {
            if (i % 2 == 0) {
                a = a.plus(keys[i], new Val(-1));
            } else {
                b = b.plus(keys[i], new Val(-2));
            }
        }
        ChampMap<Key, Val> merged = a.merge(b, MAX_DROPPING_NEGATIVES);
        assertThat(merged).isEmpty();
        assertThat(merged).isSameAs(ChampMap.empty());
    }

    @Test
    void equalEntriesAndSharedSubtreesAreKeptWithoutCallingTheMerger() {
        ChampMap.Merger<Key, Val> refusingEqualValues = new ChampMap.Merger<>() {
            @Override
            public Val both(Key key, Val mine, Val theirs) {
                assertThat(mine).as("both called on equal entries of %s", key).isNotEqualTo(theirs);
                return mine.n() >= theirs.n() ? mine : theirs;
            }

            @Override
            public Val onlyMine(Key key, Val mine) {
                return mine;
            }

            @Override
            public Val onlyTheirs(Key key, Val theirs) {
                return theirs;
            }
        };
        for (int round = 0; round < 100; round++) {
            Random random = new Random(round);
            Key[] keys = ChampKeys.deepKeys(random, size(round), 0);
            Map<Key, Val> a = new HashMap<>();
            Map<Key, Val> b = new HashMap<>();
            Map<Key, Val> expected = new HashMap<>();
            for (Key k : keys) {
                int n = random.nextInt(10);
                int m = random.nextInt(3) == 0 ? random.nextInt(10) : n;
                a.put(k, new Val(n));
                b.put(copy(k), new Val(m));
                expected.put(k, new Val(Math.max(n, m)));
            }
            ChampMap<Key, Val> merged = build(a, random).merge(build(b, random), refusingEqualValues);
            assertThat(merged).as("round %d", round).isEqualTo(expected);
        }
        // keys whose full hashes collide sit in one collision node, shared by a map and its extension
        ChampMap<Key, Val> base = ChampMap.empty();
        for (int i = 0; i < 5; i++) {
            base = base.plus(ChampKeys.withMixedHash(i, 0x0F0F0F0F), new Val(i));
            base = base.plus(ChampKeys.withMixedHash(100 + i, 0x0F0F0F0F ^ (1 << 31)), new Val(i));
        }
        ChampMap<Key, Val> extended = base.plus(ChampKeys.withMixedHash(1_000, 7), new Val(7));
        assertThat(base.merge(extended, refusingEqualValues)).isSameAs(extended);
        assertThat(extended.merge(base, refusingEqualValues)).isSameAs(extended);
        ChampMap<Key, Val> smaller = base.minus(ChampKeys.withMixedHash(104, 0));
        assertThat(base.merge(smaller, refusingEqualValues)).isSameAs(base);
        assertThat(smaller.merge(base, refusingEqualValues)).isSameAs(base);
    }
}
