package dev.convergent.sim.pekko;

import dev.convergent.pekko.cluster.CountingDelegate;
import dev.convergent.pekko.cluster.SerializerCounts;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.ddata.protobuf.ReplicatedDataSerializer;

/**
 * Pekko's own {@link ReplicatedDataSerializer} with counts of what it writes, all nodes of the JVM together, in
 * {@link #COUNTS}: bound in place of Pekko's with
 * {@code pekko.actor.serializers.pekko-replicated-data = "dev.convergent.sim.pekko.CountingPekkoSerializer"}.
 */
public final class CountingPekkoSerializer extends CountingDelegate {

    /** What every instance has written. */
    public static final SerializerCounts COUNTS = new SerializerCounts();

    /**
     * Creates the serializer Pekko instantiates.
     *
     * @param system the actor system
     */
    public CountingPekkoSerializer(ExtendedActorSystem system) {
        super(new ReplicatedDataSerializer(system), COUNTS);
    }
}
