package dev.convergent.health;

import dev.convergent.clock.ReplicaId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far a set of replicas' version vectors are apart: for each replica id, the largest counter any
 * replica has seen for it minus the smallest (a missing entry counts as 0), and the largest of these
 * differences. A divergence of 0 means every replica has seen the same number of events of every
 * writer; 7 for id {@code dc2} means the most stale replica misses at least the last 7 events of
 * {@code dc2}. Dashboards alert on {@link #max()} (for example above 5).
 *
 * <p>Immutable and thread-safe; value-based. Built by {@link TruthHealth#divergence}.
 *
 * @param perReplica for each replica id seen in any vector, max − min of its counter across the
 *     vectors, in replica-id order (unmodifiable)
 * @param max the largest value of {@code perReplica}, 0 when it is empty
 */
public record Divergence(SortedMap<ReplicaId, Long> perReplica, long max) {

    /**
     * Validates the components and keeps an unmodifiable copy of the map.
     *
     * @param perReplica the divergence of each replica id
     * @param max the largest divergence
     * @throws NullPointerException if {@code perReplica}, a key or a value is null
     * @throws IllegalArgumentException if a divergence is negative or {@code max} is not the largest
     */
    public Divergence {
        Objects.requireNonNull(perReplica, "perReplica");
        SortedMap<ReplicaId, Long> copy = new TreeMap<>();
        long largest = 0;
        for (Map.Entry<ReplicaId, Long> e : perReplica.entrySet()) {
            ReplicaId id = Objects.requireNonNull(e.getKey(), "perReplica contains a null replica");
            long d = Objects.requireNonNull(e.getValue(), "perReplica contains a null divergence");
            if (d < 0) {
                throw new IllegalArgumentException("divergence of " + id + " must be >= 0, was " + d);
            }
            copy.put(id, d);
            largest = Math.max(largest, d);
        }
        if (max != largest) {
            throw new IllegalArgumentException("max must be the largest divergence, " + largest + ", was " + max);
        }
        perReplica = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Returns the divergence of one replica id.
     *
     * @param replica the replica id
     * @return max − min of its counter across the vectors, 0 if no vector has it
     * @throws NullPointerException if {@code replica} is null
     */
    public long of(ReplicaId replica) {
        return perReplica.getOrDefault(Objects.requireNonNull(replica, "replica"), 0L);
    }
}
