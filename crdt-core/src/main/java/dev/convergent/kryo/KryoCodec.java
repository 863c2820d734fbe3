package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes Convergent states to self-describing byte arrays and decodes them back, safely against
 * hostile bytes. One codec may be shared by any number of threads: Kryo instances are not
 * thread-safe, so the codec keeps a {@link Pool} of them, each configured the same way.
 *
 * <p>Message layout: the state's format version (unsigned varint: 1, or 2 for a state holding
 * pruning markers; see {@link ConvergentKryo#FORMAT_VERSION}), the type's
 * {@linkplain ConvergentKryo registration id} (unsigned varint), a flags byte ({@code 0}: the body
 * follows as is; {@code 1}: the body is compressed and follows as its size (unsigned varint) and a
 * zlib stream), then the type's body, which must end exactly where the message ends.
 *
 * <p>Decoding trusts nothing: only registered class ids are accepted (class names on the wire are
 * refused), every declared count or size is checked against the remaining bytes and the
 * {@link DecodeLimits} before anything is allocated, strings and arrays read by element serializers
 * are bounded the same way, the decoded state must satisfy its type's invariants, and trailing bytes
 * are rejected. Every failure is a {@link CrdtSerializationException}.
 *
 * <p>Uncompressed encodings are deterministic: equal states give equal bytes, provided the element
 * serializers are deterministic. Compression is off unless {@link Builder#compressAbove enabled};
 * compressed bytes also depend on the JDK's zlib.
 *
 * <p>Immutable and thread-safe.
 */
public final class KryoCodec {

    /** The codec's Kryo instances stop at this object nesting depth unless the configuration changes it. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final int RAW = 0;
    private static final int DEFLATED = 1;
    private static final int DEFLATE_LEVEL = Deflater.BEST_COMPRESSION;
    private static final int POOL_CAPACITY = 16;

    private final Consumer<Kryo> registrations;
    private final DecodeLimits limits;
    private final int compressionThreshold;
    private final Pool<Kryo> pool;

    private KryoCodec(Builder builder) {
        this.registrations = builder.registrations;
        this.limits = builder.limits;
        this.compressionThreshold = builder.compressionThreshold;
        this.pool = new Pool<>(true, false, POOL_CAPACITY) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
        pool.free(pool.obtain()); // fail fast on a bad configuration
    }

    /**
     * Returns a codec for Convergent types whose elements and values are Kryo's default registered
     * types (strings, boxed primitives), with default limits and no compression.
     *
     * @return a new codec
     */
    public static KryoCodec create() {
        return builder().build();
    }

    /**
     * Returns a builder to configure a codec.
     *
     * @return a new builder with the defaults of {@link #create()}
     */
    public static Builder builder() {
        return new Builder();
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo(new RegisteredOnlyClassResolver(), null);
        kryo.setRegistrationRequired(true);
        kryo.setMaxDepth(DEFAULT_MAX_DEPTH);
        ConvergentKryo.register(kryo, limits);
        registrations.accept(kryo);
        if (!kryo.isRegistrationRequired()) {
            throw new IllegalArgumentException("the codec's Kryo must require registration; "
                    + "the configuration turned it off");
        }
        for (ConvergentKryo.Binding b : ConvergentKryo.BINDINGS) {
            Registration r = kryo.getRegistration(b.id());
            if (r == null || r.getType() != b.type() || !(r.getSerializer() instanceof CrdtSerializer)) {
                throw new IllegalArgumentException("the configuration replaced registration id " + b.id()
                        + " of " + b.type().getName() + "; ids " + ConvergentKryo.FIRST_RESERVED_ID + " to "
                        + ConvergentKryo.LAST_RESERVED_ID + " are reserved for Convergent");
            }
        }
        return kryo;
    }

    /**
     * Encodes a state.
     *
     * @param state an instance of a Convergent type (see {@link ConvergentKryo})
     * @return the message: version, type id, flags, body
     * @throws NullPointerException if {@code state} is null
     * @throws IllegalArgumentException if {@code state} is not of a Convergent type
     * @throws CrdtSerializationException if an element or value cannot be written, for example
     *     because its class is not registered
     */
    public byte[] encode(Object state) {
        Objects.requireNonNull(state, "state");
        ConvergentKryo.Binding binding = bindingOf(state.getClass());
        Kryo kryo = pool.obtain();
        Output body = new Output(256, -1);
        int version;
        try {
            CrdtSerializer<?> serializer = serializer(kryo, binding);
            version = serializer.versionForOf(state);
            serializer.writeBodyOf(kryo, body, state, version);
        } catch (RuntimeException e) {
            // an element or value that the Kryo cannot write: unregistered class, failing user serializer, depth
            throw new CrdtSerializationException("cannot encode " + binding.name() + ": " + e.getMessage(), e);
        } finally {
            kryo.reset();
            pool.free(kryo);
        }
        int size = body.position();
        Output out = new Output(size + 16, -1);
        Wire.writeVersion(out, version);
        out.writeVarInt(binding.id(), true);
        byte[] compressed = compressionThreshold >= 0 && size >= compressionThreshold
                ? deflate(body.getBuffer(), size)
                : null;
        if (compressed != null && compressed.length + Output.varIntLength(size, true) < size) {
            out.writeByte(DEFLATED);
            out.writeVarInt(size, true);
            out.writeBytes(compressed);
        } else {
            out.writeByte(RAW);
            out.writeBytes(body.getBuffer(), 0, size);
        }
        return out.toBytes();
    }

    /**
     * Decodes an {@link ORSet} whose elements are all of {@code elementType}.
     *
     * @param <E> the element type
     * @param bytes the message
     * @param elementType the class every element must be an instance of
     * @return the decoded set
     * @throws NullPointerException if an argument is null
     * @throws CrdtSerializationException as {@link #decode}, or if an element is of another class
     */
    @SuppressWarnings("unchecked")
    public <E> ORSet<E> decodeORSet(byte[] bytes, Class<E> elementType) {
        Objects.requireNonNull(elementType, "elementType");
        ORSet<?> set = decode(bytes, ORSet.class);
        checkAll("ORSet", "element", set.elements(), elementType);
        return (ORSet<E>) set;
    }

    /**
     * Decodes an {@link MVRegister} whose values are all of {@code valueType}.
     *
     * @param <V> the value type
     * @param bytes the message
     * @param valueType the class every sibling must be an instance of
     * @return the decoded register
     * @throws NullPointerException if an argument is null
     * @throws CrdtSerializationException as {@link #decode}, or if a value is of another class
     */
    @SuppressWarnings("unchecked")
    public <V> MVRegister<V> decodeMVRegister(byte[] bytes, Class<V> valueType) {
        Objects.requireNonNull(valueType, "valueType");
        MVRegister<?> register = decode(bytes, MVRegister.class);
        checkAll("MVRegister", "value", register.values(), valueType);
        return (MVRegister<V>) register;
    }

    /**
     * Decodes an {@link LWWRegister} whose value is of {@code valueType}.
     *
     * @param <V> the value type
     * @param bytes the message
     * @param valueType the class the value must be an instance of
     * @return the decoded register
     * @throws NullPointerException if an argument is null
     * @throws CrdtSerializationException as {@link #decode}, or if the value is of another class
     */
    @SuppressWarnings("unchecked")
    public <V> LWWRegister<V> decodeLWWRegister(byte[] bytes, Class<V> valueType) {
        Objects.requireNonNull(valueType, "valueType");
        LWWRegister<?> register = decode(bytes, LWWRegister.class);
        checkAll("LWWRegister", "value", List.of(register.value()), valueType);
        return (LWWRegister<V>) register;
    }

    /**
     * Decodes an {@link LWWMap} whose keys and values (removed keys included) are of the given classes.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param bytes the message
     * @param keyType the class every key must be an instance of
     * @param valueType the class every value must be an instance of
     * @return the decoded map
     * @throws NullPointerException if an argument is null
     * @throws CrdtSerializationException as {@link #decode}, or if a key or value is of another class
     */
    @SuppressWarnings("unchecked")
    public <K, V> LWWMap<K, V> decodeLWWMap(byte[] bytes, Class<K> keyType, Class<V> valueType) {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        LWWMap<?, ?> map = decode(bytes, LWWMap.class);
        checkAll("LWWMap", "key", map.registers().keySet(), keyType);
        checkAll("LWWMap", "value", map.entries().values(), valueType);
        return (LWWMap<K, V>) map;
    }

    /**
     * Decodes an {@link ORMap} whose keys (removed keys included) are of {@code keyType} and whose values
     * are of {@code valueType}, e.g. {@code decodeORMap(bytes, String.class, PNCounter.class)}. The element
     * types inside the values (an {@code ORSet<String>} value's strings) are not checked.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param bytes the message
     * @param keyType the class every key must be an instance of
     * @param valueType the class every value state (and the bottom) must be an instance of
     * @return the decoded map
     * @throws NullPointerException if an argument is null
     * @throws CrdtSerializationException as {@link #decode}, or if a key or value is of another class
     */
    @SuppressWarnings("unchecked")
    public <K, V extends Crdt<V>> ORMap<K, V> decodeORMap(byte[] bytes, Class<K> keyType,
            Class<? super V> valueType) {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        ORMap<?, ?> map = decode(bytes, ORMap.class);
        checkAll("ORMap", "key", map.valueStates().keySet(), keyType);
        checkAll("ORMap", "key", map.keys(), keyType);
        checkAll("ORMap", "value", map.valueStates().values(), valueType);
        checkAll("ORMap", "value", List.of(map.bottom()), valueType);
        return (ORMap<K, V>) map;
    }

    private static void checkAll(String type, String role, Collection<?> items, Class<?> expected) {
        for (Object item : items) {
            if (!expected.isInstance(item)) {
                throw new CrdtSerializationException(type + ": expected every " + role + " to be a "
                        + expected.getName() + ", found a " + item.getClass().getName());
            }
        }
    }

    /**
     * Decodes a message produced by {@link #encode} (by this or any compatible codec).
     *
     * @param <T> the expected type
     * @param bytes the message
     * @param type the expected Convergent type; {@code ORSet.class} yields an {@code ORSet} of whatever
     *     element classes the message holds
     * @return the decoded state, which satisfies every invariant of its type
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code type} is not a Convergent type
     * @throws CrdtSerializationException if the bytes are not a valid encoding of a {@code type} state:
     *     unsupported version, other type, corrupt, truncated, trailing bytes, over a limit, or invalid
     */
    public <T> T decode(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(type, "type");
        ConvergentKryo.Binding binding = bindingOf(type);
        String name = binding.name();
        if (bytes.length == 0) {
            throw new CrdtSerializationException("cannot decode " + name + " from an empty message");
        }
        try {
            Input in = new BoundedInput(bytes);
            int version = Wire.readVersion(in, name);
            long id = in.readVarLong(true);
            if (id != binding.id()) {
                ConvergentKryo.Binding actual = ConvergentKryo.binding(id);
                throw new CrdtSerializationException("expected " + name + " (type id " + binding.id()
                        + ") but the bytes hold " + (actual == null
                                ? "unknown type id " + Long.toUnsignedString(id)
                                : actual.name() + " (type id " + id + ")"));
            }
            int flags = in.readByte() & 0xFF;
            Input body;
            if (flags == RAW) {
                body = in;
            } else if (flags == DEFLATED) {
                body = inflate(bytes, in, name);
            } else {
                throw new CrdtSerializationException(name + ": unknown flags 0x" + Integer.toHexString(flags));
            }
            Kryo kryo = pool.obtain();
            try {
                Object state = serializer(kryo, binding).readVersioned(kryo, body, version);
                if (body.position() != body.limit()) {
                    throw new CrdtSerializationException(name + ": " + (body.limit() - body.position())
                            + " trailing bytes after the encoded state");
                }
                return type.cast(state);
            } finally {
                kryo.reset();
                pool.free(kryo);
            }
        } catch (RuntimeException e) {
            throw CrdtSerializer.wrap(name, e);
        } catch (StackOverflowError e) {
            throw new CrdtSerializationException(name + ": objects nested too deeply", e);
        }
    }

    private static ConvergentKryo.Binding bindingOf(Class<?> type) {
        ConvergentKryo.Binding binding = ConvergentKryo.binding(type);
        if (binding == null) {
            throw new IllegalArgumentException(type.getName() + " is not a Convergent type; encode it with Kryo");
        }
        return binding;
    }

    private static CrdtSerializer<?> serializer(Kryo kryo, ConvergentKryo.Binding binding) {
        return (CrdtSerializer<?>) kryo.getRegistration(binding.id()).getSerializer();
    }

    private static byte[] deflate(byte[] data, int length) {
        Deflater deflater = new Deflater(DEFLATE_LEVEL);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] out = new byte[Math.max(64, length / 2)];
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates the rest of the message. The output buffer grows only as output is produced, up to
     * the declared size, so a short message cannot make the codec allocate the declared size up front.
     */
    private Input inflate(byte[] bytes, Input in, String name) {
        int declared = Wire.readInt(in, 1, limits.maxInflatedBytes(), name + " inflated size");
        int offset = in.position();
        int length = in.limit() - offset;
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, offset, length);
            // one spare byte detects a stream that inflates to more than it declared
            long capacity = declared + 1L;
            byte[] out = new byte[(int) Math.min(capacity, Math.max(256L, 4L * length))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length == capacity) {
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(capacity, 2L * out.length));
                }
                long readBefore = inflater.getBytesRead();
                int produced = inflater.inflate(out, n, out.length - n);
                n += produced;
                if (produced == 0 && inflater.getBytesRead() == readBefore && !inflater.finished()) {
                    throw new CrdtSerializationException(name + ": compressed body is truncated");
                }
            }
            if (n != declared || !inflater.finished()) {
                throw new CrdtSerializationException(name + ": compressed body inflates to "
                        + (inflater.finished() ? n + " bytes" : "more than " + declared + " bytes")
                        + ", but declares " + declared);
            }
            if (inflater.getRemaining() != 0) {
                throw new CrdtSerializationException(name + ": " + inflater.getRemaining()
                        + " trailing bytes after the compressed body");
            }
            return new BoundedInput(out, 0, n);
        } catch (DataFormatException e) {
            throw new CrdtSerializationException(name + ": corrupt compressed body: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Returns the codec's configuration: limits and compression threshold. */
    @Override
    public String toString() {
        return "KryoCodec{" + limits + ", compression "
                + (compressionThreshold < 0 ? "off" : "above " + compressionThreshold + " bytes") + "}";
    }

    /** Configures a {@link KryoCodec}. Not thread-safe; the codec it builds is. */
    public static final class Builder {

        private Consumer<Kryo> registrations = kryo -> { };
        private DecodeLimits limits = DecodeLimits.defaults();
        private int compressionThreshold = -1;

        private Builder() {
        }

        /**
         * Sets the user's Kryo configuration, applied to every Kryo instance of the codec after the
         * Convergent types are registered: register here the classes of set elements and register
         * values, with ids outside {@value ConvergentKryo#FIRST_RESERVED_ID} to
         * {@value ConvergentKryo#LAST_RESERVED_ID}. Registration must stay required, and Convergent
         * registrations must stay in place (the codec checks both when it is built).
         *
         * @param registrations called once per Kryo instance the codec creates; must be thread-safe
         * @return this builder
         * @throws NullPointerException if {@code registrations} is null
         */
        public Builder registrations(Consumer<Kryo> registrations) {
            this.registrations = Objects.requireNonNull(registrations, "registrations");
            return this;
        }

        /**
         * Sets the bounds decoding enforces.
         *
         * @param limits the limits
         * @return this builder
         * @throws NullPointerException if {@code limits} is null
         */
        public Builder limits(DecodeLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Compresses (zlib, {@link java.util.zip.Deflater}) every body of at least {@code thresholdBytes}
         * bytes, when that makes the message smaller. Smaller bodies are left as they are.
         *
         * @param thresholdBytes the least body size that is compressed, at least 0
         * @return this builder
         * @throws IllegalArgumentException if {@code thresholdBytes} is negative
         */
        public Builder compressAbove(int thresholdBytes) {
            if (thresholdBytes < 0) {
                throw new IllegalArgumentException("thresholdBytes must be >= 0, was " + thresholdBytes);
            }
            this.compressionThreshold = thresholdBytes;
            return this;
        }

        /**
         * Turns compression off (the default).
         *
         * @return this builder
         */
        public Builder noCompression() {
            this.compressionThreshold = -1;
            return this;
        }

        /**
         * Builds the codec, creating one Kryo instance to check the configuration.
         *
         * @return the codec
         * @throws IllegalArgumentException if the configuration turns registration off or replaces a
         *     Convergent registration
         */
        public KryoCodec build() {
            return new KryoCodec(this);
        }
    }
}
