package dev.convergent.testkit.builtin;

import dev.convergent.kryo.KryoCodec;
import dev.convergent.testkit.Codec;

/** Adapts crdt-core's Kryo codec to the kit's {@link Codec}, so that the serialization laws check our wire format. */
final class KryoCodecs {

    /**
     * Strings, longs and Convergent types need no registration of their own. Compression off, so that the laws on
     * hostile and canonical bytes reach the body's structure, not a zlib stream (the framing tests cover that).
     */
    private static final KryoCodec CODEC = KryoCodec.builder().noCompression().build();

    private KryoCodecs() {
    }

    /**
     * Returns a codec of states of {@code type}, decoding through the codec's own checks.
     *
     * @param <T> the state type, with its type arguments
     * @param type the state's class
     * @return the codec
     */
    @SuppressWarnings("unchecked")
    static <T> Codec<T> of(Class<? super T> type) {
        return Codec.of(CODEC::encode, bytes -> (T) CODEC.decode(bytes, type));
    }
}
