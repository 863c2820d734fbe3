package dev.convergent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Pruning;
import dev.convergent.crdt.PruningConflictException;
import dev.convergent.lattice.Mutation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The log's invariants, on hand-made histories: they accept exactly the state the documented
 * semantics give, and name what is wrong in any other.
 */
class OpLogTest {

    private static final ReplicaId A = ReplicaId.of("dc1");
    private static final ReplicaId B = ReplicaId.of("dc2");
    private static final ReplicaId C = ReplicaId.of("dc3");
    private static final String CART = "cart-1";

    private final OpLog log = new OpLog();

    /** Updates {@code item} at {@code replica} by {@code change}, logging it as the simulation does. */
    private ORMap<String, PNCounter> update(ORMap<String, PNCounter> items, ReplicaId replica, String item,
            long change) {
        Set<Dot> observed = Set.copyOf(items.dots(item));
        Mutation<ORMap<String, PNCounter>> m = items.updateDelta(replica, item, q -> q.addDelta(replica, change));
        PNCounter q = m.state().valueStates().get(item);
        log.add(new OpLog.ItemUpdate(CART, item, replica, m.state().dots(item).iterator().next(), observed, change,
                q.increments().get(replica), q.decrements().get(replica), 0, 0));
        return m.state();
    }

    private ORMap<String, PNCounter> remove(ORMap<String, PNCounter> items, String item) {
        log.add(new OpLog.ItemRemove(CART, item, Set.copyOf(items.dots(item)), 0, 0));
        return items.remove(item);
    }

    private static CartState items(ORMap<String, PNCounter> items) {
        return CartState.EMPTY.withItems(items);
    }

    @Test
    void addWinsAndHiddenQuantitiesAreWhatTheLogImplies() {
        ORMap<String, PNCounter> synced = update(CartState.NO_ITEMS, A, "mouse", 2);
        ORMap<String, PNCounter> atA = remove(synced, "mouse");              // A removes the mouse...
        ORMap<String, PNCounter> atB = update(synced, B, "mouse", 1);        // ...while B adds one more
        ORMap<String, PNCounter> cart = update(remove(atA.merge(atB), "mouse"), A, "mouse", 3);  // then gone, and back

        assertThat(log.check(CART, items(atA.merge(atB)))).as("not every write seen yet").isNotEmpty();
        assertThat(log.check(CART, items(cart))).isEmpty();
        assertThat(cart.get("mouse").orElseThrow().value()).as("hidden 2 + 1, then 3").isEqualTo(6);
    }

    @Test
    void anItemWhoseEveryUpdateWasRemovedMustNotSurvive() {
        ORMap<String, PNCounter> added = update(CartState.NO_ITEMS, A, "desk", 1);
        remove(added, "desk");

        assertThat(log.check(CART, items(added)))
                .singleElement().asString().contains("item desk").contains("resurrected");
    }

    @Test
    void anUpdateNoRemoveObservedMustSurvive() {
        ORMap<String, PNCounter> added = update(CartState.NO_ITEMS, A, "desk", 1);
        ORMap<String, PNCounter> more = update(added, B, "desk", 1);

        assertThat(log.check(CART, items(added.remove("desk")))).anySatisfy(p -> assertThat(p).contains("lost"));
        assertThat(log.check(CART, items(more))).isEmpty();
    }

    @Test
    void aQuantityMustBeTheSumOfItsChangesPerReplica() {
        ORMap<String, PNCounter> cart = update(update(CartState.NO_ITEMS, A, "lamp", 3), B, "lamp", -1);
        ORMap<String, PNCounter> unlogged = cart.update(A, "lamp", q -> q.increment(A, 0));
        ORMap<String, PNCounter> wrong = CartState.NO_ITEMS.merge(cart).update(B, "lamp", q -> q.increment(B, 1));

        assertThat(log.check(CART, items(cart))).isEmpty();
        assertThat(log.check(CART, items(wrong))).anySatisfy(p -> assertThat(p).contains("quantity"));
        assertThat(log.check(CART, items(unlogged))).as("an update the log does not know").isNotEmpty();
    }

