package dev.convergent.bench;

/**
 * TODO(dev.convergent.kryo): encode and decode benchmarks for the Kryo codec, which is being written in package
 * {@code dev.convergent.kryo}. This class is a placeholder and has no {@code @Benchmark} method yet, so JMH skips it.
 *
 * <p>When the codec lands, add here, in the style of {@link ORSetBenchmark} (nested {@code @State} classes, inputs
 * from {@link History} through {@link Rebuild}, one class Javadoc with the run command):
 * <ul>
 *   <li>{@code encode_convergent} / {@code decode_convergent} of a GCounter with 3, 100 and 1,000 replicas and of
 *       an ORSet of 100, 10,000 and 100,000 elements across 3 and 20 replicas, using the codec's single
 *       registration entry point (no serializer written here);</li>
 *   <li>their Pekko twins through {@code ReplicatedDataSerializer}, which needs the throw-away ActorSystem of
 *       {@link dev.convergent.bench.peer.PekkoSerialization};</li>
 *   <li>and fill {@link SizeReport#kryoEncoding}, so the size report and the encoded-size target get our numbers.</li>
 * </ul>
 */
final class KryoCodecBenchmark {

    private KryoCodecBenchmark() {
    }
}
