package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import org.junit.jupiter.api.Test;

/** Typed decoding: no raw types and no unchecked casts at the call site, and element classes are checked. */
class TypedDecodeTest {

    private static final KryoCodec CODEC = KryoCodec.create();
    private static final ReplicaId A = ReplicaId.of("a");
    private static final HybridTimestamp T = HybridTimestamp.ofMillis(1_000);

    @Test
    void everyGenericTypeDecodesTypedWithoutACast() {
        ORSet<String> set = ORSet.<String>empty().add(A, "x");
        ORMap<String, PNCounter> cart = ORMap.<String, PNCounter>empty(PNCounter.empty())
                .update(A, "pen", q -> q.increment(A, 2));
        MVRegister<Long> register = MVRegister.<Long>empty().write(A, 7L);
        LWWRegister<String> lww = LWWRegister.of(A, "v", T);
        LWWMap<String, Integer> map = LWWMap.<String, Integer>empty().put(A, "k", 1, T).remove(A, "gone", T);

        ORSet<String> set2 = CODEC.decodeORSet(CODEC.encode(set), String.class);
        ORMap<String, PNCounter> cart2 = CODEC.decodeORMap(CODEC.encode(cart), String.class, PNCounter.class);
        MVRegister<Long> register2 = CODEC.decodeMVRegister(CODEC.encode(register), Long.class);
        LWWRegister<String> lww2 = CODEC.decodeLWWRegister(CODEC.encode(lww), String.class);
        LWWMap<String, Integer> map2 = CODEC.decodeLWWMap(CODEC.encode(map), String.class, Integer.class);

        assertThat(set2).isEqualTo(set);
        assertThat(cart2).isEqualTo(cart);
        assertThat(cart2.get("pen").orElseThrow().value()).isEqualTo(2);
        assertThat(register2).isEqualTo(register);
        assertThat(lww2).isEqualTo(lww);
        assertThat(map2).isEqualTo(map);
    }

    @Test
    void anElementOfAnotherClassIsRefusedNamingBothClasses() {
        byte[] longs = CODEC.encode(ORSet.<Long>empty().add(A, 5L));
        assertThatThrownBy(() -> CODEC.decodeORSet(longs, String.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("ORSet").hasMessageContaining("java.lang.Long")
                .hasMessageContaining("java.lang.String");
        byte[] cart = CODEC.encode(ORMap.<String, PNCounter>empty(PNCounter.empty()).update(A, "pen",
                q -> q.increment(A, 1)).remove("pen"));
        assertThatThrownBy(() -> CODEC.decodeORMap(cart, Integer.class, PNCounter.class))
                .as("a removed key counts too").isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("key");
        byte[] map = CODEC.encode(LWWMap.<String, Integer>empty().put(A, "k", 1, T));
        assertThatThrownBy(() -> CODEC.decodeLWWMap(map, String.class, String.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("value");
        byte[] register = CODEC.encode(MVRegister.<Long>empty().write(A, 7L));
        assertThatThrownBy(() -> CODEC.decodeMVRegister(register, String.class))
                .isInstanceOf(CrdtSerializationException.class);
        byte[] lww = CODEC.encode(LWWRegister.of(A, 3, T));
        assertThatThrownBy(() -> CODEC.decodeLWWRegister(lww, String.class))
                .isInstanceOf(CrdtSerializationException.class);
    }

    @Test
    void nullsAreRejectedByName() {
        byte[] set = CODEC.encode(ORSet.<String>empty());
        assertThatThrownBy(() -> CODEC.decodeORSet(set, null)).hasMessage("elementType");
        assertThatThrownBy(() -> CODEC.decodeORSet(null, String.class)).hasMessage("bytes");
    }
}
