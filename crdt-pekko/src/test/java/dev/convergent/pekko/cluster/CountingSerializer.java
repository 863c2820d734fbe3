package dev.convergent.pekko.cluster;

import dev.convergent.pekko.ConvergentSerializer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * {@link ConvergentSerializer} with a count of the bytes and values it writes, summed over every node of the
 * JVM: bind it in place of ours (same identifier) with
 * {@code pekko.actor.serializers.convergent = "dev.convergent.pekko.cluster.CountingSerializer"}.
 */
public final class CountingSerializer extends SerializerWithStringManifest {

    /** Bytes written by {@code toBinary}, all nodes together. */
    public static final AtomicLong BYTES = new AtomicLong();
    /** Values written by {@code toBinary}, all nodes together. */
    public static final AtomicLong VALUES = new AtomicLong();
    /** The largest single value written. */
    public static final AtomicLong LARGEST = new AtomicLong();
    /** Bytes serialized only to compute the Replicator's digests (never sent), not in {@link #BYTES}. */
    public static final AtomicLong DIGEST_BYTES = new AtomicLong();
    /** Values sent in full (a toBinary outside a digest of a value whose size is at least {@link #fullSize}). */
    public static final AtomicLong LARGE_VALUES = new AtomicLong();
    /** Bytes of those large values. */
    public static final AtomicLong LARGE_BYTES = new AtomicLong();
    /** What counts as a large value, for {@link #LARGE_VALUES}. */
    public static volatile long fullSize = Long.MAX_VALUE;

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final ConvergentSerializer delegate;

    /**
     * Creates the serializer Pekko instantiates.
     *
     * @param system the actor system
     */
    public CountingSerializer(ExtendedActorSystem system) {
        this.delegate = new ConvergentSerializer(system);
    }

    /** Sets every count to zero. */
    public static void reset() {
        BYTES.set(0);
        VALUES.set(0);
        LARGEST.set(0);
        DIGEST_BYTES.set(0);
        LARGE_VALUES.set(0);
        LARGE_BYTES.set(0);
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
        if (forDigest()) {
            DIGEST_BYTES.addAndGet(bytes.length);
            return bytes;
        }
        if (bytes.length >= fullSize) {
            LARGE_VALUES.incrementAndGet();
            LARGE_BYTES.addAndGet(bytes.length);
        }
        BYTES.addAndGet(bytes.length);
        VALUES.incrementAndGet();
        LARGEST.accumulateAndGet(bytes.length, Math::max);
        return bytes;
    }

    /**
     * Returns whether the current {@code toBinary} call computes one of the Replicator's digests: it serializes
     * a value to compare digests too, and those bytes never leave the node.
     *
     * @return true inside {@code Replicator.digest}
     */
    public static boolean forDigest() {
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("digest")
                && f.getClassName().startsWith("org.apache.pekko.cluster.ddata.Replicator")));
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return delegate.fromBinary(bytes, manifest);
    }
}
