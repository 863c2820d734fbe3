package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strict serializers read every form Kryo's writers produce, from a byte array (the one-pass fast
 * path) and from a stream (byte by byte), and refuse each other form with a message naming the rule.
 */
class StrictSerializersTest {

    private static final Kryo KRYO = new Kryo();
    private static final StrictSerializers.StrictString STRING = new StrictSerializers.StrictString();

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] kryoString(String s) {
        Output out = new Output(64, -1);
        out.writeString(s);
        return out.toBytes();
    }

    private static String fromArray(byte[] b) {
        Input in = new Input(b);
        String s = STRING.read(KRYO, in, String.class);
        assertThat(in.position()).as("consumed").isEqualTo(b.length);
        return s;
    }

    private static String fromStream(byte[] b) {
        return STRING.read(KRYO, new Input(new ByteArrayInputStream(b), 8), String.class);
    }

    @Test
    void everyStringKryoWritesReadsBackFromArraysAndStreams() {
        String[] strings = {null, "", "a", "ü", "ab", "a\u0000b", "a\u0080", "pen", "x".repeat(31), "x".repeat(32),
            "x".repeat(33), "ü".repeat(40), "x".repeat(10_000)};
        for (String s : strings) {
            byte[] b = kryoString(s);
            assertThat(fromArray(b)).as("array: %s", s).isEqualTo(s);
            assertThat(fromStream(b)).as("stream: %s", s).isEqualTo(s);
        }
    }

    @Test
    void anAsciiStringAtTheStartOfABufferIsReadInPlace() {
        assertThat(fromArray(bytes('p', 'e', 'n' | 0x80))).isEqualTo("pen");
        Input in = new Input(bytes(0x7E, 'p', 'e', 'n' | 0x80, 0x7F));
        in.setPosition(1);
        assertThat(STRING.read(KRYO, in, String.class)).isEqualTo("pen");
        assertThat(in.position()).isEqualTo(4);
    }

    @Test
    void anAsciiStringIsNotReadPastTheInputsLimit() {
        // "abcd" is in the buffer, but the input ends after "ab"
        assertThatThrownBy(() -> STRING.read(KRYO, new Input(bytes('a', 'b', 'c', 'd' | 0x80), 0, 2), String.class))
                .isInstanceOf(KryoException.class);
        assertThatThrownBy(() -> STRING.read(KRYO, new Input(bytes('a' | 0x80), 0, 0), String.class))
                .isInstanceOf(KryoException.class);
    }

    @Test
    void theNullStringIsOneByte() {
        assertThat(fromArray(bytes(0x80))).isNull();
        assertThat(fromStream(bytes(0x80))).isNull();
    }

    @Test
    void asciiStringsOfTwoToThirtyTwoCharactersWithALengthAreRefused() {
        byte[] two = bytes(0x83, 'a', 'b');
        assertThatThrownBy(() -> fromArray(two)).hasMessage("non-canonical String encoding: an ASCII string of 2"
                + " characters with its length, which the encoder writes in the ASCII form");
        // 33 = 32 characters + 1, in the six low bits of the first byte
        byte[] len32 = new byte[33];
        len32[0] = (byte) (0x80 | 33);
        Arrays.fill(len32, 1, 33, (byte) 'x');
        assertThatThrownBy(() -> fromArray(len32)).hasMessage("non-canonical String encoding: an ASCII string of 32"
                + " characters with its length, which the encoder writes in the ASCII form");
        byte[] len33 = new byte[34];
        len33[0] = (byte) (0x80 | 34);
        Arrays.fill(len33, 1, 34, (byte) 'x');
        assertThat(fromArray(len33)).isEqualTo("x".repeat(33));
    }

    @Test
    void anAsciiFormOfMoreThanThirtyTwoCharactersIsRefusedFromAStream() {
        byte[] b = new byte[33];
        Arrays.fill(b, (byte) 'x');
        b[32] |= (byte) 0x80;
        assertThatThrownBy(() -> fromStream(b)).hasMessage("non-canonical String encoding: an ASCII-form string of"
                + " more than 32 characters, which the encoder writes with its length");
    }

    @Test
    void aFifthLengthByteMustHoldTheTopBitsAndNothingElse() {
        // C2 80 80 80 xx: length 2 in the first byte, three empty continuation groups, then the fifth byte
        for (int fifth : new int[] {0x00, 0x20, 0x80}) {
            assertThatThrownBy(() -> fromArray(bytes(0xC2, 0x80, 0x80, 0x80, fifth, 'a')))
                    .as("fifth byte %x", fifth)
                    .hasMessage("non-canonical String encoding: fifth length byte 0x" + Integer.toHexString(fifth));
        }
        // 0x1F is allowed there: it declares about 2^32 characters, more than remain
        assertThatThrownBy(() -> fromArray(bytes(0xC2, 0x80, 0x80, 0x80, 0x1F, 'a')))
                .hasMessage("string declares 4160749569 characters but only 1 bytes remain");
    }

    @Test
    void anOverlongLengthIsRefused() {
        assertThatThrownBy(() -> fromArray(bytes(0xC2, 0x00, 'a')))
                .hasMessage("non-canonical String encoding: overlong length varint");
    }

    @Test
    void registeringReplacesKryosSerializersUnderTheirIds() {
        Kryo kryo = new Kryo();
        Map<Class<?>, Integer> ids = new LinkedHashMap<>();
        for (Class<?> c : new Class<?>[] {int.class, String.class, float.class, boolean.class, long.class,
            double.class}) {
            ids.put(c, kryo.getRegistration(c).getId());
            assertThat(StrictSerializers.isCanonical(kryo.getRegistration(c).getSerializer())).as("%s", c).isFalse();
        }
        StrictSerializers.register(kryo);
        ids.forEach((c, id) -> {
            assertThat(kryo.getRegistration(c).getId()).as("%s keeps its id", c).isEqualTo(id);
            assertThat(StrictSerializers.isCanonical(kryo.getRegistration(c).getSerializer()))
                    .as("%s is read strictly", c).isTrue();
        });
    }

    @Test
    void onlySerializersThatReadWhatTheyWriteAreCanonical() {
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.ByteSerializer())).isTrue();
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.CharSerializer())).isTrue();
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.ShortSerializer())).isTrue();
        assertThat(StrictSerializers.isCanonical(new GCounterSerializer(DecodeLimits.defaults()))).isTrue();
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.IntSerializer())).isFalse();
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.BooleanSerializer())).isFalse();
        assertThat(StrictSerializers.isCanonical(new DefaultSerializers.StringSerializer())).isFalse();
        assertThat(new GCounterSerializer(DecodeLimits.defaults()).typeName()).isEqualTo("GCounter");
    }

    @Test
    void anIntegerVarintBeyondThirtyTwoBitsIsRefused() {
        StrictSerializers.StrictInt ints = new StrictSerializers.StrictInt();
        assertThat(ints.read(KRYO, new Input(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)), Integer.class))
                .isEqualTo(Integer.MIN_VALUE);
        assertThatThrownBy(() -> ints.read(KRYO, new Input(bytes(0x80, 0x80, 0x80, 0x80, 0x10)), Integer.class))
                .hasMessage("non-canonical Integer encoding: varint of 4294967296 exceeds 32 bits");
    }

    @Test
    void aBooleanByteOtherThanZeroOrOneIsNamedInTheMessage() {
        StrictSerializers.StrictBoolean booleans = new StrictSerializers.StrictBoolean();
        assertThat(booleans.read(KRYO, new Input(bytes(1)), Boolean.class)).isTrue();
        assertThat(booleans.read(KRYO, new Input(bytes(0)), Boolean.class)).isFalse();
        assertThatThrownBy(() -> booleans.read(KRYO, new Input(bytes(0xC4)), Boolean.class))
                .hasMessage("non-canonical Boolean encoding: byte 0xc4, the encoder writes 0 or 1");
    }
}
