package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The decoder accepts only what the encoder writes: every mutation of a valid encoding (bit flips, byte
 * inserts and deletes, splices, and overlong rewrites of any byte that may end a varint) that decodes at
 * all decodes to a state whose encoding is exactly the mutated bytes, through the codec and through a
 * user's Kryo. The container checks at the end that enough mutated inputs were accepted for the law to
 * have been exercised.
 */
class KryoCanonicalProperties {

    /**
     * Uncompressed: canonical means an accepted uncompressed message re-encodes to its bytes under the same settings.
     * A compressing codec accepts an uncompressed body it would have compressed, so its re-encoding differs by design.
     */
    private static final KryoCodec CODEC = KryoCodec.builder().registrations(States::registerUserTypes)
            .noCompression().build();

    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong OVERLONG_TRIED = new AtomicLong();

    @AfterContainer
    static void report() {
        System.out.printf("canonical decoding: %,d mutated encodings (%,d with an overlong varint rewrite),"
                + " %,d accepted, each re-encoding to exactly its bytes%n", TRIED.get(), OVERLONG_TRIED.get(),
                ACCEPTED.get());
        assertThat(ACCEPTED.get()).as("mutated encodings that decoded").isGreaterThan(100);
    }

    @Provide
    Arbitrary<States.Sample> samples() {
        return States.samples();
    }

    @Property(tries = 400)
    void everyAcceptedEncodingReencodesToTheSameBytes(@ForAll("samples") States.Sample sample,
            @ForAll("samples") States.Sample other, @ForAll Random random) {
        byte[] valid = CODEC.encode(sample.state());
        byte[] donor = CODEC.encode(other.state());
        for (int i = 0; i < 40; i++) {
            byte[] mutated;
            if (random.nextInt(3) == 0) {
                mutated = overlongRewrite(valid, random);
                OVERLONG_TRIED.incrementAndGet();
            } else {
                mutated = KryoHostileInputProperties.Mutations.mutate(valid, donor, random);
            }
            TRIED.incrementAndGet();
            Object decoded;
            try {
                decoded = CODEC.decode(mutated, sample.type());
            } catch (CrdtSerializationException e) {
                continue;
            }
            ACCEPTED.incrementAndGet();
            byte[] again = CODEC.encode(decoded);
            if (!Arrays.equals(again, mutated)) {
                throw new AssertionError("accepted bytes that are not the encoding of what they decode to:\n"
                        + "accepted    " + HexFormat.of().formatHex(mutated) + "\nre-encoded  "
                        + HexFormat.of().formatHex(again) + "\nvalid       " + HexFormat.of().formatHex(valid)
                        + "\ndecoded     " + decoded);
            }
        }
    }

    /**
     * The same law through a user's Kryo with Kryo's own (lenient) serializers and class resolver: a
     * mutated encoding that reads back as a whole re-encodes to exactly its bytes, because every element
     * read through it is checked by encoding it again.
     */
    @Property(tries = 200)
    void everyEncodingAUserKryoAcceptsReencodesToTheSameBytes(@ForAll("samples") States.Sample sample,
            @ForAll Random random) {
        Kryo kryo = new Kryo();
        States.registerUserTypes(kryo);
        ConvergentKryo.register(kryo);
        byte[] valid = write(kryo, sample.state());
        for (int i = 0; i < 30; i++) {
            byte[] mutated;
            if (random.nextInt(3) == 0) {
                mutated = overlongRewrite(valid, random);
                OVERLONG_TRIED.incrementAndGet();
            } else {
                mutated = KryoHostileInputProperties.Mutations.mutate(valid, valid, random);
            }
            TRIED.incrementAndGet();
            Object decoded;
            Input input = ConvergentKryo.boundedInput(mutated);
            try {
                decoded = kryo.readObject(input, sample.type());
            } catch (CrdtSerializationException e) {
                continue;
            }
            if (input.position() != mutated.length) {
                continue; // trailing bytes: the caller's to check, outside our objects
            }
            ACCEPTED.incrementAndGet();
            byte[] again = write(kryo, decoded);
            if (!Arrays.equals(again, mutated)) {
                throw new AssertionError("a user Kryo accepted bytes that are not the encoding of what they"
                        + " decode to:\naccepted    " + HexFormat.of().formatHex(mutated) + "\nre-encoded  "
                        + HexFormat.of().formatHex(again) + "\ndecoded     " + decoded);
            }
        }
    }

    private static byte[] write(Kryo kryo, Object state) {
        Output output = new Output(64, -1);
        kryo.writeObject(output, state);
        return output.toBytes();
    }

    /**
     * Rewrites one byte without its top bit (the last byte of a varint, or of anything else) as that byte
     * with the continuation bit set followed by a zero group: an overlong varint of the same value when
     * the byte ends one. Now and then the zero group is stretched over two bytes.
     */
    static byte[] overlongRewrite(byte[] valid, Random random) {
        int at = random.nextInt(valid.length);
        for (int k = 0; k < valid.length && (valid[at] & 0x80) != 0; k++) {
            at = (at + 1) % valid.length;
        }
        int extra = random.nextInt(4) == 0 ? 2 : 1;
        byte[] out = new byte[valid.length + extra];
        System.arraycopy(valid, 0, out, 0, at);
        out[at] = (byte) (valid[at] | 0x80);
        if (extra == 2) {
            out[at + 1] = (byte) 0x80;
        }
        System.arraycopy(valid, at + 1, out, at + 1 + extra, valid.length - at - 1);
        return out;
    }
}
