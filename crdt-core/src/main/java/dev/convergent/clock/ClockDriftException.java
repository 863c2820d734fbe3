package dev.convergent.clock;

import dev.convergent.lattice.CrdtException;

/**
 * Thrown when a received timestamp lies further ahead of the local physical clock than the
 * configured maximum drift. Accepting it would let one fast clock win every last-writer-wins
 * conflict; the clock is left unchanged.
 */
public final class ClockDriftException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the received timestamp, the local time and the bound
     */
    public ClockDriftException(String message) {
        super(message);
    }
}