    @Test
    void siblingsAreTheWritesNoLaterWriteObserved() {
        MVRegister<String> fromA = MVRegister.<String>empty().write(A, "mouse=1");
        MVRegister<String> fromB = MVRegister.<String>empty().write(B, "desk=1");
        log.add(new OpLog.VersionWrite(CART, Dot.of(A, 1), Set.of(), "mouse=1", 0, 0, 0));
        log.add(new OpLog.VersionWrite(CART, Dot.of(B, 1), Set.of(), "desk=1", 0, 0, 1));
        MVRegister<String> both = fromA.merge(fromB);

        assertThat(log.check(CART, CartState.EMPTY.withVersions(both))).isEmpty();
        assertThat(log.check(CART, CartState.EMPTY.withVersions(fromA))).singleElement().asString()
                .contains("siblings");

        MVRegister<String> resolved = both.write(A, "desk=1;mouse=1");
        log.add(new OpLog.VersionWrite(CART, Dot.of(A, 2), Set.of(Dot.of(A, 1), Dot.of(B, 1)), "desk=1;mouse=1", 2,
                0, 0));
        assertThat(log.check(CART, CartState.EMPTY.withVersions(resolved))).isEmpty();
        assertThat(log.check(CART, CartState.EMPTY.withVersions(both))).isNotEmpty();
    }

    @Test
    void aFieldHoldsItsLatestWriteWhateverTheOrder() {
        HybridTimestamp early = HybridTimestamp.of(1_000, 0);
        HybridTimestamp late = HybridTimestamp.of(1_000, 1);
        log.add(new OpLog.FieldWrite(CART, "address", late, A, "Elm St", 5, 0));
        log.add(new OpLog.FieldWrite(CART, "address", early, B, "Oak St", 9, 1));   // later in real time, loses
        LWWMap<String, String> right = LWWMap.<String, String>empty()
                .putDelta(B, "address", "Oak St", early).state().putDelta(A, "address", "Elm St", late).state();
        LWWMap<String, String> wrong = LWWMap.<String, String>empty().putDelta(B, "address", "Oak St", early).state();

        assertThat(log.check(CART, CartState.EMPTY.withFields(right))).isEmpty();
        assertThat(log.check(CART, CartState.EMPTY.withFields(wrong))).singleElement().asString()
                .contains("field address").contains("Elm St");
    }

    @Test
    void visibilityFollowsTheState() {
        ORMap<String, PNCounter> added = update(CartState.NO_ITEMS, A, "desk", 2);
        OpLog.Write write = log.writes().get(0);

        assertThat(write.visibleAt(items(added))).isTrue();
        assertThat(write.visibleAt(CartState.EMPTY)).isFalse();
        assertThat(write.visibleAt(items(added.remove("desk")))).as("a removed item's quantity is kept").isTrue();
    }

    // ---- pruning: the log keeps the retired replica's original dots and counts ----

    @Test
    void aPrunedCartIsReadThroughItsMarkers() {
        ORMap<String, PNCounter> atA = update(CartState.NO_ITEMS, A, "mouse", 2);        // (dc1,1)
        ORMap<String, PNCounter> atB = update(atA, B, "mouse", 1);                        // (dc2,1) replaces it
        atB = update(atB, B, "desk", 3);
        atB = update(atB, B, "desk", -1);                                                 // dc2's last write
        ORMap<String, PNCounter> lastOfB = atB;
        ORMap<String, PNCounter> unpruned = update(atA.merge(lastOfB), A, "lamp", 1);     // (dc1,2)
        ORMap<String, PNCounter> pruned = unpruned.prune(B, A);                           // (dc2,c) is (dc1,2+c)

        assertThat(pruned.replicaIds()).containsExactly(A);
        assertThat(pruned.prunings()).containsExactly(new Pruning(B, A, 2, 3));
        assertThat(log.check(CART, items(pruned))).isEmpty();
        assertThat(log.writes()).allSatisfy(w -> assertThat(w.visibleAt(items(pruned))).as(w.toString()).isTrue());
        assertThat(log.writes().get(3).visibleAt(items(atA.merge(pruned))))
                .as("a state that merged the pruned one sees dc2's writes under their new names").isTrue();

        ORMap<String, PNCounter> later = update(pruned.merge(lastOfB), A, "desk", 1);    // a stale message, then more
        assertThat(log.check(CART, items(later))).isEmpty();
        assertThat(log.check(CART, items(update(later, A, "mouse", -1)))).isEmpty();
    }

