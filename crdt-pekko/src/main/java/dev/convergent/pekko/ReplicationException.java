package dev.convergent.pekko;

import dev.convergent.lattice.CrdtException;

/**
 * A read or write through {@link ConvergentReplicator} that the Replicator did not complete as asked: the
 * consistency level was not reached in time, the key was deleted, or the durable store failed. A write
 * that timed out was still applied locally and spreads by gossip; it is the acknowledgement that is missing.
 */
public final class ReplicationException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what did not complete, for which key, at which consistency
     */
    public ReplicationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what did not complete
     * @param cause the cause
     */
    public ReplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
