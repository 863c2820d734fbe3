package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ChampKeys.Val;
import dev.convergent.crdt.ChampMapTest.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keys whose full hashes collide (they share a collision node below the last trie level) next to keys at every
 * depth: visiting, early-stopping visits, and merges that drop entries, checked against a HashMap model.
 */
class ChampMapCollisionTest {

    /** Random keys at every depth plus groups of two to five keys with one full hash each. */
    private static Map<Key, Val> entries(Random random, int count) {
        Map<Key, Val> entries = new HashMap<>();
        for (Key k : ChampKeys.deepAndCollidingKeys(random, count, 1 + count / 20, 4)) {
            entries.put(k, new Val(random.nextInt(10) - 3));
        }
        return entries;
    }

    private static ChampMap<Key, Val> build(Map<Key, Val> entries) {
        return ChampKeys.byPuts(entries);
    }

    @Test
    void forEachAndAllMatchVisitEveryEntryOnceAndAllMatchStopsAtTheFirstFailure() {
        for (int round = 0; round < 20; round++) {
            Random random = new Random(round);
            Map<Key, Val> model = entries(random, 1 + random.nextInt(round % 2 == 0 ? 30 : 1_500));
            ChampMap<Key, Val> map = build(model);
            List<Key> order = new ArrayList<>();
            Map<Key, Val> seen = new HashMap<>();
            map.forEach((k, v) -> {
                order.add(k);
                seen.put(k, v);
            });
            assertThat(order).as("round %d", round).hasSize(model.size()).doesNotHaveDuplicates();
            assertThat(seen).isEqualTo(model);
            assertThat(map.allMatch((k, v) -> model.get(k).equals(v))).isTrue();
            for (int stop = 0; stop < order.size(); stop += 1 + order.size() / 17) {
                Key last = order.get(stop);
                List<Key> visited = new ArrayList<>();
                boolean all = map.allMatch((k, v) -> {
                    visited.add(k);
                    return !k.equals(last);
                });
                assertThat(all).as("stops at %s", last).isFalse();
                assertThat(visited).as("the visit up to %s", last).isEqualTo(order.subList(0, stop + 1));
            }
        }
    }

    @Test
    void mergesThatDropEntriesOfCollisionNodesMatchAModelAndKeepTheCanonicalShape() {
        ChampMap.Merger<Key, Val> maxDroppingNegatives = ChampKeys.MAX_DROPPING_NEGATIVES;
        for (int round = 0; round < 200; round++) {
            Random random = new Random(round);
            Map<Key, Val> all = entries(random, 1 + random.nextInt(round % 2 == 0 ? 30 : 1_000));
            Map<Key, Val> a = new HashMap<>();
            Map<Key, Val> b = new HashMap<>();
            all.forEach((k, v) -> {
                int side = random.nextInt(3);
                if (side != 1) {
                    a.put(k, v);
                }
                if (side != 0) {
                    b.put(k, side == 2 ? new Val(random.nextInt(10) - 3) : v);
                }
            });
            Map<Key, Val> expected = new HashMap<>();
            a.forEach((k, v) -> {
                Val r = b.containsKey(k) ? maxDroppingNegatives.both(k, v, b.get(k))
                        : maxDroppingNegatives.onlyMine(k, v);
                if (r != null) {
                    expected.put(k, r);
                }
            });
            b.forEach((k, v) -> {
                Val r = maxDroppingNegatives.onlyTheirs(k, v);
                if (!a.containsKey(k) && r != null) {
                    expected.put(k, r);
                }
            });
            ChampMap<Key, Val> merged = build(a).merge(build(b), maxDroppingNegatives);
            assertThat(merged).as("round %d", round).isEqualTo(expected);
            assertThat(merged.size()).isEqualTo(expected.size());
            assertThat(merged.equals(build(expected))).as("canonical shape, round %d", round).isTrue();
        }
    }

    @Test
    void aCollisionNodeWhoseEntriesAreAllDroppedLeavesNoTraceInTheTrie() {
        int hash = 0x13572468;
        Key kept = ChampKeys.withMixedHash(1, hash ^ 1);
        Key other = ChampKeys.withMixedHash(2, hash ^ 2);
        ChampMap<Key, Val> a = ChampMap.<Key, Val>empty().plus(kept, new Val(1)).plus(other, new Val(2));
        ChampMap<Key, Val> b = a;
        for (int i = 0; i < 3; i++) {
            a = a.plus(ChampKeys.withMixedHash(10 + i, hash), new Val(-1));
            b = b.plus(ChampKeys.withMixedHash(20 + i, hash), new Val(-1));
        }
        ChampMap<Key, Val> merged = a.merge(b, new ChampMap.Merger<>() {
            @Override
            public Val both(Key key, Val mine, Val theirs) {
                return mine;
            }

            @Override
            public Val onlyMine(Key key, Val mine) {
                return mine.n() < 0 ? null : mine;
            }

            @Override
            public Val onlyTheirs(Key key, Val theirs) {
                return theirs.n() < 0 ? null : theirs;
            }
        });
        ChampMap<Key, Val> expected = ChampMap.<Key, Val>empty().plus(kept, new Val(1)).plus(other, new Val(2));
        assertThat(merged).isEqualTo(Map.of(kept, new Val(1), other, new Val(2)));
        assertThat(merged.equals(expected)).as("the same trie as the two entries alone").isTrue();
    }

    @Test
    void getAndContainsKeyOfNullFindNothing() {
        ChampMap<Key, Val> map = build(entries(new Random(3), 50));
        assertThat(map.get(null)).isNull();
        assertThat(map.containsKey(null)).isFalse();
        assertThat(map.keySet().contains(null)).isFalse();
    }
}
