package dev.convergent.sim;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One replica ("data centre") of the simulation: the carts it holds, its hybrid clock (whose physical
 * time is the simulated time plus this replica's fixed skew), and the bookkeeping of its delta
 * channel (deltas sent and not yet acknowledged), and whether it has retired. Mutable; used by one thread.
 */
final class Replica {

    final int index;
    final ReplicaId id;
    final long skewMillis;
    final HybridClock clock;
    final TreeMap<String, CartState> carts = new TreeMap<>();
    /** Deltas sent and not acknowledged, by sequence number. */
    final Map<Long, Simulation.Message> unacked = new HashMap<>();
    final Map<Long, Integer> attempts = new HashMap<>();
    /** Each cart's digest, with the state it was computed from. */
    final Map<String, Digest> cartDigests = new HashMap<>();
    long nextSeq = 1;
    int antiEntropyRounds;
    long lagUntil;
    long lagExtraMillis;
    /** Set when the replica retires: it takes no writes and never sends or receives again. */
    boolean retired;

    Replica(int index, long skewMillis, LongSupplier simulatedMillis) {
        this.index = index;
        this.id = ReplicaId.of("dc" + (index + 1));
        this.skewMillis = skewMillis;
        this.clock = HybridClock.of(() -> Simulation.EPOCH_MILLIS + simulatedMillis.getAsLong() + skewMillis,
                Duration.ofMillis(Simulation.MAX_DRIFT_MS));
    }

    record Digest(CartState state, String digest) {
    }

    CartState cart(String cart) {
        return carts.getOrDefault(cart, CartState.EMPTY);
    }

    /**
     * What this replica has seen, as one vector over all its carts: for each writer, the number of
     * its writes (ORMap updates and Dynamo-style versions) seen without a gap, summed over the carts.
     */
    VersionVector versionVector() {
        Map<ReplicaId, Long> sum = new TreeMap<>();
        for (CartState s : carts.values()) {
            add(sum, s.items().context());
            add(sum, s.versions().context());
        }
        return VersionVector.of(sum);
    }

    private static void add(Map<ReplicaId, Long> sum, CausalContext context) {
        context.versionVector().entries().forEach((r, n) -> sum.merge(r, n, Long::sum));
    }

    @Override
    public String toString() {
        return id.name();
    }
}
