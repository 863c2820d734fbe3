package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.lattice.Causality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link VersionVector} against a plain sorted map, at sizes on both sides of its internal thresholds (the
 * reference scan of short vectors, the chunked counters of long ones, the one-entry fast paths of merge and
 * diff). Each pair is a vector and a relative of it: an unrelated vector, a descendant that moved a few
 * entries, a few-entry delta, or a vector built separately with the same entries, so that merge, compare and
 * diff take every path they have.
 */
class VersionVectorModelTest {

    private static final int POOL = 160;

    /** A vector as the model sees it: replica name to counter, zeros absent. */
    record Pair(TreeMap<String, Long> left, TreeMap<String, Long> right) {
        @Override
        public String toString() {
            return left.size() + " entries " + left + " / " + right.size() + " entries " + right;
        }
    }

    @Provide
    Arbitrary<Pair> pairs() {
        Arbitrary<TreeMap<String, Long>> vectors = vectors();
        Arbitrary<Pair> unrelated = Combinators.combine(vectors, vectors).as(Pair::new);
        Arbitrary<Pair> moved = Combinators.combine(vectors, edits()).as((v, e) -> new Pair(v, applied(v, e, true)));
        Arbitrary<Pair> delta = Combinators.combine(vectors, edits()).as((v, e) -> new Pair(v, applied(v, e, false)));
        Arbitrary<Pair> same = vectors.map(v -> new Pair(v, new TreeMap<>(v)));
        return Arbitraries.frequencyOf(
                Tuple.of(2, unrelated), Tuple.of(3, moved),
                Tuple.of(3, delta), Tuple.of(1, same));
    }

