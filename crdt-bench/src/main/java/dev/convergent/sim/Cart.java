package dev.convergent.sim;

import dev.convergent.clock.Causality;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A shopping cart replicated across devices, built from two library CRDTs: the items in it (an
 * add-wins {@link ORSet}) and how many of each (one {@link PNCounter} per item).
 *
 * <p>Merge rule: the item sets merge as OR-Sets, so an add concurrent with a remove wins; the
 * counters merge item by item (a missing counter counts as zero), so concurrent quantity changes
 * add up. Removing an item also takes back the quantity this replica has seen, so an item re-added
 * elsewhere at the same time ends with the quantity added there.
 *
 * <p>Immutable and thread-safe; value-based.
 *
 * @param items the items in the cart
 * @param quantities the quantity counter of every item ever added, present or not (zero counters are dropped)
 */
public record Cart(ORSet<String> items, Map<String, PNCounter> quantities) implements Crdt<Cart> {

    private static final Cart EMPTY = new Cart(ORSet.empty(), Map.of());

    /**
     * Validates the components and keeps an immutable copy of the counters without zero entries.
     *
     * @param items the items in the cart
     * @param quantities the quantity counter of every item
     * @throws NullPointerException if an argument, key or value is null
     */
    public Cart {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(quantities, "quantities");
        Map<String, PNCounter> nonEmpty = new HashMap<>();
        quantities.forEach((item, counter) -> {
            if (!counter.equals(PNCounter.empty())) {
                nonEmpty.put(item, counter);
            }
        });
        quantities = Map.copyOf(nonEmpty);
    }

    /**
     * Returns the empty cart.
     *
     * @return the empty cart (a shared instance)
     */
    public static Cart empty() {
        return EMPTY;
    }

    /**
     * Puts {@code quantity} more of {@code item} in the cart, adding the item if it is absent.
     *
     * @param replica the replica making the change
     * @param item the item
     * @param quantity how many to add, at least 1
     * @return the new cart
     * @throws NullPointerException if {@code replica} or {@code item} is null
     * @throws IllegalArgumentException if {@code quantity} is less than 1
     */
    public Cart add(ReplicaId replica, String item, long quantity) {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(item, "item");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, was " + quantity);
        }
        return new Cart(items.add(replica, item), withCounter(item, counter(item).increment(replica, quantity)));
    }

    /**
     * Changes the quantity of an item already in the cart.
     *
     * @param replica the replica making the change
     * @param item the item, which must be in the cart
     * @param delta how much to add (positive) or take away (negative)
     * @return the new cart
     * @throws NullPointerException if {@code replica} or {@code item} is null
     * @throws IllegalArgumentException if {@code item} is not in the cart
     */
    public Cart changeQuantity(ReplicaId replica, String item, long delta) {
        Objects.requireNonNull(replica, "replica");
        if (!items.contains(item)) {
            throw new IllegalArgumentException("item " + item + " is not in the cart " + this);
        }
        PNCounter counter = counter(item);
        PNCounter changed = delta >= 0 ? counter.increment(replica, delta) : counter.decrement(replica, -delta);
        return new Cart(items, withCounter(item, changed));
    }

    /**
     * Removes an item and takes back the quantity of it this replica has seen. Concurrent adds of the
     * item, which this replica has not seen, survive the merge.
     *
     * @param replica the replica making the change
     * @param item the item
     * @return the new cart ({@code this} if the item is absent)
     * @throws NullPointerException if {@code replica} or {@code item} is null
     */
    public Cart remove(ReplicaId replica, String item) {
        Objects.requireNonNull(replica, "replica");
        if (!items.contains(item)) {
            return this;
        }
        return changeQuantity(replica, item, -quantity(item)).withItems(items.remove(item));
    }

    /**
     * Returns how many of {@code item} are in the cart.
     *
     * @param item the item
     * @return its quantity, 0 if it is not in the cart
     * @throws NullPointerException if {@code item} is null
     */
    public long quantity(String item) {
        return items.contains(item) ? counter(item).value() : 0L;
    }

    /**
     * Returns the items with their quantities, sorted by item.
     *
     * @return an unmodifiable sorted map from item to quantity
     */
    public SortedMap<String, Long> contents() {
        SortedMap<String, Long> contents = new TreeMap<>();
        for (String item : items.elements()) {
            contents.put(item, quantity(item));
        }
        return Collections.unmodifiableSortedMap(contents);
    }

    /**
     * Merges the item sets as OR-Sets and the counters item by item. Idempotent, commutative and
     * associative.
     *
     * @param other the cart to merge with
     * @return the merged cart
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Cart merge(Cart other) {
        Objects.requireNonNull(other, "other");
        Map<String, PNCounter> merged = new HashMap<>(quantities);
        other.quantities.forEach((item, counter) -> merged.merge(item, counter, PNCounter::merge));
        return new Cart(items.merge(other.items), merged);
    }

    /**
     * Compares in the product order of the item set and every counter.
     *
     * @param other the cart to compare with
     * @return the causal relation of the two carts
     * @throws NullPointerException if {@code other} is null
     */
    @Override
    public Causality compare(Cart other) {
        Objects.requireNonNull(other, "other");
        Causality result = items.compare(other.items);
        Set<String> keys = new HashSet<>(quantities.keySet());
        keys.addAll(other.quantities.keySet());
        for (String item : keys) {
            result = result.and(counter(item).compare(other.counter(item)));
        }
        return result;
    }

    /** Returns the items and quantities, sorted, e.g. {@code [charger x2, mouse x1]}. */
    @Override
    public String toString() {
        return contents().entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private PNCounter counter(String item) {
        return quantities.getOrDefault(Objects.requireNonNull(item, "item"), PNCounter.empty());
    }

    private Map<String, PNCounter> withCounter(String item, PNCounter counter) {
        Map<String, PNCounter> copy = new HashMap<>(quantities);
        copy.put(item, counter);
        return copy;
    }

    private Cart withItems(ORSet<String> newItems) {
        return new Cart(newItems, quantities);
    }
}
