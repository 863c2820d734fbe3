package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/cart.md} in order, asserts what the page says after each one,
 * and checks that the page shows exactly the code between the {@code // cart.md: NAME BEGIN} and
 * {@code END} markers below.
 */
class CartDocTest {

    private static Map<String, Long> quantities(ORMap<String, PNCounter> cart) {
        Map<String, Long> result = new HashMap<>();
        cart.entries().forEach((item, quantity) -> result.put(item, quantity.value()));
        return result;
    }

    @Test
    void theCartStoryRunsAsThePageTellsIt() {
        // cart.md: add-items BEGIN
        ReplicaId phone = ReplicaId.of("phone-virginia");
        ReplicaId laptop = ReplicaId.of("laptop-oregon");
        ORMap<String, PNCounter> empty = ORMap.empty(PNCounter.empty());
        ORMap<String, PNCounter> synced = empty
                .update(phone, "headphones", q -> q.increment(phone, 1))
                .update(phone, "charger", q -> q.increment(phone, 2));
        // both devices now hold `synced`: headphones 1, charger 2
        // cart.md: add-items END

        assertThat(quantities(synced)).isEqualTo(Map.of("headphones", 1L, "charger", 2L));

        // cart.md: change-quantity BEGIN
        ORMap<String, PNCounter> onPhone = synced.update(phone, "charger", q -> q.add(phone, +1));
        ORMap<String, PNCounter> onLaptop = synced.update(laptop, "charger", q -> q.add(laptop, +2));
        Causality edits = onPhone.compare(onLaptop);                // CONCURRENT
        ORMap<String, PNCounter> merged = onPhone.merge(onLaptop);  // charger: 2 + 1 + 2 = 5
        // cart.md: change-quantity END

        assertThat(edits).isEqualTo(Causality.CONCURRENT);
        assertThat(merged).isEqualTo(onLaptop.merge(onPhone));
        assertThat(quantities(merged)).isEqualTo(Map.of("headphones", 1L, "charger", 5L));

        // cart.md: remove-while-updating BEGIN
        ORMap<String, PNCounter> phoneRemoves = merged.remove("headphones");
        ORMap<String, PNCounter> laptopAdds = merged.update(laptop, "headphones", q -> q.add(laptop, +1));
        ORMap<String, PNCounter> afterRemove = phoneRemoves.merge(laptopAdds);
        // headphones stay: the laptop's update was concurrent with the remove (add wins).
        // Quantity 2, not 1: the remove hid the old quantity (1), and the laptop's +1 lands on top of it.
        // cart.md: remove-while-updating END

        assertThat(phoneRemoves.containsKey("headphones")).isFalse();
        assertThat(afterRemove).isEqualTo(laptopAdds.merge(phoneRemoves));
        assertThat(quantities(afterRemove)).isEqualTo(Map.of("headphones", 2L, "charger", 5L));

        // cart.md: reset-then-remove BEGIN
        ORMap<String, PNCounter> phoneResets = merged
                .update(phone, "headphones", q -> q.add(phone, -q.value()))   // quantity back to 0
                .remove("headphones");
        ORMap<String, PNCounter> afterReset = phoneResets.merge(laptopAdds);
        // headphones stay with quantity 1: exactly the laptop's concurrent +1
        // cart.md: reset-then-remove END

        assertThat(phoneResets.containsKey("headphones")).isFalse();
        assertThat(afterReset).isEqualTo(laptopAdds.merge(phoneResets));
        assertThat(quantities(afterReset)).isEqualTo(Map.of("headphones", 1L, "charger", 5L));

        // cart.md: deltas BEGIN
        // Both devices hold `afterReset`. The phone edits, keeping each change's delta to ship.
        Mutation<ORMap<String, PNCounter>> d1 = afterReset.updateDelta(phone, "mouse", q -> q.incrementDelta(phone, 1));
        Mutation<ORMap<String, PNCounter>> d2 = d1.state().updateDelta(phone, "cable", q -> q.incrementDelta(phone, 2));
        Mutation<ORMap<String, PNCounter>> d3 = d2.state().removeDelta("charger");
        ORMap<String, PNCounter> phoneNow = d3.state();              // headphones 1, mouse 1, cable 2
        // The network loses d1, delivers d3 before d2, and d2 twice.
        ORMap<String, PNCounter> laptopWaiting = afterReset
                .merge(d3.delta())
                .merge(d2.delta())
                .merge(d2.delta());
        // laptopWaiting has the cable but no mouse; its context holds d2's dot in the dot cloud
        ORMap<String, PNCounter> laptopNow = laptopWaiting.merge(d1.delta());   // d1, sent again
        // laptopNow equals phoneNow
        // cart.md: deltas END

        assertThat(quantities(phoneNow)).isEqualTo(Map.of("headphones", 1L, "mouse", 1L, "cable", 2L));
        assertThat(quantities(laptopWaiting)).isEqualTo(Map.of("headphones", 1L, "cable", 2L));
        assertThat(laptopWaiting.context().cloud()).containsExactly(Dot.of(phone, 6));
        assertThat(laptopNow).isEqualTo(phoneNow);
        assertThat(laptopNow.context().isCompact()).isTrue();
        for (ORMap<String, PNCounter> delta : List.of(d1.delta(), d2.delta(), d3.delta())) {
            assertThat(delta.valueStates().size()).as("delta %s", delta).isLessThanOrEqualTo(1);
            assertThat(delta.keys().size()).isLessThanOrEqualTo(1);
            assertThat(delta.context().versionVector().sum() + delta.context().cloud().size()).isLessThanOrEqualTo(2);
        }

        // cart.md: converge BEGIN
        ORMap<String, PNCounter> laptopEdit = laptopNow.update(laptop, "keyboard", q -> q.add(laptop, +1));
        ORMap<String, PNCounter> phoneEdit = phoneNow.update(phone, "cable", q -> q.add(phone, -1));
        ORMap<String, PNCounter> atPhone = phoneEdit.merge(laptopEdit);
        ORMap<String, PNCounter> atLaptop = laptopEdit.merge(phoneEdit);
        ORMap<String, PNCounter> again = atPhone.merge(laptopEdit).merge(phoneEdit).merge(synced);
        // atPhone, atLaptop and again are equal: headphones 1, mouse 1, cable 1, keyboard 1
        // cart.md: converge END

        assertThat(atPhone).isEqualTo(atLaptop).isEqualTo(again);
        assertThat(quantities(atPhone)).isEqualTo(Map.of("headphones", 1L, "mouse", 1L, "cable", 1L, "keyboard", 1L));
    }

    @Test
    void theDynamoStyleCartKeepsSiblingsAsThePageTellsIt() {
        ReplicaId phone = ReplicaId.of("phone-virginia");
        ReplicaId laptop = ReplicaId.of("laptop-oregon");

        // cart.md: siblings BEGIN
        MVRegister<Set<String>> fromPhone = MVRegister.<Set<String>>empty().write(phone, Set.of("headphones"));
        MVRegister<Set<String>> fromLaptop = MVRegister.<Set<String>>empty().write(laptop, Set.of("laptop"));
        MVRegister<Set<String>> read = fromPhone.merge(fromLaptop);
        // read.values() holds both versions, [headphones] and [laptop]: the writes were CONCURRENT
        Set<String> union = new TreeSet<>();
        read.values().forEach(union::addAll);
        MVRegister<Set<String>> resolved = read.write(phone, union);
        // one sibling again, [headphones, laptop], written after both versions
        // cart.md: siblings END

        assertThat(read.values()).containsExactlyInAnyOrder(Set.of("headphones"), Set.of("laptop"));
        assertThat(fromPhone.compare(fromLaptop)).isEqualTo(Causality.CONCURRENT);
        assertThat(resolved.values()).containsExactly(Set.of("headphones", "laptop"));
        assertThat(resolved.compare(fromPhone)).isEqualTo(Causality.AFTER);
        assertThat(resolved.compare(fromLaptop)).isEqualTo(Causality.AFTER);

        // cart.md: siblings-again BEGIN
        MVRegister<Set<String>> phoneVersion = resolved.write(phone, Set.of("headphones", "mouse"));
        MVRegister<Set<String>> laptopVersion = resolved.write(laptop, Set.of("headphones", "laptop", "keyboard"));
        MVRegister<Set<String>> conflict = phoneVersion.merge(laptopVersion);
        // two siblings; their union is [headphones, keyboard, laptop, mouse]: the removed laptop is back
        // cart.md: siblings-again END

        assertThat(phoneVersion.compare(laptopVersion)).isEqualTo(Causality.CONCURRENT);
        assertThat(conflict.siblingCount()).isEqualTo(2);
        Set<String> unionAgain = new TreeSet<>();
        conflict.values().forEach(unionAgain::addAll);
        assertThat(unionAgain).containsExactly("headphones", "keyboard", "laptop", "mouse");
    }

    @Test
    void thePageShowsExactlyTheCodeTheseTestsRun() {
        Snippets.assertPageShowsExactly("cart.md", CartDocTest.class);
    }
}
