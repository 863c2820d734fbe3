package dev.convergent.testkit;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns states into bytes and back, so that {@link SerializationLaws} can check a user's
 * serialization format: {@code decode(encode(x))} equals {@code x}, and equal states encode to
 * identical bytes. Adapt any serializer (Kryo, Protocol Buffers, hand-written) with {@link #of}.
 *
 * @param <T> the type of the values
 */
public interface Codec<T> {

    /**
     * Encodes a value.
     *
     * @param value the value
     * @return its bytes
     */
    byte[] encode(T value);

    /**
     * Decodes bytes produced by {@link #encode}.
     *
     * @param bytes the bytes
     * @return the value
     */
    T decode(byte[] bytes);

    /**
     * Returns a codec made of two functions.
     *
     * <pre>{@code
     * Codec<MaxRegister> codec = Codec.of(
     *         r -> ByteBuffer.allocate(8).putLong(r.value()).array(),
     *         bytes -> MaxRegister.of(ByteBuffer.wrap(bytes).getLong()));
     * }</pre>
     *
     * @param <T> the type of the values
     * @param encoder turns a value into bytes
     * @param decoder turns bytes back into a value
     * @return the codec
     * @throws NullPointerException if an argument is null
     */
    static <T> Codec<T> of(Function<? super T, byte[]> encoder, Function<byte[], ? extends T> decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new Codec<>() {
            @Override
            public byte[] encode(T value) {
                return encoder.apply(value);
            }

            @Override
            public T decode(byte[] bytes) {
                return decoder.apply(bytes);
            }
        };
    }
}