    @Test
    void aSuccessorThatPrunedBeforeTheRetiredReplicasLastWriteIsCaught() {
        ORMap<String, PNCounter> atB = update(CartState.NO_ITEMS, B, "mouse", 1);
        ORMap<String, PNCounter> early = CartState.NO_ITEMS.merge(atB);                  // dc1 has seen (dc2,1) only
        ORMap<String, PNCounter> lastOfB = update(atB, B, "mouse", 2);
        ORMap<String, PNCounter> pruned = early.prune(B, A);

        assertThat(log.check(CART, items(pruned)))
                .anySatisfy(p -> assertThat(p).contains("beyond the pruning marker"))
                .anySatisfy(p -> assertThat(p).contains("whose logged sum is 3"));
        assertThatThrownBy(() -> pruned.merge(lastOfB)).as("the library refuses the merge too")
                .isInstanceOf(PruningConflictException.class);
    }

    @Test
    void prunedVersionsAreReadThroughTheirMarker() {
        MVRegister<String> fromA = MVRegister.<String>empty().write(A, "mouse=1");
        MVRegister<String> fromB = MVRegister.<String>empty().write(B, "desk=1");
        log.add(new OpLog.VersionWrite(CART, Dot.of(A, 1), Set.of(), "mouse=1", 0, 0, 0));
        log.add(new OpLog.VersionWrite(CART, Dot.of(B, 1), Set.of(), "desk=1", 0, 0, 1));
        MVRegister<String> pruned = fromA.merge(fromB).prune(B, A);

        assertThat(pruned.replicaIds()).containsExactly(A);
        assertThat(pruned.dots("desk=1")).containsExactly(Dot.of(A, 2));
        assertThat(log.check(CART, CartState.EMPTY.withVersions(pruned))).isEmpty();
        assertThat(log.writes().get(1).visibleAt(CartState.EMPTY.withVersions(pruned))).isTrue();
        assertThat(log.writes().get(1).visibleAt(CartState.EMPTY.withVersions(fromA))).isFalse();

        MVRegister<String> resolved = pruned.write(A, "desk=1;mouse=1");                  // observes (dc1,1), (dc1,2)
        log.add(new OpLog.VersionWrite(CART, Dot.of(A, 3), Set.of(Dot.of(A, 1), Dot.of(A, 2)), "desk=1;mouse=1", 2,
                0, 0));
        assertThat(log.check(CART, CartState.EMPTY.withVersions(resolved))).isEmpty();
        assertThat(log.check(CART, CartState.EMPTY.withVersions(resolved.merge(fromB)))).as("a stale sibling")
                .isEmpty();
    }

    @Test
    void renamingAndCountingFollowTheMarkersAlone() {
        List<Pruning> chain = List.of(new Pruning(B, A, 2, 3), new Pruning(A, C, 10, 7));
        assertThat(OpLog.renamed(Dot.of(B, 2), chain.subList(0, 1))).isEqualTo(Dot.of(A, 4));
        assertThat(OpLog.renamed(Dot.of(B, 2), chain)).isEqualTo(Dot.of(C, 14));
        assertThat(OpLog.renamed(Dot.of(C, 2), chain)).isEqualTo(Dot.of(C, 2));

        GCounter folded = GCounter.of(VersionVector.of(Map.of(A, 6L)), chain.subList(0, 1));  // dc1 2 + dc2 3, then 1
        assertThat(OpLog.counted(folded, B, 3)).isTrue();
        assertThat(OpLog.counted(folded, B, 5)).isFalse();
        assertThat(OpLog.counted(folded, A, 6)).isTrue();
        assertThat(OpLog.counted(folded, B, 0)).isTrue();
        assertThat(OpLog.counted(GCounter.empty().increment(B, 3), B, 3)).as("no marker: as logged").isTrue();
    }
}
