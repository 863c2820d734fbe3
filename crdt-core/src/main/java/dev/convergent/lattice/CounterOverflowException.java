package dev.convergent.lattice;

/**
 * Thrown when a counter would exceed {@link Long#MAX_VALUE}. Counters never wrap silently; the
 * state the operation was applied to is left unchanged.
 */
public final class CounterOverflowException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the counter and the values that overflowed
     */
    public CounterOverflowException(String message) {
        super(message);
    }
}
