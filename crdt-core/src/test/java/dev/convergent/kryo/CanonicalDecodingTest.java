package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Decoding accepts only what the encoder writes: hand-built encodings that Kryo's lenient readers would
 * accept (overlong varints at every kind of site, a Boolean byte other than 0 and 1, non-canonical string
 * forms, a NaN with a payload) are each refused with a message naming what was non-canonical.
 */
class CanonicalDecodingTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final KryoCodec CODEC = KryoCodec.builder().registrations(CanonicalDecodingTest::register)
            .noCompression().build();

    /** Message header: version (1 byte), type id (2 bytes), flags (1 byte). */
    private static final int BODY = 4;
    /** In a one-element ORSet at replica phone: table (8 bytes), context (2), count, mode, class id, dot, more. */
    private static final int ELEMENT = BODY + 15;

    private static void register(Kryo kryo) {
        States.registerUserTypes(kryo);
        kryo.register(Flag.class, new LenientFlagSerializer(), 40);
    }

    /** A user element type whose serializer reads any non-zero byte as set, but writes only 0 and 1. */
    record Flag(boolean set) {
    }

    private static final class LenientFlagSerializer extends Serializer<Flag> {
        @Override
        public void write(Kryo kryo, Output output, Flag flag) {
            output.writeByte(flag.set() ? 1 : 0);
        }

        @Override
        public Flag read(Kryo kryo, Input input, Class<? extends Flag> type) {
            return new Flag(input.readByte() != 0);
        }
    }

    /**
     * Rewrites the unsigned varint at {@code at} with one byte more than it needs: the same value, with a
     * continuation bit on its last byte and a zero group after it.
     */
    static byte[] overlong(byte[] bytes, int at) {
        int end = at;
        while ((bytes[end] & 0x80) != 0) {
            end++;
        }
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, end);
        out[end] = (byte) (bytes[end] | 0x80);
        out[end + 1] = 0;
        System.arraycopy(bytes, end + 1, out, end + 2, bytes.length - end - 1);
        return out;
    }

    private static void assertOverlongRejected(Object state, int at, Class<?> type, String site) {
        byte[] valid = CODEC.encode(state);
        assertThat(CODEC.decode(valid, type)).isEqualTo(state);
        assertThatThrownBy(() -> CODEC.decode(overlong(valid, at), type))
                .as("overlong varint at byte %d (%s)", at, site)
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining(site)
                .hasMessageContaining("overlong")
                .hasMessageContaining("non-canonical");
    }

    @Test
    void theOverlongHelperKeepsTheValue() {
        byte[] two = overlong(new byte[] {0x32}, 0);
        assertThat(two).containsExactly(0xB2, 0x00);
        assertThat(new Input(two).readVarLong(true)).as("Kryo's own reader accepts it").isEqualTo(50);
    }

    @Test
    void anOverlongDotCounterIsRejected() {
        Dot dot = Dot.of(ReplicaId.of("a"), 50);
        byte[] bytes = CODEC.encode(dot);
        assertThat(Arrays.copyOfRange(bytes, BODY, bytes.length)).containsExactly(0x01, 'a', 0x32);
        assertThat(overlong(bytes, BODY + 2)).endsWith(0xB2, 0x00);
        assertOverlongRejected(dot, BODY + 2, Dot.class, "Dot counter");
        assertOverlongRejected(dot, BODY, Dot.class, "Dot name length");
    }

    @Test
    void overlongHeaderVarintsAreRejected() {
        GCounter counter = GCounter.empty().increment(PHONE, 50);
        assertOverlongRejected(counter, 0, GCounter.class, "format version");
        assertOverlongRejected(counter, 1, GCounter.class, "type id");
    }

    @Test
    void overlongTimestampPartsAreRejected() {
        HybridTimestamp at = HybridTimestamp.of(1000, 3);
        assertOverlongRejected(at, BODY, HybridTimestamp.class, "HybridTimestamp physical millis");
        assertOverlongRejected(at, BODY + 2, HybridTimestamp.class, "HybridTimestamp logical counter");
        LWWRegister<String> register = LWWRegister.of(PHONE, "pen", at);
        assertOverlongRejected(register, BODY + 6, LWWRegister.class, "LWWRegister timestamp physical millis");
        assertOverlongRejected(register, BODY + 8, LWWRegister.class, "LWWRegister timestamp logical counter");
    }

    @Test
    void overlongCounterValuesAreRejected() {
        GCounter g = GCounter.empty().increment(PHONE, 50);
        assertOverlongRejected(g, BODY + 8, GCounter.class, "GCounter counter");
        PNCounter pn = PNCounter.empty().increment(PHONE, 50).decrement(PHONE, 7);
        assertOverlongRejected(pn, BODY + 8, PNCounter.class, "PNCounter increments counter");
        assertOverlongRejected(pn, BODY + 9, PNCounter.class, "PNCounter decrements counter");
    }

    @Test
    void overlongLengthsAndCountsAreRejected() {
        GCounter g = GCounter.empty().increment(PHONE, 50);
        assertOverlongRejected(g, BODY, GCounter.class, "GCounter replica table");
        assertOverlongRejected(g, BODY + 1, GCounter.class, "shared prefix");
        assertOverlongRejected(g, BODY + 2, GCounter.class, "suffix length");
        ORSet<String> set = ORSet.<String>empty().add(PHONE, "pen");
        assertOverlongRejected(set, BODY + 9, ORSet.class, "ORSet causal context dot cloud");
        assertOverlongRejected(set, BODY + 10, ORSet.class, "ORSet elements");
        assertOverlongRejected(set, BODY + 12, ORSet.class, "class id");
        assertOverlongRejected(set, BODY + 13, ORSet.class, "ORSet element dots");
        assertOverlongRejected(set, BODY + 14, ORSet.class, "ORSet further dots");
    }

    private static byte[] withElement(Object element, int... elementBytes) {
        byte[] valid = CODEC.encode(ORSet.empty().add(PHONE, element));
        byte[] out = Arrays.copyOf(valid, ELEMENT + elementBytes.length);
        for (int i = 0; i < elementBytes.length; i++) {
            out[ELEMENT + i] = (byte) elementBytes[i];
        }
        return out;
    }

    private static void assertElementRejected(Object element, String what, int... elementBytes) {
        byte[] valid = CODEC.encode(ORSet.empty().add(PHONE, element));
        assertThat(CODEC.decode(valid, ORSet.class).elements()).containsExactly(element);
        assertThatThrownBy(() -> CODEC.decode(withElement(element, elementBytes), ORSet.class))
                .as("element bytes %s", Arrays.toString(elementBytes))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining(what)
                .hasMessageContaining("non-canonical");
    }

    @Test
    void theElementSitsWhereTheTestsExpectIt() {
        byte[] bytes = CODEC.encode(ORSet.<String>empty().add(PHONE, "pen"));
        assertThat(Arrays.copyOfRange(bytes, ELEMENT, bytes.length)).containsExactly('p', 'e', 'n' | 0x80);
        assertThat(CODEC.decode(withElement("pen", 'p', 'e', 'n' | 0x80), ORSet.class).elements())
                .containsExactly("pen");
    }

    @Test
    void aBooleanOtherThanZeroOrOneIsRejected() {
        assertThat(CODEC.decodeORSet(withElement(Boolean.TRUE, 0x01), Boolean.class).elements())
                .containsExactly(true);
        assertThat(CODEC.decodeORSet(withElement(Boolean.TRUE, 0x00), Boolean.class).elements())
                .containsExactly(false);
        assertElementRejected(Boolean.TRUE, "Boolean", 0x44);
        assertElementRejected(Boolean.FALSE, "Boolean", 0x02);
    }

    @Test
    void nonCanonicalStringsAreRejected() {
        // "pen" in Kryo's length-prefixed form: strings of 2 to 32 ASCII characters are written in the ASCII form
        assertElementRejected("pen", "String", 0x84, 'p', 'e', 'n');
        // 33 ASCII characters in the ASCII form: the encoder writes the length-prefixed form above 32
        int[] ascii33 = new int[33];
        Arrays.fill(ascii33, 'x');
        ascii33[32] |= 0x80;
        assertElementRejected("x".repeat(33), "String", ascii33);
        // "ü" with its length (2 = 1 character + 1) in two bytes
        assertElementRejected("ü", "String", 0xC2, 0x00, 0xC3, 0xBC);
        // "a" with an overlong two-byte character, and "ü" with an overlong three-byte one
        assertElementRejected("a", "String", 0x82, 0xC1, 0xA1);
        assertElementRejected("ü", "String", 0x82, 0xE0, 0x83, 0xBC);
        // a continuation byte where a character starts, and a lead byte without its continuation
        assertElementRejected("a", "String", 0x82, 0x80);
        assertElementRejected("ü", "String", 0x82, 0xC3, 0x41);
        assertElementRejected("\uFFFF", "String", 0x82, 0xF0, 0x80, 0x80);
    }

    @Test
    void overlongNumbersAndNaNPayloadsAreRejected() {
        assertElementRejected(5, "Integer", 0x8A, 0x00);
        assertElementRejected(5L, "Long", 0x8A, 0x00);
        // Kryo writes fixed-width numbers least significant byte first: the NaN 0x7fc00001 is 01 00 c0 7f
        assertElementRejected(Float.NaN, "Float", 0x01, 0x00, 0xC0, 0x7F);
        assertElementRejected(Double.NaN, "Double", 0x01, 0, 0, 0, 0, 0, 0xF8, 0x7F);
    }

    @Test
    void aUserSerializerThatReadsMoreThanItWritesIsCaughtByReEncoding() {
        assertThat(CODEC.decode(withElement(new Flag(true), 0x01), ORSet.class).elements())
                .containsExactly(new Flag(true));
        assertElementRejected(new Flag(true), "Flag", 0x44);
    }

    @Test
    void aUserKryoWithDefaultSerializersIsCheckedByReEncoding() {
        Kryo kryo = new Kryo();
        ConvergentKryo.register(kryo);
        Output output = new Output(64, -1);
        kryo.writeObject(output, ORSet.<Boolean>empty().add(PHONE, true));
        byte[] bytes = output.toBytes();
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 1);
        bytes[bytes.length - 1] = 0x44;
        assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(bytes), ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("Boolean")
                .hasMessageContaining("non-canonical");
    }

    @Test
    void aUserKryoRejectsAnOverlongClassIdOfUniformElements() {
        Kryo kryo = new Kryo();
        ConvergentKryo.register(kryo);
        Output output = new Output(64, -1);
        kryo.writeObject(output, ORSet.<String>empty().add(PHONE, "pen"));
        byte[] bytes = output.toBytes();
        int classId = 1 + 12; // after the version: table, context, count and mode as in the codec's body
        assertThat(bytes[classId]).as("String's class id").isEqualTo((byte) 3);
        assertThat(kryo.readObject(ConvergentKryo.boundedInput(bytes), ORSet.class).elements())
                .containsExactly("pen");
        assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(overlong(bytes, classId)), ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("class id")
                .hasMessageContaining("non-canonical");
    }

    @Test
    void overlongClassIdsOfValuesAreRejected() {
        LWWRegister<String> register = LWWRegister.of(PHONE, "pen", HybridTimestamp.of(1000, 3));
        byte[] bytes = CODEC.encode(register);
        int classId = bytes.length - 4;
        assertThat(bytes[classId]).as("String's class id").isEqualTo((byte) 3);
        assertOverlongRejected(register, classId, LWWRegister.class, "class id");
    }
}
