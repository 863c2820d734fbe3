package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Declared counts and sizes are refused before anything is allocated: each test measures what the
 * decoding thread allocated while rejecting a short hostile message.
 */
class DecodeLimitsTest {

    /** Far below what any of these messages would make a trusting decoder allocate (gigabytes). */
    private static final long ALLOCATION_BUDGET = 64 * 1024;

    private static final int GCOUNTER = ConvergentKryo.registrationIds().get(GCounter.class);
    private static final int ORSET = ConvergentKryo.registrationIds().get(ORSet.class);

    private final KryoCodec small = KryoCodec.builder().limits(DecodeLimits.defaults().withMaxEntries(100)).build();
    private final KryoCodec defaults = KryoCodec.create();

    @BeforeEach
    void warmUp() {
        // the first decode creates the pooled Kryo instance; measure the decoding, not the setup
        small.decode(small.encode(GCounter.empty()), GCounter.class);
        defaults.decode(defaults.encode(GCounter.empty()), GCounter.class);
    }

    @Test
    void aDeclaredCountOfTwoToTheThirtyOneIsRefusedBeforeAllocating() {
        byte[] message = header(GCOUNTER, 0, out -> out.writeVarLong(1L << 31, true));
        assertThat(message).hasSizeLessThan(10);

        long allocated = allocatedWhileRejecting(small, message, GCounter.class,
                "GCounter replica table: declared 2147483648 entries, more than the maximum of 100");
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
        allocatedWhileRejecting(defaults, message, GCounter.class,
                "declared 2147483648 entries, more than the maximum of " + DecodeLimits.DEFAULT_MAX_ENTRIES);
    }

    @Test
    void aCountAboveTheConfiguredMaximumIsRefused() {
        byte[] message = header(GCOUNTER, 0, out -> out.writeVarInt(101, true));
        allocatedWhileRejecting(small, message, GCounter.class, "declared 101 entries, more than the maximum of 100");
    }

    @Test
    void aCountBeyondTheRemainingBytesIsRefused() {
        byte[] message = header(GCOUNTER, 0, out -> {
            out.writeVarInt(DecodeLimits.DEFAULT_MAX_ENTRIES, true);
            out.writeBytes(new byte[5]);
        });
        long allocated = allocatedWhileRejecting(defaults, message, GCounter.class,
                "declared 16777216 entries of at least 3 byte(s) each, but only 5 bytes remain");
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
    }

