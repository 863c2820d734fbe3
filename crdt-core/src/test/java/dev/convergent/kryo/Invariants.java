package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        checkContext(s.context());
        Set<Dot> seen = new HashSet<>();
        for (E e : s.elements()) {
            assertThat(e).isNotNull();
            Set<Dot> dots = s.dots(e);
            assertThat(dots).isNotEmpty();
            for (Dot d : dots) {
                assertThat(s.context().contains(d)).as("dot %s of %s is covered", d, e).isTrue();
                assertThat(seen.add(d)).as("dot %s tags one element", d).isTrue();
            }
        }
    }
}
