package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The entry point of Kryo serialization: registers a serializer for every Convergent type on a
 * Kryo instance, each under a fixed registration id, so that our types mix with the user's own in
 * one Kryo setup. For a ready-made, thread-safe encoder see {@link KryoCodec}.
 *
 * <table>
 *   <caption>Registration ids (fixed forever; {@value #FIRST_RESERVED_ID} to {@value #LAST_RESERVED_ID}
 *   are reserved for Convergent)</caption>
 *   <tr><th>id</th><th>type</th></tr>
 *   <tr><td>1000</td><td>{@link ReplicaId}</td></tr>
 *   <tr><td>1001</td><td>{@link Dot}</td></tr>
 *   <tr><td>1002</td><td>{@link VersionVector}</td></tr>
 *   <tr><td>1003</td><td>{@link CausalContext}</td></tr>
 *   <tr><td>1004</td><td>{@link HybridTimestamp}</td></tr>
 *   <tr><td>1005</td><td>{@link GCounter}</td></tr>
 *   <tr><td>1006</td><td>{@link PNCounter}</td></tr>
 *   <tr><td>1007</td><td>{@link LWWRegister}</td></tr>
 *   <tr><td>1008</td><td>{@link ORSet}</td></tr>
 *   <tr><td>1009</td><td>{@link MVRegister}</td></tr>
 *   <tr><td>1010</td><td>{@link ORMap}</td></tr>
 *   <tr><td>1011</td><td>{@link LWWMap}</td></tr>
 *   <tr><td>1012</td><td>{@link EnableWinsFlag}</td></tr>
 * </table>
 *
 * <p>Each serializer writes the state's {@linkplain #FORMAT_VERSION format version} first, then a
 * compact body: varints for counters, each replica name once per state (a sorted, front-coded table
 * that the rest of the state refers to by index), sorted dots delta-encoded, sets and maps in a
 * canonical order, so equal states always give equal bytes. Reading checks every count against
 * {@link DecodeLimits} and the remaining bytes before allocating, re-validates the state's invariants
 * through the type's factories, and reports every failure as a {@link CrdtSerializationException}.
 *
 * <p>Elements of an {@link ORSet}, values of an {@link LWWRegister} or {@link MVRegister}, and keys
 * and values of an {@link ORMap} or {@link LWWMap} are written by the Kryo instance itself
 * ({@code writeClassAndObject}, or one class id for dot-tagged elements, values or keys that share a
 * class), so their classes must be registered on it, with serializers of the user's choice. Keep
 * {@link Kryo#setRegistrationRequired registration required} (Kryo's default) so the wire cannot
 * name arbitrary classes, and references off (Kryo 5's default); {@link ORMap} and {@link LWWMap},
 * which order keys by their encoded bytes, refuse a Kryo without both. Read untrusted bytes through
 * {@link #boundedInput}. Every varint our serializers read must be in its shortest form, and each element,
 * value or key read from a byte-array input through such a Kryo is encoded again and its bytes compared
 * (one more encoding of each; skipped for serializers of ours), so that only canonical bytes are accepted.
 */
public final class ConvergentKryo {

    /**
     * The newest wire format version this release writes; it reads every version from 1 up to this
     * one. Each state is written at the oldest version that can hold it: version 2 (which adds
     * {@linkplain dev.convergent.crdt.Pruning pruning markers}) only for a state holding markers, so
     * every other state keeps its version-1 bytes and stays readable by releases that read only
     * version 1.
     */
    public static final int FORMAT_VERSION = 2;

    /** The first registration id reserved for Convergent types. */
    public static final int FIRST_RESERVED_ID = 1000;

    /** The last registration id reserved for Convergent types. */
    public static final int LAST_RESERVED_ID = 1099;

    /**
     * Every serialized type with its fixed id, in id order. Adding a type is one line here (never
     * reuse or renumber an id), its serializer, and its golden vector.
     */
    static final List<Binding> BINDINGS = List.of(
            new Binding(1000, ReplicaId.class, ReplicaIdSerializer::new),
            new Binding(1001, Dot.class, DotSerializer::new),
            new Binding(1002, VersionVector.class, VersionVectorSerializer::new),
            new Binding(1003, CausalContext.class, CausalContextSerializer::new),
            new Binding(1004, HybridTimestamp.class, HybridTimestampSerializer::new),
            new Binding(1005, GCounter.class, GCounterSerializer::new),
            new Binding(1006, PNCounter.class, PNCounterSerializer::new),
            new Binding(1007, LWWRegister.class, LWWRegisterSerializer::new),
            new Binding(1008, ORSet.class, ORSetSerializer::new),
            new Binding(1009, MVRegister.class, MVRegisterSerializer::new),
            new Binding(1010, ORMap.class, ORMapSerializer::new),
            new Binding(1011, LWWMap.class, LWWMapSerializer::new),
            new Binding(1012, EnableWinsFlag.class, EnableWinsFlagSerializer::new));

    private ConvergentKryo() {
    }

    /**
     * Registers every Convergent type on {@code kryo} with the default {@link DecodeLimits}.
     *
     * @param kryo the user's Kryo instance
     * @return {@code kryo}, for chaining
     * @throws NullPointerException if {@code kryo} is null
     * @throws IllegalArgumentException if one of our ids is taken by another class, or one of our
     *     types is already registered under another id
     */
    public static Kryo register(Kryo kryo) {
        return register(kryo, DecodeLimits.defaults());
    }

    /**
     * Registers every Convergent type on {@code kryo}, decoding within the given limits. Registering
     * twice is harmless; nothing is registered if a check fails.
     *
     * @param kryo the user's Kryo instance
     * @param limits the bounds decoding enforces before allocating
     * @return {@code kryo}, for chaining
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if one of our ids is taken by another class, or one of our
     *     types is already registered under another id
     */
    public static Kryo register(Kryo kryo, DecodeLimits limits) {
        Objects.requireNonNull(kryo, "kryo");
        Objects.requireNonNull(limits, "limits");
        for (Binding b : BINDINGS) {
            Registration byId = kryo.getRegistration(b.id());
            if (byId != null && byId.getType() != b.type()) {
                throw new IllegalArgumentException("Kryo registration id " + b.id() + " is reserved for "
                        + b.type().getName() + " but already holds " + byId.getType().getName()
                        + "; ids " + FIRST_RESERVED_ID + " to " + LAST_RESERVED_ID + " are reserved for Convergent");
            }
            Registration byType = kryo.getClassResolver().getRegistration(b.type());
            if (byType != null && byType.getId() != b.id()) {
                throw new IllegalArgumentException(b.type().getName() + " is already registered with id "
                        + byType.getId() + "; Convergent types use the fixed id " + b.id());
            }
        }
        for (Binding b : BINDINGS) {
            kryo.register(b.type(), b.serializer().apply(limits), b.id());
        }
        return kryo;
    }

    /**
     * Returns the fixed registration id of every Convergent type.
     *
     * @return an unmodifiable map from type to id, in id order
     */
    public static Map<Class<?>, Integer> registrationIds() {
        Map<Class<?>, Integer> ids = new LinkedHashMap<>();
        for (Binding b : BINDINGS) {
            ids.put(b.type(), b.id());
        }
        return Collections.unmodifiableMap(ids);
    }

    /**
     * Returns a Kryo input over {@code bytes} for decoding untrusted data with a Kryo of your own. Its
     * reads never go past the array, and it refuses, before allocating, any string or primitive array
     * (read by Kryo's built-in serializers, for example of set elements) that declares more elements
     * than there are bytes left. It does not bound collections that other serializers pre-size from
     * the wire; see {@code docs/serialization.md}.
     *
     * @param bytes the encoded data
     * @return a new input positioned at the start of {@code bytes}
     * @throws NullPointerException if {@code bytes} is null
     */
    public static Input boundedInput(byte[] bytes) {
        return new BoundedInput(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Returns a {@linkplain #boundedInput(byte[]) bounded input} over part of an array, for a message
     * in a larger (for example pooled) buffer: reads stop at {@code offset + length}, never reaching
     * stale bytes after the message.
     *
     * @param bytes the buffer
     * @param offset where the message starts
     * @param length the message's length
     * @return a new input positioned at {@code offset}
     * @throws NullPointerException if {@code bytes} is null
     * @throws IndexOutOfBoundsException if the range lies outside {@code bytes}
     */
    public static Input boundedInput(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
        return new BoundedInput(bytes, offset, length);
    }

    /** Returns the binding of a Convergent type, or null. */
    static Binding binding(Class<?> type) {
        for (Binding b : BINDINGS) {
            if (b.type() == type) {
                return b;
            }
        }
        return null;
    }

    /** Returns the binding with a registration id, or null. */
    static Binding binding(long id) {
        for (Binding b : BINDINGS) {
            if (b.id() == id) {
                return b;
            }
        }
        return null;
    }

    /** One serialized type: its fixed registration id, its class, and how to make its serializer. */
    record Binding(int id, Class<?> type, Function<DecodeLimits, CrdtSerializer<?>> serializer) {

        String name() {
            return type.getSimpleName();
        }
    }
}
