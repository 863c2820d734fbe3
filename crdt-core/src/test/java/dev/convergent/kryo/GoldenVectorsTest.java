package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors: the encodings committed in {@code golden-v<version>.txt} must still decode to the
 * states built here, and those states must still encode to exactly the committed bytes. Both versions
 * are written today: version 1 for every state without pruning markers ({@code golden-v1.txt}, one
 * sample of every type), version 2 for states holding markers ({@code golden-v2.txt}, every type that
 * carries them). A failure means the wire format changed: bump {@link ConvergentKryo#FORMAT_VERSION},
 * keep reading the old versions, and commit a new file for the new one; never edit committed lines.
 */
class GoldenVectorsTest {

    private static final KryoCodec CODEC = KryoCodec.builder().registrations(States::registerUserTypes)
            .noCompression().build();
    private static final KryoCodec COMPRESSING = KryoCodec.builder().registrations(States::registerUserTypes)
            .compressAbove(64).build();

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");
    private static final ReplicaId TABLET = ReplicaId.of("tablet");
    private static final HybridTimestamp T = HybridTimestamp.of(1_700_000_000_000L, 3);

    /** The samples of a version, by name; a name ending in {@code -deflated} is encoded with compression. */
    static Map<String, Object> samples(int version) {
        switch (version) {
            case 1:
                return samplesOfVersion1();
            case 2:
                return samplesOfVersion2();
            default:
                throw new AssertionError("no samples of version " + version);
        }
    }

    /** States without pruning markers, one or more of every type. */
    private static Map<String, Object> samplesOfVersion1() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("replica-id", PHONE);
        s.put("replica-id-unicode", ReplicaId.of("Zürich-東京-\uD83D\uDE00"));
        s.put("dot", Dot.of(PHONE, 42));
        s.put("dot-max", Dot.of(LAPTOP, Long.MAX_VALUE));
        s.put("version-vector-empty", VersionVector.empty());
        s.put("version-vector", VersionVector.of(Map.of(LAPTOP, 3L, PHONE, 300L, TABLET, 1L)));
        s.put("causal-context", CausalContext.of(VersionVector.of(Map.of(PHONE, 2L)),
                List.of(Dot.of(PHONE, 4), Dot.of(TABLET, 7), Dot.of(TABLET, 9))));
        s.put("hybrid-timestamp", T);
        s.put("gcounter-empty", GCounter.empty());
        s.put("gcounter", GCounter.empty().increment(PHONE, 5).increment(LAPTOP, 3));
        s.put("pncounter", PNCounter.empty().increment(PHONE, 10).increment(LAPTOP, 2).decrement(PHONE, 4)
                .decrement(TABLET, 1));
        s.put("lww-register-string", LWWRegister.of(PHONE, "hello", T));
        s.put("lww-register-record", LWWRegister.of(LAPTOP, new Money("EUR", 1250), T));
        s.put("orset-empty", ORSet.empty());
        ORSet<String> synced = ORSet.<String>empty().add(PHONE, "headphones");
        ORSet<String> onPhone = synced.remove("headphones").add(PHONE, "mouse");
        ORSet<String> onLaptop = synced.add(LAPTOP, "headphones").add(LAPTOP, "keyboard");
        s.put("orset-strings", onPhone.merge(onLaptop));
        s.put("orset-concurrent-adds", ORSet.<String>empty().add(PHONE, "x").merge(ORSet.<String>empty()
                .add(LAPTOP, "x")));
        s.put("orset-mixed", ORSet.empty().add(PHONE, "x").add(PHONE, 7L).add(LAPTOP, new Money("JPY", 900)));
        Dot late = Dot.of(TABLET, 3);
        s.put("orset-dot-cloud", ORSet.<Long>empty().add(PHONE, 1L)
                .merge(ORSet.of(Map.of(2L, Set.of(late)), CausalContext.ofDots(List.of(late)))));
        ORSet<String> big = ORSet.empty();
        for (int i = 0; i < 40; i++) {
            big = big.add(i % 2 == 0 ? PHONE : LAPTOP, "item-" + i);
        }
        s.put("orset-deflated", big);

        s.put("mvregister-empty", MVRegister.empty());
        MVRegister<String> draft = MVRegister.<String>empty().write(PHONE, "draft");
        s.put("mvregister-siblings", draft.write(PHONE, "from phone").merge(draft.write(LAPTOP, "from laptop")));
        s.put("mvregister-resolved", draft.write(PHONE, "x").merge(draft.write(LAPTOP, "y")).write(TABLET, "z"));

        s.put("ormap-empty", ORMap.empty(PNCounter.empty()));
        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(PHONE, "mouse", q -> q.increment(PHONE, 2))
                .update(PHONE, "keyboard", q -> q.increment(PHONE, 1));
        ORMap<String, PNCounter> phoneCart = cart.remove("keyboard").update(PHONE, "cable", q -> q.increment(PHONE, 3))
                .remove("cable");
        ORMap<String, PNCounter> laptopCart = cart.update(LAPTOP, "mouse", q -> q.decrement(LAPTOP, 1));
        s.put("ormap-cart", phoneCart.merge(laptopCart));
        s.put("ormap-flags", ORMap.<Long, EnableWinsFlag>empty(EnableWinsFlag.disabled())
                .update(PHONE, 7L, EnableWinsFlag::disable)
                .update(LAPTOP, 8L, f -> f.enable(LAPTOP)));

        s.put("lwwmap-empty", LWWMap.empty());
        HybridTimestamp later = HybridTimestamp.of(1_700_000_000_250L, 0);
        s.put("lwwmap", LWWMap.<String, Object>empty()
                .putDelta(PHONE, "name", "Ada", T).state()
                .putDelta(PHONE, "email", "ada@example.org", T).state()
                .putDelta(LAPTOP, "city", "London", T).state()
                .removeDelta(TABLET, "city", later).state()
                .putDelta(LAPTOP, "balance", new Money("EUR", 1250), later).state());

        s.put("enable-wins-flag-disabled", EnableWinsFlag.disabled());
        EnableWinsFlag on = EnableWinsFlag.disabled().enable(PHONE);
        s.put("enable-wins-flag-concurrent", on.enable(PHONE).merge(on.disable().enable(LAPTOP)));
        s.put("enable-wins-flag-off", on.disable());
        return s;
    }

    /**
     * States holding pruning markers, of every type that carries them: a replica retires, its successor
     * merges its last state and prunes it; chains of two prunings; a counter with markers in one half
     * only; a map whose keys hold none but whose value does.
     */
    private static Map<String, Object> samplesOfVersion2() {
        Map<String, Object> s = new LinkedHashMap<>();
        GCounter counter = GCounter.empty().increment(PHONE, 5).merge(GCounter.empty().increment(LAPTOP, 3))
                .prune(LAPTOP, PHONE);
        s.put("gcounter-pruned", counter);
        s.put("gcounter-pruned-chain", GCounter.empty().increment(TABLET, 2).merge(counter).prune(PHONE, TABLET));
        s.put("pncounter-pruned", PNCounter.empty().increment(PHONE, 10).decrement(PHONE, 4)
                .merge(PNCounter.empty().increment(LAPTOP, 2).decrement(LAPTOP, 1)).prune(LAPTOP, PHONE));
        s.put("pncounter-pruned-increments", PNCounter.of(counter, GCounter.empty().increment(TABLET, 1)));

        ORSet<String> set = ORSet.<String>empty().add(PHONE, "mouse")
                .merge(ORSet.<String>empty().add(LAPTOP, "keyboard").add(LAPTOP, "mouse").remove("keyboard"))
                .prune(LAPTOP, PHONE);
        s.put("orset-pruned", set);
        s.put("orset-pruned-chain", ORSet.<String>empty().add(TABLET, "cable").merge(set).prune(PHONE, TABLET));
        ORSet<String> phone = ORSet.empty();
        ORSet<String> laptop = ORSet.empty();
        for (int i = 0; i < 40; i++) {
            phone = phone.add(PHONE, "item-" + i);
            laptop = i % 3 == 0 ? laptop.add(LAPTOP, "item-" + i) : laptop;
        }
        s.put("orset-pruned-deflated", phone.merge(laptop).prune(LAPTOP, PHONE));

        s.put("mvregister-pruned", MVRegister.<String>empty().write(PHONE, "from phone")
                .merge(MVRegister.<String>empty().write(LAPTOP, "from laptop")).prune(LAPTOP, PHONE));
        s.put("enable-wins-flag-pruned", EnableWinsFlag.disabled().enable(PHONE)
                .merge(EnableWinsFlag.disabled().enable(LAPTOP).disable().enable(LAPTOP)).prune(LAPTOP, PHONE));

        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(PHONE, "mouse", q -> q.increment(PHONE, 2))
                .merge(ORMap.<String, PNCounter>empty(PNCounter.empty())
                        .update(LAPTOP, "mouse", q -> q.decrement(LAPTOP, 1))
                        .update(LAPTOP, "cable", q -> q.increment(LAPTOP, 1))
                        .remove("cable"))
                .prune(LAPTOP, PHONE);
        s.put("ormap-pruned", cart);
        PNCounter quantity = PNCounter.empty().increment(PHONE, 2).merge(PNCounter.empty().increment(LAPTOP, 1))
                .prune(LAPTOP, PHONE);
        ORMap<String, PNCounter> keys = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(PHONE, "mouse", q -> q.increment(PHONE, 3));
        s.put("ormap-values-pruned", ORMap.of(Map.of("mouse", keys.dots("mouse")), keys.context(),
                Map.of("mouse", quantity), PNCounter.empty()));
        return s;
    }

    /** Every version is still written: version 1 for states without pruning markers, 2 for states with. */
    @Test
    void committedEncodingsOfTheVersionsWrittenTodayStillDecodeAndReencodeToTheSameBytes() throws IOException {
        for (int version = 1; version <= ConvergentKryo.FORMAT_VERSION; version++) {
            checkWrittenVersion(version);
        }
    }

    private static void checkWrittenVersion(int version) throws IOException {
        Map<String, String> golden = load(version);
        Map<String, Object> samples = samples(version);
        StringBuilder current = new StringBuilder();
        samples.forEach((name, state) -> current.append(name).append(" = ")
                .append(HexFormat.of().formatHex(codecFor(name).encode(state))).append('\n'));
        assertThat(golden.keySet()).as("committed vectors of version %d; current encodings:%n%s", version, current)
                .containsExactlyInAnyOrderElementsOf(samples.keySet());

        for (Map.Entry<String, Object> sample : samples.entrySet()) {
            String name = sample.getKey();
            Object expected = sample.getValue();
            byte[] bytes = HexFormat.of().parseHex(golden.get(name));
            assertThat(bytes[0]).as("%s is version %d", name, version).isEqualTo((byte) version);
            assertThat(Invariants.expectedVersion(expected)).as("%s holds markers iff version 2", name)
                    .isEqualTo(version);
            Object decoded = CODEC.decode(bytes, expected.getClass());
            assertThat(decoded).as("%s decodes", name).isEqualTo(expected);
            Invariants.assertSame(decoded, expected);
            if (!name.endsWith("-deflated")) { // zlib output may differ between JDK builds; its input may not
                assertThat(HexFormat.of().formatHex(CODEC.encode(expected)))
                        .as("%s encodes to the golden bytes; current encodings:%n%s", name, current)
                        .isEqualTo(golden.get(name));
            } else {
                assertThat(bytes[3]).as("%s is compressed", name).isEqualTo((byte) 1);
            }
        }
    }

    /** Readers never drop a version: the vectors of every earlier version still decode to the same states. */
    @Test
    void committedEncodingsOfEveryVersionStillDecode() throws IOException {
        for (int version = 1; version <= ConvergentKryo.FORMAT_VERSION; version++) {
            Map<String, Object> samples = samples(version);
            for (Map.Entry<String, String> vector : load(version).entrySet()) {
                Object expected = samples.get(vector.getKey());
                assertThat(expected).as("sample %s of version %d", vector.getKey(), version).isNotNull();
                Object decoded = CODEC.decode(HexFormat.of().parseHex(vector.getValue()), expected.getClass());
                assertThat(decoded).as("%s of version %d", vector.getKey(), version).isEqualTo(expected);
                Invariants.assertSame(decoded, expected);
            }
        }
    }

    @Test
    void everyRegisteredTypeHasAGoldenVector() {
        Set<Class<?>> covered = samples(1).values().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsAll(ConvergentKryo.registrationIds().keySet());
    }

    @Test
    void everyTypeThatCarriesPruningMarkersHasAVersion2Vector() {
        Set<Class<?>> covered = samples(2).values().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(GCounter.class, PNCounter.class, ORSet.class, MVRegister.class,
                EnableWinsFlag.class, ORMap.class);
    }

    private static KryoCodec codecFor(String name) {
        return name.endsWith("-deflated") ? COMPRESSING : CODEC;
    }

    private static Map<String, String> load(int version) throws IOException {
        Map<String, String> golden = new TreeMap<>();
        String file = "golden-v" + version + ".txt";
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream(file)) {
            assertThat(in).as(file).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s*=\\s*", 2);
                assertThat(golden.put(parts[0], parts[1])).as("%s appears once", parts[0]).isNull();
            }
        }
        return golden;
    }
}
