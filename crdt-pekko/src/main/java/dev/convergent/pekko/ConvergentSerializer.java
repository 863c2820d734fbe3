package dev.convergent.pekko;

import com.esotericsoftware.kryo.Kryo;
import com.typesafe.config.Config;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.kryo.ConvergentKryo;
import dev.convergent.kryo.CrdtSerializationException;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.lattice.Crdt;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link ReplicatedCrdt} values, over Convergent's Kryo codec. The module's
 * {@code reference.conf} registers it and binds {@code ReplicatedCrdt} to it, so adding the dependency is the
 * whole set-up.
 *
 * <p>The manifest names the wrapped type and the codec's format version of these bytes, e.g. {@code ORSet/1}
 * ({@code /2} for a state holding pruning markers; {@code Bottom/1} for {@link ReplicatedCrdt#bottom()}).
 * The bytes are the codec's message for the state; the pending delta is never written, so a deserialized
 * value has none. Equal states give identical bytes (the codec writes sets and maps in a canonical order;
 * compressed bytes, above {@code compress-above}, also depend on the JDK's zlib), which Pekko's gossip
 * needs: it compares digests of the serialized values.
 *
 * <p>Decoding trusts nothing: an unknown manifest, a manifest that does not match the bytes, and every
 * malformed, truncated, oversized or non-canonical encoding give a {@link CrdtSerializationException},
 * which Pekko logs before it drops the message. Configuration, under {@code convergent.pekko.serializer}:
 * {@code compress-above} (a size, or {@code off}), {@code checksum} ({@code on} to append and require a
 * CRC32C on every value; off by default, as the transport is expected to protect the bytes) and
 * {@code kryo-registrations} (class names of public
 * {@code Consumer<Kryo>} with a no-argument constructor, registering the classes of your elements and
 * values; strings and boxed primitives need none).
 *
 * <p>Thread-safe: Pekko shares one instance between all threads.
 */
public final class ConvergentSerializer extends SerializerWithStringManifest {

    /** The serializer's id in Pekko: fixed forever, since it is written in every message ("Conv" in ASCII). */
    public static final int IDENTIFIER = 0x436F6E76;

    static final String BOTTOM = "Bottom";
    private static final String CONFIG_PATH = "convergent.pekko.serializer";

    /** Manifest type names, in the order the codec registers the types. */
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("VersionVector", VersionVector.class),
            Map.entry("CausalContext", CausalContext.class),
            Map.entry("GCounter", GCounter.class),
            Map.entry("PNCounter", PNCounter.class),
            Map.entry("LWWRegister", LWWRegister.class),
            Map.entry("ORSet", ORSet.class),
            Map.entry("MVRegister", MVRegister.class),
            Map.entry("ORMap", ORMap.class),
            Map.entry("LWWMap", LWWMap.class),
            Map.entry("EnableWinsFlag", EnableWinsFlag.class));

    private final KryoCodec codec;
    /** Pekko asks for the manifest, then the bytes, of the same value: the last encoding, per thread. */
    private final ThreadLocal<Object[]> lastEncoding = new ThreadLocal<>();

    /**
     * Creates the serializer Pekko instantiates, configured from {@code convergent.pekko.serializer}.
     *
     * @param system the actor system
     * @throws IllegalArgumentException if the configuration is invalid (a registrar class that cannot be
     *     loaded or created)
     */
    public ConvergentSerializer(ExtendedActorSystem system) {
        this(codecFrom(system.settings().config().getConfig(CONFIG_PATH), system.dynamicAccess().classLoader()));
    }

    /**
     * Creates a serializer over the given codec (for tests and for code outside an actor system).
     *
     * @param codec the codec
     * @throws NullPointerException if {@code codec} is null
     */
    public ConvergentSerializer(KryoCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    static KryoCodec codecFrom(Config config, ClassLoader loader) {
        KryoCodec.Builder builder = KryoCodec.builder();
        String compress = config.getString("compress-above");
        if ("off".equalsIgnoreCase(compress.trim())) {
            builder.noCompression();
        } else {
            long bytes;
            try {
                bytes = config.getBytes("compress-above");
            } catch (com.typesafe.config.ConfigException e) {
                throw new IllegalArgumentException(CONFIG_PATH + ".compress-above must be a size in bytes or off, was "
                        + compress + ": " + e.getMessage(), e);
            }
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(CONFIG_PATH + ".compress-above must be between 0 and "
                        + Integer.MAX_VALUE + " bytes or off, was " + compress);
            }
            builder.compressAbove((int) bytes);
        }
        if (config.hasPath("checksum")) {
            boolean checksum;
            try {
                checksum = config.getBoolean("checksum");
            } catch (com.typesafe.config.ConfigException e) {
                throw new IllegalArgumentException(CONFIG_PATH + ".checksum must be on or off, was "
                        + config.getValue("checksum").render() + ": " + e.getMessage(), e);
            }
            if (checksum) {
                builder.checksum();
            }
        }
        List<String> registrars = config.getStringList("kryo-registrations");
        if (!registrars.isEmpty()) {
            Consumer<Kryo> all = kryo -> { };
            for (String name : registrars) {
                all = all.andThen(registrar(name, loader));
            }
            builder.registrations(all);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Kryo> registrar(String name, ClassLoader loader) {
        try {
            Object r = Class.forName(name, true, loader).getConstructor().newInstance();
            if (!(r instanceof Consumer<?>)) {
                throw new IllegalArgumentException(CONFIG_PATH + ".kryo-registrations: " + name
                        + " is not a java.util.function.Consumer<Kryo>");
            }
            return (Consumer<Kryo>) r;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(CONFIG_PATH + ".kryo-registrations: cannot create " + name
                    + " (a public class with a public no-argument constructor): " + e, e);
        }
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    /**
     * Returns {@code Type/version} for a value, e.g. {@code ORSet/1}.
     *
     * @param o a {@link ReplicatedCrdt}
     * @return the manifest
     * @throws IllegalArgumentException if {@code o} is not a {@code ReplicatedCrdt} of a Convergent type
     */
    @Override
    public String manifest(Object o) {
        ReplicatedCrdt<?> value = checked(o);
        if (value.isBottom()) {
            return BOTTOM + "/1";
        }
        byte[] bytes = codec.encode(value.state());
        lastEncoding.set(new Object[] {value, bytes}); // toBinary of the same value follows
        return typeName(value.state().getClass()) + "/" + versionOf(bytes);
    }

    /**
     * Encodes a value's state with the codec (the pending delta is left out).
     *
     * @param o a {@link ReplicatedCrdt}
     * @return the bytes
     * @throws IllegalArgumentException if {@code o} is not a {@code ReplicatedCrdt} of a Convergent type
     * @throws CrdtSerializationException if an element or value cannot be written (its class is not
     *     registered: see {@code kryo-registrations})
     */
    @Override
    public byte[] toBinary(Object o) {
        ReplicatedCrdt<?> value = checked(o);
        if (value.isBottom()) {
            return new byte[0];
        }
        Object[] last = lastEncoding.get();
        if (last != null && last[0] == value) {
            lastEncoding.remove(); // hand the array over: nobody else holds it
            return (byte[]) last[1];
        }
        return codec.encode(value.state());
    }

    /**
     * Decodes a value; it has no pending delta.
     *
     * @param bytes the bytes
     * @param manifest the manifest written with them
     * @return the {@link ReplicatedCrdt}
     * @throws CrdtSerializationException if the manifest is unknown or does not match the bytes, or the bytes
     *     are not a valid, canonical encoding
     */
    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        Objects.requireNonNull(bytes, "bytes");
        if (manifest == null) {
            throw new CrdtSerializationException("no manifest: " + ReplicatedCrdt.class.getSimpleName()
                    + " needs one");
        }
        int slash = manifest.indexOf('/');
        String type = slash < 0 ? manifest : manifest.substring(0, slash);
        String version = slash < 0 ? "" : manifest.substring(slash + 1);
        if (BOTTOM.equals(type) && "1".equals(version)) {
            if (bytes.length != 0) {
                throw new CrdtSerializationException("manifest " + manifest + " takes no bytes, got "
                        + bytes.length);
            }
            return ReplicatedCrdt.bottom();
        }
        Class<?> cls = TYPES.get(type);
        if (cls == null || !isSupportedVersion(version)) {
            throw new CrdtSerializationException("unknown manifest '" + abbreviate(manifest) + "': expected "
                    + "Type/version with a type of " + TYPES.keySet().stream().sorted().toList()
                    + " and a version from 1 to " + ConvergentKryo.FORMAT_VERSION);
        }
        Object state = codec.decode(bytes, cls);
        int actual = versionOf(bytes);
        if (!version.equals(Integer.toString(actual))) {
            throw new CrdtSerializationException("manifest " + manifest + " says format version " + version
                    + " but the bytes hold version " + actual);
        }
        return wrap((Crdt<?>) state);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ReplicatedCrdt<?> wrap(Crdt<?> state) {
        return ReplicatedCrdt.of((Crdt) state);
    }

    private static boolean isSupportedVersion(String version) {
        for (int v = 1; v <= ConvergentKryo.FORMAT_VERSION; v++) {
            if (version.equals(Integer.toString(v))) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…(" + s.length() + " characters)";
    }

    private static ReplicatedCrdt<?> checked(Object o) {
        Objects.requireNonNull(o, "o");
        if (!(o instanceof ReplicatedCrdt<?> value)) {
            throw new IllegalArgumentException(ConvergentSerializer.class.getSimpleName() + " serializes "
                    + ReplicatedCrdt.class.getSimpleName() + " only, got " + o.getClass().getName());
        }
        if (!value.isBottom()) {
            typeName(value.state().getClass());
        }
        return value;
    }

    private static String typeName(Class<?> cls) {
        for (Map.Entry<String, Class<?>> e : TYPES.entrySet()) {
            if (e.getValue() == cls) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no Pekko serializer for " + cls.getName() + ": "
                + ConvergentSerializer.class.getSimpleName() + " handles the built-in Convergent types; bind "
                + "your own type's wrapper to a serializer of yours");
    }

    /** The codec's format version: the unsigned varint that opens every message. */
    private static int versionOf(byte[] bytes) {
        int version = 0;
        for (int i = 0, shift = 0; i < bytes.length && shift < 32; i++, shift += 7) {
            version |= (bytes[i] & 0x7F) << shift;
            if ((bytes[i] & 0x80) == 0) {
                return version;
            }
        }
        throw new CrdtSerializationException("no format version at the start of the bytes");
    }
}
