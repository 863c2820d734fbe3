package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The canonical-order and validity rules of the map and register encodings, each broken on purpose
 * in otherwise valid bytes: random mutations rarely produce exactly these.
 */
class MapEncodingTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final HybridTimestamp T = HybridTimestamp.of(1_700_000_000_000L, 0);

    private final KryoCodec codec = KryoCodec.builder().registrations(States::registerUserTypes).build();
    /** Writes user objects into hand-made bodies exactly as the codec's Kryo would. */
    private final Kryo kryo = ConvergentKryo.register(new Kryo());

    @Test
    void removedKeysMustBeInIncreasingOrderOfTheirBytes() {
        ORMap<String, GCounter> map = ORMap.of(Map.of(), CausalContext.empty(),
                Map.of("ka", GCounter.empty(), "kb", GCounter.empty().increment(A, 1)), GCounter.empty());
        byte[] valid = codec.encode(map);
        int a = indexOf(valid, (byte) 0xE1); // Kryo's ASCII strings flag their last character: "k", 0x80 | 'a'
        int b = indexOf(valid, (byte) 0xE2);
        assertThat(a).isPositive().isLessThan(b);
        assertThat(codec.decode(valid, ORMap.class)).isEqualTo(map);

        byte[] swapped = valid.clone();
        swapped[a] = (byte) 0xE2;
        swapped[b] = (byte) 0xE1;
        assertRejected(swapped, ORMap.class, "removed keys must be distinct and in increasing order");
        byte[] twice = valid.clone();
        twice[b] = (byte) 0xE1;
        assertRejected(twice, ORMap.class, "removed keys must be distinct and in increasing order");
    }

    @Test
    void aRemovedKeyCannotAlsoBeLive() {
        Dot d = Dot.of(A, 1);
        ORMap<String, GCounter> map = ORMap.of(Map.of("ka", Set.of(d)), CausalContext.ofDots(List.of(d)),
                Map.of("ka", GCounter.empty(), "kb", GCounter.empty()), GCounter.empty());
        byte[] bytes = codec.encode(map);
        bytes[indexOf(bytes, (byte) 0xE2)] = (byte) 0xE1;
        assertRejected(bytes, ORMap.class, "removed key 0 is also a live key");
    }

    @Test
    void valuesAndTheBottomMustBeCrdts() {
        byte[] notCrdtValue = message(ConvergentKryo.registrationIds().get(ORMap.class), out -> {
            out.writeBytes(new byte[] {0, 0, 0}); // no replicas, empty cloud, no live keys
            out.writeVarInt(1, true);
            kryo.writeClassAndObject(out, "ka");
            kryo.writeClassAndObject(out, "plain string");
            kryo.writeClassAndObject(out, GCounter.empty());
        });
        assertRejected(notCrdtValue, ORMap.class, "the value of removed key 0 is a java.lang.String, not a CRDT");
        byte[] notCrdtBottom = message(ConvergentKryo.registrationIds().get(ORMap.class), out -> {
            out.writeBytes(new byte[] {0, 0, 0, 0}); // no replicas, empty cloud, no live or removed keys
            kryo.writeClassAndObject(out, 42L);
        });
        assertRejected(notCrdtBottom, ORMap.class, "the bottom value is a java.lang.Long, not a CRDT");
        byte[] nullBottom = message(ConvergentKryo.registrationIds().get(ORMap.class),
                out -> out.writeBytes(new byte[] {0, 0, 0, 0, 0}));
        assertRejected(nullBottom, ORMap.class, "the bottom value is null");
    }

    @Test
    void lwwMapKeysTiedOnTimestampAndWriterMustBeInIncreasingOrderOfTheirBytes() {
        int id = ConvergentKryo.registrationIds().get(LWWMap.class);
        byte[] canonical = message(id, out -> lwwBody(out, "x", "y"));
        LWWMap<String, String> expected = LWWMap.<String, String>empty()
                .putDelta(A, "y", "v", T).state().putDelta(A, "x", "v", T).state();
        assertThat(codec.encode(expected)).isEqualTo(canonical);
        assertThat(codec.decode(canonical, LWWMap.class)).isEqualTo(expected);
        assertRejected(message(id, out -> lwwBody(out, "y", "x")), LWWMap.class,
                "keys must be in increasing order of (timestamp, writer, encoded key), but key 1 is not");
        assertRejected(message(id, out -> lwwBody(out, "x", "x")), LWWMap.class,
                "keys must be in increasing order of (timestamp, writer, encoded key), but key 1 is not");
    }

    /** Two keys written by replica a at T, each with the value "v", in the given order. */
    private void lwwBody(Output out, String first, String second) {
        Wire.writeTable(out, new ReplicaId[] {A});
        out.writeVarInt(2, true);
        List<String> keys = List.of(first, second);
        for (int i = 0; i < keys.size(); i++) {
            kryo.writeClassAndObject(out, keys.get(i));
            out.writeVarLong(i == 0 ? T.physicalMillis() : 0, true); // millis steps: T, then 0
            out.writeVarInt(0, true); // logical
            out.writeVarInt(0, true); // writer 0, not a tombstone
            kryo.writeClassAndObject(out, "v");
        }
    }

    @Test
    void lwwMapKeysOutOfTimestampOrderAreRejected() {
        LWWMap<String, String> map = LWWMap.<String, String>empty()
                .putDelta(A, "y", "v", T).state()
                .putDelta(B, "x", "v", T).state();
        byte[] bytes = codec.encode(map);
        // the second key's writer and flag byte (before the value: String class, 0x82, 'v'): x by b becomes
        // x by a, tied with y by a and before it
        int flag = bytes.length - 4;
        assertThat(bytes[flag]).isEqualTo((byte) 2);
        bytes[flag] = 0;
        assertRejected(bytes, LWWMap.class, "but key 1 is not");
    }

    @Test
    void everyLwwMapWriterMustWriteSomeKey() {
        int id = ConvergentKryo.registrationIds().get(LWWMap.class);
        byte[] unused = message(id, out -> {
            Wire.writeTable(out, new ReplicaId[] {A, B});
            out.writeVarInt(1, true);
            kryo.writeClassAndObject(out, "x");
            out.writeVarLong(5, true);
            out.writeVarInt(0, true);
            out.writeVarInt(1, true); // writer a, tombstone
        });
        assertRejected(unused, LWWMap.class, "replica b is in the table but writes no key");
        byte[] noWriters = message(id, out -> {
            out.writeVarInt(0, true);
            out.writeVarInt(1, true);
            out.writeBytes(new byte[] {3, (byte) 0xF8, 5, 0, 1});
        });
        assertRejected(noWriters, LWWMap.class, "1 keys but no writer in the replica table");
        byte[] writerOutOfTable = message(id, out -> {
            Wire.writeTable(out, new ReplicaId[] {A});
            out.writeVarInt(1, true);
            kryo.writeClassAndObject(out, "x");
            out.writeVarLong(5, true);
            out.writeVarInt(0, true);
            out.writeVarInt(3, true); // writer 1 of a table of 1
        });
        assertRejected(writerOutOfTable, LWWMap.class, "writer index and tombstone flag must be in [0, 1], was 3");
    }

    @Test
    void aTombstoneHasNoValue() {
        LWWMap<String, String> removed = LWWMap.<String, String>empty().removeDelta(A, "x", T).state();
        byte[] bytes = codec.encode(removed);
        assertThat(bytes[bytes.length - 1]).as("writer 0, tombstone, nothing after").isEqualTo((byte) 1);
        assertThat(codec.decode(bytes, LWWMap.class)).isEqualTo(removed);
        assertRejected(Arrays.copyOf(bytes, bytes.length + 2), LWWMap.class, "trailing bytes");
    }

    @Test
    void theMapTypesRefuseAKryoThatTracksReferences() {
        KryoCodec referencing = KryoCodec.builder().registrations(k -> k.setReferences(true)).build();
        for (Object state : maps()) {
            String name = state.getClass().getSimpleName();
            assertThatThrownBy(() -> referencing.encode(state))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("cannot encode " + name)
                    .hasMessageContaining("keeps references off");
            assertThatThrownBy(() -> referencing.decode(codec.encode(state), state.getClass()))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("keeps references off");
        }
    }

    /**
     * A Kryo without required registration writes an unregistered class's name once per graph and
     * then a number: the side encoding that orders keys would take the name, the message the number.
     */
    @Test
    void theMapTypesRefuseAKryoThatDoesNotRequireRegistration() {
        Kryo lax = ConvergentKryo.register(new Kryo());
        lax.setRegistrationRequired(false);
        for (Object state : maps()) {
            Output out = new Output(64, -1);
            assertThatThrownBy(() -> lax.writeObject(out, state))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining(state.getClass().getSimpleName() + " orders keys by their encoded bytes")
                    .hasMessageContaining("requires registration");
        }
        assertThat(lax.readObject(ConvergentKryo.boundedInput(writtenByDefaultKryo(GCounter.empty().increment(A, 2))),
                GCounter.class)).as("other types are unaffected").isEqualTo(GCounter.empty().increment(A, 2));
    }

    private byte[] writtenByDefaultKryo(Object state) {
        Output out = new Output(64, -1);
        kryo.writeObject(out, state);
        return out.toBytes();
    }

    private static List<Object> maps() {
        LWWMap<String, String> lww = LWWMap.<String, String>empty().putDelta(A, "x", "v", T).state();
        ORMap<String, GCounter> or = ORMap.<String, GCounter>empty(GCounter.empty()).update(A, "x", c -> c);
        return List.of(lww, or);
    }

    @Test
    void enablesAndSiblingsMustBeCoveredByTheContext() {
        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(A).enable(A);
        byte[] bytes = codec.encode(flag);
        // header, table of one name ("a": 3 bytes), vector counter 2, empty cloud, one enable: a:2
        assertThat(bytes).endsWith(2, 0, 1, 4);
        bytes[bytes.length - 4] = 1;
        assertRejected(bytes, EnableWinsFlag.class, "is not covered by context");

        MVRegister<String> register = MVRegister.<String>empty().write(A, "v");
        byte[] siblings = codec.encode(register);
        // header, table, vector counter 1, empty cloud, one value, uniform mode, String, dot a:1, no more dots,
        // "v" (a one-character string: 0x82, 'v')
        assertThat(siblings).endsWith(1, 0, 1, 1, 3, 2, 0, 0x82, 'v');
        siblings[siblings.length - 9] = 2;
        assertThat(codec.decode(siblings, MVRegister.class)).as("a:1 of a:2 is covered: still valid")
                .isNotEqualTo(register);
        siblings[siblings.length - 4] = 6; // dot a:3
        assertRejected(siblings, MVRegister.class, "is not covered by context");
    }

    private void assertRejected(byte[] bytes, Class<?> type, String message) {
        assertThatThrownBy(() -> codec.decode(bytes, type))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining(message);
    }

    private static byte[] message(int typeId, Consumer<Output> body) {
        Output out = new Output(64, -1);
        out.writeVarInt(1, true); // the bodies built here are version-1 bodies: no pruning markers
        out.writeVarInt(typeId, true);
        out.writeByte(0);
        body.accept(out);
        return out.toBytes();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
