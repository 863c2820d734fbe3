package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.Pool;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Crdt;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Encodes Convergent states to self-describing byte arrays and decodes them back, safely against
 * hostile bytes. One codec may be shared by any number of threads: Kryo instances are not
 * thread-safe, so the codec keeps a {@link Pool} of them, each configured the same way.
 *
 * <p>Message layout: the state's format version (unsigned varint: 1, or 2 for a state holding
 * pruning markers; see {@link ConvergentKryo#FORMAT_VERSION}), the type's
 * {@linkplain ConvergentKryo registration id} (unsigned varint), a flags byte ({@code 0}: the body
 * follows as is; {@code 1}: the body is compressed and follows as its size (unsigned varint) and a
 * zlib stream; bit {@code 0x02} set as well: the message ends with a CRC32C, see {@link Builder#checksum}),
 * then the type's body, which must end exactly where the message (or its checksum) ends.
 *
 * <p>Decoding trusts nothing: only registered class ids are accepted (class names on the wire are
 * refused), every declared count or size is checked against the remaining bytes and the
 * {@link DecodeLimits} before anything is allocated, strings and arrays read by element serializers
 * are bounded the same way, the decoded state must satisfy its type's invariants, and trailing bytes
 * are rejected. Decoding is canonical: it accepts only the bytes the encoder writes, so an accepted
 * uncompressed message re-encodes to exactly its bytes when compression is off (a compressing codec writes a
 * large body compressed). Varints must be in their shortest form; elements
 * and values of Kryo's built-in types are read by strict serializers installed under Kryo's ids (same
 * bytes as Kryo's own); an element of any other class is encoded again after it is read and its bytes
 * compared, which costs one more encoding of each such element. Every failure is a
 * {@link CrdtSerializationException}.
 *
 * <p>Uncompressed encodings are deterministic: equal states give equal bytes, provided the element
 * serializers are deterministic. By default a body of at least {@value #DEFAULT_COMPRESSION_THRESHOLD} bytes
 * is compressed when that makes the message smaller ({@link Builder#compressAbove}, {@link Builder#noCompression});
 * compressed bytes also depend on the JDK's zlib, so a build that needs equal bytes on every JDK (a digest
 * compared across nodes) turns compression off.
 *
 * <p>Immutable and thread-safe.
 */
public final class KryoCodec {

    /** The codec's Kryo instances stop at this object nesting depth unless the configuration changes it. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /**
     * The least body size, in bytes, that {@link #create()} compresses. Chosen by measurement
     * ({@code SizeReport} in crdt-bench): below it our uncompressed encoding is already smaller than what Pekko's
     * serializer writes (it gzips every OR-Set, OR-Map and LWW-Map), above it zlib makes ours smaller again.
     */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 256;

    private final CodecEngine engine;

    private KryoCodec(Builder builder) {
        this.engine = new CodecEngine(builder.registrations, builder.limits, builder.compressionThreshold,
                builder.checksum);
    }

    /**
     * Returns a codec for Convergent types whose elements and values are Kryo's default registered
     * types (strings, boxed primitives), with default limits, compression of bodies of at least
     * {@value #DEFAULT_COMPRESSION_THRESHOLD} bytes, and no checksum.
     *
     * @return a new codec
     * @throws IllegalStateException if Kryo is not on the class path, naming the dependency to add
     */
    public static KryoCodec create() {
        return builder().build();
    }

    /**
     * Returns a builder to configure a codec.
     *
     * @return a new builder with the defaults of {@link #create()}
     * @throws IllegalStateException if Kryo is not on the class path, naming the dependency to add
     */
    public static Builder builder() {
        KryoPresence.require("KryoCodec"); // a message naming the dependency, not a bare NoClassDefFoundError
        return new Builder();
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
        return engine.encode(state);
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
        return engine.decode(bytes, type);
    }

    /** Returns the codec's configuration: limits, compression threshold and checksum. */
    @Override
    public String toString() {
        return engine.toString();
    }

    /** Configures a {@link KryoCodec}. Not thread-safe; the codec it builds is. */
    public static final class Builder {

        private Consumer<Kryo> registrations = kryo -> { };
        private DecodeLimits limits = DecodeLimits.defaults();
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private boolean checksum;

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
         * Turns compression off: every message is written uncompressed, and equal states give equal bytes on
         * every JDK.
         *
         * @return this builder
         */
        public Builder noCompression() {
            this.compressionThreshold = -1;
            return this;
        }

        /**
         * Appends a CRC32C ({@link java.util.zip.CRC32C}) of each message to it, and refuses, on decoding,
         * any message without one or whose checksum does not match, before parsing anything else. The
         * plain format detects structural corruption but not most changes to values (a flipped bit in a
         * string or a counter can decode to another valid state); the checksum detects every burst of
         * errors up to 32 bits long (every flipped bit or byte among them), other corruption with
         * probability 1 - 2^-32.
         * Use it when the transport does not already protect the bytes (TCP's own 16-bit checksum is weak;
         * TLS, for example Pekko Artery over TLS, makes this redundant).
         *
         * <p>A checksummed message is the plain message with bit {@code 0x02} set in its flags byte and the
         * 4-byte CRC32C (big-endian) of everything before it appended: 4 bytes more. Every codec reads
         * checksummed messages, verifying the checksum; only a codec built with this option requires
         * them. The cost is one CRC32C pass over the message on each side (intrinsic on current JVMs, a
         * few GB/s). Off by default, so default messages keep their bytes.
         *
         * @return this builder
         */
        public Builder checksum() {
            this.checksum = true;
            return this;
        }

        /**
         * Turns the checksum off (the default): messages carry none, and messages that carry one are still
         * read and verified.
         *
         * @return this builder
         */
        public Builder noChecksum() {
            this.checksum = false;
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
