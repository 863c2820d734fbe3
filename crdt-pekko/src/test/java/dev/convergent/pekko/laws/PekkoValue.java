package dev.convergent.pekko.laws;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import dev.convergent.pekko.ConvergentSerializer;
import dev.convergent.pekko.ReplicatedCrdt;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.DeltaOperation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link ReplicatedCrdt} seen as a {@link Crdt}, so that the kit's laws run over the values Pekko's
 * Replicator holds: merge is {@link ReplicatedCrdt#mergeData}, a delta operation runs through
 * {@link ReplicatedCrdt#update} and ships {@link ReplicatedCrdt#deltaData()}, as the Replicator does, and the
 * codec is the Pekko serializer (manifest and bytes).
 *
 * @param <T> the wrapped type
 * @param value the Pekko value
 */
record PekkoValue<T extends Crdt<T>>(ReplicatedCrdt<T> value) implements Crdt<PekkoValue<T>> {

    static final ConvergentSerializer SERIALIZER = new ConvergentSerializer(dev.convergent.kryo.KryoCodec.create());

    PekkoValue {
        Objects.requireNonNull(value, "value");
    }

    static <T extends Crdt<T>> PekkoValue<T> of(T state) {
        return new PekkoValue<>(ReplicatedCrdt.of(state));
    }

    T state() {
        return value.state();
    }

    @Override
    public PekkoValue<T> merge(PekkoValue<T> other) {
        return new PekkoValue<>(value.mergeData(other.value));
    }

    @Override
    public Causality compare(PekkoValue<T> other) {
        return value.state().compare(other.value.state());
    }

    /** Runs a delta operation as the Replicator runs a modify function: update, take the delta, reset. */
    static <T extends Crdt<T>> DeltaOperation<PekkoValue<T>> lift(DeltaOperation<T> operation) {
        return DeltaOperation.of(operation.toString(), (replica, v) -> {
            ReplicatedCrdt<T> next = v.value.resetDelta().update(s -> operation.apply(replica, s));
            ReplicatedCrdt<T> delta = next.deltaData().orElseThrow();
            return new Mutation<>(new PekkoValue<>(next.resetDelta()), new PekkoValue<>(delta));
        });
    }

    /** The Pekko serializer as the kit's codec: the manifest, a newline, then the bytes. */
    static <T extends Crdt<T>> Codec<PekkoValue<T>> codec() {
        return Codec.of(v -> {
            byte[] manifest = SERIALIZER.manifest(v.value).getBytes(StandardCharsets.UTF_8);
            byte[] body = SERIALIZER.toBinary(v.value);
            byte[] out = Arrays.copyOf(manifest, manifest.length + 1 + body.length);
            out[manifest.length] = '\n';
            System.arraycopy(body, 0, out, manifest.length + 1, body.length);
            return out;
        }, bytes -> {
            int nl = 0;
            while (bytes[nl] != '\n') {
                nl++;
            }
            String manifest = new String(bytes, 0, nl, StandardCharsets.UTF_8);
            @SuppressWarnings("unchecked")
            ReplicatedCrdt<T> decoded = (ReplicatedCrdt<T>) SERIALIZER.fromBinary(
                    Arrays.copyOfRange(bytes, nl + 1, bytes.length), manifest);
            if (decoded.pendingDelta().isPresent()) {
                throw new AssertionError("a deserialized value must have no pending delta");
            }
            return new PekkoValue<>(decoded);
        });
    }
}
