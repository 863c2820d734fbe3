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

    /**
     * One change to a key's dots: {@code kind} 0-4 gives the key a fresh dot of {@code replica} above all its
     * counters (a mutator's write), 5-6 removes the key, 7 gives it a dot that is not fresh (below the
     * replica's largest counter, or far above every counter the changes reach), 8 adds a fresh dot to the ones it
     * has.
     */
    record Change(int kind, int key, int replica, int pick) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, IDS.length - 1),
                Arbitraries.integers().between(0, 1000)).as(Change::new);
        return change.list().ofMaxSize(70);
    }

    @Property(tries = 200)
    void updatingAllChangesAtOnceGivesTheIndexOfTheDotsTheyLeaveAndStaysBalanced(
            @ForAll("ops") List<Op> start, @ForAll("changes") List<Change> changes) {
        Map<String, List<Dot>> entries = new TreeMap<>();
        Map<Dot, String> holder = new HashMap<>();
        for (Op op : start) {
            Dot d = Dot.of(IDS[op.replica()], op.counter());
            if (op.key() >= 0 && !holder.containsKey(d)) {
                entries.computeIfAbsent("k" + op.key(), k -> new ArrayList<>()).add(d);
                holder.put(d, "k" + op.key());
            }
        }
        DotIndex<String> base = DotIndex.of(valuesOf(entries));
        long[] top = new long[IDS.length];
        holder.keySet().forEach(d -> top[indexOf(d.replica())] = Math.max(top[indexOf(d.replica())], d.counter()));
        Object[] keys = new Object[changes.size()];
        Object[] olds = new Object[changes.size()];
        Object[] news = new Object[changes.size()];
        DotIndex<String> oneByOne = base;
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            String key = "k" + c.key();
            List<Dot> old = entries.get(key);
            List<Dot> now = new ArrayList<>();
            if (c.kind() == 8 && old != null) {
                now.addAll(old);
            }
            if (c.kind() <= 4 || c.kind() == 8) {
                now.add(Dot.of(IDS[c.replica()], ++top[c.replica()]));
            } else if (c.kind() == 7) {
                long t = top[c.replica()];
                long counter = c.pick() % 2 == 0 ? 1 + c.pick() % Math.max(1, t) : FAR * 2 + c.pick();
                Dot d = Dot.of(IDS[c.replica()], counter);
                if (holder.containsKey(d) || d.counter() > t && d.counter() < FAR) {
                    continue; // a dot tags one key at most
                }
                now.add(d);
            }
            if (old != null) {
                old.forEach(holder::remove);
            }
            now.forEach(d -> holder.put(d, key));
            if (now.isEmpty()) {
                entries.remove(key);
            } else {
                entries.put(key, now);
            }
            keys[i] = key;
            olds[i] = old == null ? null : Dots.of(old);
            news[i] = now.isEmpty() ? null : Dots.of(now);
            oneByOne = oneByOne.update(key, olds[i], news[i]);
        }
        int n = 0;
        for (int i = 0; i < changes.size(); i++) { // the skipped changes leave holes: close them
            if (keys[i] != null) {
                keys[n] = keys[i];
                olds[n] = olds[i];
                news[n++] = news[i];
            }
        }
        DotIndex<String> atOnce = base.updateAll(keys, olds, news, n);

        assertThat(atOnce.isWellFormed()).as("sizes, order and balance").isTrue();
        assertThat(atOnce.size()).isEqualTo(holder.size());
        assertThat(atOnce.toString()).isEqualTo(DotIndex.of(valuesOf(entries)).toString())
                .isEqualTo(oneByOne.toString());
        holder.forEach((d, key) -> assertThat(atOnce.keyOf(d)).isEqualTo(key));
    }

    private static int indexOf(ReplicaId r) {
        return java.util.Arrays.asList(IDS).indexOf(r);
    }

    private static ChampMap<String, Object> valuesOf(Map<String, List<Dot>> entries) {
        Map<String, Object> values = new HashMap<>();
        entries.forEach((key, dots) -> values.put(key, Dots.of(dots)));
        return ChampMap.copyOf(values);
    }

    @Test
    void aLongRunOfNewDotsAboveASmallTreeIsLinkedOnBalanced() {
        DotIndex<String> base = DotIndex.<String>empty().with(Dot.of(IDS[0], 1), "x").with(Dot.of(IDS[0], 2), "y");
        int n = 500;
        Object[] keys = new Object[n];
        Object[] news = new Object[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "k" + i;
            news[i] = Dot.of(IDS[i % 2], 3 + i);
        }
        DotIndex<String> index = base.updateAll(keys, new Object[n], news, n);

        assertThat(index.isWellFormed()).isTrue();
        assertThat(index.size()).isEqualTo(502);
        assertThat(index.keyOf(Dot.of(IDS[1], 502))).isEqualTo("k499");
        assertThat(index.countUpTo(IDS[0], 1000)).isEqualTo(252);
    }

    @Test
    void droppingMostOfOneSideAtOnceLeavesABalancedTreeOfTheRest() {
        // built in one go, the tree of 1..400 is perfectly balanced with 201 at its root
        int n = 400;
        long[][] cases = {
            range(1, 199, 201), range(203, 400, 201), range(1, 190, 300), range(1, 399, 0), range(2, 400, 0),
            range(100, 300, 0)
        };
        for (long[] dropped : cases) {
            Map<String, List<Dot>> entries = new TreeMap<>();
            for (long c = 1; c <= n; c++) {
                entries.computeIfAbsent("k" + c % 7, k -> new ArrayList<>()).add(Dot.of(IDS[0], c));
            }
            DotIndex<String> index = DotIndex.of(valuesOf(entries));
            Object[] keys = new Object[dropped.length];
            Object[] olds = new Object[dropped.length];
            TreeMap<Long, String> model = new TreeMap<>();
            for (long c = 1; c <= n; c++) {
                model.put(c, "k" + c % 7);
            }
            for (int i = 0; i < dropped.length; i++) {
                keys[i] = "k" + dropped[i] % 7;
                olds[i] = Dot.of(IDS[0], dropped[i]);
                model.remove(dropped[i]);
            }
            DotIndex<String> after = index.updateAll(keys, olds, new Object[dropped.length], dropped.length);

            assertThat(after.isWellFormed()).as("balanced after dropping %s dots", dropped.length).isTrue();
            assertThat(after.size()).isEqualTo(model.size());
            model.forEach((c, key) -> assertThat(after.keyOf(Dot.of(IDS[0], c))).isEqualTo(key));
        }
    }

    /** The counters {@code from..to} and, if not 0, {@code also}. */
    private static long[] range(long from, long to, long also) {
        List<Long> out = new ArrayList<>();
        for (long c = from; c <= to; c++) {
            out.add(c);
        }
        if (also != 0) {
            out.add(also);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
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