    private static Arbitrary<TreeMap<String, Long>> vectors() {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(0, 10)),
                Tuple.of(2, Arbitraries.integers().between(28, 70)),
                Tuple.of(1, Arbitraries.integers().between(90, POOL)));
        // n distinct names out of the pool: a shuffle's first n, not a set filled by random draws, which near the
        // pool's size misses jqwik's limit of draws now and then (TooManyFilterMisses)
        List<Integer> pool = IntStream.range(0, POOL).boxed().collect(Collectors.toList());
        return sizes.flatMap(n -> Arbitraries.shuffle(pool).map(s -> List.copyOf(s.subList(0, n)))
                .flatMap(names -> Arbitraries.longs().between(1, 6).list().ofSize(names.size()).map(counters -> {
                    TreeMap<String, Long> map = new TreeMap<>();
                    int i = 0;
                    for (int name : names) {
                        map.put(name(name), counters.get(i++));
                    }
                    return map;
                })));
    }

    /** Edits: (replica, amount) pairs; amount 0 lowers the entry instead (so a "descendant" may be concurrent). */
    private static Arbitrary<List<int[]>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, POOL - 1), Arbitraries.integers().between(0, 3))
                .as((r, a) -> new int[] {r, a}).list().ofMinSize(1).ofMaxSize(5);
    }

    /** The vector with the edits applied ({@code full}), or only the edited entries (a delta). */
    private static TreeMap<String, Long> applied(TreeMap<String, Long> base, List<int[]> edits, boolean full) {
        TreeMap<String, Long> next = new TreeMap<>(base);
        TreeMap<String, Long> touched = new TreeMap<>();
        for (int[] e : edits) {
            String name = name(e[0]);
            long now = next.getOrDefault(name, 0L);
            long value = e[1] == 0 ? Math.max(0, now - 1) : now + e[1];
            if (value == 0) {
                next.remove(name);
                touched.remove(name);
            } else {
                next.put(name, value);
                touched.put(name, value);
            }
        }
        return full ? next : touched;
    }

    private static String name(int i) {
        return "replica-" + String.format("%04d", i);
    }

    private static VersionVector build(Map<String, Long> model) {
        VersionVector v = VersionVector.empty();
        for (Map.Entry<String, Long> e : model.entrySet()) {
            v = v.advance(ReplicaId.of(e.getKey()), e.getValue());
        }
        return v;
    }

    /** Builds the right vector from the left one where the model says it descends, so the two share structure. */
    private static VersionVector relative(VersionVector left, Map<String, Long> leftModel, Map<String, Long> model) {
        VersionVector v = left;
        for (Map.Entry<String, Long> e : leftModel.entrySet()) {
            if (!model.containsKey(e.getKey())) {
                v = v.without(ReplicaId.of(e.getKey()));
            }
        }
        for (Map.Entry<String, Long> e : model.entrySet()) {
            ReplicaId id = ReplicaId.of(e.getKey());
            long now = v.get(id);
            if (now < e.getValue()) {
                v = v.advance(id, e.getValue());
            } else if (now > e.getValue()) {
                v = v.without(id).advance(id, e.getValue());
            }
        }
        return v;
    }

    private static Map<String, Long> entries(VersionVector v) {
        Map<String, Long> out = new TreeMap<>();
        v.entries().forEach((id, c) -> out.put(id.name(), c));
        return out;
    }

    private static TreeMap<String, Long> max(Map<String, Long> a, Map<String, Long> b) {
        TreeMap<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Math::max));
        return out;
    }

    private static Causality order(Map<String, Long> a, Map<String, Long> b) {
        boolean aBigger = false;
        boolean bBigger = false;
        for (String k : max(a, b).keySet()) {
            long x = a.getOrDefault(k, 0L);
            long y = b.getOrDefault(k, 0L);
            aBigger |= x > y;
            bBigger |= y > x;
        }
        return Causality.of(!aBigger, !bBigger);
    }

    private static List<VersionVector> rights(Pair p, VersionVector left) {
        List<VersionVector> out = new ArrayList<>();
        out.add(build(p.right()));
        out.add(relative(left, p.left(), p.right()));
        return out;
    }

    @Property(tries = 200)
    void mergeIsThePointwiseMaximumOfTheModel(@ForAll("pairs") Pair p) {
        VersionVector left = build(p.left());
        for (VersionVector right : rights(p, left)) {
            TreeMap<String, Long> expected = max(p.left(), p.right());
            assertThat(entries(left.merge(right))).isEqualTo(expected);
            assertThat(entries(right.merge(left))).isEqualTo(expected);
            assertThat(left.merge(right)).isEqualTo(build(expected)).hasSameHashCodeAs(build(expected));
            assertThat(left.merge(right).size()).isEqualTo(expected.size());
        }
    }

    @Property(tries = 200)
    void compareAgreesWithTheEntryByEntryOrderOfTheModel(@ForAll("pairs") Pair p) {
        VersionVector left = build(p.left());
        for (VersionVector right : rights(p, left)) {
            assertThat(left.compare(right)).isEqualTo(order(p.left(), p.right()));
            assertThat(right.compare(left)).isEqualTo(order(p.right(), p.left()));
            assertThat(left.equals(right)).isEqualTo(p.left().equals(p.right()));
            if (left.equals(right)) {
                assertThat(left.hashCode()).isEqualTo(right.hashCode());
            }
        }
    }

    @Property(tries = 200)
    void diffHoldsExactlyTheEntriesLargerThanThePeersInTheModel(@ForAll("pairs") Pair p) {
        VersionVector left = build(p.left());
        for (VersionVector right : rights(p, left)) {
            TreeMap<String, Long> expected = new TreeMap<>();
            p.left().forEach((k, v) -> {
                if (v > p.right().getOrDefault(k, 0L)) {
                    expected.put(k, v);
                }
            });
            assertThat(entries(left.diff(right))).isEqualTo(expected);
            assertThat(left.diff(right)).isEqualTo(build(expected));
        }
    }

    @Property(tries = 100)
    void readsAndWritesAgreeWithTheModel(@ForAll("pairs") Pair p) {
        VersionVector left = build(p.left());
        VersionVector right = relative(left, p.left(), p.right());
        assertThat(entries(right)).isEqualTo(p.right());
        assertThat(right.sum()).isEqualTo(p.right().values().stream().mapToLong(Long::longValue).sum());
        int i = 0;
        for (Map.Entry<String, Long> e : p.right().entrySet()) {
            assertThat(right.replicaAt(i).name()).isEqualTo(e.getKey());
            assertThat(right.counterAt(i)).isEqualTo(e.getValue());
            i++;
        }
        for (int r = 0; r < POOL; r += 7) {
            ReplicaId id = ReplicaId.of(name(r));
            long expected = p.right().getOrDefault(name(r), 0L);
            assertThat(right.get(id)).isEqualTo(expected);
            TreeMap<String, Long> incremented = new TreeMap<>(p.right());
            incremented.put(name(r), expected + 1);
            assertThat(entries(right.increment(id))).isEqualTo(incremented);
            assertThat(right.increment(id).compare(right)).isEqualTo(Causality.AFTER);
            TreeMap<String, Long> dropped = new TreeMap<>(p.right());
            dropped.remove(name(r));
            assertThat(entries(right.without(id))).isEqualTo(dropped);
            assertThat(right.without(id)).isEqualTo(build(dropped)).hasSameHashCodeAs(build(dropped));
        }
    }
}
