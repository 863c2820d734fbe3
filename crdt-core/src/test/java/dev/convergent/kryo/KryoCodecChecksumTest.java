package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Integrity: the plain format detects structural corruption but not every changed value, so a cart can
 * decode to another valid cart; the optional CRC32C ({@link KryoCodec.Builder#checksum}) rejects every
 * single-bit flip, and leaves the plain format's bytes alone.
 */
class KryoCodecChecksumTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");
    private static final KryoCodec PLAIN = KryoCodec.create();
    private static final KryoCodec CHECKSUMMING = KryoCodec.builder().checksum().build();

    private static ORMap<String, PNCounter> cart() {
        return ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(PHONE, "pen", q -> q.increment(PHONE, 2))
                .update(LAPTOP, "ink", q -> q.increment(LAPTOP, 3))
                .update(LAPTOP, "paper", q -> q.increment(LAPTOP, 1).decrement(LAPTOP, 1))
                .remove("paper");
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] b = bytes.clone();
        b[bit / 8] ^= (byte) (1 << (bit % 8));
        return b;
    }

    @Test
    void aChecksummedCartRoundTrips() {
        ORMap<String, PNCounter> cart = cart();
        byte[] bytes = CHECKSUMMING.encode(cart);
        assertThat(CHECKSUMMING.decodeORMap(bytes, String.class, PNCounter.class)).isEqualTo(cart);
        assertThat(PLAIN.decodeORMap(bytes, String.class, PNCounter.class))
                .as("a codec without the option reads (and verifies) checksummed messages").isEqualTo(cart);
        KryoCodec both = KryoCodec.builder().compressAbove(0).checksum().build();
        byte[] compressed = both.encode(cart);
        assertThat(compressed[3]).as("flags: compressed and checksummed").isEqualTo((byte) 3);
        assertThat(both.decode(compressed, ORMap.class)).isEqualTo(cart);
        assertThat(CHECKSUMMING.decode(compressed, ORMap.class)).isEqualTo(cart);
    }

    @Test
    void theChecksumIsFourBytesAfterThePlainMessageWhoseBytesAreUnchanged() {
        byte[] plain = PLAIN.encode(cart());
        byte[] checked = CHECKSUMMING.encode(cart());
        assertThat(plain[3]).as("the default flags byte").isEqualTo((byte) 0);
        assertThat(checked).hasSize(plain.length + 4);
        byte[] expected = plain.clone();
        expected[3] = 2;
        assertThat(Arrays.copyOf(checked, plain.length)).isEqualTo(expected);
        CRC32C crc = new CRC32C();
        crc.update(checked, 0, plain.length);
        int stored = (checked[plain.length] & 0xFF) << 24 | (checked[plain.length + 1] & 0xFF) << 16
                | (checked[plain.length + 2] & 0xFF) << 8 | (checked[plain.length + 3] & 0xFF);
        assertThat(stored).as("CRC32C of everything before it, big-endian").isEqualTo((int) crc.getValue());
        assertThat(KryoCodec.builder().checksum().noChecksum().build().encode(cart())).isEqualTo(plain);
    }

    @Test
    void everySingleBitFlipOfAChecksummedCartIsRejected() {
        byte[] bytes = CHECKSUMMING.encode(cart());
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = flip(bytes, bit);
            for (KryoCodec codec : new KryoCodec[] {CHECKSUMMING, PLAIN}) {
                int at = bit;
                assertThatThrownBy(() -> codec.decode(flipped, ORMap.class))
                        .as("bit %d of %d (%s)", at, bytes.length * 8, codec)
                        .isInstanceOf(CrdtSerializationException.class);
            }
            int at = bit;
            assertThatThrownBy(() -> CHECKSUMMING.decode(flipped, ORMap.class))
                    .as("bit %d: checked before anything is parsed, the flags byte too", at)
                    .hasMessageContaining("checksum mismatch");
        }
    }

    @Test
    void aCodecThatRequiresChecksumsRefusesMessagesWithout() {
        byte[] plain = PLAIN.encode(GCounter.empty().increment(PHONE, 5));
        assertThatThrownBy(() -> CHECKSUMMING.decode(plain, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("checksum");
        byte[] relabelled = Arrays.copyOf(plain, plain.length + 4);
        relabelled[3] = 2;
        assertThatThrownBy(() -> PLAIN.decode(relabelled, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> PLAIN.decode(new byte[] {1, (byte) 0xED, 7, 2}, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("checksum");
    }

    /**
     * What docs/serialization.md says the plain format does not detect: some single-bit flips decode to
     * another valid cart ("pen" becomes "qen").
     */
    @Test
    void thePlainFormatAcceptsSomeBitFlipsAsOtherValidCarts() {
        ORMap<String, PNCounter> cart = cart();
        byte[] bytes = PLAIN.encode(cart);
        int accepted = 0;
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            try {
                Object other = PLAIN.decode(flip(bytes, bit), ORMap.class);
                assertThat(other).isNotEqualTo(cart);
                accepted++;
            } catch (CrdtSerializationException e) {
                // detected
            }
        }
        System.out.printf("plain format: %d of %d single-bit flips of a %d-byte cart decode to another valid cart%n",
                accepted, bytes.length * 8, bytes.length);
        assertThat(accepted).isGreaterThan(0);

        int p = indexOf(bytes, "pen");
        ORMap<String, PNCounter> qen = PLAIN.decodeORMap(flip(bytes, p * 8), String.class, PNCounter.class);
        assertThat(qen.valueStates()).containsKey("qen").doesNotContainKey("pen");
        assertThatThrownBy(() -> CHECKSUMMING.decode(flip(CHECKSUMMING.encode(cart), p * 8), ORMap.class))
                .hasMessageContaining("checksum mismatch");
    }

    private static int indexOf(byte[] bytes, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= bytes.length; i++) {
            for (int k = 0; k < ascii.length(); k++) {
                if ((bytes[i + k] & 0x7F) != ascii.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(ascii + " not found");
    }
}
