package dev.convergent.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * A class resolver that accepts registered class ids only. Kryo's default resolver, even with
 * registration required, loads any class named on the wire (without initializing it) before it
 * notices the class is unregistered; this one refuses class names outright.
 */
final class RegisteredOnlyClassResolver extends DefaultClassResolver {

    @Override
    @SuppressWarnings("rawtypes")
    protected void writeName(Output output, Class type, Registration registration) {
        throw new KryoException("class " + type.getName() + " is not registered; register it with an id");
    }

    @Override
    protected Registration readName(Input input) {
        throw new KryoException("class names on the wire are refused: only registered class ids are accepted");
    }
}
