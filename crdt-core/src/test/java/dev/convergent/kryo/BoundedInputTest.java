package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A bounded input reads what Kryo wrote exactly as Kryo's own input does, and refuses, with a message
 * saying how much was declared and how much remains, a string or primitive array that declares more than
 * the remaining bytes could hold. Every read starts after one byte already consumed, so that a message
 * computing "remaining" from the wrong end of the buffer is caught.
 */
class BoundedInputTest {

    /** A one-byte prefix (consumed before the read under test), then what {@code write} writes. */
    private static Input after(Consumer<Output> write) {
        Output out = new Output(64, -1);
        out.writeByte(0x7E);
        write.accept(out);
        Input in = new BoundedInput(out.toBytes());
        assertThat(in.readByte()).isEqualTo((byte) 0x7E);
        return in;
    }

    private static Input overBytes(int... bytes) {
        byte[] b = new byte[bytes.length + 1];
        b[0] = 0x7E;
        for (int i = 0; i < bytes.length; i++) {
            b[i + 1] = (byte) bytes[i];
        }
        Input in = new BoundedInput(b);
        in.readByte();
        return in;
    }

    private static void assertRefused(Input in, Function<Input, Object> read, String message) {
        int position = in.position();
        assertThatThrownBy(() -> read.apply(in)).isExactlyInstanceOf(KryoException.class).hasMessage(message);
        assertThat(in.position()).as("nothing consumed").isEqualTo(position);
    }

    @Test
    void stringsKryoWroteReadBackInEveryForm() {
        for (String s : new String[] {null, "", "a", "ü", "pen", "x".repeat(40), "ü".repeat(100)}) {
            assertThat(after(out -> out.writeString(s)).readString()).as("%s", s).isEqualTo(s);
            StringBuilder sb = after(out -> out.writeString(s)).readStringBuilder();
            assertThat(sb == null ? null : sb.toString()).as("%s", s).isEqualTo(s);
        }
    }

    @Test
    void aStringDeclaringExactlyTheRemainingBytesIsRead() {
        // "a" as Kryo writes it: length 1 + 1 (flag bit set), then the character: 1 character, 1 byte left
        Input in = overBytes(0x82, 'a');
        assertThat(in.readString()).isEqualTo("a");
        assertThat(overBytes(0x82, 'a').readStringBuilder().toString()).isEqualTo("a");
    }

    @Test
    void aStringDeclaringMoreCharactersThanBytesRemainIsRefused() {
        // 0xE5 0x01: flag bit, continuation bit, 6 low bits 0x25, then 1 << 6: 101 = 100 characters + 1
        String message = "string declares 100 characters but only 1 bytes remain";
        assertRefused(overBytes(0xE5, 0x01, 'a'), Input::readString, message);
        assertRefused(overBytes(0xE5, 0x01, 'a'), Input::readStringBuilder, message);
        // two characters declared, one byte left
        assertRefused(overBytes(0x83, 'a'), Input::readString, "string declares 2 characters but only 1 bytes remain");
    }

    @Test
    void aStringDeclaringANegativeLengthIsRefused() {
        // the length varint 0xFFFFFFFF: as a signed int it is -1, i.e. 2^32 - 2 characters
        String message = "string declares 4294967294 characters but only 0 bytes remain";
        assertRefused(overBytes(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), Input::readString, message);
        assertRefused(overBytes(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), Input::readStringBuilder, message);
    }

    @Test
    void primitiveArraysKryoWroteReadBack() {
        assertThat(after(out -> out.writeBytes(new byte[] {1, 2, 3})).readBytes(3)).containsExactly(1, 2, 3);
        assertThat(after(out -> out.writeInts(new int[] {7, -8}, 0, 2)).readInts(2)).containsExactly(7, -8);
        assertThat(after(out -> out.writeInts(new int[] {7, 300}, 0, 2, true)).readInts(2, true))
                .containsExactly(7, 300);
        assertThat(after(out -> out.writeLongs(new long[] {7, -8}, 0, 2)).readLongs(2)).containsExactly(7, -8);
        assertThat(after(out -> out.writeLongs(new long[] {7, 300}, 0, 2, true)).readLongs(2, true))
                .containsExactly(7, 300);
        assertThat(after(out -> out.writeFloats(new float[] {1.5f, -2f}, 0, 2)).readFloats(2))
                .containsExactly(1.5f, -2f);
        assertThat(after(out -> out.writeDoubles(new double[] {1.5, -2}, 0, 2)).readDoubles(2))
                .containsExactly(1.5, -2);
        assertThat(after(out -> out.writeShorts(new short[] {7, -8}, 0, 2)).readShorts(2)).containsExactly(7, -8);
        assertThat(after(out -> out.writeChars(new char[] {'a', 'ü'}, 0, 2)).readChars(2)).containsExactly('a', 'ü');
        assertThat(after(out -> out.writeBooleans(new boolean[] {true, false}, 0, 2)).readBooleans(2))
                .containsExactly(true, false);
    }

