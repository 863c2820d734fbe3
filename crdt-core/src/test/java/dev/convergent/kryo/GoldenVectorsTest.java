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
 * states built here, and those states must still encode to exactly the bytes of the current
 * version's file. A failure means the wire format changed: bump {@link ConvergentKryo#FORMAT_VERSION},
 * keep reading the old version, and commit a new file for the new one; never edit committed lines.
 */
class GoldenVectorsTest {

    private static final KryoCodec CODEC = KryoCodec.builder().registrations(States::registerUserTypes).build();
    private static final KryoCodec COMPRESSING = KryoCodec.builder().registrations(States::registerUserTypes)
            .compressAbove(64).build();

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");
    private static final ReplicaId TABLET = ReplicaId.of("tablet");
    private static final HybridTimestamp T = HybridTimestamp.of(1_700_000_000_000L, 3);

    /** The samples, by name; a name ending in {@code -deflated} is encoded with compression. */
    static Map<String, Object> samples() {
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

    @Test
    void committedEncodingsOfTheCurrentVersionStillDecodeAndReencodeToTheSameBytes() throws IOException {
        Map<String, String> golden = load(ConvergentKryo.FORMAT_VERSION);
        Map<String, Object> samples = samples();
        StringBuilder current = new StringBuilder();
        samples.forEach((name, state) -> current.append(name).append(" = ")
                .append(HexFormat.of().formatHex(codecFor(name).encode(state))).append('\n'));
        assertThat(golden.keySet()).as("committed vectors; current encodings:%n%s", current)
                .containsExactlyInAnyOrderElementsOf(samples.keySet());

        for (Map.Entry<String, Object> sample : samples.entrySet()) {
            String name = sample.getKey();
            Object expected = sample.getValue();
            byte[] bytes = HexFormat.of().parseHex(golden.get(name));
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
        Map<String, Object> samples = samples();
        for (int version = 1; version <= ConvergentKryo.FORMAT_VERSION; version++) {
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
        Set<Class<?>> covered = samples().values().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsAll(ConvergentKryo.registrationIds().keySet());
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
