package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A well-formed message edited in one place (a key, element or value turned into Kryo's null string, a key
 * made equal to an earlier one, a mode the keys' classes do not call for, an unused replica, a cloud dot the
 * vector already covers) is refused with the message for exactly that fault, not by a later, accidental
 * failure.
 */
class MalformedStateTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final KryoCodec CODEC = KryoCodec.create();
    /** Kryo's String class id (1) as written (+ 2), then the ASCII form of "pen", "ink", and the null string. */
    private static final int[] PEN = {3, 'p', 'e', 'n' | 0x80};
    private static final int[] INK = {3, 'i', 'n', 'k' | 0x80};
    private static final int[] NULL_STRING = {3, 0x80};

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Replaces the only occurrence of {@code from} in {@code message} by {@code to}. */
    static byte[] replace(byte[] message, int[] from, int[] to) {
        byte[] f = bytes(from);
        int at = -1;
        for (int i = 0; i + f.length <= message.length; i++) {
            if (Arrays.equals(message, i, i + f.length, f, 0, f.length)) {
                assertThat(at).as("one occurrence of %s", Arrays.toString(from)).isEqualTo(-1);
                at = i;
            }
        }
        assertThat(at).as("an occurrence of %s", Arrays.toString(from)).isNotNegative();
        byte[] out = new byte[message.length - f.length + to.length];
        System.arraycopy(message, 0, out, 0, at);
        System.arraycopy(bytes(to), 0, out, at, to.length);
        System.arraycopy(message, at + f.length, out, at + to.length, message.length - at - f.length);
        return out;
    }

    private static void assertRefused(byte[] message, Class<?> type, String expected) {
        assertThatThrownBy(() -> CODEC.decode(message, type))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage(expected);
    }

    @Test
    void aNullRegisterValueIsRefused() {
        byte[] valid = CODEC.encode(LWWRegister.of(A, "pen", HybridTimestamp.of(1000, 3)));
        assertRefused(replace(valid, PEN, NULL_STRING), LWWRegister.class, "LWWRegister: the value is null");
    }

    @Test
    void nullMapKeysAndValuesAndRepeatedKeysAreRefused() {
        LWWMap<String, String> map = LWWMap.<String, String>empty().put(A, "pen", "ink", HybridTimestamp.of(1000, 0));
        byte[] valid = CODEC.encode(map);
        assertThat(CODEC.decode(valid, LWWMap.class)).isEqualTo(map);
        assertRefused(replace(valid, PEN, NULL_STRING), LWWMap.class, "LWWMap: key 0 is null");
        assertRefused(replace(valid, INK, NULL_STRING), LWWMap.class, "LWWMap: the value of key 0 is null");
        LWWMap<String, Integer> two = LWWMap.<String, Integer>empty().put(A, "pen", 1, HybridTimestamp.of(1000, 0))
                .put(A, "ink", 2, HybridTimestamp.of(2000, 0));
        assertRefused(replace(CODEC.encode(two), INK, PEN), LWWMap.class, "LWWMap: key 1 equals an earlier key");
    }

    @Test
    void nullAndRepeatedSetElementsAreRefused() {
        byte[] one = CODEC.encode(ORSet.<String>empty().add(A, "pen"));
        assertRefused(replace(one, new int[] {'p', 'e', 'n' | 0x80}, new int[] {0x80}), ORSet.class,
                "ORSet: element 0 is null");
        byte[] two = CODEC.encode(ORSet.<String>empty().add(A, "pen").add(A, "ink"));
        assertRefused(replace(two, new int[] {'i', 'n', 'k' | 0x80}, new int[] {'p', 'e', 'n' | 0x80}), ORSet.class,
                "ORSet: element 1 equals an earlier element");
    }

    @Test
    void theElementClassOfUniformModeMustNotBeNull() {
        // uniform mode (1), then String's class id 3, then the dot and the count of further dots
        byte[] valid = CODEC.encode(ORSet.<String>empty().add(A, "pen"));
        assertRefused(replace(valid, new int[] {1, 1, 3, 2, 0}, new int[] {1, 1, 0, 2, 0}), ORSet.class,
                "ORSet: the element class is null");
    }

    @Test
    void elementsOfOneClassInMixedModeAreRefused() {
        // mixed mode (0): the class id moves after each element's dots
        byte[] valid = CODEC.encode(ORSet.<String>empty().add(A, "pen"));
        byte[] mixed = replace(valid, new int[] {1, 1, 3, 2, 0}, new int[] {1, 0, 2, 0, 3});
        assertRefused(mixed, ORSet.class,
                "ORSet: elements of one class must be written in uniform mode (non-canonical encoding)");
        ORSet<Object> both = ORSet.empty().add(A, "pen").add(A, 5);
        assertThat(CODEC.decode(CODEC.encode(both), ORSet.class)).isEqualTo(both);
    }

    @Test
    void anElementWithDotsAtManyReplicasRoundTrips() {
        ORSet<String> set = ORSet.empty();
        for (String r : new String[] {"e", "c", "a", "d", "b", "f", "g"}) {
            set = set.merge(ORSet.<String>empty().add(ReplicaId.of(r), "pen"));
        }
        assertThat(set.elements()).containsExactly("pen");
        byte[] bytes = CODEC.encode(set);
        assertThat(CODEC.decode(bytes, ORSet.class)).isEqualTo(set);
        assertThat(CODEC.encode(CODEC.decode(bytes, ORSet.class))).isEqualTo(bytes);
    }

    @Test
    void aReplicaWithNeitherIncrementsNorDecrementsIsRefused() {
        PNCounter counter = PNCounter.empty().increment(A, 5).decrement(B, 3);
        byte[] valid = CODEC.encode(counter);
        assertThat(CODEC.decode(valid, PNCounter.class)).isEqualTo(counter);
        // increments a:5 b:0, decrements a:0 b:3; b's decrements become 0
        assertRefused(replace(valid, new int[] {5, 0, 0, 3}, new int[] {5, 0, 0, 0}), PNCounter.class,
                "PNCounter: replica b has neither increments nor decrements; unused replicas are not stored");
    }

    private static CausalContext context(ReplicaId[] table, int... body) {
        return CausalContextSerializer.read(new BoundedInput(bytes(body)), DecodeLimits.defaults(), table, "C");
    }

    @Test
    void aCloudDotTheVectorCouldAbsorbIsRefused() {
        ReplicaId[] a = {A};
        // vector a:1, then one cloud dot: head 2 * 3 (step 3 from counter 0 at replica 0) is a:3
        assertThat(context(a, 1, 1, 6).cloud()).hasSize(1);
        // a:2 directly follows the vector
        assertThatThrownBy(() -> context(a, 1, 1, 4))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageStartingWith("C: cloud dot ")
                .hasMessageEndingWith(" is not compact: the vector has a:1");
        // a vector at the largest counter leaves no room for any cloud dot
        Output out = new Output(16);
        out.writeVarLong(Long.MAX_VALUE, true);
        out.writeVarInt(1, true);
        out.writeVarLong(2 * 5, true);
        assertThatThrownBy(() -> CausalContextSerializer.read(new BoundedInput(out.toBytes()), DecodeLimits.defaults(),
                a, "C"))
                .hasMessageEndingWith(" is not compact: the vector has a:9223372036854775807");
    }

    @Test
    void aReplicaWithoutDotsInTheContextIsRefused() {
        assertThatThrownBy(() -> context(new ReplicaId[] {A, B}, 1, 0, 0))
                .hasMessage("C: replica b is in the table but holds no dot; unused replicas are not stored");
        assertThat(context(new ReplicaId[] {A, B}, 1, 0, 1, 3, 2).cloud()).hasSize(1);
    }

    @Test
    void aNullRemovedMapKeyIsRefused() {
        ORMap<String, GCounter> map = ORMap.of(Map.of(), CausalContext.empty(),
                Map.of("kb", GCounter.empty().increment(A, 1)), GCounter.empty());
        byte[] valid = CODEC.encode(map);
        assertThat(CODEC.decode(valid, ORMap.class)).isEqualTo(map);
        assertRefused(replace(valid, new int[] {3, 'k', 'b' | 0x80}, NULL_STRING), ORMap.class,
                "ORMap: removed key 0 is null");
    }

    @Test
    void aFlagEnabledAtManyReplicasRoundTrips() {
        EnableWinsFlag flag = EnableWinsFlag.disabled();
        for (String r : new String[] {"e", "c", "a", "d", "b", "f", "g"}) {
            flag = flag.merge(EnableWinsFlag.disabled().enable(ReplicaId.of(r)));
        }
        assertThat(flag.enables()).hasSize(7);
        byte[] bytes = CODEC.encode(flag);
        assertThat(CODEC.decode(bytes, EnableWinsFlag.class)).isEqualTo(flag);
    }
}
