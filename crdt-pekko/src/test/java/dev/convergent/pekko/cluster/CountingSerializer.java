package dev.convergent.pekko.cluster;

import dev.convergent.pekko.ConvergentSerializer;
import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * {@link ConvergentSerializer} with counts of what it writes, all nodes of the JVM together, in {@link #COUNTS}:
 * bind it in place of ours (same identifier) with
 * {@code pekko.actor.serializers.convergent = "dev.convergent.pekko.cluster.CountingSerializer"}.
 */
public final class CountingSerializer extends CountingDelegate {

    /** What every instance has written. */
    public static final SerializerCounts COUNTS = new SerializerCounts();

    /**
     * Creates the serializer Pekko instantiates.
     *
     * @param system the actor system
     */
    public CountingSerializer(ExtendedActorSystem system) {
        super(new ConvergentSerializer(system), COUNTS);
    }
}
