package dev.convergent.kryo;

import dev.convergent.lattice.CrdtException;

/**
 * Thrown when bytes cannot be decoded into a valid state, or a state cannot be encoded: an unknown
 * format version, a wrong or unregistered type, truncated or trailing bytes, a declared length
 * beyond the remaining bytes or the configured {@link DecodeLimits}, or a decoded state that breaks
 * its type's invariants. Decoding reports every such failure with this exception and never returns
 * an invalid state; the cause, when present, is the lower-level error that revealed the problem.
 */
public final class CrdtSerializationException extends CrdtException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names what was being decoded and the rule the bytes broke
     */
    public CrdtSerializationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the lower-level error that revealed the problem.
     *
     * @param message names what was being decoded and the rule the bytes broke
     * @param cause the underlying error
     */
    public CrdtSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
