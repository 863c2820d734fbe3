package dev.convergent.sim;

import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Pruning;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulation's own record of every write a client made, kept apart from the replicas: for each
 * write, what the client changed and which earlier writes its replica had observed (the dots it
 * read). From the log alone {@link #check} derives what every cart must hold once all writes are
 * seen, following the documented semantics of each type, and compares that with a replica's state:
 *
 * <ul>
 *   <li><b>ORMap items.</b> An update tags the item with a fresh dot and replaces the dots it
 *       observed; a remove drops the dots it observed. So the item's live dots are exactly the dots
 *       of its updates that no later update or remove observed: an item whose every update was
 *       observed by a remove is gone, and an update no remove observed keeps it (add wins). A removed
 *       item's quantity is kept, hidden (see {@code ORMap}'s Javadoc and {@code docs/cart.md}), so
 *       every item's counter holds, per replica, the sum of that replica's increments and the sum of
 *       its decrements, and a live item's quantity is the sum of all its changes. A client that
 *       resets before removing (as {@code docs/cart.md} shows) logs the reset as one more change.</li>
 *   <li><b>MVRegister versions.</b> A write replaces every sibling it observed: the siblings are the
 *       writes no later write observed, each with its own value.</li>
 *   <li><b>LWWMap fields.</b> Each field holds the write with the greatest (timestamp, writer).</li>
 * </ul>
 *
 * <p><b>Pruning.</b> Once a retired replica was pruned into a successor, a state keeps a marker
 * {@code (retired, successor, base, upTo)}: the items' keys one, the versions one, and each half of
 * each quantity its own. The log still holds the retired replica's writes under their original dots
 * and counts, so it reads them through the marker found in the state it checks, by the documented
 * renaming alone: dot {@code (retired, c)} stands for {@code (successor, base + c)} (and {@code c}
 * must not exceed {@code upTo}), and a quantity half with the marker counts the retired replica's
 * increments (or decrements) in the successor's entry, which must then be the successor's own sum
 * plus the retired replica's sum, with {@code upTo} that sum. A state without a marker is read as
 * the log is written. Nothing here calls the library's merge or prune.
 */
final class OpLog {

    /** One write, as the client made it; {@link #visibleAt} says whether a replica's cart reflects it. */
    sealed interface Write permits ItemUpdate, ItemRemove, VersionWrite, FieldWrite {
        String cart();

        /** Simulated time of the write. */
        long time();

        /** Index of the replica that took the write. */
        int origin();

        /** Whether {@code state} has seen this write (monotone: once true, true for every later state). */
        boolean visibleAt(CartState state);
    }

    /**
     * An ORMap update: {@code change} added to {@code item}'s quantity by {@code replica}, whose
     * increments and decrements of the item then stood at {@code incrementsAfter} and {@code decrementsAfter}.
     */
    record ItemUpdate(String cart, String item, ReplicaId replica, Dot dot, Set<Dot> observed, long change,
            long incrementsAfter, long decrementsAfter, long time, int origin) implements Write {
        @Override
        public boolean visibleAt(CartState state) {
            PNCounter q = state.items().valueStates().get(item);
            return state.items().context().contains(dotIn(state)) && q != null
                    && counted(q.increments(), replica, incrementsAfter)
                    && counted(q.decrements(), replica, decrementsAfter);
        }

        /** This write's dot as {@code state}'s items name it: renamed if the items were pruned of its replica. */
        Dot dotIn(CartState state) {
            return renamed(dot, state.items().prunings());
        }
    }

