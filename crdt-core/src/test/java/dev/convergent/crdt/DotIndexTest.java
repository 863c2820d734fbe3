package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The live-dot index against a sorted-map model: after any sequence of puts and removes (dense counters and far
 * sparse ones) it answers who holds a dot, counts, ranges and gaps as the model does, stays weight-balanced, and
 * equals the index built in one go from the same dots.
 */
class DotIndexTest {

    private static final ReplicaId[] IDS = {ReplicaId.of("a"), ReplicaId.of("b"), ReplicaId.of("c")};
    private static final long FAR = 1_000_000_000_000L;
    private static final long TOP = 320;

    /** One update: a replica, a counter, and a key index, or -1 to remove the dot. */
    record Op(int replica, long counter, int key) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> counters = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(1, 300)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(FAR, FAR + 50)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, IDS.length - 1), counters,
                Arbitraries.integers().between(-1, 12)).as(Op::new);
        return op.list().ofMaxSize(400);
    }

    @Property(tries = 150)
    void anIndexUpdatedDotByDotAnswersAsASortedMapModelDoesAndStaysBalanced(@ForAll("ops") List<Op> ops) {
        DotIndex<String> index = DotIndex.empty();
        Map<ReplicaId, TreeMap<Long, String>> model = new HashMap<>();
        for (ReplicaId r : IDS) {
            model.put(r, new TreeMap<>());
        }
        for (Op op : ops) {
            Dot d = Dot.of(IDS[op.replica()], op.counter());
            if (op.key() < 0) {
                index = index.without(d);
                model.get(d.replica()).remove(d.counter());
            } else {
                index = index.with(d, "k" + op.key());
                model.get(d.replica()).put(d.counter(), "k" + op.key());
            }
        }
        assertThat(index.isWellFormed()).as("sizes, order and balance").isTrue();
        assertThat(index.size()).isEqualTo(model.values().stream().mapToInt(Map::size).sum());
        for (ReplicaId r : IDS) {
            TreeMap<Long, String> m = model.get(r);
            for (long c = 1; c <= TOP; c += 7) {
                assertThat(index.keyOf(Dot.of(r, c))).isEqualTo(m.get(c));
                assertThat(index.countUpTo(r, c)).isEqualTo(m.headMap(c, true).size());
                long after = c;
                long upTo = c + 40;
                List<String> range = new ArrayList<>();
                index.forEachBetween(r, after, upTo, (counter, key) -> range.add(counter + "=" + key));
                List<String> expected = new ArrayList<>();
                m.subMap(after, false, upTo, true).forEach((counter, key) -> expected.add(counter + "=" + key));
                assertThat(range).isEqualTo(expected);
            }
            for (long c : m.keySet()) {
                assertThat(index.keyOf(Dot.of(r, c))).isEqualTo(m.get(c));
            }
            List<Long> gaps = new ArrayList<>();
            index.forEachGap(r, TOP, gaps::add);
            List<Long> expectedGaps = new ArrayList<>();
            for (long c = 1; c <= TOP; c++) {
                if (!m.containsKey(c)) {
                    expectedGaps.add(c);
                }
            }
            assertThat(gaps).isEqualTo(expectedGaps);
        }
        assertThat(DotIndex.of(entriesOf(model)).toString()).as("built in one go").isEqualTo(index.toString());
    }

    private static ChampMap<String, Object> entriesOf(Map<ReplicaId, TreeMap<Long, String>> model) {
        Map<String, List<Dot>> byKey = new HashMap<>();
        model.forEach((r, m) -> m.forEach((c, key) -> byKey.computeIfAbsent(key, k -> new ArrayList<>())
                .add(Dot.of(r, c))));
        Map<String, Object> values = new HashMap<>();
        byKey.forEach((key, dots) -> values.put(key, Dots.of(dots)));
        return ChampMap.copyOf(values);
    }

    @Test
    void gapsAreFoundBetweenDenseRunsWithoutMissingTheEnds() {
        DotIndex<String> index = DotIndex.empty();
        for (long c = 2; c <= 1000; c++) {
            if (c != 500 && c != 501) {
                index = index.with(Dot.of(IDS[0], c), "x");
            }
        }
        List<Long> gaps = new ArrayList<>();
        index.forEachGap(IDS[0], 1002, gaps::add);

        assertThat(gaps).containsExactly(1L, 500L, 501L, 1001L, 1002L);
        assertThat(index.isWellFormed()).isTrue();
    }

    @Test
    void removingEveryDotLeavesAnEmptyWellFormedIndex() {
        DotIndex<String> index = DotIndex.empty();
        for (long c = 1; c <= 200; c++) {
            index = index.with(Dot.of(IDS[1], c), "y");
        }
        for (long c = 200; c >= 1; c -= 2) {
            index = index.without(Dot.of(IDS[1], c));
        }
        for (long c = 1; c <= 200; c += 2) {
            index = index.without(Dot.of(IDS[1], c));
        }
        assertThat(index.size()).isZero();
        assertThat(index.isWellFormed()).isTrue();
        assertThat(index.countUpTo(IDS[1], 1000)).isZero();
    }
}