    @Test
    void arraysThatFillTheRemainingBytesExactlyAreRead() {
        assertThat(overBytes(1, 2).readBytes(2)).containsExactly(1, 2);
        assertThat(overBytes(1, 0).readBooleans(2)).containsExactly(true, false);
        assertThat(overBytes(1, 0, 0, 0, 2, 0, 0, 0).readInts(2)).containsExactly(1, 2);
        assertThat(overBytes(1, 2).readInts(2, true)).containsExactly(1, 2);
        assertThat(overBytes(1, 2).readLongs(2, true)).containsExactly(1, 2);
        assertThat(overBytes(1, 0, 0, 0, 0, 0, 0, 0).readLongs(1)).containsExactly(1);
        assertThat(overBytes(1, 0, 2, 0).readShorts(2)).containsExactly(1, 2);
        assertThat(overBytes('a', 0).readChars(1)).containsExactly('a');
        assertThat(overBytes(0, 0, 0x80, 0x3F).readFloats(1)).containsExactly(1f);
        assertThat(overBytes(0, 0, 0, 0, 0, 0, 0xF0, 0x3F).readDoubles(1)).containsExactly(1.0);
        assertThat(overBytes().readBytes(0)).isEmpty();
    }

    @Test
    void anArrayLongerThanTheRemainingBytesIsRefusedBeforeAllocating() {
        assertRefused(overBytes(1, 2), in -> in.readBytes(3), "array of 3 elements declared but only 2 bytes remain");
        assertRefused(overBytes(1, 2), in -> in.readBooleans(3),
                "array of 3 elements declared but only 2 bytes remain");
        assertRefused(overBytes(1, 2), in -> in.readInts(3, true),
                "array of 3 elements declared but only 2 bytes remain");
        assertRefused(overBytes(1, 2), in -> in.readLongs(3, false),
                "array of 3 elements declared but only 2 bytes remain");
        int[] seven = {1, 2, 3, 4, 5, 6, 7};
        // 2 ints, shorts, chars need 8, 4, 4 bytes; 1 long or double 8 bytes; 2 floats 8
        assertRefused(overBytes(seven), in -> in.readInts(2), "array of 2 elements declared but only 7 bytes remain");
        assertRefused(overBytes(seven), in -> in.readLongs(1), "array of 1 elements declared but only 7 bytes remain");
        assertRefused(overBytes(seven), in -> in.readDoubles(1),
                "array of 1 elements declared but only 7 bytes remain");
        assertRefused(overBytes(seven), in -> in.readFloats(2),
                "array of 2 elements declared but only 7 bytes remain");
        assertRefused(overBytes(1, 2, 3), in -> in.readShorts(2),
                "array of 2 elements declared but only 3 bytes remain");
        assertRefused(overBytes(1, 2, 3), in -> in.readChars(2),
                "array of 2 elements declared but only 3 bytes remain");
    }

    @Test
    void aNegativeArrayLengthIsRefused() {
        assertRefused(overBytes(1), in -> in.readBytes(-1), "array of -1 elements declared but only 1 bytes remain");
        assertRefused(overBytes(1), in -> in.readInts(-1), "array of -1 elements declared but only 1 bytes remain");
    }

    @Test
    void aBoundedInputCannotBeTurnedIntoAStreamInput() {
        Input in = new BoundedInput(new byte[4]);
        assertThatThrownBy(() -> in.setInputStream(new ByteArrayInputStream(new byte[4])))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
