package dev.convergent.lattice;

/**
 * Base class of the library's domain errors: a state or an operation that would break a CRDT's
 * guarantees (a counter overflow, a clock running too far ahead, a replica id used by two writers).
 * Argument errors use the standard {@link IllegalArgumentException} and {@link NullPointerException}.
 */
public class CrdtException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the value and the rule it broke.
     *
     * @param message the detail message
     */
    public CrdtException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message the detail message
     * @param cause the underlying cause
     */
    public CrdtException(String message, Throwable cause) {
        super(message, cause);
    }
}
