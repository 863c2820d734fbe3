package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Output;

/**
 * Base of every Convergent serializer. {@link #write} puts the format version before the body, so
 * each of our objects inside a user's Kryo graph is versioned on its own; {@link #read} checks the
 * version, decodes and validates the body, and turns every failure into a
 * {@link CrdtSerializationException}. The codec writes one version for the whole message and calls
 * {@link #writeBody}/{@link #readBody} directly.
 *
 * <p>To add a type: extend this class (write the body in a canonical order, read it back through the
 * type's validating factory), add one line to {@link ConvergentKryo}'s table, and a golden vector.
 *
 * @param <T> the serialized type
 */
abstract class CrdtSerializer<T> extends Serializer<T> {

    private static final int MAX_QUOTED = 500;

    final DecodeLimits limits;
    private final String typeName;

    CrdtSerializer(String typeName, DecodeLimits limits) {
        super(false, true);
        this.typeName = typeName;
        this.limits = limits;
    }

    /** The type's simple name, used in messages. */
    final String typeName() {
        return typeName;
    }

    @Override
    public final void write(Kryo kryo, Output output, T state) {
        Wire.writeVersion(output);
        writeBody(kryo, output, state);
    }

    @Override
    public final T read(Kryo kryo, Input input, Class<? extends T> type) {
        try {
            int version = Wire.readVersion(input, typeName);
            return readBody(kryo, input, version);
        } catch (RuntimeException e) {
            throw wrap(typeName, e);
        }
    }

    /** Writes the state without a version, in a canonical order: equal states give equal bytes. */
    abstract void writeBody(Kryo kryo, Output output, T state);

    /**
     * Reads a body written by format {@code version} and returns the state, which must satisfy every
     * invariant of the type; throws otherwise (any runtime exception is wrapped by the caller).
     */
    abstract T readBody(Kryo kryo, Input input, int version);

    @SuppressWarnings("unchecked")
    final void writeBodyOf(Kryo kryo, Output output, Object state) {
        writeBody(kryo, output, (T) state);
    }

    /** Returns {@code e} as a serialization exception that names the type being decoded. */
    static CrdtSerializationException wrap(String typeName, RuntimeException e) {
        if (e instanceof CrdtSerializationException) {
            return (CrdtSerializationException) e;
        }
        if (e instanceof KryoBufferUnderflowException) {
            return new CrdtSerializationException("truncated " + typeName + " encoding: the bytes end early", e);
        }
        return new CrdtSerializationException("invalid " + typeName + " encoding: "
                + e.getClass().getSimpleName() + ": " + shorten(e.getMessage()), e);
    }

    /** Keeps messages short: a validation message may quote a state as large as the hostile input. */
    private static String shorten(String message) {
        return message == null || message.length() <= MAX_QUOTED ? message
                : message.substring(0, MAX_QUOTED) + "... (" + message.length() + " characters)";
    }
}
