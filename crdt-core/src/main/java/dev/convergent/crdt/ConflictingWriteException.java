package dev.convergent.crdt;

import dev.convergent.lattice.CrdtException;

/**
 * Thrown when two states carry different values under the same identity (the same dot, or the same
 * writer and timestamp). That happens only when two processes write with one replica id; merging
 * would silently lose one of the writes, so the merge refuses instead.
 */
public final class ConflictingWriteException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the identity and both values
     */
    public ConflictingWriteException(String message) {
        super(message);
    }
}
