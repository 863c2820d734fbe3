package dev.convergent.crdt;

import dev.convergent.lattice.CrdtException;

/**
 * Thrown when pruning records disagree with each other or with a state: one replica id pruned into
 * two successors, a chain of prunings that loops, or a retired replica whose writes go beyond what was
 * folded into its successor (it was pruned while still writing, or before the successor had seen its
 * last write). Merging would lose or double-count those writes, so the operation refuses instead and
 * leaves both states unchanged.
 */
public final class PruningConflictException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the retired replica and what disagrees
     */
    public PruningConflictException(String message) {
        super(message);
    }
}
