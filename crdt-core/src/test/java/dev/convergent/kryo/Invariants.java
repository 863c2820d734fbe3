package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Prunable;
import dev.convergent.crdt.Pruning;
import dev.convergent.lattice.Crdt;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the invariants of a decoded state through the public API, independently of the factories
 * the decoder relies on: a state that breaks one must never come out of a decoder.
 */
final class Invariants {

    private Invariants() {
    }

    static void check(Object state) {
        assertThat(state).isNotNull();
        if (state instanceof ReplicaId) {
            String name = ((ReplicaId) state).name();
            assertThat(name.length()).isBetween(1, ReplicaId.MAX_LENGTH);
            assertThat(name.chars().noneMatch(c -> Character.isISOControl(c))).isTrue();
        } else if (state instanceof Dot) {
            check(((Dot) state).replica());
            assertThat(((Dot) state).counter()).isPositive();
        } else if (state instanceof HybridTimestamp) {
            HybridTimestamp t = (HybridTimestamp) state;
            assertThat(t.physicalMillis()).isNotNegative();
            assertThat(t.logical()).isBetween(0, HybridTimestamp.MAX_LOGICAL);
        } else if (state instanceof VersionVector) {
            checkVector((VersionVector) state);
        } else if (state instanceof CausalContext) {
            checkContext((CausalContext) state);
        } else if (state instanceof GCounter) {
            GCounter c = (GCounter) state;
            checkVector(c.counts());
            assertThat(c.value()).isEqualTo(c.counts().sum());
            checkMarkers(c.prunings(), c.counts().entries().keySet());
            for (Pruning p : c.prunings()) {
                if (!c.retiredReplicas().contains(p.successor())) {
                    assertThat(c.get(p.successor())).as("successor of %s counts what was folded into it", p)
                            .isGreaterThanOrEqualTo(p.base() + p.upTo());
                }
            }
        } else if (state instanceof PNCounter) {
            check(((PNCounter) state).increments());
            check(((PNCounter) state).decrements());
        } else if (state instanceof LWWRegister) {
            LWWRegister<?> r = (LWWRegister<?>) state;
            assertThat(r.value()).isNotNull();
            check(r.writer());
            check(r.timestamp());
        } else if (state instanceof ORSet) {
            checkSet((ORSet<?>) state);
        } else if (state instanceof MVRegister) {
            checkRegister((MVRegister<?>) state);
        } else if (state instanceof EnableWinsFlag) {
            EnableWinsFlag f = (EnableWinsFlag) state;
            checkDots(f.context(), f.isEnabled() ? List.of("on") : List.<String>of(), k -> f.enables());
            assertThat(f.isEnabled()).isEqualTo(!f.enables().isEmpty());
            checkMarkers(f.prunings(), f.replicaIds());
        } else if (state instanceof ORMap) {
            checkMap((ORMap<?, ?>) state);
        } else if (state instanceof LWWMap) {
            checkLwwMap((LWWMap<?, ?>) state);
        } else {
            throw new AssertionError("unknown type " + state.getClass());
        }
    }

    private static void checkVector(VersionVector v) {
        for (int i = 0; i < v.size(); i++) {
            check(v.replicaAt(i));
            assertThat(v.counterAt(i)).isPositive();
            if (i > 0) {
                assertThat(v.replicaAt(i - 1)).isLessThan(v.replicaAt(i));
            }
        }
    }

    private static void checkContext(CausalContext c) {
        checkVector(c.versionVector());
        List<Dot> cloud = c.cloud();
        for (int i = 0; i < cloud.size(); i++) {
            Dot d = cloud.get(i);
            check(d);
            assertThat(d.counter()).as("cloud dot %s is compact", d)
                    .isGreaterThan(c.versionVector().get(d.replica()) + 1);
            if (i > 0) {
                assertThat(cloud.get(i - 1)).isLessThan(d);
            }
        }
    }

    private static <E> void checkSet(ORSet<E> s) {
        checkDots(s.context(), s.elements(), s::dots);
        checkMarkers(s.prunings(), s.replicaIds());
    }

    private static <V> void checkRegister(MVRegister<V> r) {
        checkDots(r.context(), r.values(), r::dots);
        assertThat(r.siblingCount()).isEqualTo(r.values().size());
        checkMarkers(r.prunings(), r.replicaIds());
    }

