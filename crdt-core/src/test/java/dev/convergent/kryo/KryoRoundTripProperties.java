package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.crdt.Crdt;
import dev.convergent.crdt.ORSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every state survives encoding, through the codec and through a user's Kryo, and encodes deterministically. */
class KryoRoundTripProperties {

    private static final KryoCodec CODEC = KryoCodec.builder().registrations(States::registerUserTypes).build();
    private static final KryoCodec COMPRESSING = KryoCodec.builder().registrations(States::registerUserTypes)
            .compressAbove(0).build();

    @Provide
    Arbitrary<States.Sample> samples() {
        return States.samples();
    }

    @Property(tries = 1000)
    void everyStateRoundTripsThroughTheCodec(@ForAll("samples") States.Sample sample) {
        byte[] bytes = CODEC.encode(sample.state());
        Object decoded = CODEC.decode(bytes, sample.type());
        assertThat(decoded).isEqualTo(sample.state());
        Invariants.check(decoded);
        assertThat(CODEC.encode(decoded)).as("re-encoding gives the same bytes").isEqualTo(bytes);
        assertThat(bytes[0]).as("format version first").isEqualTo((byte) ConvergentKryo.FORMAT_VERSION);

        byte[] compressed = COMPRESSING.encode(sample.state());
        assertThat(compressed.length).isLessThanOrEqualTo(bytes.length);
        assertThat(COMPRESSING.decode(compressed, sample.type())).isEqualTo(sample.state());
        assertThat(CODEC.decode(compressed, sample.type())).as("any codec reads compressed messages")
                .isEqualTo(sample.state());
    }

    @Property(tries = 300)
    void everyStateRoundTripsThroughAUserKryo(@ForAll("samples") States.Sample sample) {
        Kryo kryo = new Kryo();
        States.registerUserTypes(kryo);
        ConvergentKryo.register(kryo);
        Output output = new Output(64, -1);
        kryo.writeClassAndObject(output, sample.state());
        kryo.writeObject(output, sample.state());
        byte[] bytes = output.toBytes();

        Input input = ConvergentKryo.boundedInput(bytes);
        assertThat(kryo.readClassAndObject(input)).isEqualTo(sample.state());
        assertThat(kryo.readObject(input, sample.type())).isEqualTo(sample.state());
        assertThat(input.position()).isEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<List<Object>> concurrentPairs() {
        return Arbitraries.oneOf(List.of(
                States.gCounters().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.pnCounters().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.versionVectors().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.causalContexts().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.orSetPairs()));
    }

    /** Equal states reached in different orders (whose hash maps were built differently) encode equally. */
    @Property(tries = 300)
    void mergeOrderDoesNotChangeTheBytes(@ForAll("concurrentPairs") List<Object> pair) {
        Object ab = merge(pair.get(0), pair.get(1));
        Object ba = merge(pair.get(1), pair.get(0));
        assertThat(ab).isEqualTo(ba);
        assertThat(CODEC.encode(ab)).isEqualTo(CODEC.encode(ba));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object merge(Object x, Object y) {
        return ((Crdt) x).merge((Crdt) y);
    }

    /** The generators reach the interesting shapes: dot clouds, elements with several dots, mixed classes. */
    @Example
    void generatedSetsAreGenuinelyConcurrent() {
        List<ORSet<Object>> sets = States.orSets().sampleStream().limit(400).toList();
        long withCloud = sets.stream().filter(s -> !s.context().isCompact()).count();
        long withConcurrentAdds = sets.stream()
                .filter(s -> s.elements().stream().anyMatch(e -> s.dots(e).size() > 1)).count();
        long mixed = sets.stream()
                .filter(s -> s.elements().stream().map(Object::getClass).distinct().count() > 1).count();
        assertThat(withCloud).as("sets with a dot cloud").isGreaterThan(40);
        assertThat(withConcurrentAdds).as("sets with an element added concurrently").isGreaterThan(40);
        assertThat(mixed).as("sets with elements of several classes").isGreaterThan(20);
    }

    @Provide
    Arbitrary<ORSet<Object>> colliderSets() {
        return States.orSets(States::collider);
    }

    /** Colliding hash codes make a hash map iterate in insertion order; the bytes must not follow it. */
    @Property(tries = 300)
    void setBytesDoNotDependOnHashMapIterationOrder(@ForAll("colliderSets") ORSet<Object> set,
            @ForAll Random random) {
        List<Object> elements = new ArrayList<>(set.elements());
        Collections.shuffle(elements, random);
        Map<Object, Set<Dot>> shuffled = new LinkedHashMap<>();
        for (Object e : elements) {
            shuffled.put(e, set.dots(e));
        }
        ORSet<Object> rebuilt = ORSet.of(shuffled, set.context());
        assertThat(rebuilt).isEqualTo(set);
        assertThat(CODEC.encode(rebuilt)).isEqualTo(CODEC.encode(set));
    }
}
