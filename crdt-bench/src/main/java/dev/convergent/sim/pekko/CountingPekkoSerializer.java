package dev.convergent.sim.pekko;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.ddata.protobuf.ReplicatedDataSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's own {@link ReplicatedDataSerializer} with a count of the bytes it writes, all nodes of the JVM together
 * (bytes serialized only to compute the Replicator's digests are counted apart): bound in place of Pekko's with
 * {@code pekko.actor.serializers.pekko-replicated-data = "dev.convergent.sim.pekko.CountingPekkoSerializer"}.
 */
public final class CountingPekkoSerializer extends SerializerWithStringManifest {

    /** Bytes written, digests excluded. */
    public static final AtomicLong BYTES = new AtomicLong();
    /** Values written, digests excluded. */
    public static final AtomicLong VALUES = new AtomicLong();
    /** Bytes serialized for digests only. */
    public static final AtomicLong DIGEST_BYTES = new AtomicLong();

    private final ReplicatedDataSerializer delegate;

    /**
     * Creates the serializer Pekko instantiates.
     *
     * @param system the actor system
     */
    public CountingPekkoSerializer(ExtendedActorSystem system) {
        this.delegate = new ReplicatedDataSerializer(system);
    }

    /** Sets every count to zero. */
    public static void reset() {
        BYTES.set(0);
        VALUES.set(0);
        DIGEST_BYTES.set(0);
    }

    @Override
    public int identifier() {
        return delegate.identifier();
    }

    @Override
    public String manifest(Object o) {
        return delegate.manifest(o);
    }

    @Override
    public byte[] toBinary(Object o) {
        byte[] bytes = delegate.toBinary(o);
        if (dev.convergent.pekko.cluster.CountingSerializer.forDigest()) {
            DIGEST_BYTES.addAndGet(bytes.length);
        } else {
            BYTES.addAndGet(bytes.length);
            VALUES.incrementAndGet();
        }
        return bytes;
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return delegate.fromBinary(bytes, manifest);
    }
}
