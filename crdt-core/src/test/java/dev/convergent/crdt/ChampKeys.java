package dev.convergent.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Keys for trie tests whose mixed hash ({@link ChampMap#hashOf}) is chosen, so that a test can put keys at
 * a given trie depth (hashes that share their low {@code 5 * d} bits meet at depth {@code d}) or make full
 * hashes collide.
 */
final class ChampKeys {

    private static final int GOLDEN = 0x9E3779B9;
    private static final int GOLDEN_INVERSE = inverse(GOLDEN);

    private ChampKeys() {
    }

    /** A map value compared by content, so that equal values can be distinct instances. */
    record Val(int n) {
    }

    /** Keeps the larger value of a shared key (the first on a tie) and drops an unmatched negative value. */
    static final ChampMap.Merger<ChampMapTest.Key, Val> MAX_DROPPING_NEGATIVES = new ChampMap.Merger<>() {
        @Override
        public Val both(ChampMapTest.Key key, Val mine, Val theirs) {
            return mine.n() >= theirs.n() ? mine : theirs;
        }

        @Override
        public Val onlyMine(ChampMapTest.Key key, Val mine) {
            return mine.n() < 0 ? null : mine;
        }

        @Override
        public Val onlyTheirs(ChampMapTest.Key key, Val theirs) {
            return theirs.n() < 0 ? null : theirs;
        }
    };

    /** A key with id {@code id} whose {@code ChampMap.hashOf} is {@code mixed}. */
    static ChampMapTest.Key withMixedHash(int id, int mixed) {
        // hashOf(c) = h ^ (h >>> 16) with h = c * GOLDEN; the xor-shift by 16 is its own inverse
        int h = mixed ^ (mixed >>> 16);
        return new ChampMapTest.Key(id, h * GOLDEN_INVERSE);
    }

    /** A key with id {@code id} whose hash code times the multiplier of {@code ChampMap.hashOf} is {@code product}. */
    static ChampMapTest.Key withProduct(int id, int product) {
        return new ChampMapTest.Key(id, product * GOLDEN_INVERSE);
    }

    /**
     * {@code count} keys with distinct full hashes, in clusters that share their low {@code 5 * depth}
     * hash bits for random depths up to 6, so that the trie has nodes at every level down to shift 30.
     */
    static ChampMapTest.Key[] deepKeys(Random random, int count, int firstId) {
        ChampMapTest.Key[] keys = new ChampMapTest.Key[count];
        Set<Integer> hashes = new HashSet<>();
        int i = 0;
        while (i < count) {
            int base = random.nextInt();
            int depth = random.nextInt(7);
            int shared = depth == 0 ? 0 : (int) ((1L << (5 * depth)) - 1);
            int cluster = 1 + random.nextInt(4);
            for (int j = 0; j < cluster && i < count; j++) {
                int mixed = (base & shared) | (random.nextInt() & ~shared);
                if (hashes.add(mixed)) {
                    keys[i] = withMixedHash(firstId + i, mixed);
                    i++;
                }
            }
        }
        return keys;
    }

    private static int inverse(int odd) {
        int x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** The map of {@code entries} built by one put per entry, in the entries' order. */
    static <K, V> ChampMap<K, V> byPuts(Map<K, V> entries) {
        ChampMap<K, V> map = ChampMap.empty();
        for (Map.Entry<K, V> e : entries.entrySet()) {
            map = map.plus(e.getKey(), e.getValue());
        }
        return map;
    }

    /**
     * {@link #deepKeys} of {@code count}, then {@code groups} groups of 2 to {@code 1 + maxGroup} keys sharing one
     * random full hash each (they meet in collision nodes).
     */
    static List<ChampMapTest.Key> deepAndCollidingKeys(Random random, int count, int groups, int maxGroup) {
        List<ChampMapTest.Key> keys = new ArrayList<>(List.of(deepKeys(random, count, 0)));
        int id = 1_000_000;
        for (int group = 0; group < groups; group++) {
            int hash = random.nextInt();
            for (int i = 0, n = 2 + random.nextInt(maxGroup); i < n; i++) {
                keys.add(withMixedHash(id++, hash));
            }
        }
        return keys;
    }
}
