package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/**
 * The wire primitives read exactly the shortest encodings the writer produces, accept every value at the
 * edges of their ranges, and refuse anything else with a message naming the site, the value and the range.
 */
class WireDecodingTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId[] AB = {A, B};

    private static Input in(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new BoundedInput(b);
    }

    /** The unsigned varint of -1: eight bytes with a continuation bit, then 0xFF. */
    private static final int[] MINUS_ONE = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void anOverlongVarintIsRefusedWithItsLength() {
        assertThatThrownBy(() -> Wire.readVarLong(in(0x85, 0x80, 0x00), "X"))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("X: overlong varint (3 bytes, the last of them zero, where the encoder writes 2;"
                        + " non-canonical encoding)");
        assertThatThrownBy(() -> Wire.readVarLong(in(0x85, 0x00), "X", " count"))
                .hasMessage("X count: overlong varint (2 bytes, the last of them zero, where the encoder writes 1;"
                        + " non-canonical encoding)");
    }

    @Test
    void nineByteVarintsReadTheirTopByteWhole() {
        for (long v : new long[] {1L << 56, -1L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            Output out = new Output(16);
            out.writeVarLong(v, true);
            assertThat(Wire.readVarLong(new BoundedInput(out.toBytes()), "X")).isEqualTo(v);
        }
    }

    @Test
    void charactersAtTheLowerEdgeOfEachFormAreRead() {
        assertThat(Wire.readChar(in(0xC2, 0x80), "s")).isEqualTo('\u0080');
        assertThat(Wire.readChar(in(0xE0, 0xA0, 0x80), "s")).isEqualTo('\u0800');
        assertThatThrownBy(() -> Wire.readChar(in(0xC1, 0xBF), "s"))
                .hasMessage("overlong character encoding in s (non-canonical encoding)");
        assertThatThrownBy(() -> Wire.readChar(in(0xE0, 0x9F, 0xBF), "s"))
                .hasMessage("overlong character encoding in s (non-canonical encoding)");
    }

    @Test
    void namesAreWrittenInKryosModifiedUtf8() {
        Output out = new Output(16);
        Wire.writeName(out, ReplicaId.of("\u07FF\u0800"));
        assertThat(out.toBytes()).containsExactly(0x02, 0xDF, 0xBF, 0xE0, 0xA0, 0x80);
        Output kryo = new Output(16);
        kryo.writeString("\u07FF\u0800");
        assertThat(kryo.toBytes()).as("Kryo's own string bytes after its length")
                .endsWith(0xDF, 0xBF, 0xE0, 0xA0, 0x80);
    }

    @Test
    void aNegativeSharedPrefixIsRefused() {
        assertThatThrownBy(() -> Wire.readTable(in(concat(new int[] {1}, MINUS_ONE, new int[] {1, 'a'})),
                DecodeLimits.defaults(), "T"))
                .hasMessage("T replica 0 shared prefix must be in [0, 0], was 18446744073709551615");
    }

    @Test
    void anEmptySuffixIsRefused() {
        assertThatThrownBy(() -> Wire.readTable(in(1, 0, 0, 'a'), DecodeLimits.defaults(), "T"))
                .hasMessage("T replica 0 suffix length must be in [1, 128], was 0");
    }

    @Test
    void aSuffixLongerThanANameLeavesRoomForIsRefused() {
        // "a", then a name sharing its one character and declaring 128 more: at most 127 fit
        int[] bytes = concat(new int[] {2, 0, 1, 'a', 1, 0x80, 0x01}, new int[130]);
        assertThatThrownBy(() -> Wire.readTable(in(bytes), DecodeLimits.defaults(), "T"))
                .hasMessage("T replica 1 suffix length must be in [1, 127], was 128");
    }

    @Test
    void aNameThatCouldShareMoreOfItsPrefixIsRefused() {
        assertThat(Wire.readTable(in(2, 0, 2, 'a', 'b', 1, 1, 'c'), DecodeLimits.defaults(), "T"))
                .containsExactly(ReplicaId.of("ab"), ReplicaId.of("ac"));
        assertThatThrownBy(() -> Wire.readTable(in(2, 0, 2, 'a', 'b', 0, 2, 'a', 'c'), DecodeLimits.defaults(), "T"))
                .hasMessage("T: replica 1 is not front-coded canonically");
    }

    @Test
    void aNegativeCounterIsRefused() {
        assertThatThrownBy(() -> Wire.readCounters(in(MINUS_ONE), new ReplicaId[] {A}, "C"))
                .hasMessage("C counter of a must be in [0, 9223372036854775807], was 18446744073709551615");
    }

    @Test
    void aReplicaMissingFromTheTableIsAnError() {
        assertThat(Wire.indexOf(AB, B)).isEqualTo(1);
        assertThatThrownBy(() -> Wire.indexOf(AB, ReplicaId.of("c")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing from the state's replica table");
    }

    @Test
    void listsArePreSizedForArraysButNotForStreams() {
        assertThat(Wire.initialCapacity(5000, in(0))).isEqualTo(5000);
        assertThat(Wire.initialCapacity(5000, new Input(new ByteArrayInputStream(new byte[1])))).isEqualTo(1024);
        assertThat(Wire.initialCapacity(7, new Input(new ByteArrayInputStream(new byte[1])))).isEqualTo(7);
    }

    /** The head of a dot: its step, shifted left once, with bit 0 set when it moves to another replica. */
    private static Input head(long step, boolean move, int... after) {
        Output out = new Output(16);
        out.writeVarLong(step << 1 | (move ? 1 : 0), true);
        for (int b : after) {
            out.writeByte(b);
        }
        return new BoundedInput(out.toBytes());
    }

    @Test
    void aDotStepMayReachTheLargestCounterButNotPassIt() {
        Wire.DotReader reader = new Wire.DotReader(AB, "D", 0, 1);
        assertThat(reader.read(head(Long.MAX_VALUE - 1, false))).isEqualTo(Dot.of(A, Long.MAX_VALUE));
        assertThat(reader.counter()).isEqualTo(Long.MAX_VALUE);
        assertThat(reader.index()).isEqualTo(0);
        assertThatThrownBy(() -> new Wire.DotReader(AB, "D", 0, 1).read(head(Long.MAX_VALUE, false)))
                .hasMessage("D: dot counter overflows past 9223372036854775807");
    }

    @Test
    void aDotMayMoveToTheLastReplicaButNotBeyond() {
        Wire.DotReader reader = new Wire.DotReader(AB, "D");
        assertThat(reader.read(head(1, true, 5))).isEqualTo(Dot.of(B, 5));
        assertThat(reader.counter()).isEqualTo(5);
        assertThat(reader.index()).isEqualTo(1);
        assertThatThrownBy(() -> new Wire.DotReader(AB, "D").read(head(2, true, 5)))
                .hasMessage("D: dot refers to replica index 2 of a table of 2");
        assertThatThrownBy(() -> new Wire.DotReader(AB, "D", 1, 3).read(head(1, true, 5)))
                .hasMessage("D: dot refers to replica index 2 of a table of 2");
        assertThatThrownBy(() -> new Wire.DotReader(AB, "D", 2, 3).read(head(1, false)))
                .hasMessage("D: dot refers to replica index 2 of a table of 2");
    }

    @Test
    void aDotCounterOfZeroIsRefused() {
        assertThatThrownBy(() -> new Wire.DotReader(AB, "D").read(head(1, true, 0)))
                .hasMessage("D dot counter must be in [1, 9223372036854775807], was 0");
    }
}
