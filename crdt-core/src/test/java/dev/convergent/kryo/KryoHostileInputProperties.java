package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and broken input: random bytes, and truncations, bit flips, splices, insertions and
 * trailing garbage applied to valid encodings of every type, pruned states (version 2) included.
 * Each input must either decode to a state that satisfies its invariants or fail with
 * {@link CrdtSerializationException}; anything else (a raw Kryo, index, argument or allocation
 * error) escapes and fails the property. The container checks at the end that at least
 * {@value #REQUIRED_INPUTS} inputs were tried and that none took long.
 */
class KryoHostileInputProperties {

    static final int REQUIRED_INPUTS = 100_000;
    /** The bound on one decode of a short hostile input, re-timed without noise: generous, it is about 10 µs. */
    private static final long MAX_DECODE_NANOS = 50_000_000L;

    private static final KryoCodec CODEC = KryoCodec.builder().registrations(States::registerUserTypes)
            .noCompression().build();
    private static final KryoCodec COMPRESSING = KryoCodec.builder().registrations(States::registerUserTypes)
            .compressAbove(0).build();
    private static final List<Class<?>> TYPES = List.copyOf(ConvergentKryo.registrationIds().keySet());

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong SLOWEST = new AtomicLong();
    /** The slowest inputs seen (a first measurement includes GC pauses and a busy machine); re-timed at the end. */
    private static final PriorityQueue<Timed> SLOWEST_INPUTS =
            new PriorityQueue<>(Comparator.comparingLong(Timed::nanos));

    private record Timed(long nanos, byte[] bytes, Class<?> type, KryoCodec codec) {
    }
    private static long started;

    @BeforeContainer
    static void start() {
        started = System.nanoTime();
    }

    @AfterContainer
    static void report() {
        long millis = (System.nanoTime() - started) / 1_000_000;
        long worst = 0;
        String worstInput = "";
        for (Timed t : SLOWEST_INPUTS) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                try {
                    t.codec().decode(t.bytes(), t.type());
                } catch (CrdtSerializationException e) {
                    // expected for most
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            if (best >= worst) {
                worst = best;
                worstInput = t.bytes().length + " bytes as " + t.type().getSimpleName();
            }
        }
        System.out.printf("hostile inputs: %,d decoded in %,d ms (%,d accepted as valid states, all others"
                + " rejected with CrdtSerializationException); slowest first decode %.2f ms, slowest of the %d"
                + " slowest inputs re-timed %.3f ms (%s)%n", INPUTS.get(), millis, ACCEPTED.get(),
                SLOWEST.get() / 1e6, SLOWEST_INPUTS.size(), worst / 1e6, worstInput);
        assertThat(INPUTS.get()).as("hostile inputs tried").isGreaterThanOrEqualTo(REQUIRED_INPUTS);
        assertThat(worst).as("slowest decode re-timed, ns (%s)", worstInput).isLessThan(MAX_DECODE_NANOS);
    }

    /** Decodes hostile bytes: a valid state or the documented exception, nothing else, and quickly. */
    static void decodeOrReject(KryoCodec codec, byte[] bytes, Class<?> type) {
        long t0 = System.nanoTime();
        Object state;
        try {
            state = codec.decode(bytes, type);
        } catch (CrdtSerializationException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        } finally {
            timed(System.nanoTime() - t0, bytes, type, codec);
        }
        ACCEPTED.incrementAndGet();
        assertThat(state).isInstanceOf(type);
        Invariants.check(state);
        assertThat(codec.decode(codec.encode(state), type)).isEqualTo(state);
    }

    /** Decodes bytes that are certainly invalid and returns what was thrown (the caller checks it). */
    static Throwable rejection(KryoCodec codec, byte[] bytes, Class<?> type) {
        long t0 = System.nanoTime();
        try {
            Object state = codec.decode(bytes, type);
            throw new AssertionError("accepted invalid bytes as " + state);
        } catch (RuntimeException e) {
            return e;
        } finally {
            timed(System.nanoTime() - t0, bytes, type, codec);
        }
    }

    private static void timed(long nanos, byte[] bytes, Class<?> type, KryoCodec codec) {
        INPUTS.incrementAndGet();
        SLOWEST.accumulateAndGet(nanos, Math::max);
        synchronized (SLOWEST_INPUTS) {
            if (SLOWEST_INPUTS.size() < 10 || nanos > SLOWEST_INPUTS.peek().nanos()) {
                SLOWEST_INPUTS.add(new Timed(nanos, bytes, type, codec));
                if (SLOWEST_INPUTS.size() > 10) {
                    SLOWEST_INPUTS.poll();
                }
            }
        }
    }

    @Provide
    Arbitrary<States.Sample> samples() {
        return States.samples();
    }

    @Property(tries = 1200)
    void mutatedEncodingsDecodeOrFailCleanly(@ForAll("samples") States.Sample sample,
            @ForAll("samples") States.Sample other, @ForAll Random random) {
        byte[] valid = CODEC.encode(sample.state());
        byte[] donor = CODEC.encode(other.state());
        for (int i = 0; i < 60; i++) {
            decodeOrReject(CODEC, Mutations.mutate(valid, donor, random), sample.type());
        }
    }

    @Provide
    Arbitrary<States.Sample> largeSamples() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(20, 400).map(n -> new States.Sample(GCounter.class, counter(n))),
                Arbitraries.integers().between(20, 300).map(n -> new States.Sample(ORSet.class, set(n))),
                States.orSets().map(s -> new States.Sample(ORSet.class, s)),
                Arbitraries.integers().between(20, 200).map(n -> new States.Sample(ORMap.class, cart(n))),
                Arbitraries.integers().between(20, 300).map(n -> new States.Sample(LWWMap.class, lwwMap(n))),
                States.orMaps().map(s -> new States.Sample(ORMap.class, s)),
                States.lwwMaps().map(s -> new States.Sample(LWWMap.class, s)),
                Arbitraries.integers().between(20, 200).map(n -> new States.Sample(ORMap.class, prunedCart(n))),
                Arbitraries.integers().between(20, 300).map(n -> new States.Sample(ORSet.class, prunedSet(n))),
                States.prunedORMaps().map(s -> new States.Sample(ORMap.class, s))));
    }

    /** The cart once replica b retired into a: its keys and every quantity hold a pruning marker. */
    private static ORMap<String, PNCounter> prunedCart(int items) {
        return cart(items).prune(ReplicaId.of("b"), ReplicaId.of("a"));
    }

    /** The set once replica b retired into a. */
    private static ORSet<String> prunedSet(int elements) {
        return set(elements).prune(ReplicaId.of("b"), ReplicaId.of("a"));
    }

    /** A cart edited at two replicas: every item's quantity changed at both, every fifth item removed. */
    private static ORMap<String, PNCounter> cart(int items) {
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ORMap<String, PNCounter> x = ORMap.empty(PNCounter.empty());
        ORMap<String, PNCounter> y = ORMap.empty(PNCounter.empty());
        for (int i = 0; i < items; i++) {
            long n = i;
            x = x.update(a, "item-" + i, q -> q.increment(a, n + 1));
            y = y.update(b, "item-" + i, q -> q.decrement(b, 1));
        }
        for (int i = 0; i < items; i += 5) {
            x = x.remove("item-" + i);
        }
        return x.merge(y);
    }

    /** Keys written by three replicas at timestamps a few milliseconds apart, some removed, some tied. */
    private static LWWMap<String, Object> lwwMap(int keys) {
        LWWMap<String, Object> m = LWWMap.empty();
        for (int i = 0; i < keys; i++) {
            ReplicaId writer = ReplicaId.of("node-" + i % 3);
            HybridTimestamp at = HybridTimestamp.of(1_700_000_000_000L + i / 2 * 7, 0);
            m = i % 7 == 0 ? m.removeDelta(writer, "key-" + i, at).state()
                    : m.putDelta(writer, "key-" + i, i % 2 == 0 ? "value-" + i : new Money("EUR", i), at).state();
        }
        return m;
    }

    private static GCounter counter(int replicas) {
        GCounter c = GCounter.empty();
        for (int i = 0; i < replicas; i++) {
            c = c.increment(ReplicaId.of("node-" + i), i * 31L + 1);
        }
        return c;
    }

    private static ORSet<String> set(int elements) {
        ORSet<String> a = ORSet.empty();
        ORSet<String> b = ORSet.empty();
        for (int i = 0; i < elements; i++) {
            a = a.add(ReplicaId.of("a"), "item-" + i);
            if (i % 3 == 0) {
                b = b.add(ReplicaId.of("b"), "item-" + i);
            }
        }
        return a.remove("item-7").merge(b);
    }

    @Property(tries = 200)
    void mutatedCompressedEncodingsDecodeOrFailCleanly(@ForAll("largeSamples") States.Sample sample,
            @ForAll Random random) {
        byte[] valid = COMPRESSING.encode(sample.state());
        for (int i = 0; i < 50; i++) {
            decodeOrReject(COMPRESSING, Mutations.mutate(valid, valid, random), sample.type());
        }
    }

    @Property(tries = 1000)
    void randomBytesDecodeOrFailCleanly(@ForAll Random random) {
        for (int i = 0; i < 20; i++) {
            Class<?> type = TYPES.get(random.nextInt(TYPES.size()));
            decodeOrReject(CODEC, Mutations.randomMessage(random, ConvergentKryo.registrationIds().get(type)), type);
        }
    }

    @Property(tries = 300)
    void everyTruncationIsRejected(@ForAll("samples") States.Sample sample) {
        byte[] valid = CODEC.encode(sample.state());
        for (int n = 0; n < valid.length; n++) {
            byte[] prefix = Arrays.copyOf(valid, n);
            assertThat(rejection(CODEC, prefix, sample.type())).isInstanceOf(CrdtSerializationException.class);
        }
    }

    @Property(tries = 300)
    void trailingBytesAreRejected(@ForAll("largeSamples") States.Sample sample, @ForAll Random random) {
        for (KryoCodec codec : List.of(CODEC, COMPRESSING)) {
            byte[] valid = codec.encode(sample.state());
            for (int extra = 1; extra <= 4; extra++) {
                byte[] longer = Arrays.copyOf(valid, valid.length + extra);
                longer[valid.length + random.nextInt(extra)] = (byte) random.nextInt(256);
                assertThat(rejection(codec, longer, sample.type()))
                        .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("trailing");
            }
        }
    }

    @Property(tries = 300)
    void otherTypesAreRejected(@ForAll("samples") States.Sample sample) {
        byte[] valid = CODEC.encode(sample.state());
        for (Class<?> type : TYPES) {
            if (type != sample.type()) {
                assertThat(rejection(CODEC, valid, type))
                        .isInstanceOf(CrdtSerializationException.class)
                        .hasMessageContaining("expected " + type.getSimpleName())
                        .hasMessageContaining("bytes hold " + sample.type().getSimpleName());
            }
        }
    }

    /** Through a user's Kryo, our serializers too turn every failure into the documented exception. */
    @Property(tries = 300)
    void mutatedEncodingsThroughAUserKryoFailCleanly(@ForAll("samples") States.Sample sample, @ForAll Random random) {
        Kryo kryo = new Kryo();
        States.registerUserTypes(kryo);
        ConvergentKryo.register(kryo);
        Output output = new Output(64, -1);
        kryo.writeObject(output, sample.state());
        byte[] valid = output.toBytes();
        for (int i = 0; i < 30; i++) {
            byte[] bytes = Mutations.mutate(valid, valid, random);
            long t0 = System.nanoTime();
            try {
                Input input = ConvergentKryo.boundedInput(bytes);
                Object state = kryo.readObject(input, sample.type());
                ACCEPTED.incrementAndGet();
                Invariants.check(state);
            } catch (CrdtSerializationException e) {
                assertThat(e.getMessage()).isNotBlank();
            } finally {
                INPUTS.incrementAndGet();
                SLOWEST.accumulateAndGet(System.nanoTime() - t0, Math::max);
            }
        }
    }

    /** Ways to break an encoding. */
    static final class Mutations {

        private static final byte[] INTERESTING = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xC0,
            (byte) 0xE0, 2, 3};

        private Mutations() {
        }

        static byte[] mutate(byte[] valid, byte[] donor, Random random) {
            int n = valid.length;
            switch (random.nextInt(10)) {
                case 0: // truncate
                    return Arrays.copyOf(valid, random.nextInt(n));
                case 1: { // flip one to three bits
                    byte[] b = valid.clone();
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        b[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                    }
                    return b;
                }
                case 2: { // overwrite a byte with an interesting or random value
                    byte[] b = valid.clone();
                    b[random.nextInt(n)] = random.nextBoolean()
                            ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : (byte) random.nextInt(256);
                    return b;
                }
                case 3: { // insert bytes
                    int at = random.nextInt(n + 1);
                    byte[] extra = randomBytes(random, 1 + random.nextInt(4));
                    return concat(Arrays.copyOf(valid, at), extra, Arrays.copyOfRange(valid, at, n));
                }
                case 4: { // delete a range
                    int from = random.nextInt(n);
                    int to = Math.min(n, from + 1 + random.nextInt(4));
                    return concat(Arrays.copyOf(valid, from), Arrays.copyOfRange(valid, to, n));
                }
                case 5: { // splice: a valid prefix, then the tail of another encoding
                    int cut = random.nextInt(n + 1);
                    int from = random.nextInt(donor.length + 1);
                    return concat(Arrays.copyOf(valid, cut), Arrays.copyOfRange(donor, from, donor.length));
                }
                case 6: // a valid message followed by garbage
                    return concat(valid, randomBytes(random, 1 + random.nextInt(8)));
                case 7: { // duplicate a range
                    int from = random.nextInt(n);
                    int to = Math.min(n, from + 1 + random.nextInt(6));
                    return concat(Arrays.copyOf(valid, to), Arrays.copyOfRange(valid, from, n));
                }
                case 8: { // a huge varint (a count or length bomb) at a random place
                    byte[] b = valid.clone();
                    int at = random.nextInt(n);
                    for (int k = at; k < Math.min(n, at + 5 + random.nextInt(5)); k++) {
                        b[k] = (byte) 0xFF;
                    }
                    if (at + 5 < n) {
                        b[at + 4 + random.nextInt(Math.min(5, n - at - 4))] = (byte) 0x07;
                    }
                    return b;
                }
                default: { // several mutations at once
                    byte[] b = mutate(valid, donor, random);
                    return b.length == 0 ? b : mutate(b, donor, random);
                }
            }
        }

        /** Random bytes, often behind a valid header so that the body parsers see them. */
        static byte[] randomMessage(Random random, int typeId) {
            byte[] body = randomBytes(random, random.nextInt(48));
            int version = 1 + random.nextInt(ConvergentKryo.FORMAT_VERSION); // every version this release reads
            Output header = new Output(16);
            switch (random.nextInt(4)) {
                case 0:
                    return randomBytes(random, random.nextInt(24));
                case 1:
                    header.writeVarInt(version, true);
                    header.writeVarInt(typeId, true);
                    header.writeByte(0);
                    break;
                case 2:
                    header.writeVarInt(version, true);
                    header.writeVarInt(typeId, true);
                    header.writeByte(1);
                    header.writeVarInt(random.nextInt(1 << 20), true);
                    header.writeByte(0x78); // a zlib header byte, to get past the first check now and then
                    break;
                default:
                    header.writeVarInt(version, true);
                    header.writeVarInt(typeId, true);
                    header.writeByte(0);
                    header.writeByte(random.nextInt(4)); // a small replica count
                    break;
            }
            return concat(header.toBytes(), body);
        }

        static byte[] randomBytes(Random random, int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        static byte[] concat(byte[]... parts) {
            List<byte[]> list = new ArrayList<>(List.of(parts));
            int total = list.stream().mapToInt(p -> p.length).sum();
            byte[] out = new byte[total];
            int at = 0;
            for (byte[] p : list) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
