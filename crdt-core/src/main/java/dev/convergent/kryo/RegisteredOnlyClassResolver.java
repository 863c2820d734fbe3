package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * A class resolver that accepts registered class ids only, each in its shortest varint encoding. Kryo's
 * default resolver, even with registration required, loads any class named on the wire (without
 * initializing it) before it notices the class is unregistered, and accepts overlong class ids; this one
 * refuses class names outright, and overlong ids as non-canonical.
 */
final class RegisteredOnlyClassResolver extends DefaultClassResolver {

    @Override
    @SuppressWarnings("rawtypes")
    protected void writeName(Output output, Class type, Registration registration) {
        throw new KryoException("class " + type.getName() + " is not registered; register it with an id");
    }

    @Override
    public Registration readClass(Input input) {
        long id = Wire.readVarLong(input, "class id");
        if (id == Kryo.NULL) {
            return null;
        }
        if (id == NAME + 2) { // a class name follows
            return readName(input);
        }
        Registration registration = id - 2 > Integer.MAX_VALUE || id < 0 ? null : getRegistration((int) (id - 2));
        if (registration == null) {
            throw new KryoException("Encountered unregistered class ID: " + Long.toUnsignedString(id - 2));
        }
        return registration;
    }

    @Override
    protected Registration readName(Input input) {
        throw new KryoException("class names on the wire are refused: only registered class ids are accepted");
    }
}
