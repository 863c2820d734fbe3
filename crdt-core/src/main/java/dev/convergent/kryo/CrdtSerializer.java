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
 * {@link #writeBody}/{@link #readVersioned} directly.
 *
 * <p>The version is the state's, not the release's: {@link #versionFor} picks the oldest version
 * that can hold the state (version 2 only for a state holding pruning markers), and reading checks
 * that the version is the one the state calls for, so a state has exactly one encoding.
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
        int version = versionFor(state);
        Wire.writeVersion(output, version);
        writeBody(kryo, output, state, version);
    }

    @Override
    public final T read(Kryo kryo, Input input, Class<? extends T> type) {
        try {
            int version = Wire.readVersion(input, typeName);
            return readVersioned(kryo, input, version);
        } catch (RuntimeException e) {
            throw wrap(typeName, e);
        }
    }

    /**
     * The format version {@code state} is written as: the oldest that can hold it, so that states
     * without the newer features keep the bytes older releases write (and read). 1 unless the type
     * overrides it; types that carry pruning markers return 2 for a state holding some.
     */
    int versionFor(T state) {
        return 1;
    }

    /**
     * Writes the state without a version, in a canonical order: equal states give equal bytes.
     * {@code version} is {@link #versionFor versionFor(state)}; a body of version 2 ends with the
     * state's pruning markers section(s), possibly empty.
     */
    abstract void writeBody(Kryo kryo, Output output, T state, int version);

    /**
     * Reads a body written by format {@code version} and returns the state, which must satisfy every
     * invariant of the type; throws otherwise (any runtime exception is wrapped by the caller).
     */
    abstract T readBody(Kryo kryo, Input input, int version);

    /**
     * Reads a body with {@link #readBody} and checks that {@code version} is the one the state is
     * written as: a version-2 body of a state without markers, or a version-1 map whose values hold
     * markers, is not what the encoder writes (non-canonical encoding).
     */
    final T readVersioned(Kryo kryo, Input input, int version) {
        T state = readBody(kryo, input, version);
        int canonical = versionFor(state);
        if (canonical != version) {
            throw new CrdtSerializationException(typeName + ": " + (canonical < version
                    ? "a state without pruning markers is written as version " + canonical
                    : "a state holding pruning markers is written as version " + canonical)
                    + ", but these bytes are version " + version + " (non-canonical encoding)");
        }
        return state;
    }

    @SuppressWarnings("unchecked")
    final int versionForOf(Object state) {
        return versionFor((T) state);
    }

    @SuppressWarnings("unchecked")
    final void writeBodyOf(Kryo kryo, Output output, Object state, int version) {
        writeBody(kryo, output, (T) state, version);
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
