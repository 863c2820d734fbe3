package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The cart: {@code ORMap<String, PNCounter>}, item to quantity. */
class ORMapTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");
    private static final ORMap<String, PNCounter> EMPTY_CART = ORMap.empty(PNCounter.empty());

    private static UnaryOperator<PNCounter> change(ReplicaId replica, long change) {
        return quantity -> quantity.add(replica, change);
    }

    /** The pattern for "remove also resets": bring the quantity back to 0, then remove the item. */
    private static ORMap<String, PNCounter> resetAndRemove(ORMap<String, PNCounter> cart, ReplicaId at, String item) {
        return cart.update(at, item, quantity -> quantity.add(at, -quantity.value())).remove(item);
    }

    private static long quantity(ORMap<String, PNCounter> cart, String item) {
        return cart.get(item).orElseThrow().value();
    }

    private static Map<String, Long> quantities(ORMap<String, PNCounter> cart) {
        Map<String, Long> result = new HashMap<>();
        cart.entries().forEach((item, quantity) -> result.put(item, quantity.value()));
        return result;
    }

    private static CausalContext context(Map<ReplicaId, Long> entries) {
        return CausalContext.of(VersionVector.of(entries));
    }

    // ---- The cart ----

    @Test
    void addItemWithAQuantity() {
        ORMap<String, PNCounter> cart = EMPTY_CART.update(PHONE, "headphones", change(PHONE, 2));

        assertThat(cart.containsKey("headphones")).isTrue();
        assertThat(quantity(cart, "headphones")).isEqualTo(2);
        assertThat(cart.keys()).containsExactly("headphones");
        assertThat(cart.size()).isEqualTo(1);
        assertThat(cart.dots("headphones")).containsExactly(Dot.of(PHONE, 1));
        assertThat(cart.context()).isEqualTo(context(Map.of(PHONE, 1L)));
        assertThat(EMPTY_CART.isEmpty()).as("the receiver is unchanged").isTrue();
        assertThat(EMPTY_CART.compare(cart)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void concurrentQuantityChangesOnTwoDevicesAddUp() {
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "charger", change(PHONE, 1));
        ORMap<String, PNCounter> phone = synced.update(PHONE, "charger", change(PHONE, 2));
        ORMap<String, PNCounter> laptop = synced.update(LAPTOP, "charger", change(LAPTOP, 3))
                .update(LAPTOP, "mouse", change(LAPTOP, 1));

        ORMap<String, PNCounter> atPhone = phone.merge(laptop);
        ORMap<String, PNCounter> atLaptop = laptop.merge(phone);

        assertThat(phone.compare(laptop)).isEqualTo(Causality.CONCURRENT);
        assertThat(atPhone).isEqualTo(atLaptop);
        assertThat(quantities(atPhone)).isEqualTo(Map.of("charger", 6L, "mouse", 1L));
        assertThat(atPhone.dots("charger")).containsExactlyInAnyOrder(Dot.of(PHONE, 2), Dot.of(LAPTOP, 1));
        assertThat(atPhone.merge(phone).merge(laptop)).isEqualTo(atPhone);
    }

    @Test
    void decrementsOnTwoDevicesAddUpToo() {
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "pens", change(PHONE, 10));
        ORMap<String, PNCounter> phone = synced.update(PHONE, "pens", change(PHONE, -3));
        ORMap<String, PNCounter> laptop = synced.update(LAPTOP, "pens", change(LAPTOP, -4));

        assertThat(quantity(phone.merge(laptop), "pens")).isEqualTo(3);
    }

    @Test
    void removeConcurrentWithAnUpdateKeepsTheItemAndTheHiddenQuantity() {
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "charger", change(PHONE, 2));
        ORMap<String, PNCounter> phone = synced.remove("charger");
        ORMap<String, PNCounter> laptop = synced.update(LAPTOP, "charger", change(LAPTOP, 1));

        ORMap<String, PNCounter> merged = phone.merge(laptop);

        assertThat(phone.containsKey("charger")).isFalse();
        assertThat(merged).isEqualTo(laptop.merge(phone));
        assertThat(merged.containsKey("charger")).as("update wins over the concurrent remove").isTrue();
        assertThat(merged.dots("charger")).as("only the unseen update keeps it").containsExactly(Dot.of(LAPTOP, 1));
        // A remove hides the value and keeps it: the item comes back with 2 (hidden) + 1 (the update).
        assertThat(quantity(merged, "charger")).isEqualTo(3);
    }

    @Test
    void resetThenRemoveConcurrentWithAnUpdateKeepsExactlyTheUpdatesEffect() {
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "charger", change(PHONE, 2));
        ORMap<String, PNCounter> phone = resetAndRemove(synced, PHONE, "charger");
        ORMap<String, PNCounter> laptop = synced.update(LAPTOP, "charger", change(LAPTOP, 1));

        ORMap<String, PNCounter> merged = phone.merge(laptop);

        assertThat(phone.containsKey("charger")).isFalse();
        assertThat(phone.valueStates().get("charger").value()).as("hidden, and reset").isZero();
        assertThat(merged).isEqualTo(laptop.merge(phone));
        assertThat(merged.containsKey("charger")).isTrue();
        assertThat(quantity(merged, "charger")).isEqualTo(1);
    }

    @Test
    void removeThatHasSeenTheUpdateRemovesTheItemEverywhere() {
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "charger", change(PHONE, 2));
        ORMap<String, PNCounter> laptop = synced.update(LAPTOP, "charger", change(LAPTOP, 1));
        ORMap<String, PNCounter> phone = synced.merge(laptop).remove("charger");   // the phone saw the update

        for (List<ORMap<String, PNCounter>> order : Permutations.of(List.of(synced, laptop, phone))) {
            ORMap<String, PNCounter> merged = EMPTY_CART;
            for (ORMap<String, PNCounter> state : order) {
                merged = merged.merge(state);
            }
            assertThat(merged.containsKey("charger")).as("merge order %s", order).isFalse();
            assertThat(merged.get("charger")).isEmpty();
            assertThat(merged).isEqualTo(phone);
        }
    }

    @Test
    void reAddedItemMergedWithAStaleReplicaKeepsTheReAddedQuantity() {
        ORMap<String, PNCounter> stale = EMPTY_CART.update(PHONE, "milk", change(PHONE, 3));
        ORMap<String, PNCounter> reAdded = stale.remove("milk").update(PHONE, "milk", change(PHONE, 1));

        // Plain remove hides the value: re-adding 1 shows 3 (hidden) + 1 = 4 ...
        assertThat(quantity(reAdded, "milk")).isEqualTo(4);
        // ... and the stale replica's milk=3 does not come back on top of it: still 4 in either order, not 7.
        assertThat(quantity(reAdded.merge(stale), "milk")).isEqualTo(4);
        assertThat(quantity(stale.merge(reAdded), "milk")).isEqualTo(4);
        assertThat(reAdded.merge(stale).dots("milk")).as("the stale add was seen and removed")
                .containsExactly(Dot.of(PHONE, 2));
        assertThat(stale.compare(reAdded)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void resetRemovedAndReAddedItemMergedWithAStaleReplicaShowsOnlyTheNewQuantity() {
        ORMap<String, PNCounter> stale = EMPTY_CART.update(PHONE, "milk", change(PHONE, 3));
        ORMap<String, PNCounter> reAdded = resetAndRemove(stale, PHONE, "milk").update(PHONE, "milk", change(PHONE, 1));

        assertThat(quantity(reAdded, "milk")).isEqualTo(1);
        assertThat(quantity(reAdded.merge(stale), "milk")).isEqualTo(1);
        assertThat(quantity(stale.merge(reAdded), "milk")).isEqualTo(1);
        assertThat(stale.merge(reAdded)).isEqualTo(reAdded);
    }

    @Test
    void concurrentResetsBeforeRemoveEachSubtractTheQuantity() {
        // A known limit of reset-then-remove: two devices resetting concurrently subtract twice.
        ORMap<String, PNCounter> synced = EMPTY_CART.update(PHONE, "milk", change(PHONE, 2));
        ORMap<String, PNCounter> phone = resetAndRemove(synced, PHONE, "milk");
        ORMap<String, PNCounter> laptop = resetAndRemove(synced, LAPTOP, "milk");

        ORMap<String, PNCounter> merged = phone.merge(laptop);

        assertThat(merged.containsKey("milk")).isFalse();
        assertThat(merged.valueStates().get("milk").value()).isEqualTo(-2);
        assertThat(quantity(merged.update(PHONE, "milk", change(PHONE, 1)), "milk")).isEqualTo(-1);
        // Setting the quantity relative to the hidden value re-adds exactly what was asked for.
        ORMap<String, PNCounter> setToOne = merged.update(PHONE, "milk", q -> q.add(PHONE, 1 - q.value()));
        assertThat(quantity(setToOne, "milk")).isEqualTo(1);
    }

    // ---- Accessors ----

    @Test
    void getKeysEntriesAndContainsKeyShowOnlyLiveItems() {
        ORMap<String, PNCounter> cart = EMPTY_CART
                .update(PHONE, "charger", change(PHONE, 1))
                .update(PHONE, "mouse", change(PHONE, 2))
                .update(PHONE, "cable", change(PHONE, 5))
                .remove("cable");

        assertThat(cart.get("mouse")).map(PNCounter::value).contains(2L);
        assertThat(cart.get("cable")).as("removed").isEmpty();
        assertThat(cart.get("never")).isEmpty();
        assertThat(cart.containsKey("charger")).isTrue();
        assertThat(cart.containsKey("cable")).isFalse();
        assertThat(cart.keys()).containsExactlyInAnyOrder("charger", "mouse");
        assertThat(quantities(cart)).isEqualTo(Map.of("charger", 1L, "mouse", 2L));
        assertThat(cart.size()).isEqualTo(2);
        assertThat(cart.isEmpty()).isFalse();
        assertThat(cart.valueStates()).containsOnlyKeys("charger", "mouse", "cable");
        assertThat(cart.valueStates().get("cable").value()).isEqualTo(5);
        assertThat(cart.bottom()).isEqualTo(PNCounter.empty());
        assertThat(cart.context()).isEqualTo(context(Map.of(PHONE, 3L)));
    }

    @Test
    void viewsAreUnmodifiable() {
        ORMap<String, PNCounter> cart = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1));

        assertThatThrownBy(() -> cart.keys().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cart.entries().put("x", PNCounter.empty()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cart.valueStates().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(cart.keys()).containsExactly("mouse");
    }

    @Test
    void removingAnAbsentKeyIsANoOp() {
        ORMap<String, PNCounter> cart = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1));

        assertThat(cart.remove("charger")).isSameAs(cart);
        assertThat(cart.remove("mouse").remove("mouse")).isEqualTo(cart.remove("mouse"));
    }

    @Test
    void updateOnlyAppliesToTheGivenKey() {
        ORMap<String, PNCounter> cart = EMPTY_CART
                .update(PHONE, "mouse", change(PHONE, 1))
                .update(PHONE, "charger", change(PHONE, 4))
                .update(LAPTOP, "mouse", change(LAPTOP, 1));

        assertThat(quantities(cart)).isEqualTo(Map.of("mouse", 2L, "charger", 4L));
        assertThat(cart.dots("mouse")).as("an update replaces the key's observed dots")
                .containsExactly(Dot.of(LAPTOP, 1));
    }

    // ---- Merge, compare, equality ----

    @Test
    void mergeIsCommutativeAssociativeAndIdempotentOnExamples() {
        ORMap<String, PNCounter> x = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1));
        ORMap<String, PNCounter> y = x.remove("mouse").update(PHONE, "pen", change(PHONE, 2));
        ORMap<String, PNCounter> z = x.update(LAPTOP, "mouse", change(LAPTOP, -1));

        assertThat(x.merge(y)).isEqualTo(y.merge(x));
        assertThat(x.merge(y.merge(z))).isEqualTo(x.merge(y).merge(z));
        assertThat(y.merge(y)).isSameAs(y);
        assertThat(quantities(x.merge(y).merge(z))).isEqualTo(Map.of("pen", 2L, "mouse", 0L));
        assertThat(y.merge(x)).as("x is below y").isSameAs(y);
    }

    @Test
    void compareIsTheProductOfKeysAndValues() {
        ORMap<String, PNCounter> base = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1));
        ORMap<String, PNCounter> removed = base.remove("mouse");
        ORMap<String, PNCounter> changed = base.update(LAPTOP, "pen", change(LAPTOP, 1));
        ORMap<String, PNCounter> mouseChanged = base.update(LAPTOP, "mouse", change(LAPTOP, 1));

        assertThat(base.compare(removed)).isEqualTo(Causality.BEFORE);
        assertThat(removed.compare(base)).isEqualTo(Causality.AFTER);
        assertThat(removed.compare(changed)).isEqualTo(Causality.CONCURRENT);
        // The update replaced the very dot the remove cancelled, so it supersedes the remove.
        assertThat(removed.compare(mouseChanged)).isEqualTo(Causality.BEFORE);
        assertThat(removed.merge(mouseChanged)).isEqualTo(mouseChanged);
        assertThat(base.compare(EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1)))).isEqualTo(Causality.EQUAL);
        assertThat(removed.merge(changed).compare(changed)).isEqualTo(Causality.AFTER);
    }

    @Test
    void equalMapsBuiltDifferentlyAreEqual() {
        ORMap<String, PNCounter> byUpdates = EMPTY_CART
                .update(PHONE, "mouse", change(PHONE, 1))
                .merge(EMPTY_CART.update(LAPTOP, "pen", change(LAPTOP, 2)));
        ORMap<String, PNCounter> byOf = ORMap.of(
                Map.of("mouse", Set.of(Dot.of(PHONE, 1)), "pen", Set.of(Dot.of(LAPTOP, 1))),
                context(Map.of(PHONE, 1L, LAPTOP, 1L)),
                Map.of("mouse", PNCounter.empty().increment(PHONE, 1), "pen", PNCounter.empty().increment(LAPTOP, 2)),
                PNCounter.empty());

        assertThat(byUpdates).isEqualTo(byOf);
        assertThat(byUpdates.hashCode()).isEqualTo(byOf.hashCode());
        assertThat(byUpdates.compare(byOf)).isEqualTo(Causality.EQUAL);
    }

    @Test
    void mapsThatDifferOnlyInAHiddenValueAreNotEqual() {
        ORMap<String, PNCounter> removedOne = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1)).remove("mouse");
        ORMap<String, PNCounter> removedTwo = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 2)).remove("mouse");

        assertThat(removedOne.entries()).isEqualTo(removedTwo.entries());
        assertThat(removedOne).isNotEqualTo(removedTwo);
        assertThat(removedOne.compare(removedTwo)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void toStringShowsLiveEntriesRemovedCountAndContext() {
        ORMap<String, PNCounter> cart = EMPTY_CART
                .update(PHONE, "mouse", change(PHONE, 2))
                .update(PHONE, "cable", change(PHONE, 1))
                .remove("cable");

        assertThat(cart.toString()).startsWith("ORMap{").contains("mouse").contains("phone:1")
                .contains("(1 removed)").endsWith(" | {phone:2}}").doesNotContain("cable");
    }

    // ---- Nested CRDTs ----

    @Test
    void nestedORSetValuesMergeRecursively() {
        ORMap<String, ORSet<String>> empty = ORMap.empty(ORSet.empty());
        ORMap<String, ORSet<String>> synced = empty.update(PHONE, "gift", tags -> tags.add(PHONE, "wrap"));
        ORMap<String, ORSet<String>> phone = synced.update(PHONE, "gift",
                tags -> tags.remove("wrap").add(PHONE, "card"));
        ORMap<String, ORSet<String>> laptop = synced.update(LAPTOP, "gift", tags -> tags.add(LAPTOP, "ribbon"))
                .update(LAPTOP, "book", tags -> tags.add(LAPTOP, "signed"));

        ORMap<String, ORSet<String>> merged = phone.merge(laptop);

        assertThat(merged).isEqualTo(laptop.merge(phone));
        assertThat(merged.keys()).containsExactlyInAnyOrder("gift", "book");
        assertThat(merged.get("gift").orElseThrow().elements()).containsExactlyInAnyOrder("card", "ribbon");
        assertThat(merged.get("book").orElseThrow().elements()).containsExactly("signed");
        assertThat(merged.compare(phone)).isEqualTo(Causality.AFTER);
        assertThat(merged.compare(laptop)).isEqualTo(Causality.AFTER);
    }

    @Test
    void nestedORSetAddConcurrentWithRemovingItsKeyKeepsTheKey() {
        ORMap<String, ORSet<String>> synced = ORMap.<String, ORSet<String>>empty(ORSet.empty())
                .update(PHONE, "gift", tags -> tags.add(PHONE, "wrap"));
        ORMap<String, ORSet<String>> phone = synced.remove("gift");
        ORMap<String, ORSet<String>> laptop = synced.update(LAPTOP, "gift", tags -> tags.add(LAPTOP, "card"));

        ORMap<String, ORSet<String>> merged = phone.merge(laptop);

        assertThat(merged).isEqualTo(laptop.merge(phone));
        // The removed key's value was hidden, not cleared: "wrap" comes back with the key.
        assertThat(merged.get("gift").orElseThrow().elements()).containsExactlyInAnyOrder("wrap", "card");
    }

    @Test
    void mapsOfMapsMergeAtEveryLevel() {
        ORMap<String, ORMap<String, PNCounter>> carts = ORMap.empty(EMPTY_CART);
        ORMap<String, ORMap<String, PNCounter>> phone = carts.update(PHONE, "ada",
                cart -> cart.update(PHONE, "pen", change(PHONE, 1)));
        ORMap<String, ORMap<String, PNCounter>> laptop = carts.update(LAPTOP, "ada",
                cart -> cart.update(LAPTOP, "pen", change(LAPTOP, 2)).update(LAPTOP, "ink", change(LAPTOP, 1)));

        ORMap<String, ORMap<String, PNCounter>> merged = phone.merge(laptop);

        assertThat(merged).isEqualTo(laptop.merge(phone));
        assertThat(quantities(merged.get("ada").orElseThrow())).isEqualTo(Map.of("pen", 3L, "ink", 1L));
    }

    // ---- of: invariants ----

    @Test
    void ofRejectsALiveKeyWithoutAValue() {
        Map<String, Set<Dot>> keyDots = Map.of("mouse", Set.of(Dot.of(PHONE, 1)));
        CausalContext seen = context(Map.of(PHONE, 1L));

        assertThatIllegalArgumentException().isThrownBy(() -> ORMap.of(keyDots, seen, Map.of(), PNCounter.empty()))
                .withMessageContaining("mouse")
                .withMessageContaining("no value");
    }

    @Test
    void ofRejectsADotOutsideTheContext() {
        Map<String, Set<Dot>> keyDots = Map.of("mouse", Set.of(Dot.of(PHONE, 2)));
        Map<String, PNCounter> values = Map.of("mouse", PNCounter.empty().increment(PHONE, 1));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ORMap.of(keyDots, context(Map.of(PHONE, 1L)), values, PNCounter.empty()))
                .withMessageContaining("phone:2")
                .withMessageContaining("mouse")
                .withMessageContaining("not covered");
    }

    @Test
    void ofAcceptsHiddenValuesOfRemovedKeys() {
        Map<String, PNCounter> values = Map.of("cable", PNCounter.empty().increment(PHONE, 5));

        ORMap<String, PNCounter> cart = ORMap.of(Map.of(), context(Map.of(PHONE, 1L)), values, PNCounter.empty());

        assertThat(cart.isEmpty()).isTrue();
        assertThat(cart).isEqualTo(EMPTY_CART.update(PHONE, "cable", change(PHONE, 5)).remove("cable"));
    }

    @Test
    void methodsRejectNullWithTheParameterName() {
        ORMap<String, PNCounter> cart = EMPTY_CART.update(PHONE, "mouse", change(PHONE, 1));
        Map<String, PNCounter> nullValue = new HashMap<>();
        nullValue.put("mouse", null);
        CausalContext seen = context(Map.of(PHONE, 1L));

        assertThatNullPointerException().isThrownBy(() -> ORMap.<String, PNCounter>empty(null)).withMessage("bottom");
        assertThatNullPointerException().isThrownBy(() -> cart.update(null, "pen", change(PHONE, 1)))
                .withMessage("replica");
        assertThatNullPointerException().isThrownBy(() -> cart.update(PHONE, null, change(PHONE, 1)))
                .withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> cart.update(PHONE, "pen", null)).withMessage("update");
        assertThatNullPointerException().isThrownBy(() -> cart.update(PHONE, "pen", q -> null))
                .withMessageContaining("returned null");
        assertThatNullPointerException().isThrownBy(() -> cart.remove(null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> cart.get(null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> cart.containsKey(null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> cart.dots(null)).withMessage("key");
        assertThatNullPointerException().isThrownBy(() -> cart.merge(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> cart.compare(null)).withMessage("other");
        assertThatNullPointerException().isThrownBy(() -> ORMap.of(null, seen, Map.of(), PNCounter.empty()))
                .withMessage("keyDots");
        assertThatNullPointerException().isThrownBy(() -> ORMap.of(Map.of(), null, Map.of(), PNCounter.empty()))
                .withMessage("context");
        assertThatNullPointerException().isThrownBy(() -> ORMap.of(Map.of(), seen, null, PNCounter.empty()))
                .withMessage("values");
        assertThatNullPointerException().isThrownBy(() -> ORMap.<String, PNCounter>of(Map.of(), seen, Map.of(), null))
                .withMessage("bottom");
        assertThatNullPointerException().isThrownBy(() -> ORMap.of(Map.of(), seen, nullValue, PNCounter.empty()))
                .withMessageContaining("null value");
        assertThat(cart.get("mouse")).isEqualTo(Optional.of(PNCounter.empty().increment(PHONE, 1)));
    }
}
