package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
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
import dev.convergent.lattice.CrdtException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The codec's contract: versions, types, registrations, user element types and sharing between threads. */
class KryoCodecTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");

    private final KryoCodec codec = KryoCodec.builder().registrations(States::registerUserTypes).build();

    @Test
    void anUnknownFormatVersionIsNamedInTheError() {
        byte[] bytes = codec.encode(GCounter.empty().increment(PHONE, 5));
        bytes[0] = 3;
        assertThatThrownBy(() -> codec.decode(bytes, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .isInstanceOf(CrdtException.class)
                .hasMessageContaining("unsupported format version 3 of GCounter")
                .hasMessageContaining("reads versions 1 to 2");
        bytes[0] = 0;
        assertThatThrownBy(() -> codec.decode(bytes, GCounter.class))
                .hasMessageContaining("unsupported format version 0");
    }

    @Test
    void theVersionIsAVarintSoLaterVersionsCanGrowPast127() {
        Output out = new Output(16);
        out.writeVarInt(300, true);
        out.writeBytes(codec.encode(GCounter.empty()), 1, 4);
        assertThatThrownBy(() -> codec.decode(out.toBytes(), GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("unsupported format version 300");
    }

    @Test
    void anotherOrAnUnknownTypeIdIsRejected() {
        byte[] counter = codec.encode(GCounter.empty());
        assertThatThrownBy(() -> codec.decode(counter, ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessage("expected ORSet (type id 1008) but the bytes hold GCounter (type id 1005)");
        byte[] unknown = {1, (byte) 0xCB, 0x08, 0, 0}; // type id 1099, reserved but unused
        assertThatThrownBy(() -> codec.decode(unknown, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("unknown type id 1099");
    }

    @Test
    void unknownFlagsAndEmptyMessagesAreRejected() {
        byte[] bytes = codec.encode(GCounter.empty());
        bytes[3] = 7;
        assertThatThrownBy(() -> codec.decode(bytes, GCounter.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("unknown flags 0x7");
        assertThatThrownBy(() -> codec.decode(new byte[0], GCounter.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("empty message");
    }

    @Test
    void invalidStatesAreRejectedNotReturned() {
        // a version vector whose second replica sorts before the first
        byte[] unsorted = {1, (byte) 0xEA, 0x07, 0, 2, 0, 1, 'b', 0, 1, 'a', 1, 1};
        assertThatThrownBy(() -> codec.decode(unsorted, VersionVector.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("strictly increasing, but a follows b");
        // the same replica twice
        byte[] duplicate = {1, (byte) 0xEA, 0x07, 0, 2, 0, 1, 'a', 1, 0, 1, 1};
        assertThatThrownBy(() -> codec.decode(duplicate, VersionVector.class))
                .isInstanceOf(CrdtSerializationException.class);
        // an OR-Set element tagged by a dot its context has not seen
        ORSet<String> set = ORSet.<String>empty().add(PHONE, "x");
        byte[] bytes = codec.encode(set);
        int counterOffset = 4 + 1 + 2 + "phone".length(); // header, table size, name entry: vector counter
        assertThat(bytes[counterOffset]).isEqualTo((byte) 1);
        bytes[counterOffset] = 0;
        assertThatThrownBy(() -> codec.decode(bytes, ORSet.class))
                .isInstanceOf(CrdtSerializationException.class);
    }

    @Test
    void userElementAndValueTypesAreWrittenByTheUsersKryoConfiguration() {
        ORSet<String> strings = ORSet.<String>empty().add(PHONE, "headphones").add(LAPTOP, "keyboard");
        ORSet<Long> longs = ORSet.<Long>empty().add(PHONE, 7L).add(LAPTOP, Long.MIN_VALUE);
        ORSet<Money> money = ORSet.<Money>empty().add(PHONE, new Money("EUR", 1250));
        LWWRegister<Money> price = LWWRegister.of(LAPTOP, new Money("JPY", 900),
                HybridTimestamp.of(1_700_000_000_000L, 2));
        LWWRegister<String> title = LWWRegister.of(PHONE, "Convergent", HybridTimestamp.ofMillis(5));
        for (Object state : List.of(strings, longs, money, price, title)) {
            assertThat(codec.decode(codec.encode(state), state.getClass())).isEqualTo(state);
        }
        @SuppressWarnings("unchecked")
        ORSet<Money> decoded = codec.decode(codec.encode(money), ORSet.class);
        assertThat(decoded.elements()).containsExactly(new Money("EUR", 1250));
    }

    record Unregistered(int x) {
    }

    @Test
    void anUnregisteredElementTypeCannotBeEncoded() {
        ORSet<Unregistered> set = ORSet.<Unregistered>empty().add(PHONE, new Unregistered(1));
        assertThatThrownBy(() -> codec.encode(set))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("cannot encode ORSet")
                .hasMessageContaining(Unregistered.class.getName());
    }

    @Test
    void classNamesOnTheWireAreRefused() {
        // a Kryo that does not require registration writes the element's class name
        Kryo lax = new Kryo();
        lax.setRegistrationRequired(false);
        ConvergentKryo.register(lax);
        Output out = new Output(64, -1);
        lax.writeObject(out, ORSet.<Unregistered>empty().add(PHONE, new Unregistered(1)));
        byte[] body = out.toBytes();
        // Kryo flags the last character of an ASCII string, so look for the name without it
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).contains("KryoCodecTest$Unregistere");
        Output message = new Output(64, -1);
        message.writeVarInt(1, true); // a set without pruning markers is written as version 1
        message.writeVarInt(ConvergentKryo.registrationIds().get(ORSet.class), true);
        message.writeByte(0);
        message.writeBytes(body, 1, body.length - 1); // the serializer's own version byte is the message's
        assertThatThrownBy(() -> codec.decode(message.toBytes(), ORSet.class))
                .isInstanceOf(CrdtSerializationException.class)
                .hasMessageContaining("class names on the wire are refused");
    }

    @Test
    void registrationUsesFixedIdsAndRefusesCollisions() {
        Kryo kryo = ConvergentKryo.register(new Kryo());
        ConvergentKryo.registrationIds().forEach((type, id) -> assertThat(kryo.getRegistration(type).getId())
                .as("id of %s", type.getSimpleName()).isEqualTo(id));
        assertThat(ConvergentKryo.registrationIds()).containsEntry(ReplicaId.class, 1000)
                .containsEntry(GCounter.class, 1005).containsEntry(ORSet.class, 1008)
                .containsEntry(MVRegister.class, 1009).containsEntry(ORMap.class, 1010)
                .containsEntry(LWWMap.class, 1011).containsEntry(EnableWinsFlag.class, 1012).hasSize(13);
        ConvergentKryo.register(kryo); // twice is harmless

        Kryo taken = new Kryo();
        taken.register(Money.class, 1005);
        assertThatThrownBy(() -> ConvergentKryo.register(taken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id 1005 is reserved for dev.convergent.crdt.GCounter")
                .hasMessageContaining(Money.class.getName());
        Kryo elsewhere = new Kryo();
        elsewhere.register(GCounter.class, 50);
        assertThatThrownBy(() -> ConvergentKryo.register(elsewhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered with id 50");
    }

    @Test
    void theCodecRefusesConfigurationsThatWeakenIt() {
        assertThatThrownBy(() -> KryoCodec.builder().registrations(k -> k.setRegistrationRequired(false)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must require registration");
        assertThatThrownBy(() -> KryoCodec.builder().registrations(k -> k.register(Money.class, 1005)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replaced registration id 1005");
        assertThatThrownBy(() -> codec.encode("not a CRDT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> codec.decode(new byte[] {1}, String.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A user's own Kryo graph can hold our types: here a record with a set inside. */
    record Cart(String owner, ORSet<String> items) {
    }

    @Test
    void ourTypesMixIntoAUsersKryoGraph() {
        Kryo kryo = new Kryo();
        kryo.register(Cart.class, 30);
        ConvergentKryo.register(kryo);
        Cart cart = new Cart("ada", ORSet.<String>empty().add(PHONE, "headphones").add(LAPTOP, "mouse"));
        Output out = new Output(64, -1);
        kryo.writeClassAndObject(out, cart);
        Input in = ConvergentKryo.boundedInput(out.toBytes());
        assertThat(kryo.readClassAndObject(in)).isEqualTo(cart);
    }

    @Test
    void aBoundedInputOverPartOfABufferStopsAtTheEndOfTheMessage() {
        Kryo kryo = ConvergentKryo.register(new Kryo());
        Output out = new Output(64, -1);
        kryo.writeObject(out, GCounter.empty().increment(PHONE, 3));
        byte[] message = out.toBytes();
        byte[] buffer = new byte[message.length + 20];
        System.arraycopy(message, 0, buffer, 10, message.length);
        assertThat(kryo.readObject(ConvergentKryo.boundedInput(buffer, 10, message.length), GCounter.class))
                .isEqualTo(GCounter.empty().increment(PHONE, 3));
        // one byte short: the read must not run on into the buffer's other bytes
        assertThatThrownBy(() -> kryo.readObject(ConvergentKryo.boundedInput(buffer, 10, message.length - 1),
                GCounter.class)).isInstanceOf(CrdtSerializationException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ConvergentKryo.boundedInput(buffer, 10, buffer.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nestingBeyondTheMaximumDepthIsRejected() {
        KryoCodec deep = KryoCodec.builder().registrations(k -> k.setMaxDepth(1000)).build();
        Object set = ORSet.<String>empty().add(PHONE, "core");
        for (int i = 0; i < 100; i++) {
            set = ORSet.empty().add(PHONE, set);
        }
        byte[] bytes = deep.encode(set);
        assertThat(deep.decode(bytes, ORSet.class)).isEqualTo(set);
        assertThatThrownBy(() -> codec.decode(bytes, ORSet.class))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("Max depth exceeded");
    }

    @Test
    void oneCodecIsSharedByManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ReplicaId me = ReplicaId.of("thread-" + t);
                results.add(pool.submit(() -> {
                    ORSet<Object> set = ORSet.empty();
                    for (int i = 0; i < 300; i++) {
                        set = set.add(me, i % 2 == 0 ? "s" + i : new Money("EUR", i));
                        ORSet<?> back = codec.decode(codec.encode(set), ORSet.class);
                        assertThat(back).isEqualTo(set);
                    }
                    return set.size();
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
