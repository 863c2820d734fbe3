package dev.convergent.crdt;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Causality;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.util.ArrayList;
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

    private static final DotKernel<?> EMPTY = new DotKernel<>(ChampMap.empty(), CausalContext.empty());

    private final ChampMap<K, Object> entries;
    private final CausalContext context;
    /**
     * For a delta made by a mutator (or a group of them): every key whose dots its context may
     * cover, and every key it holds live, so merging it touches only those keys, O(k log n). Null
     * when unknown (full states, decoded states): then a merge visits every key. Not part of equality.
     */
    private final Set<K> hints;

    private DotKernel(ChampMap<K, Object> entries, CausalContext context) {
        this(entries, context, null);
    }

    private DotKernel(ChampMap<K, Object> entries, CausalContext context, Set<K> hints) {
        this.entries = entries;
        this.context = context;
        this.hints = hints;
    }

    @SuppressWarnings("unchecked")
    static <K> DotKernel<K> empty() {
        return (DotKernel<K>) EMPTY;
    }

    /** Validates that every key has dots, every dot is in the context and no dot tags two keys. */
    static <K> DotKernel<K> of(Map<K, Set<Dot>> entries, CausalContext context, String keyName) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(context, "context");
        Map<K, Object> copy = new HashMap<>();
        Map<Dot, K> owner = new HashMap<>();
        for (Map.Entry<K, Set<Dot>> e : entries.entrySet()) {
            K key = Objects.requireNonNull(e.getKey(), "entries contains a null " + keyName);
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
            copy.put(key, Dots.of(dots));
        }
        return copy.isEmpty() && context.isEmpty() ? empty() : new DotKernel<>(ChampMap.copyOf(copy), context);
    }

    /** Whether this is the bottom state: nothing live, nothing seen. */
    boolean isBottom() {
        return entries.isEmpty() && context.isEmpty();
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

    /** Makes {@code key} live with a fresh dot of {@code replica}, replacing its observed dots. */
    Mutation<DotKernel<K>> add(ReplicaId replica, K key) {
        Dot dot = context.nextDot(replica);
        Object old = entries.get(key);
        DotKernel<K> next = new DotKernel<>(entries.plus(key, dot), context.add(dot));
        List<Dot> seen = new ArrayList<>(2);
        addAll(seen, old);
        seen.add(dot);
        return new Mutation<>(next, new DotKernel<>(ChampMap.<K, Object>empty().plus(key, dot),
                CausalContext.ofDots(seen), Set.of(key)));
    }

    /** Drops every observed dot of {@code key}. */
    Mutation<DotKernel<K>> remove(K key) {
        Object old = entries.get(key);
        if (old == null) {
            return new Mutation<>(this, empty());
        }
        List<Dot> seen = new ArrayList<>(Dots.count(old));
        addAll(seen, old);
        return new Mutation<>(new DotKernel<>(entries.minus(key), context),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(seen), Set.of(key)));
    }

    /** Drops every observed dot of every key. */
    Mutation<DotKernel<K>> clear() {
        if (entries.isEmpty()) {
            return new Mutation<>(this, empty());
        }
        List<Dot> old = new ArrayList<>();
        entries.values().forEach(v -> addAll(old, v));
        return new Mutation<>(new DotKernel<>(ChampMap.empty(), context),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(old), Set.copyOf(entries.keySet())));
    }

    /** {@link #clear()} then {@link #add}: the dots of every key are replaced by one fresh dot of {@code key}. */
    Mutation<DotKernel<K>> replaceAll(ReplicaId replica, K key) {
        Dot dot = context.nextDot(replica);
        List<Dot> seen = new ArrayList<>();
        entries.values().forEach(v -> addAll(seen, v));
        seen.add(dot);
        ChampMap<K, Object> only = ChampMap.<K, Object>empty().plus(key, dot);
        Set<K> touched = new HashSet<>(entries.keySet());
        touched.add(key);
        return new Mutation<>(new DotKernel<>(only, context.add(dot)),
                new DotKernel<>(only, CausalContext.ofDots(seen), Set.copyOf(touched)));
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
     * live dots the peer has seen are left out of the context, or the peer would drop them. Costs
     * O(dots generated) to compute, since removed dots are known only as gaps in the context.
     */
    DotKernel<K> diff(CausalContext peer) {
        Objects.requireNonNull(peer, "peer");
        Map<K, Object> missing = new HashMap<>();
        Set<Dot> live = new HashSet<>();
        entries.forEach((key, value) -> {
            List<Dot> unseen = new ArrayList<>(1);
            for (int i = 0, n = Dots.count(value); i < n; i++) {
                Dot d = Dots.at(value, i);
                live.add(d);
                if (!peer.contains(d)) {
                    unseen.add(d);
                }
            }
            if (!unseen.isEmpty()) {
                missing.put(key, Dots.of(unseen));
            }
        });
        List<Dot> shipped = new ArrayList<>();
        VersionVector vv = context.versionVector();
        for (int i = 0; i < vv.size(); i++) {
            ReplicaId r = vv.replicaAt(i);
            for (long c = 1; c <= vv.counterAt(i); c++) {
                Dot d = Dot.of(r, c);
                if (!peer.contains(d) || !live.contains(d)) {
                    shipped.add(d);
                }
            }
        }
        for (Dot d : context.cloud()) {
            if (!peer.contains(d) || !live.contains(d)) {
                shipped.add(d);
            }
        }
        if (missing.isEmpty() && shipped.isEmpty()) {
            return empty();
        }
        return new DotKernel<>(ChampMap.copyOf(missing), CausalContext.ofDots(shipped));
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
        if (this == other) {
            return this;
        }
        if (other.hints != null && (hints == null || other.entries.size() <= entries.size())) {
            return applyDelta(this, other);
        }
        if (hints != null) {
            return applyDelta(other, this);
        }
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
                return keep(key, here, null, theirs, droppedHere);
            }

            @Override
            public Object onlyTheirs(K key, Object there) {
                return keep(key, there, null, mine, droppedThere);
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
        return new DotKernel<>(merged, ctx);
    }

    /**
     * Merges a delta whose hints name every key its context may touch: only the delta's keys and
     * hinted keys are visited, the rest of {@code base} is shared. Gives exactly the full merge.
     */
    private static <K> DotKernel<K> applyDelta(DotKernel<K> base, DotKernel<K> delta) {
        Dropped<K> droppedHere = new Dropped<>();
        Dropped<K> droppedThere = new Dropped<>();
        ChampMap<K, Object> result = base.entries;
        // a hinted kernel's live keys are always among its hints: the mutators hint every key they write
        for (K key : delta.hints) {
            Object here = base.entries.get(key);
            Object there = delta.entries.get(key);
            Object kept;
            if (here != null && there != null) {
                kept = here.equals(there) ? here
                        : combine(key, here, there, base.context, delta.context, droppedHere, droppedThere);
            } else if (here != null) {
                kept = keep(key, here, null, delta.context, droppedHere);
            } else if (there != null) {
                kept = keep(key, there, null, base.context, droppedThere);
            } else {
                continue;
            }
            if (kept == null) {
                result = result.minus(key);
            } else if (kept != here) {
                result = result.plus(key, kept);
            }
        }
        checkNoReusedDot(droppedHere, droppedThere);
        CausalContext ctx = base.context.merge(delta.context);
        Set<K> hints = null;
        if (base.hints != null) {
            Set<K> union = new HashSet<>(base.hints);
            union.addAll(delta.hints);
            hints = Set.copyOf(union);
        }
        if (result == base.entries && ctx == base.context && (hints == null || hints.equals(base.hints))) {
            return base;
        }
        return new DotKernel<>(result, ctx, hints);
    }

    /** The dots of one key live on both sides after a merge: {@link #keep} of each side against the other. */
    private static <K> Object combine(K key, Object here, Object there, CausalContext hereContext,
            CausalContext thereContext, Dropped<K> droppedHere, Dropped<K> droppedThere) {
        List<Dot> kept = new ArrayList<>(2);
        for (int i = 0, n = Dots.count(here); i < n; i++) {
            Dot d = Dots.at(here, i);
            if (Dots.contains(there, d) || !thereContext.contains(d)) {
                kept.add(d);
            } else {
                droppedHere.put(d, key);
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
                droppedThere.put(d, key);
            }
        }
        Object value = Dots.of(kept);
        return here.equals(value) ? here : there.equals(value) ? there : value;
    }

    /**
     * The dots of {@code mine} that survive against the other side: those live there too, and those
     * it has not seen. The rest, seen there but not live under this key, are recorded as dropped.
     * Returns null when none survives, {@code mine} when all do.
     */
    private static <K> Object keep(K key, Object mine, Object theirs, CausalContext theirContext,
            Dropped<K> dropped) {
        if (mine instanceof Dot) {
            Dot d = (Dot) mine;
            if ((theirs != null && Dots.contains(theirs, d)) || !theirContext.contains(d)) {
                return mine;
            }
            dropped.put(d, key);
            return null;
        }
        List<Dot> kept = new ArrayList<>(Dots.count(mine));
        for (int i = 0, n = Dots.count(mine); i < n; i++) {
            Dot d = Dots.at(mine, i);
            if ((theirs != null && Dots.contains(theirs, d)) || !theirContext.contains(d)) {
                kept.add(d);
            } else {
                dropped.put(d, key);
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
                throw new ConflictingWriteException("dot " + e.getKey() + " tags both " + e.getValue() + " and "
                        + other + ": replica id " + e.getKey().replica()
                        + " is used by two processes; merging would silently drop both writes");
            }
        }
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
        Causality contexts = context.compare(other.context);
        if (contexts == Causality.CONCURRENT) {
            return contexts;
        }
        boolean leq = contexts.isBeforeOrEqual() && observedDotsKept(this, other);
        boolean geq = contexts.isAfterOrEqual() && observedDotsKept(other, this);
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
        return context.equals(k.context) && entries.equals(k.entries);
    }

    @Override
    public int hashCode() {
        return 31 * entries.hashCode() + context.hashCode();
    }

    /** Keys with their dots sorted by text, then the context: {@code eggs=[b:1], milk=[a:1] | {a:1, b:1}}. */
    @Override
    public String toString() {
        Set<String> shown = new TreeSet<>();
        entries.forEach((key, value) -> shown.add(key + "=" + new TreeSet<>(Dots.asSet(value))));
        return String.join(", ", shown) + " | " + context;
    }
}
