package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The message frame around a body: when a body is compressed (at the threshold and above), what a
 * compressed body must inflate to, trailing bytes, the checksum's minimum length, the reserved
 * registrations, the strict built-in serializers the codec installs, the typed decoders' checks, and how a
 * codec describes itself.
 */
class KryoCodecFramingTest {

    private static final ReplicaId A = ReplicaId.of("a");
    /** Version (1 byte) and type id (2 bytes) come before the flags byte. */
    private static final int FLAGS = 3;

    private static ORSet<String> compressible() {
        ORSet<String> set = ORSet.empty();
        for (int i = 0; i < 40; i++) {
            set = set.add(A, "element-number-" + i);
        }
        return set;
    }

    @Test
    void aBodyOfExactlyTheThresholdIsCompressed() {
        ORSet<String> set = compressible();
        int body = KryoCodec.builder().noCompression().build().encode(set).length - FLAGS - 1;
        byte[] at = KryoCodec.builder().compressAbove(body).build().encode(set);
        assertThat(at[FLAGS]).as("deflated").isEqualTo((byte) 1);
        assertThat(at.length).isLessThan(body);
        byte[] below = KryoCodec.builder().compressAbove(body + 1).build().encode(set);
        assertThat(below[FLAGS]).as("raw").isEqualTo((byte) 0);
        assertThat(KryoCodec.builder().compressAbove(0).noCompression().build().encode(set)[FLAGS]).isZero();
        assertThat(KryoCodec.create().decode(at, ORSet.class)).isEqualTo(set);
    }

    @Test
    void theDefaultCodecCompressesBodiesFromTheDefaultThresholdOn() {
        KryoCodec raw = KryoCodec.builder().noCompression().build();
        ORSet<String> large = compressible();
        ORSet<String> small = ORSet.<String>empty().add(A, "milk");
        int threshold = KryoCodec.DEFAULT_COMPRESSION_THRESHOLD;
        assertThat(raw.encode(large).length - FLAGS - 1).isGreaterThanOrEqualTo(threshold);
        assertThat(raw.encode(small).length - FLAGS - 1).isLessThan(threshold);

        byte[] compressed = KryoCodec.create().encode(large);
        assertThat(compressed[FLAGS]).as("deflated").isEqualTo((byte) 1);
        assertThat(compressed.length).isLessThan(raw.encode(large).length);
        assertThat(KryoCodec.create().encode(small)).as("left as it is").isEqualTo(raw.encode(small));
        assertThat(raw.decode(compressed, ORSet.class)).as("any codec reads it").isEqualTo(large);
    }

