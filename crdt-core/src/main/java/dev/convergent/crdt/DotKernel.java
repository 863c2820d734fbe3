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
 * seen; contexts unite. Immutable; package-private.
 */
final class DotKernel<K> implements Crdt<DotKernel<K>> {

    private static final DotKernel<?> EMPTY = new DotKernel<>(ChampMap.empty(), CausalContext.empty());

    private final ChampMap<K, Set<Dot>> entries;
    private final CausalContext context;
    /**
     * For a delta made by a mutator (or a group of them): every key whose dots its context may
     * cover, so merging it touches only those keys, O(k log n). Null when unknown (full states,
     * decoded states): then a merge visits every key. Not part of equality.
     */
    private final Set<K> hints;

    private DotKernel(ChampMap<K, Set<Dot>> entries, CausalContext context) {
        this(entries, context, null);
    }

    private DotKernel(ChampMap<K, Set<Dot>> entries, CausalContext context, Set<K> hints) {
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
        Map<K, Set<Dot>> copy = new HashMap<>();
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
            copy.put(key, dots);
        }
        return copy.isEmpty() && context.isEmpty() ? empty() : new DotKernel<>(ChampMap.copyOf(copy), context);
    }

    /** Whether this is the bottom state: nothing live, nothing seen. */
    boolean isBottom() {
        return entries.isEmpty() && context.isEmpty();
    }

    Map<K, Set<Dot>> entries() {
        return entries;
    }

    CausalContext context() {
        return context;
    }

    Set<K> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    Set<Dot> dots(K key) {
        return entries.getOrDefault(key, Set.of());
    }

    /** Makes {@code key} live with a fresh dot of {@code replica}, replacing its observed dots. */
    Mutation<DotKernel<K>> add(ReplicaId replica, K key) {
        Dot dot = context.nextDot(replica);
        Set<Dot> old = dots(key);
        DotKernel<K> next = new DotKernel<>(entries.plus(key, Set.of(dot)), context.add(dot));
        List<Dot> seen = new ArrayList<>(old.size() + 1);
        seen.addAll(old);
        seen.add(dot);
        return new Mutation<>(next, new DotKernel<>(ChampMap.<K, Set<Dot>>empty().plus(key, Set.of(dot)),
                CausalContext.ofDots(seen), Set.of(key)));
    }

    /** Drops every observed dot of {@code key}. */
    Mutation<DotKernel<K>> remove(K key) {
        Set<Dot> old = entries.get(key);
        if (old == null) {
            return new Mutation<>(this, empty());
        }
        return new Mutation<>(new DotKernel<>(entries.minus(key), context),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(old), Set.of(key)));
    }

    /** Drops every observed dot of every key. */
    Mutation<DotKernel<K>> clear() {
        if (entries.isEmpty()) {
            return new Mutation<>(this, empty());
        }
        List<Dot> old = new ArrayList<>();
        entries.values().forEach(old::addAll);
        return new Mutation<>(new DotKernel<>(ChampMap.empty(), context),
                new DotKernel<>(ChampMap.empty(), CausalContext.ofDots(old), Set.copyOf(entries.keySet())));
    }

    /** {@link #clear()} then {@link #add}: the dots of every key are replaced by one fresh dot of {@code key}. */
    Mutation<DotKernel<K>> replaceAll(ReplicaId replica, K key) {
        Dot dot = context.nextDot(replica);
        List<Dot> seen = new ArrayList<>();
        entries.values().forEach(seen::addAll);
        seen.add(dot);
        ChampMap<K, Set<Dot>> only = ChampMap.<K, Set<Dot>>empty().plus(key, Set.of(dot));
        Set<K> touched = new HashSet<>(entries.keySet());
        touched.add(key);
        return new Mutation<>(new DotKernel<>(only, context.add(dot)),
                new DotKernel<>(only, CausalContext.ofDots(seen), Set.copyOf(touched)));
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
        Map<K, Set<Dot>> missing = new HashMap<>();
        Set<Dot> live = new HashSet<>();
        for (Map.Entry<K, Set<Dot>> e : entries.entrySet()) {
            Set<Dot> unseen = null;
            for (Dot d : e.getValue()) {
                live.add(d);
                if (!peer.contains(d)) {
                    unseen = addTo(unseen, d);
                }
            }
            if (unseen != null) {
                missing.put(e.getKey(), Set.copyOf(unseen));
            }
        }
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
        long dots = 0;
        for (Set<Dot> ds : entries.values()) {
            dots += ds.size();
            for (Dot d : ds) {
                replicas.add(d.replica());
            }
        }
        for (Dot d : context.cloud()) {
            replicas.add(d.replica());
        }
        CrdtStats ctx = context.stats();
        return new CrdtStats(replicas.size(), dots, ctx.cloudDots(), entries.size(), siblings,
                ctx.estimatedBytes() + 1 + 3 * dots);
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
        Map<Dot, K> droppedHere = new HashMap<>(0);
        Map<Dot, K> droppedThere = new HashMap<>(0);
        CausalContext mine = context;
        CausalContext theirs = other.context;
        ChampMap<K, Set<Dot>> merged = entries.merge(other.entries, new ChampMap.Merger<>() {
            @Override
            public Set<Dot> both(K key, Set<Dot> here, Set<Dot> there) {
                if (here.equals(there)) {
                    return here;
                }
                Set<Dot> kept = keepTheirs(key, keep(key, here, there, theirs, droppedHere), here, there, mine,
                        droppedThere);
                return kept.isEmpty() ? null : kept;
            }

            @Override
            public Set<Dot> onlyMine(K key, Set<Dot> here) {
                Set<Dot> kept = keep(key, here, null, theirs, droppedHere);
                return kept.isEmpty() ? null : kept;
            }

            @Override
            public Set<Dot> onlyTheirs(K key, Set<Dot> there) {
                Set<Dot> kept = keep(key, there, null, mine, droppedThere);
                return kept.isEmpty() ? null : kept;
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
        Map<Dot, K> droppedHere = new HashMap<>(0);
        Map<Dot, K> droppedThere = new HashMap<>(0);
        ChampMap<K, Set<Dot>> result = base.entries;
        Set<K> keys = new HashSet<>(delta.hints);
        keys.addAll(delta.entries.keySet());
        for (K key : keys) {
            Set<Dot> here = base.entries.get(key);
            Set<Dot> there = delta.entries.get(key);
            Set<Dot> kept;
            if (here != null && there != null) {
                kept = here.equals(there) ? here : keepTheirs(key,
                        keep(key, here, there, delta.context, droppedHere), here, there, base.context, droppedThere);
            } else if (here != null) {
                kept = keep(key, here, null, delta.context, droppedHere);
            } else if (there != null) {
                kept = keep(key, there, null, base.context, droppedThere);
            } else {
                continue;
            }
            if (kept.isEmpty()) {
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

    /**
     * The dots of {@code mine} that survive: those live on the other side too, and those the other
     * side has not seen. The rest, seen there but not live under this key, are recorded as dropped.
     */
    private static <K> Set<Dot> keep(K key, Set<Dot> mine, Set<Dot> theirs, CausalContext theirContext,
            Map<Dot, K> dropped) {
        Set<Dot> kept = null;
        boolean all = true;
        for (Dot d : mine) {
            if ((theirs != null && theirs.contains(d)) || !theirContext.contains(d)) {
                kept = addTo(kept, d);
            } else {
                all = false;
                dropped.put(d, key);
            }
        }
        return all ? mine : kept == null ? Set.of() : Set.copyOf(kept);
    }

    /** Adds to {@code kept} the dots of {@code theirs} that this side has not seen. */
    private static <K> Set<Dot> keepTheirs(K key, Set<Dot> kept, Set<Dot> mine, Set<Dot> theirs,
            CausalContext myContext, Map<Dot, K> dropped) {
        Set<Dot> more = null;
        for (Dot d : theirs) {
            if (mine.contains(d)) {
                continue;
            }
            if (!myContext.contains(d)) {
                more = addTo(more, d);
            } else {
                dropped.put(d, key);
            }
        }
        if (more == null) {
            return kept;
        }
        more.addAll(kept);
        return more.equals(theirs) ? theirs : Set.copyOf(more);
    }

    /**
     * A dot live on both sides under different keys can only come from two writers sharing one
     * replica id: each side then drops the other's. Dropping silently would lose both writes.
     */
    private static <K> void checkNoReusedDot(Map<Dot, K> droppedHere, Map<Dot, K> droppedThere) {
        if (droppedHere.isEmpty() || droppedThere.isEmpty()) {
            return;
        }
        Map<Dot, K> smaller = droppedHere.size() <= droppedThere.size() ? droppedHere : droppedThere;
        Map<Dot, K> larger = smaller == droppedHere ? droppedThere : droppedHere;
        for (Map.Entry<Dot, K> e : smaller.entrySet()) {
            K other = larger.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                throw new ConflictingWriteException("dot " + e.getKey() + " tags both " + e.getValue() + " and "
                        + other + ": replica id " + e.getKey().replica()
                        + " is used by two processes; merging would silently drop both writes");
            }
        }
    }

    private static Set<Dot> addTo(Set<Dot> set, Dot d) {
        Set<Dot> s = set == null ? new HashSet<>(2) : set;
        s.add(d);
        return s;
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
        boolean leq = contexts.isBeforeOrEqual() && observedDotsKept(this, other);
        boolean geq = contexts.isAfterOrEqual() && observedDotsKept(other, this);
        return Causality.of(leq, geq);
    }

    private static <K> boolean observedDotsKept(DotKernel<K> a, DotKernel<K> b) {
        for (Map.Entry<K, Set<Dot>> e : b.entries.entrySet()) {
            Set<Dot> mine = a.entries.get(e.getKey());
            for (Dot d : e.getValue()) {
                if (a.context.contains(d) && (mine == null || !mine.contains(d))) {
                    return false;
                }
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
        for (Map.Entry<K, Set<Dot>> e : entries.entrySet()) {
            shown.add(e.getKey() + "=" + new TreeSet<>(e.getValue()));
        }
        return String.join(", ", shown) + " | " + context;
    }
}
