package dev.convergent.pekko.cluster;

import java.util.Objects;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * A serializer that delegates to another and counts what it writes in {@link SerializerCounts}; bound in place
 * of the delegate (same identifier) by a subclass with the constructor Pekko calls.
 */
public abstract class CountingDelegate extends SerializerWithStringManifest {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final SerializerWithStringManifest delegate;
    private final SerializerCounts counts;

    /**
     * Wraps a serializer.
     *
     * @param delegate the serializer that does the work
     * @param counts where to count
     */
    protected CountingDelegate(SerializerWithStringManifest delegate, SerializerCounts counts) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.counts = Objects.requireNonNull(counts, "counts");
    }

    /**
     * Returns whether the current {@code toBinary} call computes one of the Replicator's digests: it serializes
     * a value to compare digests too, and those bytes never leave the node.
     *
     * @return true inside {@code Replicator.digest}
     */
    static boolean forDigest() {
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getMethodName().equals("digest")
                && f.getClassName().startsWith("org.apache.pekko.cluster.ddata.Replicator")));
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
        counts.record(bytes.length, forDigest());
        return bytes;
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws java.io.NotSerializableException {
        return delegate.fromBinary(bytes, manifest);
    }
}