    /** An ORMap remove of {@code item}, which dropped the dots it observed. */
    record ItemRemove(String cart, String item, Set<Dot> observed, long time, int origin) implements Write {
        @Override
        public boolean visibleAt(CartState state) {
            Set<Dot> live = state.items().dots(item);
            List<Pruning> markers = state.items().prunings();
            for (Dot o : observed) {
                Dot d = renamed(o, markers);
                if (!state.items().context().contains(d) || live.contains(d)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A write of a whole-cart version, replacing the siblings it observed. */
    record VersionWrite(String cart, Dot dot, Set<Dot> observed, String value, int siblingsRead, long time,
            int origin) implements Write {
        @Override
        public boolean visibleAt(CartState state) {
            return state.versions().context().contains(renamed(dot, state.versions().prunings()));
        }
    }

    /** A last-writer-wins write of a field. */
    record FieldWrite(String cart, String field, HybridTimestamp timestamp, ReplicaId writer, String value, long time,
            int origin) implements Write {
        @Override
        public boolean visibleAt(CartState state) {
            LWWRegister<Optional<String>> r = state.fields().registers().get(field);
            return r != null && compare(r.timestamp(), r.writer(), timestamp, writer) >= 0;
        }

        /** Whether this write beats {@code other} under last-writer-wins. */
        boolean beats(FieldWrite other) {
            return compare(timestamp, writer, other.timestamp, other.writer) > 0;
        }
    }

    /**
     * The dot that stands for {@code dot} in a state holding {@code markers}: a retired replica's
     * {@code (retired, c)} is the successor's {@code (successor, base + c)}, along a chain of
     * successors if the successor was retired too.
     */
    static Dot renamed(Dot dot, Collection<Pruning> markers) {
        Dot d = dot;
        for (int hops = 0; hops <= markers.size(); hops++) {
            Pruning m = markerOf(d.replica(), markers);
            if (m == null) {
                return d;
            }
            d = Dot.of(m.successor(), m.base() + d.counter());
        }
        throw new IllegalStateException("the pruning markers loop: " + markers);
    }

    /**
     * Whether a counter half has counted {@code replica}'s first {@code count}: directly, or, when it
     * holds a marker retiring {@code replica}, as the successor's count {@code base + count}.
     */
    static boolean counted(GCounter half, ReplicaId replica, long count) {
        if (count == 0) {
            return true;
        }
        ReplicaId who = replica;
        long need = count;
        List<Pruning> markers = half.prunings();
        for (int hops = 0; hops <= markers.size(); hops++) {
            Pruning m = markerOf(who, markers);
            if (m == null) {
                return half.get(who) >= need;
            }
            who = m.successor();
            need = m.base() + need;
        }
        throw new IllegalStateException("the pruning markers loop: " + markers);
    }

    private static Pruning markerOf(ReplicaId retired, Collection<Pruning> markers) {
        for (Pruning m : markers) {
            if (m.retired().equals(retired)) {
                return m;
            }
        }
        return null;
    }

    static int compare(HybridTimestamp t1, ReplicaId w1, HybridTimestamp t2, ReplicaId w2) {
        int c = t1.compareTo(t2);
        return c != 0 ? c : w1.compareTo(w2);
    }

    private final List<Write> writes = new ArrayList<>();
    private final Map<String, List<Write>> byCart = new HashMap<>();

    void add(Write w) {
        writes.add(Objects.requireNonNull(w, "w"));
        byCart.computeIfAbsent(w.cart(), c -> new ArrayList<>()).add(w);
    }

    List<Write> writes() {
        return writes;
    }

    private List<Write> writes(String cart) {
        return byCart.getOrDefault(cart, List.of());
    }

    int size() {
        return writes.size();
    }

    /**
     * Compares one replica's cart with what the log says it must hold once every write is seen.
     *
     * @return one line per difference, empty if the cart is exactly right
     */
    List<String> check(String cart, CartState state) {
        List<String> problems = new ArrayList<>();
        checkItems(cart, state, problems);
        checkVersions(cart, state, problems);
        checkFields(cart, state, problems);
        return problems;
    }

    private void checkItems(String cart, CartState state, List<String> problems) {
        List<Pruning> markers = state.items().prunings();
        Map<String, List<ItemUpdate>> updates = new TreeMap<>();
        Map<String, Set<Dot>> observed = new HashMap<>();
        for (Write w : writes(cart)) {
            if (w instanceof ItemUpdate) {
                ItemUpdate u = (ItemUpdate) w;
                updates.computeIfAbsent(u.item(), k -> new ArrayList<>()).add(u);
                observed.computeIfAbsent(u.item(), k -> new HashSet<>()).addAll(renamed(u.observed(), markers));
            } else if (w instanceof ItemRemove) {
                ItemRemove r = (ItemRemove) w;
                observed.computeIfAbsent(r.item(), k -> new HashSet<>()).addAll(renamed(r.observed(), markers));
            }
        }
        Set<String> items = new TreeSet<>(updates.keySet());
        items.addAll(state.items().keys());
        items.addAll(state.items().valueStates().keySet());
        for (String item : items) {
            List<ItemUpdate> us = updates.getOrDefault(item, List.of());
            Set<Dot> expectedLive = new TreeSet<>();
            Map<ReplicaId, Long> inc = new TreeMap<>();
            Map<ReplicaId, Long> dec = new TreeMap<>();
            long sum = 0;
            String where = cart + " item " + item + ": ";
            for (ItemUpdate u : us) {
                Dot dot = renamed(u.dot(), markers);
                if (!observed.getOrDefault(item, Set.of()).contains(dot)) {
                    expectedLive.add(dot);
                }
                checkCovered(u.dot(), markers, where, problems);
                if (u.change() > 0) {
                    inc.merge(u.replica(), u.change(), Long::sum);
                } else if (u.change() < 0) {
                    dec.merge(u.replica(), -u.change(), Long::sum);
                }
                sum += u.change();
            }
            Set<Dot> live = new TreeSet<>(state.items().dots(item));
            if (!live.equals(expectedLive)) {
                problems.add(where + (expectedLive.isEmpty() ? "resurrected: every update was removed, yet live with "
                        + live : live.isEmpty() ? "lost: live updates " + expectedLive + " but the item is gone"
                        : "live dots " + live + ", expected " + expectedLive));
            }
            PNCounter q = state.items().valueStates().get(item);
            if (us.isEmpty()) {
                problems.add(where + "holds a quantity " + q + " but no client ever updated it");
                continue;
            }
            if (q == null) {
                problems.add(where + "has no quantity; expected " + sum);
                continue;
            }
            Map<ReplicaId, Long> expectedInc = folded(inc, q.increments().prunings(), where + "increments ", problems);
            Map<ReplicaId, Long> expectedDec = folded(dec, q.decrements().prunings(), where + "decrements ", problems);
            if (!positive(q.increments().counts().entries()).equals(expectedInc)
                    || !positive(q.decrements().counts().entries()).equals(expectedDec)) {
                problems.add(where + "quantity " + q + ", expected increments " + expectedInc + " and decrements "
                        + expectedDec + " (sum " + sum + ")");
            }
        }
    }

    private static Set<Dot> renamed(Set<Dot> dots, List<Pruning> markers) {
        if (markers.isEmpty()) {
            return dots;
        }
        Set<Dot> result = new HashSet<>();
        for (Dot d : dots) {
            result.add(renamed(d, markers));
        }
        return result;
    }

    /** Reports a dot of a retired replica beyond its marker's {@code upTo}: written after the pruning. */
    private static void checkCovered(Dot dot, List<Pruning> markers, String where, List<String> problems) {
        Pruning m = markerOf(dot.replica(), markers);
        if (m != null && dot.counter() > m.upTo()) {
            problems.add(where + "write " + dot + " is beyond the pruning marker " + m
                    + ": the retired replica wrote after it was pruned, or was pruned before its last write was seen");
        }
    }

    /**
     * The per-replica sums a counter half must hold under its markers: each retired replica's sum
     * moves into its successor's, and the marker's {@code upTo} must be that sum (the successor pruned
     * after it had seen every one of the retired replica's changes).
     */
    private static Map<ReplicaId, Long> folded(Map<ReplicaId, Long> sums, List<Pruning> markers, String where,
            List<String> problems) {
        if (markers.isEmpty()) {
            return sums;
        }
        Map<ReplicaId, Long> result = new TreeMap<>(sums);
        for (Pruning m : markers) {
            long retired = sums.getOrDefault(m.retired(), 0L);
            if (m.upTo() != retired) {
                problems.add(where + "marker " + m + " folded " + m.upTo() + " of " + m.retired() + ", whose logged"
                        + " sum is " + retired);
            }
        }
        for (Pruning m : markers) {
            Long moved = result.remove(m.retired());
            if (moved != null) {
                ReplicaId to = m.successor();
                for (int hops = 0; hops < markers.size() && markerOf(to, markers) != null; hops++) {
                    to = markerOf(to, markers).successor();
                }
                result.merge(to, moved, Long::sum);
            }
        }
        return result;
    }

    private static Map<ReplicaId, Long> positive(Map<ReplicaId, Long> entries) {
        Map<ReplicaId, Long> result = new TreeMap<>();
        entries.forEach((r, n) -> {
            if (n > 0) {
                result.put(r, n);
            }
        });
        return result;
    }

    private void checkVersions(String cart, CartState state, List<String> problems) {
        List<Pruning> markers = state.versions().prunings();
        Set<Dot> observed = new HashSet<>();
        List<VersionWrite> ws = new ArrayList<>();
        for (Write w : writes(cart)) {
            if (w instanceof VersionWrite) {
                ws.add((VersionWrite) w);
                observed.addAll(renamed(((VersionWrite) w).observed(), markers));
            }
        }
        Map<Dot, String> expected = new TreeMap<>();
        for (VersionWrite w : ws) {
            Dot dot = renamed(w.dot(), markers);
            checkCovered(w.dot(), markers, cart + " versions: ", problems);
            if (!observed.contains(dot)) {
                expected.put(dot, w.value());
            }
        }
        Map<Dot, String> actual = new TreeMap<>();
        for (String v : state.versions().values()) {
            for (Dot d : state.versions().dots(v)) {
                actual.put(d, v);
            }
        }
        if (!actual.equals(expected)) {
            problems.add(cart + " versions: siblings " + actual + ", expected " + expected);
        }
    }

    private void checkFields(String cart, CartState state, List<String> problems) {
        Map<String, FieldWrite> latest = new TreeMap<>();
        for (Write w : writes(cart)) {
            if (w instanceof FieldWrite) {
                FieldWrite f = (FieldWrite) w;
                latest.merge(f.field(), f, (a, b) -> b.beats(a) ? b : a);
            }
        }
        Map<String, LWWRegister<Optional<String>>> registers = new TreeMap<>(state.fields().registers());
        Set<String> fields = new TreeSet<>(latest.keySet());
        fields.addAll(registers.keySet());
        for (String field : fields) {
            FieldWrite want = latest.get(field);
            LWWRegister<Optional<String>> got = registers.get(field);
            if (want == null || got == null || !got.timestamp().equals(want.timestamp())
                    || !got.writer().equals(want.writer()) || !got.value().equals(Optional.of(want.value()))) {
                problems.add(cart + " field " + field + ": " + got + ", expected the latest write "
                        + (want == null ? "(none)" : want.value() + " @" + want.timestamp() + " by " + want.writer()));
            }
        }
    }
}