    @Test
    void aNegativeThresholdIsRefused() {
        assertThatThrownBy(() -> KryoCodec.builder().compressAbove(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("thresholdBytes must be >= 0, was -1");
    }

    @Test
    void aCompressedBodyMustInflateToTheSizeItDeclares() {
        byte[] valid = KryoCodec.builder().compressAbove(0).build().encode(compressible());
        Input in = new Input(valid);
        in.setPosition(FLAGS + 1);
        int declared = in.readVarInt(true);
        int sizeEnd = in.position();
        Output out = new Output(valid.length + 8);
        out.writeBytes(valid, 0, FLAGS + 1);
        out.writeVarInt(declared + 1, true);
        out.writeBytes(valid, sizeEnd, valid.length - sizeEnd);
        assertThatThrownBy(() -> KryoCodec.create().decode(out.toBytes(), ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("ORSet: compressed body inflates to " + declared + " bytes, but declares "
                        + (declared + 1));
    }

    @Test
    void trailingBytesAreCounted() {
        byte[] valid = KryoCodec.create().encode(GCounter.empty().increment(A, 3));
        assertThatThrownBy(() -> KryoCodec.create().decode(Arrays.copyOf(valid, valid.length + 2), GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("GCounter: 2 trailing bytes after the encoded state");
    }

    @Test
    void aChecksummedMessageNeedsFiveBytes() {
        KryoCodec codec = KryoCodec.builder().checksum().build();
        assertThatThrownBy(() -> codec.decode(new byte[4], GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("GCounter: a checksummed message needs at least 5 bytes, this one has 4");
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3, 4, 5}, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageStartingWith("GCounter: checksum mismatch");
    }

    /** Writes nothing and reads nothing: a serializer the codec must not accept for a reserved id. */
    private static final class Foreign extends Serializer<GCounter> {
        @Override
        public void write(Kryo kryo, Output output, GCounter object) {
        }

        @Override
        public GCounter read(Kryo kryo, Input input, Class<? extends GCounter> type) {
            return GCounter.empty();
        }
    }

    @Test
    void aReservedTypeRegisteredWithAnotherSerializerIsRefused() {
        int id = ConvergentKryo.registrationIds().get(GCounter.class);
        assertThatThrownBy(() -> KryoCodec.builder()
                .registrations(kryo -> kryo.register(GCounter.class, new Foreign(), id)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the configuration replaced registration id " + id);
    }

    @Test
    void theCodecReadsBuiltInElementsWithTheStrictSerializers() {
        // ORSet<Integer> {5}: count 1, uniform mode, int's class id 2, dot a:1 (head 2), no further dots, zig-zag 10
        KryoCodec codec = KryoCodec.create();
        byte[] valid = codec.encode(ORSet.<Integer>empty().add(A, 5));
        byte[] wide = MalformedStateTest.replace(valid, new int[] {1, 1, 2, 2, 0, 10},
                new int[] {1, 1, 2, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x10});
        assertThatThrownBy(() -> codec.decode(wide, ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("non-canonical Integer encoding: varint of 4294967296 exceeds 32 bits");
    }

    @Test
    void typedMapDecodersCheckEveryKeyAndTheBottom() {
        KryoCodec codec = KryoCodec.create();
        LWWMap<Object, String> map = LWWMap.<Object, String>empty().put(A, "pen", "x", HybridTimestamp.of(1, 0))
                .put(A, 5, "y", HybridTimestamp.of(2, 0));
        assertThatThrownBy(() -> codec.decodeLWWMap(codec.encode(map), String.class, String.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("LWWMap: expected every key to be a java.lang.String, found a java.lang.Integer");
        byte[] empty = codec.encode(ORMap.<String, PNCounter>empty(PNCounter.empty()));
        assertThat(codec.decodeORMap(empty, String.class, PNCounter.class).keys()).isEmpty();
        assertThatThrownBy(() -> codec.decodeORMap(empty, String.class, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("ORMap: expected every value to be a dev.convergent.crdt.GCounter, found a "
                        + "dev.convergent.crdt.PNCounter");
    }

    @Test
    void aCodecDescribesItsLimitsCompressionAndChecksum() {
        String limits = DecodeLimits.defaults().toString();
        assertThat(KryoCodec.create()).hasToString("KryoCodec{" + limits + ", compression above "
                + KryoCodec.DEFAULT_COMPRESSION_THRESHOLD + " bytes, checksum off}");
        assertThat(KryoCodec.builder().noCompression().build())
                .hasToString("KryoCodec{" + limits + ", compression off, checksum off}");
        assertThat(KryoCodec.builder().compressAbove(0).checksum().build())
                .hasToString("KryoCodec{" + limits + ", compression above 0 bytes, checksum CRC32C}");
    }

    /** {@code message} followed by its CRC32C, big-endian, as the codec appends it. */
    private static byte[] withCrc(byte[] message) {
        CRC32C crc = new CRC32C();
        crc.update(message);
        int c = (int) crc.getValue();
        byte[] out = Arrays.copyOf(message, message.length + 4);
        for (int i = 0; i < 4; i++) {
            out[message.length + i] = (byte) (c >>> (24 - 8 * i));
        }
        return out;
    }

    @Test
    void aChecksummedMessageWithAnEmptyBodyIsTruncatedNotTooShort() {
        byte[] header = Arrays.copyOf(KryoCodec.create().encode(GCounter.empty()), FLAGS + 1);
        header[FLAGS] = 0x02; // raw, checksummed
        byte[] message = withCrc(header);
        for (KryoCodec codec : new KryoCodec[] {KryoCodec.create(), KryoCodec.builder().checksum().build()}) {
            assertThatThrownBy(() -> codec.decode(message, GCounter.class))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessage("truncated GCounter encoding: the bytes end early");
        }
    }

    @Test
    void aChecksummingCodecRefusesAMessageNotFlaggedAsChecksummed() {
        byte[] plain = KryoCodec.create().encode(GCounter.empty().increment(A, 3));
        byte[] trailed = withCrc(plain); // the trailer is right, but the flags do not announce it
        assertThatThrownBy(() -> KryoCodec.builder().checksum().build().decode(trailed, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("GCounter: the message carries no checksum, but this codec requires one (it was built"
                        + " with checksum())");
        byte[] flagged = plain.clone();
        flagged[FLAGS] = 0x02;
        assertThat(KryoCodec.builder().checksum().build().decode(withCrc(flagged), GCounter.class))
                .isEqualTo(GCounter.empty().increment(A, 3));
    }
}
