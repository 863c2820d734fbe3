package dev.convergent.sim;

import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.PNCounter;
import java.util.ArrayList;
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
            return state.items().context().contains(dot) && q != null
                    && q.increments().get(replica) >= incrementsAfter && q.decrements().get(replica) >= decrementsAfter;
        }
    }

    /** An ORMap remove of {@code item}, which dropped the dots it observed. */
    record ItemRemove(String cart, String item, Set<Dot> observed, long time, int origin) implements Write {
        @Override
        public boolean visibleAt(CartState state) {
            Set<Dot> live = state.items().dots(item);
            for (Dot d : observed) {
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
            return state.versions().context().contains(dot);
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
        Map<String, List<ItemUpdate>> updates = new TreeMap<>();
        Map<String, Set<Dot>> observed = new HashMap<>();
        for (Write w : writes(cart)) {
            if (w instanceof ItemUpdate) {
                ItemUpdate u = (ItemUpdate) w;
                updates.computeIfAbsent(u.item(), k -> new ArrayList<>()).add(u);
                observed.computeIfAbsent(u.item(), k -> new HashSet<>()).addAll(u.observed());
            } else if (w instanceof ItemRemove) {
                ItemRemove r = (ItemRemove) w;
                observed.computeIfAbsent(r.item(), k -> new HashSet<>()).addAll(r.observed());
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
            for (ItemUpdate u : us) {
                if (!observed.getOrDefault(item, Set.of()).contains(u.dot())) {
                    expectedLive.add(u.dot());
                }
                if (u.change() > 0) {
                    inc.merge(u.replica(), u.change(), Long::sum);
                } else if (u.change() < 0) {
                    dec.merge(u.replica(), -u.change(), Long::sum);
                }
                sum += u.change();
            }
            Set<Dot> live = new TreeSet<>(state.items().dots(item));
            String where = cart + " item " + item + ": ";
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
            if (!positive(q.increments().counts().entries()).equals(inc)
                    || !positive(q.decrements().counts().entries()).equals(dec)) {
                problems.add(where + "quantity " + q + ", expected increments " + inc + " and decrements " + dec
                        + " (sum " + sum + ")");
            }
        }
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
        Set<Dot> observed = new HashSet<>();
        List<VersionWrite> ws = new ArrayList<>();
        for (Write w : writes(cart)) {
            if (w instanceof VersionWrite) {
                ws.add((VersionWrite) w);
                observed.addAll(((VersionWrite) w).observed());
            }
        }
        Map<Dot, String> expected = new TreeMap<>();
        for (VersionWrite w : ws) {
            if (!observed.contains(w.dot())) {
                expected.put(w.dot(), w.value());
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
