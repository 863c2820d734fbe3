package dev.convergent.crdt;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtStats;
import dev.convergent.lattice.Mutation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The causal core shared by the observed-remove types: each live key maps to the dots of the
 * writes that keep it alive, and a causal context records every dot seen, live or removed. An add
 * replaces the key's observed dots with a fresh one; a remove drops the key's dots and keeps them
 * in the context, so a merge can tell "removed here" from "not seen yet" without tombstones.
 *
 * <p>Merge: per key, keep the dots live on both sides plus the dots of one side the other has not
 * seen; contexts unite. Keys live in a persistent hash trie; a key's dots are a lone {@link Dot}
 * or a {@link Dots}. Immutable; package-private.
 */
final class DotKernel<K> implements Crdt<DotKernel<K>> {

    private static final DotKernel<?> EMPTY =
            new DotKernel<>(ChampMap.empty(), CausalContext.empty(), null, Prunings.NONE);

    private final ChampMap<K, Object> entries;
    private final CausalContext context;
    /**
     * For a delta made by a mutator (or a group of them): every key whose dots its context may
     * cover, and every key it holds live, so merging two deltas touches only those keys. Null when
     * unknown (full states, decoded states). A full state never relies on a delta's hints: a small
     * state merges into it through its own {@link #index}. Not part of equality.
     */
    private final Set<K> hints;

    /**
     * The markers of the replicas this state was pruned of: no dot of a retired replica is left in
     * the entries or the context. Part of equality.
     */
    private final Prunings prunings;

    /**
     * Which key holds each live dot, made on first need ({@link #diff}, or merging a small state into
     * this one) and then carried to every state derived from this one by a mutator or a small
     * merge. A merge updates it in O(log n) per change; a mutator only records its change ({@link PendingDots}),
     * applied with up to 31 others at the next use. Derived data, not part of equality; a racy first use may
     * build or bring it up to date twice, harmlessly, as {@link String#hashCode} does.
     */
    private LiveDots<K> index;

    private DotKernel(ChampMap<K, Object> entries, CausalContext context, Set<K> hints, Prunings prunings) {
        this(entries, context, hints, prunings, null);
    }

    private DotKernel(ChampMap<K, Object> entries, CausalContext context, Set<K> hints, Prunings prunings,
            LiveDots<K> index) {
        this.entries = entries;
        this.context = context;
        this.hints = hints;
        this.prunings = prunings;
        this.index = index;
    }

    /** The index of the live dots, built on first use in O(n log n) at most, with every recorded change applied. */
    DotIndex<K> index() {
        LiveDots<K> i = index;
        if (i instanceof DotIndex<K> current) {
            return current;
        }
        DotIndex<K> built = i == null ? DotIndex.of(entries) : i.current();
        index = built;
        return built;
    }

    /** Whether this state carries its index already (so keeping it up to date costs O(log n) per change). */
    boolean isIndexed() {
        return index != null;
    }

    /** The changes recorded on the index and not yet applied, for tests. */
    int pendingChanges() {
        return index instanceof PendingDots<K> p ? p.length() : 0;
    }

    /** The index of a state whose {@code key} went from {@code oldValue} to {@code newValue}; null if not indexed. */
    private LiveDots<K> reindexed(K key, Object oldValue, Object newValue) {
        LiveDots<K> i = index;
        return i == null ? null : i.changed(key, oldValue, newValue);
    }

    @SuppressWarnings("unchecked")
    static <K> DotKernel<K> empty() {
        return (DotKernel<K>) EMPTY;
    }

