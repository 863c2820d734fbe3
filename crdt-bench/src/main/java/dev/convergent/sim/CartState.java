package dev.convergent.sim;

import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One cart as a replica holds it, in the three forms the simulation compares: the items as an
 * {@code ORMap<String, PNCounter>} (item to quantity, add-wins), the same cart the Dynamo way as an
 * {@code MVRegister<String>} of whole-cart versions (concurrent writes kept as siblings, see
 * {@link #view}), and last-writer-wins fields such as the shipping address in an {@code LWWMap}.
 * Immutable.
 *
 * @param items item to quantity
 * @param versions whole-cart versions, each a canonical "item=quantity;..." string
 * @param fields the cart's last-writer-wins fields
 */
record CartState(ORMap<String, PNCounter> items, MVRegister<String> versions, LWWMap<String, String> fields) {

    static final ORMap<String, PNCounter> NO_ITEMS = ORMap.empty(PNCounter.empty());
    static final CartState EMPTY = new CartState(NO_ITEMS, MVRegister.empty(), LWWMap.empty());

    CartState {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(fields, "fields");
    }

    CartState withItems(ORMap<String, PNCounter> next) {
        return next == items ? this : new CartState(next, versions, fields);
    }

    CartState withVersions(MVRegister<String> next) {
        return next == versions ? this : new CartState(items, next, fields);
    }

    CartState withFields(LWWMap<String, String> next) {
        return next == fields ? this : new CartState(items, versions, next);
    }

    /** The live items with their quantities, sorted. */
    Map<String, Long> quantities() {
        Map<String, Long> result = new TreeMap<>();
        items.entries().forEach((item, q) -> result.put(item, q.value()));
        return result;
    }

    /**
     * What a Dynamo-style client reads: the union of every sibling version, each item at the largest
     * quantity any sibling gives it (the application's merge; it cannot tell a removed item from one
     * never added, so removed items can come back).
     */
    Map<String, Long> view() {
        Map<String, Long> merged = new TreeMap<>();
        for (String version : versions.values()) {
            parse(version).forEach((item, q) -> merged.merge(item, q, Math::max));
        }
        return merged;
    }

    /** The canonical encoding of a whole-cart version: {@code item=quantity} pairs sorted by item, joined by ';'. */
    static String format(Map<String, Long> cart) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(cart).forEach((item, q) -> s.append(s.length() == 0 ? "" : ";").append(item).append('=')
                .append(q));
        return s.toString();
    }

    static Map<String, Long> parse(String version) {
        Map<String, Long> cart = new TreeMap<>();
        if (!version.isEmpty()) {
            for (String pair : version.split(";")) {
                int eq = pair.indexOf('=');
                cart.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return cart;
    }
}
