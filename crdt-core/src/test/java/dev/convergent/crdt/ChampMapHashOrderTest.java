package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ChampMapTest.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The iteration order the class documents: hash order, whatever the insertion order, for keys whose full hashes
 * differ (and insertion order for keys whose full hashes collide); and the hash mixing that order stands on.
 */
class ChampMapHashOrderTest {

    private static List<Key> keysInIterationOrder(List<Key> insertionOrder) {
        ChampMap<Key, Integer> map = ChampMap.empty();
        for (Key k : insertionOrder) {
            map = map.plus(k, k.id());
        }
        return new ArrayList<>(map.keySet());
    }

    @Test
    void keysWithDistinctHashCodesIterateInTheSameOrderWhateverTheInsertionOrder() {
        List<List<Key>> keySets = new ArrayList<>();
        List<Key> small = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            small.add(new Key(i, i));
        }
        keySets.add(small);
        List<Key> deep = new ArrayList<>();
        Collections.addAll(deep, ChampKeys.deepKeys(new Random(5), 3_000, 0));
        keySets.add(deep);
        for (List<Key> keys : keySets) {
            List<Key> expected = keysInIterationOrder(keys);
            for (int seed = 0; seed < 3; seed++) {
                List<Key> shuffled = new ArrayList<>(keys);
                Collections.shuffle(shuffled, new Random(seed));
                assertThat(keysInIterationOrder(shuffled)).as("seed %d", seed).isEqualTo(expected);
            }
        }
    }

    @Test
    void keysWhoseFullHashesCollideIterateInInsertionOrder() {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(ChampKeys.withMixedHash(i, 0xCAFE));
        }
        Collections.shuffle(keys, new Random(1));
        assertThat(keysInIterationOrder(keys)).isEqualTo(keys);
    }

    @Test
    void hashOfFoldsTheHighHalfOfTheMixedHashIntoTheRootLevel() {
        // hash codes that the multiply leaves differing only in the high half must still spread over the root
        // level, which reads the low five bits
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int product = random.nextInt();
            for (int bit = 16; bit < 21; bit++) {
                Key a = ChampKeys.withProduct(1, product);
                Key b = ChampKeys.withProduct(2, product ^ (1 << bit));
                assertThat(ChampMap.hashOf(a) & 31).as("product %x, bit %d", product, bit)
                        .isNotEqualTo(ChampMap.hashOf(b) & 31);
            }
        }
    }
}