    /** Validates that every key has dots, every dot is in the context and no dot tags two keys. */
    static <K> DotKernel<K> of(Map<K, Set<Dot>> entries, CausalContext context, String keyName) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(context, "context");
        ChampMap.Builder<K, Object> built = new ChampMap.Builder<>(entries.size());
        Map<Dot, K> owner = new HashMap<>(Math.max(16, entries.size() * 4 / 3 + 1));
        for (Map.Entry<K, Set<Dot>> e : entries.entrySet()) {
            K key = e.getKey();
            if (key == null) { // not requireNonNull: its message would be concatenated for every key
                throw new NullPointerException("entries contains a null " + keyName);
            }
            Set<Dot> dots = Set.copyOf(Objects.requireNonNull(e.getValue(), "entries contains null dots"));
            if (dots.isEmpty()) {
                throw new IllegalArgumentException(keyName + " " + key + " has no dots");
            }
            for (Dot d : dots) {
                if (!context.contains(d)) {
                    throw new IllegalArgumentException(
                            "dot " + d + " of " + key + " is not covered by context " + context);
                }
                K previous = owner.put(d, key);
                if (previous != null) {
                    throw new IllegalArgumentException("dot " + d + " tags both " + previous + " and " + key);
                }
            }
            built.add(key, Dots.of(dots));
        }
        return built.size() == 0 && context.isEmpty() ? empty()
                : new DotKernel<>(built.build(), context, null, Prunings.NONE);
    }

    /** Whether this is the bottom state: nothing live, nothing seen. */
    boolean isBottom() {
        return entries.isEmpty() && context.isEmpty() && prunings.isEmpty();
    }

    boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }

    CausalContext context() {
        return context;
    }

    Set<K> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    Set<Dot> dots(K key) {
        return Dots.asSet(entries.get(key));
    }

    // ---- pruning ----

    Prunings prunings() {
        return prunings;
    }

    /** This state with the given markers, for decoding; refuses a marker whose retired id still has dots here. */
    DotKernel<K> withPrunings(Prunings markers) {
        Objects.requireNonNull(markers, "prunings");
        if (markers.equals(prunings)) {
            return this;
        }
        for (ReplicaId id : replicaIds()) {
            if (markers.isRetired(id)) {
                throw new IllegalArgumentException("replica " + id + " is marked pruned (" + markers.get(id)
                        + ") but still has dots in " + context);
            }
        }
        return new DotKernel<>(entries, context, hints, markers, index);
    }

    /** The replica ids of the context (which covers every live dot). */
    Set<ReplicaId> replicaIds() {
        Set<ReplicaId> ids = new TreeSet<>(context.versionVector().entries().keySet());
        for (Dot d : context.cloud()) {
            ids.add(d.replica());
        }
        return Collections.unmodifiableSet(ids);
    }

    private void checkNotRetired(ReplicaId replica) {
        Pruning marker = prunings.get(replica);
        if (marker != null) {
            throw new IllegalArgumentException("replica " + replica + " was pruned (" + marker
                    + "); a retired replica id may not write again");
        }
    }

    /**
     * Renames {@code retired}'s dots {@code (retired, c)} to {@code (successor, base + c)}, where
     * {@code base} is the successor's last dot, and records the marker. See {@link Prunable#prune}.
     */
    DotKernel<K> prune(ReplicaId retired, ReplicaId successor) {
        if (prunings.alreadyPruned(retired, successor)) {
            return this;
        }
        for (Dot d : context.cloud()) {
            if (d.replica().equals(retired) || d.replica().equals(successor)) {
                throw new IllegalStateException("this state has not seen every write of " + d.replica()
                        + " up to " + d + " (its context has gaps: " + context + "); prune on the successor's"
                        + " own state after it has merged the retired replica's last state");
            }
        }
        VersionVector vv = context.versionVector();
        long base = vv.get(successor);
        long upTo = vv.get(retired);
        if (Long.MAX_VALUE - base < upTo) {
            throw new CounterOverflowException("renaming " + retired + "'s " + upTo + " dots after " + successor
                    + "'s " + base + " exhausts the dots of " + successor);
        }
        Pruning marker = new Pruning(retired, successor, base, upTo);
        return translate(prunings.plus(marker));
    }

    DotKernel<K> forgetPruning(ReplicaId retired) {
        Prunings rest = prunings.minus(Objects.requireNonNull(retired, "retired"));
        return rest == prunings ? this : new DotKernel<>(entries, context, hints, rest, index);
    }

    /**
     * This state with every marker of {@code all} applied: each dot of a replica {@code all} retires
     * is renamed along its chain of successors, in the entries and in the context. Markers are
     * renamings, so a state renamed before a merge gives the same result as a state renamed after.
     * Costs O(1) when no dot is renamed, else O(entries + renamed dots outside a contiguous run).
     *
     * @throws PruningConflictException if a retired replica has a dot beyond its marker
     */
    private DotKernel<K> translate(Prunings all) {
        if (all == prunings) {
            return this;
        }
        CausalContext ctx = renameContext(context, all);
        if (ctx == context) {
            return new DotKernel<>(entries, context, hints, all);
        }
        ChampMap<K, Object> result = entries.mapValues((key, value) -> renameDots(value, all));
        return new DotKernel<>(result, ctx, hints, all);
    }

    /** The dots of one key with every dot of a retired replica renamed; {@code value} itself if none is. */
    private static Object renameDots(Object value, Prunings all) {
        List<Dot> dots = null;
        for (int i = 0, n = Dots.count(value); i < n; i++) {
            Dot d = Dots.at(value, i);
            Dot r = all.rename(d);
            if (r != d && dots == null) {
                dots = new ArrayList<>(n);
                for (int j = 0; j < i; j++) {
                    dots.add(Dots.at(value, j));
                }
            }
            if (dots != null) {
                dots.add(r);
            }
        }
        return dots == null ? value : Dots.of(dots);
    }

    /**
     * {@code context} with every dot of a retired replica renamed. A retired replica's contiguous run
     * {@code 1..n} becomes the run {@code base + 1 .. base + n} of its successor, which extends the
     * successor's own run when that reaches {@code base} (always so on the successor itself), else
     * becomes cloud dots until the gap is filled.
     */
    private static CausalContext renameContext(CausalContext context, Prunings all) {
        VersionVector vv = context.versionVector();
        boolean mentions = false;
        for (int i = 0; i < vv.size() && !mentions; i++) {
            mentions = all.isRetired(vv.replicaAt(i));
        }
        List<Dot> cloud = context.cloud();
        for (int i = 0; i < cloud.size() && !mentions; i++) {
            mentions = all.isRetired(cloud.get(i).replica());
        }
        if (!mentions) {
            return context;
        }
        Map<ReplicaId, Long> kept = new HashMap<>();
        List<Dot[]> runs = new ArrayList<>();
        for (int i = 0; i < vv.size(); i++) {
            ReplicaId r = vv.replicaAt(i);
            long n = vv.counterAt(i);
            if (all.isRetired(r)) {
                Dot last = Dot.of(r, n);
                runs.add(new Dot[] {last, all.rename(last)});
            } else {
                kept.put(r, n);
            }
        }
        List<Dot> dots = new ArrayList<>(cloud.size());
        for (Dot d : cloud) {
            dots.add(all.rename(d));
        }
        // lowest offset first, so a run can extend the run of an earlier one
        runs.sort((a, b) -> Long.compare(a[1].counter() - a[0].counter(), b[1].counter() - b[0].counter()));
        for (Dot[] run : runs) {
            ReplicaId target = run[1].replica();
            long end = run[1].counter();
            long offset = end - run[0].counter();
            long seen = kept.getOrDefault(target, 0L);
            if (seen >= offset) {
                kept.put(target, Math.max(seen, end));
            } else {
                for (long c = offset + 1; c <= end; c++) {
                    dots.add(Dot.of(target, c));
                }
            }
        }
        return CausalContext.of(VersionVector.of(kept), dots);
    }

    /** Makes {@code key} live with a fresh dot of {@code replica}, replacing its observed dots. */
    Mutation<DotKernel<K>> add(ReplicaId replica, K key) {
        checkNotRetired(replica);
        Dot dot = context.nextDot(replica);
        Object old = entries.get(key);
        DotKernel<K> next = added(key, dot);
        List<Dot> seen = new ArrayList<>(2);
        addAll(seen, old);
        seen.add(dot);
        return new Mutation<>(next, new DotKernel<>(ChampMap.<K, Object>empty().plus(key, dot),
                CausalContext.ofDots(seen), Set.of(key), prunings));
    }

    /** The state of {@link #add} without its delta: the same checks, the same state, none of the delta's objects. */
    DotKernel<K> addState(ReplicaId replica, K key) {
        checkNotRetired(replica);
        return added(key, context.nextDot(replica));
    }

    private DotKernel<K> added(K key, Dot dot) {
        // a state of no key or of this key alone, a flag's always: the key's new dot replaces all it had
        boolean alone = entries.isEmpty() || entries.size() == 1 && entries.containsKey(key);
        ChampMap<K, Object> next = alone ? ChampMap.singleton(key, dot) : entries.plus(key, dot);
        return new DotKernel<>(next, context.add(dot), null, prunings,
                index == null ? null : reindexed(key, entries.get(key), dot));
    }

    /** The state of {@link #remove} without its delta. */
    DotKernel<K> removeState(K key) {
        Object old = entries.get(key);
        return old == null ? this
                : new DotKernel<>(entries.minus(key), context, null, prunings, reindexed(key, old, null));
    }

    /** Drops every observed dot of {@code key}. */
    Mutation<DotKernel<K>> remove(K key) {
        Object old = entries.get(key);
        if (old == null) {
            return new Mutation<>(this, empty());
        }
        List<Dot> seen = new ArrayList<>(Dots.count(old));
        addAll(seen, old);
        return new Mutation<>(new DotKernel<>(entries.minus(key), context, null, prunings, reindexed(key, old, null)),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(seen), Set.of(key), prunings));
    }

    /** Drops every observed dot of every key. */
    Mutation<DotKernel<K>> clear() {
        if (entries.isEmpty()) {
            return new Mutation<>(this, empty());
        }
        List<Dot> old = new ArrayList<>();
        entries.values().forEach(v -> addAll(old, v));
        return new Mutation<>(new DotKernel<>(ChampMap.empty(), context, null, prunings,
                        index == null ? null : DotIndex.empty()),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(old), Set.copyOf(entries.keySet()), prunings));
    }

    /** {@link #clear()} then {@link #add}: the dots of every key are replaced by one fresh dot of {@code key}. */
    Mutation<DotKernel<K>> replaceAll(ReplicaId replica, K key) {
        checkNotRetired(replica);
        Dot dot = context.nextDot(replica);
        List<Dot> seen = new ArrayList<>();
        entries.values().forEach(v -> addAll(seen, v));
        seen.add(dot);
        ChampMap<K, Object> only = ChampMap.<K, Object>empty().plus(key, dot);
        Set<K> touched = new HashSet<>(entries.keySet());
        touched.add(key);
        return new Mutation<>(new DotKernel<>(only, context.add(dot), null, prunings,
                        index == null ? null : DotIndex.<K>empty().with(dot, key)),
                new DotKernel<>(only, CausalContext.ofDots(seen), Set.copyOf(touched), prunings));
    }

    private static void addAll(List<Dot> out, Object value) {
        if (value != null) {
            for (int i = 0, n = Dots.count(value); i < n; i++) {
                out.add(Dots.at(value, i));
            }
        }
    }

    /**
     * The smallest delta that brings a peer whose context is {@code peer} up to date (join
     * decomposition): the live dots the peer has not seen, and a context of every dot the peer has
     * not seen plus every dot removed here that the peer has seen (it may still hold it live). The
     * live dots the peer has seen are left out of the context, or the peer would drop them.
     *
     * <p>Costs O((u + g + c) log n): u dots the peer has not seen, g dots removed here that it has (a
     * peer's context cannot say whether it saw the removal, so each is shipped), c cloud dots, found
     * through the {@link #index} (a removed dot is a gap in it), whose first use costs O(n log n).
     */
    DotKernel<K> diff(CausalContext peer) {
        Objects.requireNonNull(peer, "peer");
        DotIndex<K> idx = index();
        Map<K, List<Dot>> missing = new HashMap<>();
        List<Dot> shipped = new ArrayList<>();
        VersionVector vv = context.versionVector();
        VersionVector theirs = peer.versionVector();
        for (int i = 0; i < vv.size(); i++) {
            ReplicaId r = vv.replicaAt(i);
            long top = vv.counterAt(i);
            long seen = Math.min(theirs.get(r), top);
            idx.forEachGap(r, seen, c -> shipped.add(Dot.of(r, c)));
            if (seen == top) {
                continue;
            }
            // beyond the peer's run: a dot not live here is shipped either way (unseen, or removed here), a live
            // one only if the peer's cloud lacks it
            long[] last = {seen};
            idx.forEachBetween(r, seen, top, (c, key) -> {
                for (long g = last[0] + 1; g < c; g++) {
                    shipped.add(Dot.of(r, g));
                }
                Dot d = Dot.of(r, c);
                if (!peer.contains(d)) {
                    shipped.add(d);
                    missing.computeIfAbsent(key, k -> new ArrayList<>(1)).add(d);
                }
                last[0] = c;
            });
            for (long g = last[0] + 1; g <= top; g++) {
                shipped.add(Dot.of(r, g));
            }
        }
        for (Dot d : context.cloud()) {
            K owner = idx.keyOf(d);
            if (!peer.contains(d)) {
                shipped.add(d);
                if (owner != null) {
                    missing.computeIfAbsent(owner, k -> new ArrayList<>(1)).add(d);
                }
            } else if (owner == null) {
                shipped.add(d);
            }
        }
        if (missing.isEmpty() && shipped.isEmpty() && prunings.isEmpty()) {
            return empty();
        }
        ChampMap.Builder<K, Object> values = new ChampMap.Builder<>(missing.size());
        missing.forEach((key, dots) -> values.add(key, Dots.of(dots)));
        return new DotKernel<>(values.build(), CausalContext.ofDots(shipped), null, prunings);
    }

    /** Replica ids, live dots, cloud dots, live keys, and estimated metadata bytes. */
    CrdtStats stats(int siblings) {
        Set<ReplicaId> replicas = new HashSet<>(context.versionVector().entries().keySet());
        long[] dots = new long[1];
        entries.forEach((key, value) -> {
            for (int i = 0, n = Dots.count(value); i < n; i++) {
                dots[0]++;
                replicas.add(Dots.at(value, i).replica());
            }
        });
        for (Dot d : context.cloud()) {
            replicas.add(d.replica());
        }
        CrdtStats ctx = context.stats();
        return new CrdtStats(replicas.size(), dots[0], ctx.cloudDots(), entries.size(), siblings,
                ctx.estimatedBytes() + 1 + 3 * dots[0]);
    }

    @Override
    public DotKernel<K> merge(DotKernel<K> other) {
        Objects.requireNonNull(other, "other");
        if (this == other || other.isBottom()) {
            return this;
        }
        if (isBottom()) {
            return other;
        }
        if (prunings != other.prunings && !prunings.equals(other.prunings)) {
            Prunings all = prunings.union(other.prunings);
            return translate(all).merge(other.translate(all));
        }
        // a small state into a large full state goes through the receiver's index, hints or not: hints are the
        // sender's word for which keys a delta touches, and with a reused replica id they can leave out a key
        DotKernel<K> small = hints == null && smallAgainst(other, this) ? applyIndexed(this, other)
                : other.hints == null && smallAgainst(this, other) ? applyIndexed(other, this) : null;
        if (small != null) {
            return small;
        }
        if (hints != null && other.hints != null) {
            // two deltas or delta groups: the result keeps naming every key either touches
            return other.entries.size() <= entries.size() ? applyDelta(this, other) : applyDelta(other, this);
        }
        return mergeAll(other);
    }

    /** The smallest state the {@link #index} serves: below it a full merge is as cheap. */
    static final int INDEXED_MERGE_MIN = 64;

    /**
     * Whether {@code delta} is small enough against {@code base} for {@link #applyIndexed}: base has at least
     * {@value #INDEXED_MERGE_MIN} keys and the delta's keys, cloud and version-vector entries number at most a
     * sixteenth of them.
     */
    private static <K> boolean smallAgainst(DotKernel<K> delta, DotKernel<K> base) {
        int n = base.entries.size();
        return n >= INDEXED_MERGE_MIN
                && delta.entries.size() + delta.context.cloudSize() + delta.context.versionVector().size()
                        <= n >>> 4;
    }

    /**
     * Merges a small state (a delta made here or decoded from bytes) into {@code base}, a full state, visiting
     * only the keys it can change: its own keys, and the keys {@code base}'s {@link #index} says hold a dot its
     * context covers. No hint is trusted: the affected keys come from the receiver's own index, and
     * a dot live on both sides under different keys (a replica id used by two processes) is refused as the full
     * merge refuses it. Gives exactly the full merge, in O((k + c) log n) for k delta dots and c dots of
     * {@code base} its context covers; returns null (the caller merges in full) when c exceeds a sixteenth of n.
     */
    private static <K> DotKernel<K> applyIndexed(DotKernel<K> base, DotKernel<K> delta) {
        DotIndex<K> idx = base.index();
        VersionVector vv = delta.context.versionVector();
        long covered = 0;
        for (int i = 0; i < vv.size(); i++) {
            covered += idx.countUpTo(vv.replicaAt(i), vv.counterAt(i));
        }
        if (covered > base.entries.size() >>> 4) {
            return null;
        }
        // a delta mostly touches a handful of keys: then a list with a linear check beats hashing them
        long bound = delta.entries.size() + delta.context.cloudSize() + covered;
        Collection<K> touched = bound <= 16 ? new ArrayList<>((int) bound) : new HashSet<>();
        delta.entries.forEach((key, value) -> {
            touched.add(key);
            for (int i = 0, n = Dots.count(value); i < n; i++) {
                Dot d = Dots.at(value, i);
                K owner = idx.keyOf(d);
                if (owner != null && !owner.equals(key)) {
                    throw reusedDot(d, owner, key);
                }
            }
        });
        for (int i = 0; i < vv.size(); i++) {
            idx.forEachBetween(vv.replicaAt(i), 0, vv.counterAt(i), (c, key) -> addOnce(touched, key));
        }
        for (Dot d : delta.context.cloud()) {
            K owner = idx.keyOf(d);
            if (owner != null) {
                addOnce(touched, owner);
            }
        }
        ChampMap<K, Object> result = base.entries;
        DotIndex<K> nextIndex = idx;
        for (K key : touched) {
            Object here = base.entries.get(key);
            Object kept = settle(key, here, delta.entries.get(key), base.context, delta.context, null, null);
            if (kept != here) {
                result = kept == null ? result.minus(key) : result.plus(key, kept);
                nextIndex = nextIndex.update(key, here, kept);
            }
        }
        CausalContext ctx = base.context.merge(delta.context);
        if (result == base.entries && ctx == base.context) {
            return base;
        }
        return new DotKernel<>(result, ctx, null, base.prunings, nextIndex);
    }

    /** Adds {@code key} unless present. */
    private static <K> void addOnce(Collection<K> keys, K key) {
        if (!keys.contains(key)) {
            keys.add(key);
        }
    }

    /**
     * The dots {@code key} keeps when a state holding {@code here} merges one holding {@code there} (at least
     * one of them not null), with the dots dropped recorded unless the {@link Dropped} is null.
     */
    private static <K> Object settle(K key, Object here, Object there, CausalContext hereContext,
            CausalContext thereContext, Dropped<K> droppedHere, Dropped<K> droppedThere) {
        if (here != null && there != null) {
            return here.equals(there) ? here
                    : combine(key, here, there, hereContext, thereContext, droppedHere, droppedThere);
        }
        return here != null ? keep(key, here, thereContext, droppedHere) : keep(key, there, hereContext, droppedThere);
    }

    /** The full merge, whatever the sizes and hints: the reference the indexed and hinted merges are tested against. */
    DotKernel<K> fullMerge(DotKernel<K> other) {
        Objects.requireNonNull(other, "other");
        if (prunings != other.prunings && !prunings.equals(other.prunings)) {
            Prunings all = prunings.union(other.prunings);
            return translate(all).fullMerge(other.translate(all));
        }
        return mergeAll(other);
    }

    /**
     * {@link #merge}, for types whose only key is {@code key} ({@link EnableWinsFlag}): the same state (a
     * delta's hints kept only when both sides have them), computed on the one key without walking the tries
     * or recording dropped dots (with one key no dot can tag two keys, so no reused id can show). Falls back
     * to {@link #merge} when a side holds another key or the pruning markers differ. O(dots of the key +
     * context merge).
     */
    DotKernel<K> mergeSingleKey(K key, DotKernel<K> other) {
        Objects.requireNonNull(other, "other");
        if (this == other || other.isBottom()) {
            return this;
        }
        if (isBottom()) {
            return other;
        }
        Object here = entries.get(key);
        Object there = other.entries.get(key);
        if (!holdsOnly(here) || !other.holdsOnly(there)
                || (prunings != other.prunings && !prunings.equals(other.prunings))) {
            return merge(other);
        }
        Object kept;
        if (here == null || there == null) {
            kept = here != null ? keep(key, here, other.context, null) : there != null
                    ? keep(key, there, context, null) : null;
        } else {
            kept = here.equals(there) ? here : combine(key, here, there, context, other.context, null, null);
        }
        CausalContext ctx = context.merge(other.context);
        if (kept == here && ctx == context) {
            return this;
        }
        if (kept == there && ctx == other.context) {
            return other;
        }
        ChampMap<K, Object> merged = kept == here ? entries : kept == there ? other.entries
                : kept == null ? ChampMap.empty() : ChampMap.<K, Object>empty().plus(key, kept);
        Set<K> both = hints == null || other.hints == null ? null
                : hints.equals(other.hints) ? hints : unite(hints, other.hints);
        return new DotKernel<>(merged, ctx, both, prunings);
    }

    /** Whether {@code value}, this state's value of a key, is its only entry (or it has none when null). */
    private boolean holdsOnly(Object value) {
        return entries.size() == (value == null ? 0 : 1);
    }

    private static <K> Set<K> unite(Set<K> a, Set<K> b) {
        Set<K> union = new HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
    }

    /** The full merge: both tries walked in step, every key visited, reused dots detected. */
    private DotKernel<K> mergeAll(DotKernel<K> other) {
        Dropped<K> droppedHere = new Dropped<>();
        Dropped<K> droppedThere = new Dropped<>();
        CausalContext mine = context;
        CausalContext theirs = other.context;
        ChampMap<K, Object> merged = entries.merge(other.entries, new ChampMap.Merger<>() {
            @Override
            public Object both(K key, Object here, Object there) {
                return here.equals(there) ? here : combine(key, here, there, mine, theirs, droppedHere, droppedThere);
            }

            @Override
            public Object onlyMine(K key, Object here) {
                return keep(key, here, theirs, droppedHere);
            }

            @Override
            public Object onlyTheirs(K key, Object there) {
                return keep(key, there, mine, droppedThere);
            }
        });
        checkNoReusedDot(droppedHere, droppedThere);
        CausalContext ctx = context.merge(other.context);
        if (merged == entries && ctx == context) {
            return this;
        }
        if (merged == other.entries && ctx == other.context) {
            return other;
        }
        return new DotKernel<>(merged, ctx, null, prunings);
    }

    /**
     * Merges two deltas (or delta groups), each with hints naming every key its context may touch: only the
     * delta's keys and hinted keys are visited, the rest of {@code base} is shared. When one
     * of the delta's own dots is dropped because {@code base} has seen it (a late add of an element removed
     * here, or a replica id reused by two processes, whose other write lives under a key the delta does not
     * name), the full merge runs instead: only it can tell the two apart, at O(n) for such a delta.
     */
    private static <K> DotKernel<K> applyDelta(DotKernel<K> base, DotKernel<K> delta) {
        Dropped<K> droppedHere = new Dropped<>();
        Dropped<K> droppedThere = new Dropped<>();
        ChampMap<K, Object> result = base.entries;
        // a hinted kernel's live keys are always among its hints: the mutators hint every key they write
        LiveDots<K> nextIndex = base.index;
        for (K key : delta.hints) {
            Object here = base.entries.get(key);
            Object there = delta.entries.get(key);
            if (here == null && there == null) {
                continue;
            }
            Object kept = settle(key, here, there, base.context, delta.context, droppedHere, droppedThere);
            if (kept != here) {
                result = kept == null ? result.minus(key) : result.plus(key, kept);
                nextIndex = nextIndex == null ? null : nextIndex.changed(key, here, kept);
            }
        }
        if (droppedThere.map != null) {
            return base.mergeAll(delta); // detects a reused id; with no dot of the delta dropped there is none
        }
        CausalContext ctx = base.context.merge(delta.context);
        Set<K> hints = base.hints == null ? null : unite(base.hints, delta.hints);
        if (result == base.entries && ctx == base.context && (hints == null || hints.equals(base.hints))) {
            return base;
        }
        return new DotKernel<>(result, ctx, hints, base.prunings, nextIndex);
    }

    /**
     * The dots of one key live on both sides after a merge, {@code here} and {@code there} being unequal:
     * {@link #keep} of each side against the other. The dots dropped are recorded unless the {@link Dropped}
     * is null. Two lone dots, the common case, are combined without a list.
     */
    private static <K> Object combine(K key, Object here, Object there, CausalContext hereContext,
            CausalContext thereContext, Dropped<K> droppedHere, Dropped<K> droppedThere) {
        if (here instanceof Dot && there instanceof Dot) {
            Dot a = (Dot) here;
            Dot b = (Dot) there;
            boolean keepA = !thereContext.contains(a);
            boolean keepB = !hereContext.contains(b);
            Dropped.record(droppedHere, keepA, a, key);
            Dropped.record(droppedThere, keepB, b, key);
            return keepA ? (keepB ? Dots.pair(a, b) : here) : keepB ? there : null;
        }
        List<Dot> kept = new ArrayList<>(2);
        for (int i = 0, n = Dots.count(here); i < n; i++) {
            Dot d = Dots.at(here, i);
            if (Dots.contains(there, d) || !thereContext.contains(d)) {
                kept.add(d);
            } else {
                Dropped.record(droppedHere, false, d, key);
            }
        }
        for (int i = 0, n = Dots.count(there); i < n; i++) {
            Dot d = Dots.at(there, i);
            if (Dots.contains(here, d)) {
                continue;
            }
            if (!hereContext.contains(d)) {
                kept.add(d);
            } else {
                Dropped.record(droppedThere, false, d, key);
            }
        }
        Object value = Dots.of(kept);
        return here.equals(value) ? here : there.equals(value) ? there : value;
    }

    /**
     * The dots of {@code mine}, a key the other side does not hold, that survive against it: those it
     * has not seen. The rest, seen there but not live under this key, are recorded as dropped (unless
     * {@code dropped} is null). Returns null when none survives, {@code mine} when all do.
     */
    private static <K> Object keep(K key, Object mine, CausalContext theirContext, Dropped<K> dropped) {
        if (mine instanceof Dot) {
            Dot d = (Dot) mine;
            if (!theirContext.contains(d)) {
                return mine;
            }
            Dropped.record(dropped, false, d, key);
            return null;
        }
        List<Dot> kept = new ArrayList<>(Dots.count(mine));
        for (int i = 0, n = Dots.count(mine); i < n; i++) {
            Dot d = Dots.at(mine, i);
            if (!theirContext.contains(d)) {
                kept.add(d);
            } else {
                Dropped.record(dropped, false, d, key);
            }
        }
        return kept.size() == Dots.count(mine) ? mine : Dots.of(kept);
    }

    /**
     * A dot live on both sides under different keys can only come from two writers sharing one
     * replica id: each side then drops the other's. Dropping silently would lose both writes.
     */
    private static <K> void checkNoReusedDot(Dropped<K> droppedHere, Dropped<K> droppedThere) {
        if (droppedHere.map == null || droppedThere.map == null) {
            return;
        }
        Map<Dot, K> smaller = droppedHere.map.size() <= droppedThere.map.size() ? droppedHere.map : droppedThere.map;
        Map<Dot, K> larger = smaller == droppedHere.map ? droppedThere.map : droppedHere.map;
        for (Map.Entry<Dot, K> e : smaller.entrySet()) {
            K other = larger.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                throw reusedDot(e.getKey(), e.getValue(), other);
            }
        }
    }

    private static ConflictingWriteException reusedDot(Dot dot, Object oneKey, Object otherKey) {
        return new ConflictingWriteException("dot " + dot + " tags both " + oneKey + " and " + otherKey
                + ": replica id " + dot.replica()
                + " is used by two processes; merging would silently drop both writes");
    }

    /** The dots one side of a merge dropped, with their keys; the map is made on first use. */
    private static final class Dropped<K> {
        Map<Dot, K> map;

        void put(Dot dot, K key) {
            if (map == null) {
                map = new HashMap<>();
            }
            map.put(dot, key);
        }

        /** Records {@code dot} of {@code key} in {@code dropped} unless it was kept or {@code dropped} is null. */
        static <K> void record(Dropped<K> dropped, boolean kept, Dot dot, K key) {
            if (!kept && dropped != null) {
                dropped.put(dot, key);
            }
        }
    }

    /**
     * {@code a ≤ b} when {@code b}'s context includes {@code a}'s and every dot {@code b} holds that
     * {@code a} has seen is one {@code a} holds too.
     */
    @Override
    public Causality compare(DotKernel<K> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return Causality.EQUAL;
        }
        if (isBottom() || other.isBottom()) {
            // the bottom is below every state, and only the bottom is below it
            return Causality.of(isBottom(), other.isBottom());
        }
        if (prunings != other.prunings && !prunings.equals(other.prunings)) {
            Prunings all = prunings.union(other.prunings);      // throws on conflicting markers, as merge does
            Causality markers = Causality.of(prunings.isSubsetOf(other.prunings), other.prunings.isSubsetOf(prunings));
            if (markers == Causality.CONCURRENT) {
                return markers;
            }
            return translate(all).compare(other.translate(all)).and(markers);
        }
        Causality contexts = context.compare(other.context);
        if (contexts == Causality.CONCURRENT) {
            return contexts;
        }
        boolean leq = contexts.isBeforeOrEqual() && observedDotsKept(this, other);
        boolean geq = contexts.isAfterOrEqual() && observedDotsKept(other, this);
        return Causality.of(leq, geq);
    }

    /**
     * {@link #compare}, for types whose only key is {@code key}: the same relation, read from the one key
     * without walking the tries. Falls back to {@link #compare} when a side holds another key or the
     * pruning markers differ. Allocates nothing.
     */
    Causality compareSingleKey(K key, DotKernel<K> other) {
        Objects.requireNonNull(other, "other");
        if (this == other) {
            return Causality.EQUAL;
        }
        Object here = entries.get(key);
        Object there = other.entries.get(key);
        if (!holdsOnly(here) || !other.holdsOnly(there)
                || (prunings != other.prunings && !prunings.equals(other.prunings))) {
            return compare(other);
        }
        Causality contexts = context.compare(other.context);
        if (contexts == Causality.CONCURRENT) {
            return contexts;
        }
        boolean leq = contexts.isBeforeOrEqual() && (there == null || keptIfSeen(context, key, there, here));
        boolean geq = contexts.isAfterOrEqual() && (here == null || keptIfSeen(other.context, key, here, there));
        return Causality.of(leq, geq);
    }

    private static <K> boolean observedDotsKept(DotKernel<K> a, DotKernel<K> b) {
        return a.entries.allOf(b.entries, a.context, DotKernel::keptIfSeen);
    }

    /** Whether every dot of {@code theirs} that {@code seen} covers is among {@code mine}. */
    private static <K> boolean keptIfSeen(CausalContext seen, K key, Object theirs, Object mine) {
        if (theirs.equals(mine)) {
            return true;
        }
        for (int i = 0, n = Dots.count(theirs); i < n; i++) {
            Dot d = Dots.at(theirs, i);
            if (seen.contains(d) && (mine == null || !Dots.contains(mine, d))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DotKernel)) {
            return false;
        }
        DotKernel<?> k = (DotKernel<?>) o;
        return context.equals(k.context) && entries.equals(k.entries) && prunings.equals(k.prunings);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * entries.hashCode() + context.hashCode()) + prunings.hashCode();
    }

    /** Keys with their dots sorted by text, then the context: {@code eggs=[b:1], milk=[a:1] | {a:1, b:1}}. */
    @Override
    public String toString() {
        Set<String> shown = new TreeSet<>();
        entries.forEach((key, value) -> shown.add(key + "=" + new TreeSet<>(Dots.asSet(value))));
        return String.join(", ", shown) + " | " + context + (prunings.isEmpty() ? "" : " pruned " + prunings);
    }
}
