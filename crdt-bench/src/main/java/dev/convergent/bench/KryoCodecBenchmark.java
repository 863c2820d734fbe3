package dev.convergent.bench;

import dev.convergent.bench.peer.Pekko;
import dev.convergent.bench.peer.PekkoSerialization;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import dev.convergent.kryo.KryoCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of a G-Counter and an OR-Set: our {@link KryoCodec} against Pekko's
 * {@code ReplicatedDataSerializer} ({@code toBinary}/{@code fromBinary}, which gzips every OR-Set), on the same plain
 * data. The counter rows use our codec with compression off, as Pekko compresses no counter. The set rows compare
 * the two defaults, both compressing: {@link KryoCodec#create()} (zlib from
 * {@value KryoCodec#DEFAULT_COMPRESSION_THRESHOLD} bytes) against Pekko's gzip; {@code encodeSetRaw} and
 * {@code decodeSetRaw} (ours only) show our codec with compression off. Pekko's serializer needs a throw-away local
 * ActorSystem, started in setup.
 *
 * <pre>{@code
 * java -jar crdt-bench/target/benchmarks.jar KryoCodecBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class KryoCodecBenchmark {

    private static final KryoCodec CODEC = KryoCodec.builder().noCompression().build();
    private static final KryoCodec DEFAULT = KryoCodec.create();

    /** Our counters and sets, and their encodings. */
    @State(Scope.Benchmark)
    public static class Ours {
        /** Replicas with an entry in the counter. */
        @Param({"3", "100", "1000"})
        public int entries;
        /** Elements of the set. */
        @Param({"100", "10000"})
        public int elements;

        GCounter counter;
        byte[] counterBytes;
        ORSet<String> set;
        byte[] setBytes;
        byte[] rawSetBytes;

        /** Builds the states from plain data and encodes them once. */
        @Setup
        public void setUp() {
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            counter = Rebuild.gCounter(v.names(), v.base());
            counterBytes = CODEC.encode(counter);
            set = Rebuild.orSet(History.filled(BenchInputs.replicaNames(3), elements).live());
            setBytes = DEFAULT.encode(set);
            rawSetBytes = CODEC.encode(set);
            BenchInputs.check(CODEC.decode(counterBytes, GCounter.class).equals(counter), "counter round trip");
            BenchInputs.check(DEFAULT.decode(setBytes, ORSet.class).equals(set), "set round trip");
            BenchInputs.check(CODEC.decode(rawSetBytes, ORSet.class).equals(set), "raw set round trip");
        }
    }

    /** Pekko's counters and sets, their serializer, and their encodings. */
    @State(Scope.Benchmark)
    public static class Theirs {
        /** Replicas with an entry in the counter. */
        @Param({"3", "100", "1000"})
        public int entries;
        /** Elements of the set. */
        @Param({"100", "10000"})
        public int elements;

        PekkoSerialization serialization;
        org.apache.pekko.cluster.ddata.GCounter counter;
        byte[] counterBytes;
        org.apache.pekko.cluster.ddata.ORSet<String> set;
        byte[] setBytes;

        /** Starts the ActorSystem, builds the states from plain data and encodes them once. */
        @Setup
        public void setUp() {
            serialization = PekkoSerialization.start();
            BenchInputs.Vectors v = BenchInputs.Vectors.of(entries, 42);
            counter = Pekko.gCounter(v.names(), v.base());
            counterBytes = serialization.wire(counter);
            set = Rebuild.pekkoOrSet(History.filled(BenchInputs.replicaNames(3), elements).live());
            setBytes = serialization.wire(set);
        }

        /** Stops the ActorSystem. */
        @TearDown(Level.Trial)
        public void tearDown() {
            serialization.close();
        }
    }

    /** @return our G-Counter encoded */
    @Benchmark
    public byte[] encodeCounter_convergent(Ours s) {
        return CODEC.encode(s.counter);
    }

    /** @return Pekko twin of {@link #encodeCounter_convergent} */
    @Benchmark
    public byte[] encodeCounter_pekko(Theirs s) {
        return s.serialization.wire(s.counter);
    }

    /** @return our G-Counter decoded, validated */
    @Benchmark
    public GCounter decodeCounter_convergent(Ours s) {
        return CODEC.decode(s.counterBytes, GCounter.class);
    }

    /** @return Pekko twin of {@link #decodeCounter_convergent} */
    @Benchmark
    public Object decodeCounter_pekko(Theirs s) {
        return s.serialization.read(s.counterBytes, s.counter);
    }

    /** @return our OR-Set encoded by the default codec */
    @Benchmark
    public byte[] encodeSet_convergent(Ours s) {
        return DEFAULT.encode(s.set);
    }

    /** @return our OR-Set encoded with compression off (ours only) */
    @Benchmark
    public byte[] encodeSetRaw_convergent(Ours s) {
        return CODEC.encode(s.set);
    }

    /** @return Pekko twin of {@link #encodeSet_convergent} (protobuf, gzipped by Pekko) */
    @Benchmark
    public byte[] encodeSet_pekko(Theirs s) {
        return s.serialization.wire(s.set);
    }

    /** @return our OR-Set decoded from the default codec's encoding, validated */
    @Benchmark
    public ORSet<?> decodeSet_convergent(Ours s) {
        return DEFAULT.decode(s.setBytes, ORSet.class);
    }

    /** @return our OR-Set decoded from its uncompressed encoding, validated (ours only) */
    @Benchmark
    public ORSet<?> decodeSetRaw_convergent(Ours s) {
        return CODEC.decode(s.rawSetBytes, ORSet.class);
    }

    /** @return Pekko twin of {@link #decodeSet_convergent} */
    @Benchmark
    public Object decodeSet_pekko(Theirs s) {
        return s.serialization.read(s.setBytes, s.set);
    }
}
