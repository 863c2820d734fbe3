package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds each library's states from plain data, as a replica would after decoding them from the network: every call
 * copies every string, so two states built from the same data share no element, key or map object. Our
 * {@link ReplicaId}s are the exception, by design: {@code ReplicaId.of} interns them, so a decoded state gets the
 * same id objects as the local one and merge settles most id comparisons by reference. Pekko's node ids are new
 * objects every time (see {@link Pekko}).
 */
final class Rebuild {

    private Rebuild() {
    }

    /** Looks every id up from a new copy of its name. */
    static ReplicaId[] ids(String[] names) {
        ReplicaId[] ids = new ReplicaId[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = ReplicaId.of(new String(names[i]));
        }
        return ids;
    }

    static VersionVector versionVector(String[] names, long[] counters) {
        return VersionVector.of(BenchInputs.entries(names, counters));
    }

    static GCounter gCounter(String[] names, long[] counts) {
        return GCounter.of(BenchInputs.entries(names, counts));
    }

    static PNCounter pnCounter(String[] names, long[] increments, long[] decrements) {
        return PNCounter.of(gCounter(names, increments), gCounter(names, decrements));
    }

    static CausalContext context(History.Snapshot s) {
        return CausalContext.of(versionVector(s.replicas(), s.context()));
    }

    static ORSet<String> orSet(History.Snapshot s) {
        return ORSet.of(dots(s, ids(s.replicas())), context(s));
    }

    /**
     * Our OR-Map keeps the value states of removed keys (a later concurrent update merges into them), so this takes a
     * snapshot with tombstones: live keys get dots, every key a value.
     */
    static ORMap<String, GCounter> orMap(History.Snapshot s) {
        ReplicaId[] ids = ids(s.replicas());
        Map<String, GCounter> values = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            values.put(new String(s.keys()[i]), GCounter.empty().increment(ids[s.dotReplica()[i]], s.dotCounter()[i]));
        }
        return ORMap.of(dots(s, ids), context(s), values, GCounter.empty());
    }

    /** Our LWW-Map keeps a removed key as a tombstone register, so this takes a snapshot with tombstones. */
    static LWWMap<String, String> lwwMap(History.Snapshot s) {
        ReplicaId[] ids = ids(s.replicas());
        Map<String, LWWRegister<Optional<String>>> registers = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            Optional<String> value = s.live()[i] ? Optional.of(new String(s.values()[i])) : Optional.empty();
            registers.put(new String(s.keys()[i]),
                    LWWRegister.of(ids[s.writer()[i]], value, HybridTimestamp.ofMillis(s.millis()[i])));
        }
        return LWWMap.of(registers);
    }

    /** The dots of the present keys. */
    private static Map<String, Set<Dot>> dots(History.Snapshot s, ReplicaId[] ids) {
        Map<String, Set<Dot>> dots = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            if (!s.live()[i]) {
                continue;
            }
            dots.put(new String(s.keys()[i]), Set.of(Dot.of(ids[s.dotReplica()[i]], s.dotCounter()[i])));
        }
        return dots;
    }

    static org.apache.pekko.cluster.ddata.ORSet<String> pekkoOrSet(History.Snapshot s) {
        return Pekko.orSet(s.replicas(), s.keys(), s.dotReplica(), s.dotCounter(), s.context());
    }

    static org.apache.pekko.cluster.ddata.ORMap<String, org.apache.pekko.cluster.ddata.GCounter> pekkoOrMap(
            History.Snapshot s) {
        return Pekko.orMap(s.replicas(), s.keys(), s.dotReplica(), s.dotCounter(), s.context(), s.dotCounter());
    }

    /** Pekko's LWW-Map drops a removed key, so this takes a snapshot of the live keys. */
    static org.apache.pekko.cluster.ddata.LWWMap<String, String> pekkoLwwMap(History.Snapshot s) {
        return Pekko.lwwMap(s.replicas(), s.keys(), s.dotReplica(), s.dotCounter(), s.context(), s.values(),
                s.millis());
    }
}
