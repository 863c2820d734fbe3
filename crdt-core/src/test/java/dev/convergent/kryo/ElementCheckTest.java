package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWRegister;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/**
 * Elements read through a user's Kryo: an overlong class id in front of a value whose own serializer is
 * trusted is refused, the message saying it is the class id that differs; the check is skipped, as
 * documented, where the bytes are not at hand (a stream) or writes depend on context (references on).
 * Error messages from a failed decoding name the type and keep quoted state short.
 */
class ElementCheckTest {

    /** An overlong class id of Byte (its id + 2 with a continuation bit, then a zero group), then byte 5. */
    private static byte[] overlongByte(Kryo kryo) {
        int written = kryo.getRegistration(byte.class).getId() + 2;
        return new byte[] {(byte) (written | 0x80), 0, 5};
    }

    @Test
    void anOverlongClassIdOfATrustedValueIsRefused() {
        Kryo kryo = new Kryo();
        byte[] bytes = overlongByte(kryo);
        assertThatThrownBy(() -> Elements.readClassAndObject(kryo, new BoundedInput(bytes), "E"))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("E: non-canonical encoding of a java.lang.Byte: its 3 bytes are not the 1 of its class id"
                        + " that the encoder writes for the decoded value");
        assertThat(Elements.readClassAndObject(kryo, new BoundedInput(new byte[] {(byte) (bytes[0] & 0x7F), 5}), "E"))
                .isEqualTo((byte) 5);
    }

    @Test
    void theCheckIsSkippedForStreamsAndForKryosWithReferences() {
        Kryo kryo = new Kryo();
        byte[] bytes = overlongByte(kryo);
        assertThat(Elements.readClassAndObject(kryo, new Input(new ByteArrayInputStream(bytes)), "E"))
                .isEqualTo((byte) 5);
        Kryo references = new Kryo();
        references.setReferences(true);
        assertThat(Elements.readClassAndObject(references, new BoundedInput(overlongByte(references)), "E"))
                .isEqualTo((byte) 5);
    }

    @Test
    void wrappedErrorsNameTheTypeAndTheCause() {
        assertThat(CrdtSerializer.wrap("T", new IllegalStateException()))
                .hasMessage("invalid T encoding: IllegalStateException: null");
        assertThat(CrdtSerializer.wrap("T", new KryoException("boom")))
                .hasMessage("invalid T encoding: KryoException: boom");
        CrdtSerializationException same = new CrdtSerializationException("as is");
        assertThat(CrdtSerializer.wrap("T", same)).isSameAs(same);
    }

    @Test
    void quotedMessagesAreCutAfterFiveHundredCharacters() {
        String five = "x".repeat(500);
        assertThat(CrdtSerializer.wrap("T", new IllegalArgumentException(five)))
                .hasMessage("invalid T encoding: IllegalArgumentException: " + five);
        assertThat(CrdtSerializer.wrap("T", new IllegalArgumentException(five + "y")))
                .hasMessage("invalid T encoding: IllegalArgumentException: " + five + "... (501 characters)");
    }

    @Test
    void theSmallestLimitsAreOne() {
        assertThat(new DecodeLimits(1, 1).maxInflatedBytes()).isEqualTo(1);
        assertThat(new DecodeLimits(1, 1).maxEntries()).isEqualTo(1);
        assertThatThrownBy(() -> DecodeLimits.defaults().withMaxInflatedBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInflatedBytes must be >= 1, was 0");
        assertThatThrownBy(() -> DecodeLimits.defaults().withMaxEntries(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEntries must be >= 1, was 0");
    }

    @Test
    void aNullValueInAUsersKryoIsReportedAsNullNotReEncoded() {
        // Kryo's own String serializer is not trusted, so values are re-encoded; a null one cannot be
        Kryo kryo = ConvergentKryo.register(new Kryo());
        Output out = new Output(64, -1);
        kryo.writeObject(out, LWWRegister.of(ReplicaId.of("a"), "pen", HybridTimestamp.of(1000, 3)));
        byte[] nulled = MalformedStateTest.replace(out.toBytes(), new int[] {3, 'p', 'e', 'n' | 0x80},
                new int[] {3, 0x80});
        assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(nulled), LWWRegister.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("LWWRegister: the value is null");
    }
}
