package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * What the live-dot index serves, checked on states large enough to use it: merging a small state without hints
 * (a decoded delta, a concurrent branch's changes, or a hostile state that reuses a dot) gives exactly the full
 * merge in either order, refusing a reused dot as it does; an indexed state keeps its index equal to its dots
 * through every mutator and merge; and {@code diff} equals the join decomposition enumerated dot by dot and
 * brings the peer up to date.
 */
class DotKernelIndexTest {

    private static final ReplicaId[] WRITERS = {
        ReplicaId.of("a"), ReplicaId.of("b"), ReplicaId.of("c"), ReplicaId.of("d")
    };

    /** A random large state, and its ancestors along the way, from one seed. */
    private static final class History {
        final Random rnd;
        final List<DotKernel<String>> ancestors = new ArrayList<>();
        DotKernel<String> state = DotKernel.empty();
        private int branches;

        History(long seed) {
            rnd = new Random(seed);
            int ops = DotKernel.INDEXED_MERGE_MIN * 2 + rnd.nextInt(300);
            boolean warmEarly = rnd.nextBoolean();
            for (int i = 0; i < ops; i++) {
                state = edit(state, WRITERS[rnd.nextInt(WRITERS.length)]);
                if (i % 37 == 0) {
                    ancestors.add(state);
                }
                if (warmEarly && i == ops / 3) {
                    state.index();
                }
                if (i % 53 == 0 && !ancestors.isEmpty()) {
                    // a concurrent branch of another writer merged back: keys with two dots, and cloud dots
                    DotKernel<String> branch = ancestors.get(rnd.nextInt(ancestors.size()));
                    ReplicaId writer = freshId();
                    for (int j = 0, n = 1 + rnd.nextInt(4); j < n; j++) {
                        branch = edit(branch, writer);
                    }
                    state = state.merge(branch);
                }
            }
        }

        /** A replica id no state of this history has used: each concurrent branch writes as its own replica. */
        ReplicaId freshId() {
            return ReplicaId.of("branch-" + branches++);
        }

        DotKernel<String> edit(DotKernel<String> s, ReplicaId writer) {
            if (s.size() > 0 && rnd.nextInt(10) < 3) {
                List<String> keys = new ArrayList<>(s.keys());
                keys.sort(null);
                return s.remove(keys.get(rnd.nextInt(keys.size()))).state();
            }
            return s.add(writer, "e" + rnd.nextInt(500)).state();
        }
    }

    /** The state with the same dots and context and no hints, as a decoder makes it. */
    private static DotKernel<String> decoded(DotKernel<String> k) {
        Map<String, Set<Dot>> entries = new HashMap<>();
        for (String key : k.keys()) {
            entries.put(key, k.dots(key));
        }
        return DotKernel.of(entries, k.context(), "key");
    }

    /** The merge's result, or the name of the exception it threw. */
    private static Object attempt(java.util.function.Supplier<DotKernel<String>> merge) {
        try {
            return merge.get();
        } catch (ConflictingWriteException e) {
            return "ConflictingWriteException";
        }
    }

    private static void assertIndexCurrent(Object result) {
        if (result instanceof DotKernel<?> k && k.isIndexed()) {
            @SuppressWarnings("unchecked")
            DotKernel<String> s = (DotKernel<String>) k;
            assertThat(s.index().toString()).as("the index carried equals the dots")
                    .isEqualTo(DotIndex.of(ChampMap.copyOf(valuesOf(s))).toString());
        }
    }

    private static Map<String, Object> valuesOf(DotKernel<String> k) {
        Map<String, Object> values = new HashMap<>();
        for (String key : k.keys()) {
            values.put(key, Dots.of(k.dots(key)));
        }
        return values;
    }

    /** Small states to merge into the history's state: a branch's delta, decoded or not, and a hostile state. */
    private static List<DotKernel<String>> smallStates(History h) {
        List<DotKernel<String>> out = new ArrayList<>();
        DotKernel<String> from = h.ancestors.get(h.rnd.nextInt(h.ancestors.size()));
        DotKernel<String> group = DotKernel.empty();
        DotKernel<String> branch = from;
        // now and then an old writer goes on from an ancestor: a reused replica id, which merges must refuse
        ReplicaId writer = h.rnd.nextInt(4) == 0 ? WRITERS[h.rnd.nextInt(WRITERS.length)] : h.freshId();
        for (int i = 0, n = 1 + h.rnd.nextInt(3); i < n; i++) {
            Mutation<DotKernel<String>> m = h.rnd.nextBoolean() && branch.size() > 0
                    ? branch.remove(new ArrayList<>(branch.keys()).stream().sorted().toList()
                            .get(h.rnd.nextInt(branch.size())))
                    : branch.add(writer, "e" + h.rnd.nextInt(600));
            branch = m.state();
            group = group.merge(m.delta());
        }
        out.add(group);
        out.add(decoded(group));
        // a state claiming one dot of the state under a random key: a reused dot unless the key is the holder's
        List<String> keys = new ArrayList<>(h.state.keys());
        keys.sort(null);
        String holder = keys.get(h.rnd.nextInt(keys.size()));
        Dot taken = h.state.dots(holder).iterator().next();
        String claimed = h.rnd.nextBoolean() ? holder : "e" + h.rnd.nextInt(600);
        out.add(DotKernel.of(Map.of(claimed, Set.of(taken)), CausalContext.ofDots(List.of(taken)), "key"));
        // a state whose context covers a run of another writer's dots: it removes what it does not hold
        ReplicaId w = WRITERS[h.rnd.nextInt(WRITERS.length)];
        long upTo = 1 + h.rnd.nextInt((int) Math.max(1, h.state.context().versionVector().get(w) / 20 + 1));
        out.add(DotKernel.of(Map.of(), CausalContext.of(VersionVector.of(Map.of(w, upTo))), "key"));
        return out;
    }

    @Property(tries = 60)
    void mergingASmallStateWithoutHintsEqualsTheFullMergeInEitherOrder(@ForAll long seed) {
        History h = new History(seed);
        for (DotKernel<String> small : smallStates(h)) {
            Object full = attempt(() -> h.state.fullMerge(small));
            Object merged = attempt(() -> h.state.merge(small));
            Object reversed = attempt(() -> small.merge(h.state));
            assertThat(merged).as("merge of %s", small).isEqualTo(full);
            assertThat(reversed).as("reversed merge of %s", small).isEqualTo(full);
            assertIndexCurrent(merged);
            assertIndexCurrent(reversed);
        }
    }

    @Property(tries = 40)
    void anIndexedStateKeepsItsIndexEqualToItsDotsThroughMutatorsAndMerges(@ForAll long seed) {
        History h = new History(seed);
        DotKernel<String> s = h.state;
        s.index();
        DotKernel<String> reference = decoded(s);
        for (int i = 0; i < 40; i++) {
            int pick = h.rnd.nextInt(10);
            DotKernel<String> next;
            if (pick < 6) {
                next = h.edit(s, WRITERS[h.rnd.nextInt(WRITERS.length)]);
            } else {
                List<DotKernel<String>> smalls = smallStates(h);
                DotKernel<String> small = smalls.get(h.rnd.nextInt(2)); // a branch's delta, hinted or decoded
                DotKernel<String> base = s;
                if (!(attempt(() -> base.merge(small)) instanceof DotKernel<?>)) {
                    continue;
                }
                next = s.merge(small);
                reference = reference.fullMerge(small);
                s = next;
                assertThat(s).isEqualTo(reference);
                assertIndexCurrent(s);
                continue;
            }
            reference = decoded(next);
            s = next;
            assertIndexCurrent(s);
        }
    }

    @Property(tries = 40)
    void aStateWrittenManyTimesInARowKeepsItsIndexEqualToItsDotsWithFewerThanLimitChangesPending(
            @ForAll long seed) {
        History h = new History(seed);
        DotKernel<String> s = h.state;
        s.index();
        List<DotKernel<String>> states = new ArrayList<>();
        for (int i = 0, n = 1 + h.rnd.nextInt(3 * PendingDots.LIMIT); i < n; i++) {
            ReplicaId writer = WRITERS[h.rnd.nextInt(WRITERS.length)];
            if (h.rnd.nextBoolean()) {
                s = h.edit(s, writer);
            } else if (s.size() > 0 && h.rnd.nextInt(3) == 0) {
                List<String> keys = new ArrayList<>(s.keys());
                keys.sort(null);
                s = s.removeState(keys.get(h.rnd.nextInt(keys.size())));
            } else {
                s = s.addState(writer, "e" + h.rnd.nextInt(500));
            }
            assertThat(s.pendingChanges()).isLessThan(PendingDots.LIMIT);
            states.add(s);
        }
        // the last state first: bringing one state's index up to date leaves the others' pending changes alone
        assertIndexCurrent(s);
        for (int i = 0; i < states.size(); i += 1 + h.rnd.nextInt(6)) {
            assertThat(states.get(i).isIndexed()).isTrue();
            assertIndexCurrent(states.get(i));
        }
    }

    @Test
    void writesOnAnIndexedStateAreRecordedAndAppliedTogetherAtTheLimitOrAtTheNextUse() {
        DotKernel<String> s = DotKernel.empty();
        for (int i = 0; i < 300; i++) {
            s = s.addState(WRITERS[i % 2], "e" + i);
        }
        s.index();
        for (int i = 1; i < PendingDots.LIMIT; i++) {
            s = i % 3 == 0 ? s.removeState("e" + i) : s.addState(WRITERS[0], "new" + i);
            assertThat(s.pendingChanges()).as("after write %s", i).isEqualTo(i);
        }
        DotKernel<String> beforeLimit = s;
        s = s.addState(WRITERS[1], "last");
        assertThat(s.pendingChanges()).as("the limit-th write applies them all").isZero();
        assertIndexCurrent(s);

        assertThat(beforeLimit.diff(CausalContext.empty())).isEqualTo(decoded(beforeLimit));
        assertThat(beforeLimit.pendingChanges()).as("a diff brings the index up to date").isZero();
        assertIndexCurrent(beforeLimit);
    }

    @Test
    void aDeltaWithHintsWhoseContextCoversADotTheReceiverHoldsUnderAnUnhintedKeyMergesAsTheFullMerge() {
        // replica c goes on from an old state and issues c:3 again: added to "x" and removed within one delta group,
        // whose hints name only "x" while the receiver holds c:3 under "e2"
        DotKernel<String> big = DotKernel.empty();
        for (int i = 0; i < 200; i++) {
            big = big.addState(WRITERS[2], "e" + i);
        }
        DotKernel<String> old = DotKernel.<String>empty().addState(WRITERS[2], "e0").addState(WRITERS[2], "e1");
        Mutation<DotKernel<String>> add = old.add(WRITERS[2], "x");
        DotKernel<String> group = add.delta().merge(add.state().remove("x").delta());

        assertThat(big.merge(group)).isEqualTo(big.fullMerge(group));
        assertThat(group.merge(big)).isEqualTo(big.fullMerge(group));
        assertThat(big.merge(group).containsKey("e2")).as("c:3 is covered, so e2 goes as in the full merge").isFalse();
    }

    @Test
    void theIndexIsCarriedThroughMutatorsAndSmallMergesNotRebuilt() {
        DotKernel<String> s = DotKernel.empty();
        for (int i = 0; i < 500; i++) {
            s = s.addState(WRITERS[i % 3], "e" + i);
        }
        s.index();
        DotKernel<String> other = s;

        s = s.add(WRITERS[0], "new").state();
        assertThat(s.isIndexed()).as("after add").isTrue();
        s = s.removeState("e7");
        assertThat(s.isIndexed()).as("after remove").isTrue();
        s = s.merge(other.add(WRITERS[3], "hinted").delta());
        assertThat(s.isIndexed()).as("after a delta with hints").isTrue();
        s = s.merge(decoded(other.remove("e9").delta()));
        assertThat(s.isIndexed()).as("after a decoded delta").isTrue();
        assertIndexCurrent(s);
    }

    @Property(tries = 60)
    void diffEqualsTheJoinDecompositionEnumeratedDotByDotAndBringsThePeerUpToDate(@ForAll long seed) {
        History h = new History(seed);
        List<DotKernel<String>> peers = new ArrayList<>(h.ancestors);
        DotKernel<String> branch = h.ancestors.get(h.rnd.nextInt(h.ancestors.size()));
        ReplicaId writer = h.freshId();
        for (int i = 0; i < 5; i++) {
            branch = h.edit(branch, writer);
        }
        peers.add(branch);
        peers.add(DotKernel.empty());
        peers.add(h.state);
        for (DotKernel<String> peer : peers) {
            DotKernel<String> diff = h.state.diff(peer.context());
            assertThat(diff).isEqualTo(enumeratedDiff(h.state, peer.context()));
            assertThat(peer.merge(diff)).isEqualTo(peer.fullMerge(h.state));
        }
    }

    /** The join decomposition as first written: every dot ever generated, checked one by one. */
    private static DotKernel<String> enumeratedDiff(DotKernel<String> s, CausalContext peer) {
        Map<String, Set<Dot>> missing = new HashMap<>();
        Set<Dot> live = new HashSet<>();
        for (String key : s.keys()) {
            for (Dot d : s.dots(key)) {
                live.add(d);
                if (!peer.contains(d)) {
                    missing.computeIfAbsent(key, k -> new HashSet<>()).add(d);
                }
            }
        }
        List<Dot> shipped = new ArrayList<>();
        VersionVector vv = s.context().versionVector();
        for (int i = 0; i < vv.size(); i++) {
            for (long c = 1; c <= vv.counterAt(i); c++) {
                Dot d = Dot.of(vv.replicaAt(i), c);
                if (!peer.contains(d) || !live.contains(d)) {
                    shipped.add(d);
                }
            }
        }
        for (Dot d : s.context().cloud()) {
            if (!peer.contains(d) || !live.contains(d)) {
                shipped.add(d);
            }
        }
        return DotKernel.of(missing, CausalContext.ofDots(shipped), "key");
    }

    @Test
    void aDecodedOneKeyDeltaIntoALargeStateVisitsOnlyTheKeysItTouches() {
        DotKernel<String> big = DotKernel.empty();
        for (int i = 0; i < 1000; i++) {
            big = big.addState(WRITERS[i % 3], "e" + i);
        }
        DotKernel<String> delta = decoded(big.remove("e500").delta());

        DotKernel<String> merged = big.merge(delta);

        assertThat(merged.isIndexed()).as("merged through the index").isTrue();
        assertThat(merged.containsKey("e500")).isFalse();
        assertThat(merged).isEqualTo(big.fullMerge(delta));
    }
}
