package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
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
        Invariants.assertSame(decoded, sample.state());
        Invariants.check(decoded);
        assertThat(CODEC.encode(decoded)).as("re-encoding gives the same bytes").isEqualTo(bytes);
        assertThat(bytes[0]).as("format version first: 2 for a state holding pruning markers, else 1")
                .isEqualTo((byte) Invariants.expectedVersion(sample.state()));

        byte[] compressed = COMPRESSING.encode(sample.state());
        assertThat(compressed.length).isLessThanOrEqualTo(bytes.length);
        Invariants.assertSame(COMPRESSING.decode(compressed, sample.type()), sample.state());
        Invariants.assertSame(CODEC.decode(compressed, sample.type()), sample.state());
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
        Invariants.assertSame(kryo.readClassAndObject(input), sample.state());
        Invariants.assertSame(kryo.readObject(input, sample.type()), sample.state());
        assertThat(input.position()).isEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<List<Object>> concurrentPairs() {
        return Arbitraries.oneOf(List.of(
                States.gCounters().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.pnCounters().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.versionVectors().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.causalContexts().list().ofSize(2).map(l -> List.<Object>copyOf(l)),
                States.orSetPairs(),
                States.mvRegisterPairs(),
                States.orMapPairs(),
                States.lwwMapPairs(),
                States.enableWinsFlagPairs(),
                States.prunedPairs()));
    }

    /** Equal states reached in different orders (whose hash maps were built differently) encode equally. */
    @Property(tries = 500)
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

    @Example
    void generatedRegistersFlagsAndMapsAreGenuinelyConcurrent() {
        List<MVRegister<Object>> registers = States.mvRegisters().sampleStream().limit(400).toList();
        assertThat(count(registers, r -> r.siblingCount() > 1)).as("registers with siblings").isGreaterThan(40);
        assertThat(count(registers, r -> !r.context().isCompact())).as("registers with a dot cloud").isGreaterThan(20);

        List<EnableWinsFlag> flags = States.enableWinsFlags().sampleStream().limit(400).toList();
        assertThat(count(flags, f -> f.enables().size() > 1)).as("flags enabled concurrently").isGreaterThan(40);
        assertThat(count(flags, f -> !f.isEnabled() && !f.context().isEmpty())).as("flags disabled after enables")
                .isGreaterThan(20);

        List<ORMap<Object, ?>> maps = States.orMaps().sampleStream().limit(400).toList();
        assertThat(count(maps, m -> m.valueStates().size() > m.size())).as("maps keeping removed keys' values")
                .isGreaterThan(40);
        assertThat(count(maps, m -> m.keys().stream().anyMatch(k -> m.dots(k).size() > 1)))
                .as("maps with a key updated concurrently").isGreaterThan(40);
        assertThat(count(maps, m -> !m.context().isCompact())).as("maps with a dot cloud").isGreaterThan(20);
        assertThat(count(maps, m -> m.valueStates().values().stream().anyMatch(v -> v instanceof ORMap)))
                .as("maps of maps").isGreaterThan(20);

        List<LWWMap<Object, Object>> lwwMaps = States.lwwMaps().sampleStream().limit(400).toList();
        assertThat(count(lwwMaps, m -> m.registers().size() > m.entries().size())).as("maps with tombstones")
                .isGreaterThan(40);
        assertThat(count(lwwMaps, KryoRoundTripProperties::hasTiedKeys))
                .as("maps with keys tied on (timestamp, writer)").isGreaterThan(40);
        assertThat(count(lwwMaps, m -> m.registers().values().stream().map(LWWRegister::writer).distinct().count() > 1))
                .as("maps written at several replicas").isGreaterThan(40);
    }

    /** Pruned states hold markers, chains of two, maps with pruned values, and states that kept some replica. */
    @Example
    void generatedPrunedStatesReachTheInterestingShapes() {
        List<Object> states = States.prunedSamples().sampleStream().limit(400).map(States.Sample::state).toList();
        assertThat(count(states, Invariants::holdsMarkers)).as("states holding markers").isEqualTo(400);
        assertThat(count(states, s -> ((Prunable<?>) s).retiredReplicas().size() > 1)).as("chains")
                .isGreaterThan(40);
        assertThat(count(states, s -> s instanceof ORMap
                && ((ORMap<?, ?>) s).valueStates().values().stream().anyMatch(Invariants::holdsMarkers)))
                .as("maps with pruned values").isGreaterThan(20);
        assertThat(count(states, s -> !((Prunable<?>) s).replicaIds().isEmpty())).as("states with data")
                .isGreaterThan(300);
    }

    private static <T> long count(List<T> states, Predicate<T> p) {
        return states.stream().filter(p).count();
    }

    private static boolean hasTiedKeys(LWWMap<Object, Object> m) {
        return m.registers().values().stream().map(r -> List.of(r.timestamp(), r.writer())).distinct().count()
                < m.registers().size();
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

    @Provide
    Arbitrary<MVRegister<Object>> colliderRegisters() {
        return States.mvRegisters(States::collider);
    }

    @Property(tries = 200)
    void registerBytesDoNotDependOnHashMapIterationOrder(@ForAll("colliderRegisters") MVRegister<Object> register,
            @ForAll Random random) {
        Map<Object, Set<Dot>> shuffled = new LinkedHashMap<>();
        for (Object v : shuffle(register.values(), random)) {
            shuffled.put(v, register.dots(v));
        }
        MVRegister<Object> rebuilt = MVRegister.of(shuffled, register.context());
        assertThat(rebuilt).isEqualTo(register);
        assertThat(CODEC.encode(rebuilt)).isEqualTo(CODEC.encode(register));
    }

    @Provide
    Arbitrary<ORMap<Object, PNCounter>> colliderMaps() {
        return States.orMaps(States::collider, States.PN_COUNTERS);
    }

    /** Live keys are ordered by dots, removed keys by their bytes: neither by the maps' iteration order. */
    @Property(tries = 200)
    void mapBytesDoNotDependOnHashMapIterationOrder(@ForAll("colliderMaps") ORMap<Object, PNCounter> map,
            @ForAll Random random) {
        Map<Object, Set<Dot>> keyDots = new LinkedHashMap<>();
        for (Object k : shuffle(map.keys(), random)) {
            keyDots.put(k, map.dots(k));
        }
        Map<Object, PNCounter> values = new LinkedHashMap<>();
        for (Object k : shuffle(map.valueStates().keySet(), random)) {
            values.put(k, map.valueStates().get(k));
        }
        ORMap<Object, PNCounter> rebuilt = ORMap.of(keyDots, map.context(), values, map.bottom());
        assertThat(rebuilt).isEqualTo(map);
        assertThat(CODEC.encode(rebuilt)).isEqualTo(CODEC.encode(map));
    }

    @Provide
    Arbitrary<LWWMap<Object, Object>> colliderLwwMaps() {
        return States.lwwMaps(States::collider, States::mixed);
    }

    /** Keys tied on (timestamp, writer) are ordered by their bytes, not by the map's iteration order. */
    @Property(tries = 200)
    void lwwMapBytesDoNotDependOnHashMapIterationOrder(@ForAll("colliderLwwMaps") LWWMap<Object, Object> map,
            @ForAll Random random) {
        Map<Object, LWWRegister<Optional<Object>>> registers = new LinkedHashMap<>();
        for (Object k : shuffle(map.registers().keySet(), random)) {
            registers.put(k, map.registers().get(k));
        }
        LWWMap<Object, Object> rebuilt = LWWMap.of(registers);
        assertThat(rebuilt).isEqualTo(map);
        assertThat(CODEC.encode(rebuilt)).isEqualTo(CODEC.encode(map));
    }

    private static List<Object> shuffle(Set<?> items, Random random) {
        List<Object> list = new ArrayList<>(items);
        Collections.shuffle(list, random);
        return list;
    }

    /** Same-writer keys written at one timestamp (a batch) are the case the key bytes order. */
    @Example
    void keysTiedOnTimestampAndWriterEncodeInTheSameOrderWhateverTheInsertionOrder() {
        ReplicaId writer = ReplicaId.of("w");
        HybridTimestamp at = HybridTimestamp.of(1_700_000_000_000L, 0);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(new Collider(i));
        }
        byte[] first = null;
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(keys, random);
            LWWMap<Object, String> map = LWWMap.empty();
            for (Object k : keys) {
                map = map.putDelta(writer, k, "v", at).state();
            }
            byte[] bytes = CODEC.encode(map);
            if (first == null) {
                first = bytes;
            }
            assertThat(bytes).isEqualTo(first);
        }
    }
}
