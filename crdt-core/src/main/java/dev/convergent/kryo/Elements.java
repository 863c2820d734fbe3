package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Arrays;

/**
 * Reads the objects that the Kryo instance writes inside our states (elements, values, keys) and checks
 * that their bytes are the ones the encoder writes for them. Serializers that read only what they write
 * (ours, {@link StrictSerializers the strict built-ins}) are trusted; for any other (a user's, or Kryo's
 * lenient built-ins in a user's Kryo) the decoded object is encoded again on the side and the bytes
 * compared, at the cost of one more encoding of that object. A class id read by Kryo's default resolver
 * (which accepts overlong ids) is compared the same way.
 *
 * <p>The check needs the bytes and a Kryo whose writes do not depend on context: it is skipped for a
 * stream input, and for a Kryo that tracks references or does not require registration (the codec's
 * Kryo always qualifies).
 */
final class Elements {

    private Elements() {
    }

    /** Reads what {@code kryo.writeClassAndObject} wrote, or null; {@code what} names it in messages. */
    static Object readClassAndObject(Kryo kryo, Input input, String what) {
        int start = input.position();
        Registration registration = kryo.readClass(input);
        if (registration == null) {
            return null;
        }
        Object object = read(kryo, input, registration);
        check(kryo, input, start, object, registration.getSerializer(), true, what);
        return object;
    }

    /** Reads what {@code kryo.writeClass} wrote (null for Kryo's null class), checking its bytes like an object's. */
    static Registration readClass(Kryo kryo, Input input, String what) {
        int start = input.position();
        Registration registration = kryo.readClass(input);
        if (registration != null && !(kryo.getClassResolver() instanceof RegisteredOnlyClassResolver)
                && contextFree(kryo, input)) {
            Output scratch = new Output(8, -1);
            kryo.writeClass(scratch, registration.getType());
            int read = input.position() - start;
            if (scratch.position() != read
                    || !Arrays.equals(scratch.getBuffer(), 0, read, input.getBuffer(), start, start + read)) {
                throw new CrdtSerializationException(what + ": non-canonical class id of "
                        + registration.getType().getName() + ": " + read + " bytes where the encoder writes "
                        + scratch.position());
            }
        }
        return registration;
    }

    private static boolean contextFree(Kryo kryo, Input input) {
        return input.getInputStream() == null && !kryo.getReferences() && kryo.isRegistrationRequired();
    }

    /** Reads what {@code kryo.writeObject} wrote with {@code registration}'s serializer. */
    static Object readObject(Kryo kryo, Input input, Registration registration, String what) {
        int start = input.position();
        Object object = read(kryo, input, registration);
        check(kryo, input, start, object, registration.getSerializer(), false, what);
        return object;
    }

    @SuppressWarnings("unchecked")
    private static Object read(Kryo kryo, Input input, Registration registration) {
        return kryo.readObject(input, (Class<Object>) registration.getType(),
                (Serializer<Object>) registration.getSerializer());
    }

    @SuppressWarnings("unchecked")
    private static void check(Kryo kryo, Input input, int start, Object object, Serializer<?> serializer,
            boolean withClass, String what) {
        if (object == null || !contextFree(kryo, input)) {
            return;
        }
        boolean canonicalObject = StrictSerializers.isCanonical(serializer);
        boolean canonicalClass = !withClass || kryo.getClassResolver() instanceof RegisteredOnlyClassResolver;
        if (canonicalObject && canonicalClass) {
            return;
        }
        Output scratch = new Output(32, -1);
        if (withClass) {
            kryo.writeClass(scratch, object.getClass());
        }
        if (!canonicalObject) {
            kryo.writeObject(scratch, object, (Serializer<Object>) serializer);
        }
        int written = scratch.position();
        int read = input.position() - start;
        boolean same = (canonicalObject ? written <= read : written == read)
                && Arrays.equals(scratch.getBuffer(), 0, written, input.getBuffer(), start, start + written);
        if (!same) {
            throw new CrdtSerializationException(what + ": non-canonical encoding of a " + object.getClass().getName()
                    + ": its " + read + " bytes are not the " + written + (canonicalObject ? " of its class id" : "")
                    + " that the encoder writes for the decoded value");
        }
    }
}