    /** Kryo's own string reader would allocate a char[] of the declared length: a 2 GiB array. */
    @Test
    void anElementStringDeclaringAGigaCharacterLengthIsRefusedBeforeAllocating() {
        ReplicaId r = ReplicaId.of("r");
        byte[] valid = defaults.encode(ORSet.<String>empty().add(r, "üü"));
        // the element is last: Kryo's UTF-8 string header (flag, chars + 1), then 2 bytes per character
        assertThat(valid[valid.length - 5]).isEqualTo((byte) 0x83);
        Output hostile = new Output(64);
        hostile.writeBytes(valid, 0, valid.length - 5);
        hostile.writeVarIntFlag(true, (1 << 30) + 1, true);
        hostile.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xBC, (byte) 0xC3, (byte) 0xBC});
        long allocated = allocatedWhileRejecting(defaults, hostile.toBytes(), ORSet.class,
                "string declares 1073741824 characters but only 4 bytes remain");
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
    }

    /** The map types' own counts: keys of an LWW-Map (4 bytes each at least), removed keys of an OR-Map (2). */
    @Test
    void mapCountsBeyondTheRemainingBytesAreRefusedBeforeAllocating() {
        byte[] lww = header(ConvergentKryo.registrationIds().get(LWWMap.class), 0, out -> {
            out.writeBytes(new byte[] {1, 0, 1, 'a'}); // one replica, "a"
            out.writeVarInt(DecodeLimits.DEFAULT_MAX_ENTRIES, true);
            out.writeBytes(new byte[7]);
        });
        assertThat(allocatedWhileRejecting(defaults, lww, LWWMap.class,
                "LWWMap keys: declared 16777216 entries of at least 4 byte(s) each, but only 7 bytes remain"))
                .isLessThan(ALLOCATION_BUDGET);
        byte[] or = header(ConvergentKryo.registrationIds().get(ORMap.class), 0, out -> {
            out.writeBytes(new byte[] {0, 0, 0}); // no replicas, empty cloud, no live keys
            out.writeVarInt(1 << 30, true);
            out.writeBytes(new byte[7]);
        });
        assertThat(allocatedWhileRejecting(defaults, or, ORMap.class,
                "ORMap removed keys: declared 1073741824 entries, more than the maximum of 16777216"))
                .isLessThan(ALLOCATION_BUDGET);
        allocatedWhileRejecting(small, header(ConvergentKryo.registrationIds().get(ORMap.class), 0, out -> {
            out.writeBytes(new byte[] {0, 0});
            out.writeVarInt(101, true); // live keys
            out.writeBytes(new byte[300]);
        }), ORMap.class, "ORMap keys: declared 101 entries, more than the maximum of 100");
    }

    @Test
    void aCompressedBodyCannotDeclareMoreThanTheLimit() {
        KryoCodec tight = KryoCodec.builder().limits(DecodeLimits.defaults().withMaxInflatedBytes(1000)).build();
        byte[] message = header(ORSET, 1, out -> {
            out.writeVarInt(1001, true);
            out.writeBytes(deflate(new byte[1001]));
        });
        allocatedWhileRejecting(tight, message, ORSet.class, "inflated size must be in [1, 1000], was 1001");
    }

    /** The inflation buffer grows with the output, not with the declared size. */
    @Test
    void aCompressedBodyDeclaringMuchMoreThanItHoldsIsRefusedWithoutAllocatingTheDeclaredSize() {
        byte[] message = header(ORSET, 1, out -> {
            out.writeVarInt(DecodeLimits.DEFAULT_MAX_INFLATED_BYTES, true);
            out.writeBytes(deflate(new byte[10]));
        });
        long allocated = allocatedWhileRejecting(defaults, message, ORSet.class,
                "compressed body inflates to 10 bytes, but declares 67108864");
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
    }

    @Test
    void aCompressedBodyThatInflatesToMoreThanItDeclaresIsRefused() {
        byte[] message = header(ORSET, 1, out -> {
            out.writeVarInt(100, true);
            out.writeBytes(deflate(new byte[1_000_000]));
        });
        long allocated = allocatedWhileRejecting(defaults, message, ORSet.class,
                "compressed body inflates to more than 100 bytes, but declares 100");
        assertThat(allocated).isLessThan(ALLOCATION_BUDGET);
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> DecodeLimits.defaults().withMaxEntries(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEntries must be >= 1, was 0");
        assertThatThrownBy(() -> new DecodeLimits(1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxInflatedBytes must be >= 1, was -1");
    }

    /**
     * Rejects the message three times and returns the least the thread allocated in one rejection
     * (the first also loads classes and links call sites).
     */
    private static long allocatedWhileRejecting(KryoCodec codec, byte[] message, Class<?> type, String expected) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, allocatedWhileRejectingOnce(codec, message, type, expected));
        }
        System.out.printf("rejected a %d-byte message after allocating %,d bytes: ...%s%n", message.length, least,
                expected);
        return least;
    }

    private static long allocatedWhileRejectingOnce(KryoCodec codec, byte[] message, Class<?> type,
            String expected) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        CrdtSerializationException thrown = null;
        try {
            codec.decode(message, type);
        } catch (CrdtSerializationException e) {
            thrown = e;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(thrown).as("rejected").isNotNull();
        assertThat(thrown.getMessage()).contains(expected);
        return allocated;
    }

    interface Body {
        void write(Output out);
    }

    private static byte[] header(int typeId, int flags, Body body) {
        Output out = new Output(64, -1);
        out.writeVarInt(1, true); // the bodies built here are version-1 bodies: no pruning markers
        out.writeVarInt(typeId, true);
        out.writeByte(flags);
        body.write(out);
        return out.toBytes();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] out = new byte[data.length + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return Arrays.copyOf(out, n);
    }
}
