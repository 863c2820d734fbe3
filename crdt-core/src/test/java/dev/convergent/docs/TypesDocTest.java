package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.ConflictingWriteException;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/types.md}, asserts what the page says after each one, and checks
 * that the page shows exactly the code between the {@code // types.md: NAME BEGIN} and {@code END}
 * markers below.
 */
class TypesDocTest {

    @Test
    void gCounter() {
        // types.md: gcounter BEGIN
        ReplicaId web1 = ReplicaId.of("web-1");
        ReplicaId web2 = ReplicaId.of("web-2");
        GCounter onWeb1 = GCounter.empty().increment(web1).increment(web1, 4);   // web-1 counted 5 views
        GCounter onWeb2 = GCounter.empty().increment(web2, 3);                   // web-2 counted 3
        GCounter views = onWeb1.merge(onWeb2);                   // 8; views.get(web1) is 5
        Mutation<GCounter> more = views.incrementDelta(web2, 2);  // delta {web-2:5}: one entry
        GCounter forWeb1 = more.state().diff(onWeb1.counts());   // {web-2:5}: web-1 has its own 5 already
        // onWeb1.merge(forWeb1) equals more.state(): 10
        // increments are >= 0: views.increment(web1, -1) throws IllegalArgumentException
        // types.md: gcounter END

        assertThat(onWeb1.value()).isEqualTo(5);
        assertThat(views.value()).isEqualTo(8);
        assertThat(views.get(web1)).isEqualTo(5);
        assertThat(views.get(web2)).isEqualTo(3);
        assertThat(more.delta().counts()).isEqualTo(VersionVector.of(Map.of(web2, 5L)));
        assertThat(views.merge(more.delta())).isEqualTo(more.state());
        assertThat(forWeb1.counts()).isEqualTo(VersionVector.of(Map.of(web2, 5L)));
        assertThat(onWeb1.merge(forWeb1)).isEqualTo(more.state());
        assertThat(more.state().value()).isEqualTo(10);
        assertThatThrownBy(() -> views.increment(web1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(views.stats().replicaIds()).isEqualTo(2);
    }

    @Test
    void gCounterWithASharedReplicaIdLosesIncrements() {
        ReplicaId web1 = ReplicaId.of("web-1");

        // types.md: gcounter-shared-id BEGIN
        GCounter process1 = GCounter.empty().increment(web1);    // two processes that both call
        GCounter process2 = GCounter.empty().increment(web1);    // themselves web-1
        GCounter lost = process1.merge(process2);                // 1, not 2: the maximum keeps one increment
        // types.md: gcounter-shared-id END

        assertThat(lost.value()).isEqualTo(1);
    }

    @Test
    void pnCounter() {
        // types.md: pncounter BEGIN
        ReplicaId shop = ReplicaId.of("shop");
        ReplicaId app = ReplicaId.of("app");
        PNCounter stock = PNCounter.empty().increment(shop, 3);     // 3 in stock; both replicas know it
        PNCounter soldInShop = stock.decrement(shop, 2);            // 1 left, as the shop sees it
        PNCounter soldInApp = stock.add(app, -2);                   // 1 left: add takes a signed change
        PNCounter merged = soldInShop.merge(soldInApp);             // -1: four sold out of three
        // merged.increments().value() is 3, merged.decrements().value() is 4
        PNCounter forApp = merged.diff(soldInApp);                  // only the shop's decrement
        // soldInApp.merge(forApp) equals merged
        // types.md: pncounter END

        assertThat(soldInShop.value()).isEqualTo(1);
        assertThat(soldInApp.value()).isEqualTo(1);
        assertThat(merged.value()).isEqualTo(-1);
        assertThat(merged.increments().value()).isEqualTo(3);
        assertThat(merged.decrements().value()).isEqualTo(4);
        assertThat(forApp.increments()).isEqualTo(GCounter.empty());
        assertThat(forApp.decrements().counts()).isEqualTo(VersionVector.of(Map.of(shop, 2L)));
        assertThat(soldInApp.merge(forApp)).isEqualTo(merged);
        assertThat(soldInShop.compare(soldInApp)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void lwwRegister() {
        // types.md: lwwregister BEGIN
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ReplicaId c = ReplicaId.of("c");
        LWWRegister<String> x = LWWRegister.of(a, "X", HybridTimestamp.ofMillis(100));
        LWWRegister<String> y = LWWRegister.of(b, "Y", HybridTimestamp.ofMillis(200));
        LWWRegister<String> z = LWWRegister.of(c, "Z", HybridTimestamp.ofMillis(150));
        LWWRegister<String> winner = x.merge(z).merge(y);          // Y, in any order: 200 is the greatest
        LWWRegister<String> tie = LWWRegister.of(a, "P", HybridTimestamp.ofMillis(300))
                .merge(LWWRegister.of(b, "Q", HybridTimestamp.ofMillis(300)));   // Q: same time, "b" > "a"

        HybridClock clock = HybridClock.system(Duration.ofMillis(500));   // one per replica
        LWWRegister<String> written = winner.write(a, "W", clock); // stamped after 200.0, so W wins
        Mutation<LWWRegister<String>> next = written.writeDelta(a, "V", clock);   // the delta is the register
        // types.md: lwwregister END

        assertThat(winner.value()).isEqualTo("Y");
        assertThat(y.merge(z).merge(x)).isEqualTo(winner);
        assertThat(z.merge(y.merge(x))).isEqualTo(winner);
        assertThat(tie.value()).isEqualTo("Q");
        assertThat(tie.writer()).isEqualTo(b);
        assertThat(written.value()).isEqualTo("W");
        assertThat(written.timestamp().isAfter(winner.timestamp())).isTrue();
        assertThat(written.compare(winner)).isEqualTo(Causality.AFTER);
        assertThat(next.delta()).isEqualTo(next.state());
        assertThat(next.state().value()).isEqualTo("V");

        // types.md: lwwregister-shared-id BEGIN
        HybridTimestamp sameInstant = HybridTimestamp.of(400, 0);
        LWWRegister<String> fromOneProcess = LWWRegister.of(a, "P1", sameInstant);
        LWWRegister<String> fromAnother = LWWRegister.of(a, "P2", sameInstant);   // same replica id "a"
        // fromOneProcess.merge(fromAnother) throws ConflictingWriteException instead of picking one
        // types.md: lwwregister-shared-id END

        assertThatThrownBy(() -> fromOneProcess.merge(fromAnother)).isInstanceOf(ConflictingWriteException.class);
        assertThat(fromOneProcess.compare(fromAnother)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void orSet() {
        // types.md: orset BEGIN
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ReplicaId c = ReplicaId.of("c");
        ORSet<String> atA = ORSet.<String>empty().add(a, "milk");       // milk, tagged a:1
        ORSet<String> atB = ORSet.<String>empty().add(b, "eggs");       // eggs, tagged b:1
        ORSet<String> atC = atA.merge(atB).remove("milk");              // C removes milk#a:1, which it saw
        ORSet<String> stale = atC.merge(atA);                           // {eggs}: a:1 was removed
        ORSet<String> readdedAtA = atA.add(a, "milk");                  // A adds milk again: tag a:2
        ORSet<String> all = atC.merge(readdedAtA);                      // {eggs, milk}: C never saw a:2
        ORSet<String> forC = all.diff(atC.context());                   // milk#a:2, and the dots C lacks
        // atC.merge(forC) equals all
        // types.md: orset END

        assertThat(atA.dots("milk")).containsExactly(Dot.of(a, 1));
        assertThat(atB.dots("eggs")).containsExactly(Dot.of(b, 1));
        assertThat(atC.elements()).containsExactly("eggs");
        assertThat(atC.context().contains(Dot.of(a, 1))).isTrue();
        assertThat(stale).isEqualTo(atC);
        assertThat(readdedAtA.dots("milk")).containsExactly(Dot.of(a, 2));
        assertThat(all.elements()).containsExactlyInAnyOrder("eggs", "milk");
        assertThat(all.dots("milk")).containsExactly(Dot.of(a, 2));
        assertThat(all).isEqualTo(readdedAtA.merge(atC));
        assertThat(atC.compare(readdedAtA)).isEqualTo(Causality.CONCURRENT);
        assertThat(forC.elements()).containsExactly("milk");
        assertThat(atC.merge(forC)).isEqualTo(all);
    }

    @Test
    void mvRegister() {
        // types.md: mvregister BEGIN
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ReplicaId c = ReplicaId.of("c");
        MVRegister<List<String>> atA = MVRegister.<List<String>>empty().write(a, List.of("Book"));  // {a:1}
        MVRegister<List<String>> atB = MVRegister.<List<String>>empty().write(b, List.of("Pen"));   // {b:1}
        MVRegister<List<String>> atC = MVRegister.<List<String>>empty().merge(atB).merge(atA);     // syncs B, A
        // atC.values() is {[Book], [Pen]}: two siblings, context {a:1, b:1}
        Set<String> union = new TreeSet<>();
        atC.values().forEach(union::addAll);
        MVRegister<List<String>> resolved = atC.write(c, List.copyOf(union));   // [Book, Pen], {a:1, b:1, c:1}
        // types.md: mvregister END

        assertThat(atA.compare(atB)).isEqualTo(Causality.CONCURRENT);
        assertThat(atC.values()).containsExactlyInAnyOrder(List.of("Book"), List.of("Pen"));
        assertThat(atC.siblingCount()).isEqualTo(2);
        assertThat(atC.context()).isEqualTo(CausalContext.of(VersionVector.of(Map.of(a, 1L, b, 1L))));
        assertThat(resolved.values()).containsExactly(List.of("Book", "Pen"));
        assertThat(resolved.context()).isEqualTo(CausalContext.of(VersionVector.of(Map.of(a, 1L, b, 1L, c, 1L))));
        assertThat(resolved.compare(atA)).isEqualTo(Causality.AFTER);
        assertThat(resolved.compare(atB)).isEqualTo(Causality.AFTER);
        assertThat(resolved.merge(atA).merge(atB)).isEqualTo(resolved);

        // types.md: mvregister-no-pile-up BEGIN
        MVRegister<String> register = MVRegister.<String>empty().write(a, "v1").write(a, "v2");   // one sibling
        MVRegister<String> sameValue = register.write(a, "v3").merge(register.write(b, "v3"));   // one sibling
        // types.md: mvregister-no-pile-up END

        assertThat(register.values()).containsExactly("v2");
        assertThat(sameValue.values()).containsExactly("v3");
        assertThat(sameValue.siblingCount()).isEqualTo(1);
        assertThat(sameValue.dots("v3")).hasSize(2);
    }

    @Test
    void orMap() {
        // types.md: ormap BEGIN
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ORMap<String, ORSet<String>> files = ORMap.empty(ORSet.<String>empty());   // file name to its tags
        ORMap<String, ORSet<String>> tagged = files
                .update(a, "report.pdf", tags -> tags.add(a, "draft"))
                .update(a, "report.pdf", tags -> tags.add(a, "q3"));
        ORMap<String, ORSet<String>> removedAtA = tagged.remove("report.pdf");   // gone; its tags are hidden
        ORMap<String, ORSet<String>> taggedAtB = tagged.update(b, "report.pdf", tags -> tags.add(b, "final"));
        ORMap<String, ORSet<String>> merged = removedAtA.merge(taggedAtB);
        // report.pdf is back (add wins), with tags {draft, q3, final}: the hidden tags return with it
        Mutation<ORMap<String, ORSet<String>>> d = merged.updateDelta(a, "notes.txt", tags -> tags.addDelta(a, "todo"));
        // d.delta() holds notes.txt's new dot and the one-element delta of its tag set
        // types.md: ormap END

        assertThat(removedAtA.containsKey("report.pdf")).isFalse();
        assertThat(removedAtA.get("report.pdf")).isEmpty();
        assertThat(removedAtA.valueStates().get("report.pdf").elements()).containsExactlyInAnyOrder("draft", "q3");
        assertThat(merged).isEqualTo(taggedAtB.merge(removedAtA));
        assertThat(merged.get("report.pdf").orElseThrow().elements())
                .containsExactlyInAnyOrder("draft", "q3", "final");
        assertThat(d.delta().keys()).containsExactly("notes.txt");
        assertThat(d.delta().valueStates()).containsOnlyKeys("notes.txt");
        assertThat(d.delta().valueStates().get("notes.txt").elements()).containsExactly("todo");
        assertThat(merged.merge(d.delta())).isEqualTo(d.state());
        assertThat(taggedAtB.merge(merged.diff(taggedAtB.context()))).isEqualTo(taggedAtB.merge(merged));
    }

    @Test
    void lwwMap() {
        // types.md: lwwmap BEGIN
        ReplicaId phone = ReplicaId.of("phone");
        ReplicaId web = ReplicaId.of("web");
        HybridClock phoneClock = HybridClock.of(() -> 1_000L, Duration.ofMillis(500));   // physical time fixed
        HybridClock webClock = HybridClock.of(() -> 1_200L, Duration.ofMillis(500));     // for the example
        LWWMap<String, String> profile = LWWMap.<String, String>empty()
                .put(phone, "name", "Ada", phoneClock)                  // 1000.0
                .put(phone, "city", "London", phoneClock);              // 1000.1
        LWWMap<String, String> onPhone = profile.remove(phone, "city", phoneClock);   // tombstone at 1000.2
        LWWMap<String, String> onWeb = profile.put(web, "city", "Paris", webClock);   // 1200.0
        LWWMap<String, String> merged = onPhone.merge(onWeb);   // name Ada, city Paris: the later write wins
        LWWMap<String, String> cleared = merged.remove(web, "city", webClock);        // tombstone at 1200.1
        LWWMap<String, String> late = cleared.merge(onWeb);     // city stays removed: 1200.0 is older
        LWWMap<String, String> changes = late.diff(HybridTimestamp.ofMillis(1_100)); // city's tombstone only
        // types.md: lwwmap END

        assertThat(profile.entries()).isEqualTo(Map.of("name", "Ada", "city", "London"));
        assertThat(profile.registers().get("name").timestamp()).isEqualTo(HybridTimestamp.of(1_000, 0));
        assertThat(profile.registers().get("city").timestamp()).isEqualTo(HybridTimestamp.of(1_000, 1));
        assertThat(onPhone.registers().get("city").timestamp()).isEqualTo(HybridTimestamp.of(1_000, 2));
        assertThat(onPhone.get("city")).isEmpty();
        assertThat(onWeb.registers().get("city").timestamp()).isEqualTo(HybridTimestamp.of(1_200, 0));
        assertThat(merged.entries()).isEqualTo(Map.of("name", "Ada", "city", "Paris"));
        assertThat(merged).isEqualTo(onWeb.merge(onPhone));
        assertThat(cleared.registers().get("city").timestamp()).isEqualTo(HybridTimestamp.of(1_200, 1));
        assertThat(late).isEqualTo(cleared);
        assertThat(late.get("city")).isEmpty();
        assertThat(late.keys()).containsExactly("name");
        assertThat(late.registers()).containsKey("city");
        assertThat(changes.registers()).containsOnlyKeys("city");
        assertThat(changes.registers().get("city").value()).isEqualTo(Optional.empty());
    }

    @Test
    void enableWinsFlag() {
        // types.md: flag BEGIN
        ReplicaId ops = ReplicaId.of("ops");
        ReplicaId oncall = ReplicaId.of("oncall");
        EnableWinsFlag on = EnableWinsFlag.disabled().enable(ops);   // maintenance mode on, seen everywhere
        EnableWinsFlag off = on.disable();                           // ops switches it off ...
        EnableWinsFlag onAgain = on.enable(oncall);                  // ... while oncall switches it on again
        EnableWinsFlag merged = off.merge(onAgain);                  // on: the disable never saw oncall's enable
        EnableWinsFlag stale = off.merge(on);                        // off: the disable saw ops's enable
        // types.md: flag END

        assertThat(on.isEnabled()).isTrue();
        assertThat(off.isEnabled()).isFalse();
        assertThat(off.compare(on)).isEqualTo(Causality.AFTER);
        assertThat(merged.isEnabled()).isTrue();
        assertThat(merged).isEqualTo(onAgain.merge(off));
        assertThat(merged.enables()).containsExactly(Dot.of(oncall, 1));
        assertThat(stale).isEqualTo(off);
        assertThat(stale.isEnabled()).isFalse();
    }

    @Test
    void thePageShowsExactlyTheCodeTheseTestsRun() {
        Snippets.assertPageShowsExactly("types.md", TypesDocTest.class);
    }
}