    /**
     * Markers sorted by retired id, one per id, no chain of successors that loops, and no retired id
     * among the replicas the state still carries ({@code live}).
     */
    private static void checkMarkers(List<Pruning> markers, Set<ReplicaId> live) {
        Map<ReplicaId, ReplicaId> successors = new HashMap<>();
        for (int i = 0; i < markers.size(); i++) {
            Pruning p = markers.get(i);
            check(p.retired());
            check(p.successor());
            assertThat(p.retired()).isNotEqualTo(p.successor());
            assertThat(p.base()).isNotNegative();
            assertThat(p.upTo()).isNotNegative().isLessThanOrEqualTo(Long.MAX_VALUE - p.base());
            if (i > 0) {
                assertThat(markers.get(i - 1).retired()).as("markers sorted by retired id").isLessThan(p.retired());
            }
            assertThat(live).as("replicas of a state pruned of %s", p.retired()).doesNotContain(p.retired());
            successors.put(p.retired(), p.successor());
        }
        for (ReplicaId start : successors.keySet()) {
            ReplicaId at = start;
            for (int steps = 0; successors.containsKey(at); steps++) {
                assertThat(steps).as("chain of successors from %s ends", start).isLessThanOrEqualTo(markers.size());
                at = successors.get(at);
            }
        }
    }

    /**
     * Whether a state holds pruning markers anywhere, read through {@link Prunable#retiredReplicas}
     * (an OR-Map's value states and bottom included): the states that must be written as version 2.
     */
    static boolean holdsMarkers(Object state) {
        if (state instanceof ORMap) {
            ORMap<?, ?> m = (ORMap<?, ?>) state;
            return !m.retiredReplicas().isEmpty() || holdsMarkers(m.bottom())
                    || m.valueStates().values().stream().anyMatch(Invariants::holdsMarkers);
        }
        return state instanceof Prunable && !((Prunable<?>) state).retiredReplicas().isEmpty();
    }

    /** The format version a state must be written as: 2 if it holds markers, else 1. */
    static int expectedVersion(Object state) {
        return holdsMarkers(state) ? 2 : 1;
    }

    /** Every key has dots, every dot is covered by the context and tags one key. */
    private static <K> void checkDots(CausalContext context, Collection<K> keys, Function<K, Set<Dot>> dotsOf) {
        checkContext(context);
        Set<Dot> seen = new HashSet<>();
        for (K k : keys) {
            assertThat(k).isNotNull();
            Set<Dot> dots = dotsOf.apply(k);
            assertThat(dots).as("dots of %s", k).isNotEmpty();
            for (Dot d : dots) {
                assertThat(context.contains(d)).as("dot %s of %s is covered", d, k).isTrue();
                assertThat(seen.add(d)).as("dot %s tags one key", d).isTrue();
            }
        }
    }

    private static <K, V extends Crdt<V>> void checkMap(ORMap<K, V> m) {
        checkDots(m.context(), m.keys(), m::dots);
        Set<ReplicaId> keyReplicas = new HashSet<>(m.context().versionVector().entries().keySet());
        m.context().cloud().forEach(d -> keyReplicas.add(d.replica()));
        checkMarkers(m.prunings(), keyReplicas);
        assertThat(m.valueStates().keySet()).containsAll(m.keys());
        assertThat(m.bottom()).isInstanceOf(Crdt.class);
        checkIfKnown(m.bottom());
        for (Map.Entry<K, V> e : m.valueStates().entrySet()) {
            assertThat(e.getKey()).isNotNull();
            assertThat(e.getValue()).isInstanceOf(Crdt.class);
            checkIfKnown(e.getValue());
        }
        assertThat(m.size()).isEqualTo(m.keys().size());
    }

    private static <K, V> void checkLwwMap(LWWMap<K, V> m) {
        for (Map.Entry<K, LWWRegister<Optional<V>>> e : m.registers().entrySet()) {
            assertThat(e.getKey()).isNotNull();
            check(e.getValue());
            assertThat(m.get(e.getKey())).isEqualTo(e.getValue().value());
        }
    }

    /** Values of maps may be the user's CRDTs; ours are checked in depth. */
    private static void checkIfKnown(Object value) {
        if (value.getClass().getPackageName().equals(ORMap.class.getPackageName())) {
            check(value);
        }
    }

    /**
     * Asserts that a decoded state is the original: equal, and for OR-Maps, whose {@code equals}
     * leaves the bottom value out, with equal bottoms too, in nested maps as well.
     */
    static void assertSame(Object decoded, Object original) {
        assertThat(decoded).isEqualTo(original);
        if (original instanceof ORMap) {
            ORMap<?, ?> a = (ORMap<?, ?>) decoded;
            ORMap<?, ?> b = (ORMap<?, ?>) original;
            assertSame(a.bottom(), b.bottom());
            for (Map.Entry<?, ?> e : b.valueStates().entrySet()) {
                assertSame(a.valueStates().get(e.getKey()), e.getValue());
            }
        }
    }
}
