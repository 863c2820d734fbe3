package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Pruning;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Format version 2, which adds pruning markers: pruned states of every type that carries markers
 * round-trip as version 2, through the codec and through a user's Kryo; states without markers keep
 * their version-1 bytes; the markers sections are read canonically and validated; and a version this
 * release does not know is refused.
 */
class PruningEncodingTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");
    private static final int GCOUNTER_ID = 1005;

    private final KryoCodec codec = KryoCodec.builder().registrations(States::registerUserTypes).build();

    /**
     * Pruned states built with the public API: {@code a} and {@code b} write, {@code b} merges
     * {@code a}'s last state and prunes {@code a} into itself; each chain then has {@code c} merge
     * {@code b}'s state (after more writes) and prune {@code b} into itself.
     */
    static Map<String, Object> pruned() {
        Map<String, Object> s = new LinkedHashMap<>();
        GCounter counter = GCounter.empty().increment(B, 4).merge(GCounter.empty().increment(A, 7)).prune(A, B);
        s.put("GCounter", counter);
        s.put("GCounter chain", GCounter.empty().increment(C, 1).merge(counter.increment(B, 2)).prune(B, C));

        PNCounter quantity = PNCounter.empty().increment(B, 3).decrement(B, 1)
                .merge(PNCounter.empty().decrement(A, 5)).prune(A, B);
        s.put("PNCounter", quantity);
        s.put("PNCounter chain", PNCounter.empty().increment(C, 2).merge(quantity.increment(B, 1)).prune(B, C));

        ORSet<String> set = ORSet.<String>empty().add(B, "x")
                .merge(ORSet.<String>empty().add(A, "x").add(A, "y").remove("y")).prune(A, B);
        s.put("ORSet", set);
        s.put("ORSet chain", ORSet.<String>empty().add(C, "z").merge(set.add(B, "w")).prune(B, C));

        MVRegister<String> register = MVRegister.<String>empty().write(B, "from b")
                .merge(MVRegister.<String>empty().write(A, "from a")).prune(A, B);
        s.put("MVRegister", register);
        s.put("MVRegister chain", MVRegister.<String>empty().write(C, "from c").merge(register).prune(B, C));

        EnableWinsFlag flag = EnableWinsFlag.disabled().enable(B).merge(EnableWinsFlag.disabled().enable(A))
                .prune(A, B);
        s.put("EnableWinsFlag", flag);
        s.put("EnableWinsFlag chain", EnableWinsFlag.disabled().enable(C).disable().merge(flag).prune(B, C));

        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(B, "mouse", q -> q.increment(B, 2))
                .merge(ORMap.<String, PNCounter>empty(PNCounter.empty())
                        .update(A, "mouse", q -> q.decrement(A, 1))
                        .update(A, "pen", q -> q.increment(A, 4)))
                .prune(A, B);
        s.put("ORMap<String, PNCounter>", cart);
        s.put("ORMap<String, PNCounter> chain", ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(C, "cable", q -> q.increment(C, 1))
                .merge(cart.remove("pen").update(B, "mouse", q -> q.increment(B, 1)))
                .prune(B, C));
        ORMap<String, ORSet<String>> tags = ORMap.<String, ORSet<String>>empty(ORSet.empty())
                .update(B, "doc", t -> t.add(B, "draft"))
                .merge(ORMap.<String, ORSet<String>>empty(ORSet.empty()).update(A, "doc", t -> t.add(A, "urgent")))
                .prune(A, B);
        s.put("ORMap<String, ORSet<String>>", tags);
        return s;
    }

    @Test
    void theMarkerScanFindsTheMarkersOfEveryPrunedStateAndNoneAfterTheyAreForgotten() {
        for (Map.Entry<String, Object> e : pruned().entrySet()) {
            assertThat(Markers.held(e.getValue())).as("%s", e.getKey()).isTrue();
            assertThat(Markers.held(forgetAll(e.getValue()))).as("%s, markers forgotten", e.getKey()).isFalse();
        }
        assertThat(Markers.held("not a state")).isFalse();
        GCounter pruned = (GCounter) pruned().get("GCounter");
        assertThat(Markers.held(PNCounter.of(pruned, GCounter.empty()))).as("increments only").isTrue();
        assertThat(Markers.held(PNCounter.of(GCounter.empty(), pruned))).as("decrements only").isTrue();
    }

    @Test
    void everyPrunedStateRoundTripsAsVersion2ThroughTheCodecAndAUserKryo() {
        Kryo kryo = userKryo();
        for (Map.Entry<String, Object> e : pruned().entrySet()) {
            String name = e.getKey();
            Object state = e.getValue();
            assertThat(Invariants.holdsMarkers(state)).as("%s holds markers", name).isTrue();

            byte[] bytes = codec.encode(state);
            assertThat(bytes[0]).as("%s is written as version 2", name).isEqualTo((byte) 2);
            Object decoded = codec.decode(bytes, state.getClass());
            Invariants.assertSame(decoded, state);
            Invariants.check(decoded);
            assertThat(markers(decoded)).as("%s keeps its markers", name).isEqualTo(markers(state)).isNotEmpty();
            assertThat(codec.encode(decoded)).as("%s re-encodes to the same bytes", name).isEqualTo(bytes);

            Output output = new Output(64, -1);
            kryo.writeObject(output, state);
            byte[] own = output.toBytes();
            assertThat(own[0]).as("%s is version 2 inside a user's Kryo graph too", name).isEqualTo((byte) 2);
            assertThat(Arrays.copyOfRange(own, 1, own.length)).as("%s: the codec's body", name)
                    .isEqualTo(Arrays.copyOfRange(bytes, 4, bytes.length));
            Input input = ConvergentKryo.boundedInput(own);
            Invariants.assertSame(kryo.readObject(input, state.getClass()), state);
            assertThat(input.position()).isEqualTo(own.length);
        }
    }

    @Test
    void chainsKeepBothMarkersInRetiredOrder() {
        GCounter chain = codec.decode(codec.encode(pruned().get("GCounter chain")), GCounter.class);
        assertThat(chain.prunings()).containsExactly(new Pruning(A, B, 4, 7), new Pruning(B, C, 1, 13));
        assertThat(chain.counts()).isEqualTo(VersionVector.of(Map.of(C, 14L)));
        assertThat(chain.value()).isEqualTo(14);

        ORSet<?> set = codec.decode(codec.encode(pruned().get("ORSet chain")), ORSet.class);
        assertThat(set.retiredReplicas()).containsExactly(A, B);
        assertThat(set.replicaIds()).containsExactly(C);
        assertThat(Set.<Object>copyOf(set.elements())).containsExactlyInAnyOrder("x", "w", "z");
    }

    @Test
    void aMapOfCountersKeepsTheMarkersOfItsKeysAndOfEachValue() {
        @SuppressWarnings("unchecked")
        ORMap<String, PNCounter> cart = (ORMap<String, PNCounter>) pruned().get("ORMap<String, PNCounter>");
        @SuppressWarnings("unchecked")
        ORMap<String, PNCounter> decoded = codec.decode(codec.encode(cart), ORMap.class);
        assertThat(decoded.prunings()).containsExactly(new Pruning(A, B, 1, 2));
        assertThat(decoded.get("mouse").map(PNCounter::value)).contains(1L);
        assertThat(decoded.get("pen").map(PNCounter::value)).contains(4L);
        assertThat(decoded.valueStates()).isEqualTo(cart.valueStates());
        for (PNCounter value : decoded.valueStates().values()) {
            assertThat(value.retiredReplicas()).containsExactly(A);
            assertThat(value.increments().prunings()).hasSize(1);
            assertThat(value.decrements().prunings()).hasSize(1);
        }
        assertThat(decoded.replicaIds()).containsExactly(B);
    }

    @Test
    void statesWithoutMarkersKeepTheirVersion1Bytes() {
        GCounter counter = (GCounter) pruned().get("GCounter");
        GCounter forgotten = counter.forgetPruning(A);
        assertThat(codec.encode(forgotten)).as("a counter whose marker was forgotten")
                .isEqualTo(codec.encode(GCounter.empty().increment(B, 11))).startsWith((byte) 1);

        for (Map.Entry<String, Object> e : pruned().entrySet()) {
            Object state = forgetAll(e.getValue());
            assertThat(Invariants.holdsMarkers(state)).as("%s without its markers", e.getKey()).isFalse();
            byte[] bytes = codec.encode(state);
            assertThat(bytes[0]).as("%s without its markers is version 1", e.getKey()).isEqualTo((byte) 1);
            Invariants.assertSame(codec.decode(bytes, state.getClass()), state);
            Output output = new Output(64, -1);
            userKryo().writeObject(output, state);
            assertThat(output.toBytes()[0]).as("%s in a user's graph", e.getKey()).isEqualTo((byte) 1);
        }
    }

    @Test
    void aMapIsVersion2WhenOnlyItsBottomHoldsMarkers() {
        ORMap<String, GCounter> plain = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(B, "k", c -> c.increment(B, 1));
        ORMap<String, GCounter> map = ORMap.of(Map.of("k", plain.dots("k")), plain.context(), plain.valueStates(),
                (GCounter) pruned().get("GCounter"));
        assertThat(map.prunings()).isEmpty();
        assertThat(map.valueStates().values()).allMatch(v -> v.prunings().isEmpty());
        byte[] bytes = codec.encode(map);
        assertThat(bytes[0]).isEqualTo((byte) 2);
        Invariants.assertSame(codec.decode(bytes, ORMap.class), map);
    }

    @Test
    void aVersionThisReleaseDoesNotKnowIsRefusedWithTheVersionInTheMessage() {
        for (Object state : List.of(pruned().get("GCounter"), GCounter.empty().increment(A, 1))) {
            byte[] bytes = codec.encode(state);
            bytes[0] = 3;
            assertThatThrownBy(() -> codec.decode(bytes, GCounter.class))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("unsupported format version 3 of GCounter")
                    .hasMessageContaining("this release reads versions 1 to 2");

            Kryo kryo = userKryo();
            Output output = new Output(64, -1);
            kryo.writeObject(output, state);
            byte[] own = output.toBytes();
            own[0] = 3;
            assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(own), GCounter.class))
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("unsupported format version 3 of GCounter");
        }
    }

    /** Each state has one encoding: version 2 only for a state holding markers, and then always. */
    @Test
    void theVersionMustBeTheOneTheStateIsWrittenAs() {
        Map<Class<?>, Integer> sections = Map.of(GCounter.class, 1, PNCounter.class, 2, ORSet.class, 1,
                MVRegister.class, 1, EnableWinsFlag.class, 1, ORMap.class, 1);
        for (Map.Entry<String, Object> e : pruned().entrySet()) {
            Object state = forgetAll(e.getValue());
            byte[] v1 = codec.encode(state);
            byte[] relabelled = Arrays.copyOf(v1, v1.length + sections.get(state.getClass())); // empty sections
            relabelled[0] = 2;
            assertThatThrownBy(() -> codec.decode(relabelled, state.getClass())).as(e.getKey())
                    .isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("a state without pruning markers is written as version 1")
                    .hasMessageContaining("non-canonical");
            Kryo kryo = userKryo();
            byte[] own = Arrays.copyOfRange(relabelled, 3, relabelled.length);
            own[0] = 2;
            assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(own), state.getClass()))
                    .as(e.getKey()).isInstanceOf(CrdtSerializationException.class)
                    .hasMessageContaining("non-canonical");
        }

        byte[] vector = codec.encode(VersionVector.of(Map.of(A, 3L)));
        vector[0] = 2;
        assertThatThrownBy(() -> codec.decode(vector, VersionVector.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("non-canonical");

        // a map whose keys hold no markers but whose value does, relabelled version 1 without its keys' section
        ORMap<String, GCounter> map = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(B, "k", c -> c.increment(B, 1).merge((GCounter) pruned().get("GCounter")));
        byte[] v2 = codec.encode(map);
        assertThat(v2[0]).isEqualTo((byte) 2);
        assertThat(v2[v2.length - 1]).as("the keys' empty markers section").isEqualTo((byte) 0);
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
        v1[0] = 1;
        assertThatThrownBy(() -> codec.decode(v1, ORMap.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("a state holding pruning markers is written as version 2")
                .hasMessageContaining("non-canonical");
    }

    @Test
    void markersMustBeInStrictlyIncreasingOrderOfTheirRetiredReplica() {
        byte[] ordered = gCounter(10, 2, out -> {
            marker(out, "a", "c", 0, 3);
            marker(out, "b", "c", 3, 2);
        });
        assertThat(codec.decode(ordered, GCounter.class).prunings())
                .containsExactly(new Pruning(A, C, 0, 3), new Pruning(B, C, 3, 2));
        assertThat(codec.encode(codec.decode(ordered, GCounter.class))).isEqualTo(ordered);

        byte[] reversed = gCounter(10, 2, out -> {
            marker(out, "b", "c", 3, 2);
            marker(out, "a", "c", 0, 3);
        });
        assertRejected(reversed, "pruning markers must be in strictly increasing order of their retired replica");
        byte[] twice = gCounter(10, 2, out -> {
            marker(out, "a", "c", 0, 3);
            marker(out, "a", "c", 0, 3);
        });
        assertRejected(twice, "pruning markers must be in strictly increasing order of their retired replica");
    }

    @Test
    void invalidMarkersAreRejected() {
        assertRejected(gCounter(10, 1, out -> marker(out, "c", "c", 0, 1)), "cannot be pruned into itself");
        assertRejected(gCounter(10, 1, out -> marker(out, "c", "a", 0, 1)), "is marked pruned");
        assertRejected(gCounter(10, 1, out -> marker(out, "a", "c", 5, 9)), "less than the 14");
        assertRejected(gCounter(10, 2, out -> {
            marker(out, "a", "b", 0, 0);
            marker(out, "b", "a", 0, 0);
        }), "loop");
        assertRejected(gCounter(10, 1, out -> marker(out, "a", "c", Long.MAX_VALUE, 1)), "overflows");
        assertRejected(gCounter(10, 1, out -> {
            out.writeVarInt(0, true); // a name of no characters
            out.writeVarInt(2, true);
            out.writeByte('c');
            out.writeByte('c');
            out.writeVarLong(0, true);
            out.writeVarLong(0, true);
        }), "name length must be in [1");
        assertRejected(gCounter(10, 1 << 30, out -> { }), "more than the maximum");
        assertRejected(gCounter(10, 5, out -> marker(out, "a", "c", 0, 3)), "only 6 bytes remain");
        assertRejected(gCounter(10, 1, out -> marker(out, "a", "c", 0, 3)), "trailing", 1);

        // a dot-based state pruned of a replica its context still holds
        byte[] set = codec.encode(ORSet.<String>empty().add(A, "x"));
        assertThat(set[0]).isEqualTo((byte) 1);
        Output out = new Output(64, -1);
        out.writeBytes(set);
        out.writeVarInt(1, true);
        marker(out, "a", "b", 0, 1);
        byte[] stillThere = out.toBytes();
        stillThere[0] = 2;
        assertThatThrownBy(() -> codec.decode(stillThere, ORSet.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("is marked pruned");
    }

    /** Every truncation of a version-2 message is refused; every one-bit flip gives a valid state or is refused. */
    @Test
    void brokenVersion2MessagesAreRefusedOrDecodeToValidStates() {
        Map<String, Object> states = new LinkedHashMap<>(pruned());
        for (String shape : List.of("pncounter-pruned-increments", "ormap-values-pruned")) { // empty sections
            states.put(shape, GoldenVectorsTest.samples(2).get(shape));
        }
        for (Map.Entry<String, Object> e : states.entrySet()) {
            Class<?> type = e.getValue().getClass();
            byte[] valid = codec.encode(e.getValue());
            for (int n = 0; n < valid.length; n++) {
                byte[] prefix = Arrays.copyOf(valid, n);
                assertThatThrownBy(() -> codec.decode(prefix, type)).as("%s cut at %d", e.getKey(), n)
                        .isInstanceOf(CrdtSerializationException.class);
            }
            for (int bit = 0; bit < valid.length * 8; bit++) {
                byte[] flipped = valid.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                Object decoded;
                try {
                    decoded = codec.decode(flipped, type);
                } catch (CrdtSerializationException rejected) {
                    continue;
                }
                Invariants.check(decoded);
                assertThat(codec.decode(codec.encode(decoded), type)).isEqualTo(decoded);
            }
        }
    }

    // ---- helpers ----

    private static Kryo userKryo() {
        Kryo kryo = new Kryo();
        States.registerUserTypes(kryo);
        return ConvergentKryo.register(kryo);
    }

    /** The state with every marker forgotten, in its values too. */
    private static Object forgetAll(Object state) {
        Object s = state;
        for (ReplicaId retired : List.of(A, B)) {
            s = forget(s, retired);
        }
        return s;
    }

    private static Object forget(Object state, ReplicaId retired) {
        if (state instanceof GCounter) {
            return ((GCounter) state).forgetPruning(retired);
        }
        if (state instanceof PNCounter) {
            return ((PNCounter) state).forgetPruning(retired);
        }
        if (state instanceof ORSet) {
            return ((ORSet<?>) state).forgetPruning(retired);
        }
        if (state instanceof MVRegister) {
            return ((MVRegister<?>) state).forgetPruning(retired);
        }
        if (state instanceof EnableWinsFlag) {
            return ((EnableWinsFlag) state).forgetPruning(retired);
        }
        return ((ORMap<?, ?>) state).forgetPruning(retired);
    }

    /** Every marker a state holds, with where it sits: the keys', each value's, each counter half's. */
    private static List<String> markers(Object state) {
        if (state instanceof GCounter) {
            return ((GCounter) state).prunings().stream().map(Pruning::toString).toList();
        }
        if (state instanceof PNCounter) {
            PNCounter c = (PNCounter) state;
            return List.of("+" + markers(c.increments()), "-" + markers(c.decrements()));
        }
        if (state instanceof ORSet) {
            return ((ORSet<?>) state).prunings().stream().map(Pruning::toString).toList();
        }
        if (state instanceof MVRegister) {
            return ((MVRegister<?>) state).prunings().stream().map(Pruning::toString).toList();
        }
        if (state instanceof EnableWinsFlag) {
            return ((EnableWinsFlag) state).prunings().stream().map(Pruning::toString).toList();
        }
        ORMap<?, ?> map = (ORMap<?, ?>) state;
        Map<String, List<String>> all = new TreeMap<>();
        all.put("keys", map.prunings().stream().map(Pruning::toString).toList());
        all.put("bottom", markers(map.bottom()));
        map.valueStates().forEach((k, v) -> all.put("value " + k, markers(v)));
        return List.of(all.toString());
    }

    /** A version-2 GCounter message: counts {c: count}, then a markers section declaring {@code n} markers. */
    private static byte[] gCounter(long count, int n, Consumer<Output> markers) {
        Output out = new Output(64, -1);
        out.writeVarInt(2, true);
        out.writeVarInt(GCOUNTER_ID, true);
        out.writeByte(0);
        out.writeVarInt(1, true); // replica table: c
        out.writeVarInt(0, true);
        out.writeVarInt(1, true);
        out.writeByte('c');
        out.writeVarLong(count, true);
        out.writeVarInt(n, true);
        markers.accept(out);
        return out.toBytes();
    }

    /** One marker; names of ASCII letters are their length and their characters. */
    private static void marker(Output out, String retired, String successor, long base, long upTo) {
        for (String name : List.of(retired, successor)) {
            out.writeVarInt(name.length(), true);
            for (char ch : name.toCharArray()) {
                out.writeByte(ch);
            }
        }
        out.writeVarLong(base, true);
        out.writeVarLong(upTo, true);
    }

    private void assertRejected(byte[] bytes, String message) {
        assertRejected(bytes, message, 0);
    }

    /** Rejected with {@code message}, also with {@code extra} zero bytes appended (0 for none). */
    private void assertRejected(byte[] bytes, String message, int extra) {
        byte[] input = Arrays.copyOf(bytes, bytes.length + extra);
        assertThatThrownBy(() -> codec.decode(input, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining(message);
    }
}
