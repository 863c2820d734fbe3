package dev.convergent.pekko.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link CountingDelegate} has written, all nodes of the JVM together: bytes and values sent, the largest
 * value, the values of at least {@link #fullSize} bytes (full states), and apart from all of those the bytes
 * serialized only to compute the Replicator's digests (never sent).
 */
public final class SerializerCounts {

    /** Bytes written for messages, digests excluded. */
    public final AtomicLong bytes = new AtomicLong();
    /** Values written for messages, digests excluded. */
    public final AtomicLong values = new AtomicLong();
    /** The largest value written for a message. */
    public final AtomicLong largest = new AtomicLong();
    /** Values of at least {@link #fullSize} bytes. */
    public final AtomicLong largeValues = new AtomicLong();
    /** Bytes of those values. */
    public final AtomicLong largeBytes = new AtomicLong();
    /** Bytes serialized only for digests. */
    public final AtomicLong digestBytes = new AtomicLong();
    /** What counts as a large value; none until set. */
    public volatile long fullSize = Long.MAX_VALUE;

    /** Sets every count to zero and forgets the large-value size. */
    public void reset() {
        bytes.set(0);
        values.set(0);
        largest.set(0);
        largeValues.set(0);
        largeBytes.set(0);
        digestBytes.set(0);
        fullSize = Long.MAX_VALUE;
    }

    void record(int length, boolean forDigest) {
        if (forDigest) {
            digestBytes.addAndGet(length);
            return;
        }
        bytes.addAndGet(length);
        values.incrementAndGet();
        largest.accumulateAndGet(length, Math::max);
        if (length >= fullSize) {
            largeValues.incrementAndGet();
            largeBytes.addAndGet(length);
        }
    }
}
