package dev.convergent.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.convergent.clock.CausalContext;
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
import dev.convergent.kryo.CrdtSerializationException;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;

/** The Pekko serializer: registration by reference.conf, manifests, identical bytes, hostile input. */
class ConvergentSerializerTest {

    private static final ReplicaId A = ReplicaId.of("Cart@127.0.0.1:1#1");
    private static final ReplicaId B = ReplicaId.of("Cart@127.0.0.1:2#2");
    private static final ConvergentSerializer SERIALIZER = new ConvergentSerializer(KryoCodec.create());

    static List<ReplicatedCrdt<?>> everyType() {
        HybridTimestamp t = HybridTimestamp.ofMillis(1_700_000_000_000L);
        ORSet<String> set = ORSet.<String>empty().add(A, "socks").add(B, "shoes");
        return List.of(
                ReplicatedCrdt.of(VersionVector.empty().increment(A).increment(B)),
                ReplicatedCrdt.of(CausalContext.empty()),
                ReplicatedCrdt.of(GCounter.empty().increment(A, 3)),
                ReplicatedCrdt.of(PNCounter.empty().increment(A, 3).decrement(B, 1)),
                ReplicatedCrdt.of(LWWRegister.of(A, "v", t)),
                ReplicatedCrdt.of(set),
                ReplicatedCrdt.of(set.prune(B, A)),
                ReplicatedCrdt.of(MVRegister.<String>empty().write(A, "red").merge(MVRegister.<String>empty()
                        .write(B, "blue"))),
                ReplicatedCrdt.of(ORMap.<String, PNCounter>empty(PNCounter.empty())
                        .update(A, "pen", q -> q.increment(A, 2))),
                ReplicatedCrdt.of(LWWMap.<String, String>empty().put(A, "name", "Ada", t)),
                ReplicatedCrdt.of(EnableWinsFlag.disabled().enable(A)));
    }

    @Test
    void referenceConfAloneRegistersTheSerializerForEveryValue() throws Exception {
        ActorSystem system = ActorSystem.create("serializer-test", ConfigFactory.parseString(
                "pekko.actor.provider = local\npekko.loglevel = WARNING"));
        try {
            Serialization serialization = SerializationExtension.get(system);
            for (ReplicatedCrdt<?> value : everyType()) {
                Serializer s = serialization.findSerializerFor(value);
                assertThat(s).isInstanceOf(ConvergentSerializer.class);
                assertThat(s.identifier()).isEqualTo(ConvergentSerializer.IDENTIFIER);
                byte[] bytes = serialization.serialize(value).get();
                String manifest = Serializers.manifestFor(s, value);
                Object back = serialization.deserialize(bytes, s.identifier(), manifest).get();
                assertThat(back).isEqualTo(value);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void manifestsNameTheTypeAndFormatVersionAndValuesRoundTripWithoutPendingDelta() {
        List<String> manifests = new ArrayList<>();
        for (ReplicatedCrdt<?> value : everyType()) {
            String manifest = SERIALIZER.manifest(value);
            manifests.add(manifest);
            ReplicatedCrdt<?> back = (ReplicatedCrdt<?>) SERIALIZER.fromBinary(SERIALIZER.toBinary(value), manifest);
            assertThat(back).isEqualTo(value);
            assertThat(back.pendingDelta()).isEmpty();
        }
        assertThat(manifests).containsExactly("VersionVector/1", "CausalContext/1", "GCounter/1", "PNCounter/1",
                "LWWRegister/1", "ORSet/1", "ORSet/2", "MVRegister/1", "ORMap/1", "LWWMap/1", "EnableWinsFlag/1");
        assertThat(SERIALIZER.manifest(ReplicatedCrdt.bottom())).isEqualTo("Bottom/1");
        assertThat(SERIALIZER.fromBinary(new byte[0], "Bottom/1")).isSameAs(ReplicatedCrdt.bottom());
    }

    @Test
    void thePendingDeltaIsNeverWrittenAndEqualStatesGiveIdenticalBytes() {
        ReplicatedCrdt<ORSet<String>> withDelta = ReplicatedCrdt.of(ORSet.<String>empty())
                .update(s -> s.addDelta(A, "x")).update(s -> s.addDelta(B, "y"));
        ReplicatedCrdt<ORSet<String>> sameStateOtherOrder = ReplicatedCrdt.of(ORSet.<String>empty().add(B, "y")
                .merge(ORSet.<String>empty().add(A, "x")));
        assertThat(withDelta).isEqualTo(sameStateOtherOrder);
        assertThat(SERIALIZER.toBinary(withDelta)).isEqualTo(SERIALIZER.toBinary(sameStateOtherOrder));
        assertThat(SERIALIZER.manifest(withDelta)).isEqualTo(SERIALIZER.manifest(sameStateOtherOrder));
    }

    @Test
    void manifestThenToBinaryOfOneValueGiveTheSameBytesAsToBinaryAlone() {
        ReplicatedCrdt<GCounter> value = ReplicatedCrdt.of(GCounter.empty().increment(A, 9));
        byte[] alone = SERIALIZER.toBinary(value);
        SERIALIZER.manifest(value);
        byte[] afterManifest = SERIALIZER.toBinary(value);
        byte[] again = SERIALIZER.toBinary(value);
        assertThat(afterManifest).isEqualTo(alone).isNotSameAs(again).isEqualTo(again);
    }

    @Test
    void unknownOrMismatchedManifestsAreRefused() {
        byte[] set = SERIALIZER.toBinary(ReplicatedCrdt.of(ORSet.<String>empty().add(A, "x")));
        for (String manifest : new String[] {"", "ORSet", "ORSet/", "ORSet/0", "ORSet/3", "ORSet/01", "Set/1",
            "Bottom/2", "x".repeat(10_000), "ORSet/1/1"}) {
            assertThatThrownBy(() -> SERIALIZER.fromBinary(set, manifest)).as(manifest)
                    .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("unknown manifest");
        }
        assertThatThrownBy(() -> SERIALIZER.fromBinary(set, "GCounter/1"))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("expected GCounter");
        assertThatThrownBy(() -> SERIALIZER.fromBinary(set, "ORSet/2"))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("says format version 2");
        assertThatThrownBy(() -> SERIALIZER.fromBinary(set, "Bottom/1"))
                .isInstanceOf(CrdtSerializationException.class).hasMessageContaining("takes no bytes");
        assertThatThrownBy(() -> SERIALIZER.fromBinary(set, (String) null))
                .isInstanceOf(CrdtSerializationException.class);
    }

    @Test
    void hostileBytesGiveOnlyCrdtSerializationExceptionOrAValidValue() {
        Random random = new Random(42);
        int refused = 0;
        int trials = 0;
        for (ReplicatedCrdt<?> value : everyType()) {
            String manifest = SERIALIZER.manifest(value);
            byte[] good = SERIALIZER.toBinary(value);
            for (int i = 0; i < 1_500; i++) {
                byte[] bad = mutate(good, random);
                trials++;
                try {
                    Object back = SERIALIZER.fromBinary(bad, manifest);
                    assertThat(back).isInstanceOf(ReplicatedCrdt.class);
                    assertThat(((ReplicatedCrdt<?>) back).state()).isInstanceOf(Crdt.class);
                } catch (CrdtSerializationException expected) {
                    refused++;
                }
            }
        }
        assertThat(refused).as("most mutations are refused").isGreaterThan(trials / 2);
    }

    private static byte[] mutate(byte[] good, Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return Arrays.copyOf(good, random.nextInt(good.length + 1)); // truncated
            case 1: {
                byte[] b = good.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8)); // a flipped bit
                return b;
            }
            case 2: {
                byte[] b = Arrays.copyOf(good, good.length + 1 + random.nextInt(8)); // trailing bytes
                b[good.length] = (byte) random.nextInt();
                return b;
            }
            default: {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                if (b.length > 1) {
                    b[0] = good[0];
                    b[1] = good[1];
                }
                return b; // random body behind a valid header
            }
        }
    }

    @Test
    void onlyConvergentValuesAreSerialized() {
        assertThatThrownBy(() -> SERIALIZER.toBinary("a string"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serializes ReplicatedCrdt only");
        assertThatThrownBy(() -> SERIALIZER.manifest(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theDefaultConfigurationIsTheCodecsDefault() {
        KryoCodec configured = ConvergentSerializer.codecFrom(
                ConfigFactory.defaultReference().getConfig("convergent.pekko.serializer"), getClass().getClassLoader());

        assertThat(configured).hasToString(KryoCodec.create().toString());
    }

    @Test
    void badConfigurationIsRefusedWithThePath() {
        assertThatThrownBy(() -> ConvergentSerializer.codecFrom(ConfigFactory.parseString(
                "compress-above = off\nkryo-registrations = [\"no.such.Registrar\"]"), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("convergent.pekko.serializer.kryo-registrations")
                .hasMessageContaining("no.such.Registrar");
        assertThatThrownBy(() -> ConvergentSerializer.codecFrom(ConfigFactory.parseString(
                "compress-above = -1\nkryo-registrations = []"), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compress-above");
    }

    @Test
    void theChecksumOptionMakesEveryBitFlipOfAValueFail() throws Exception {
        KryoCodec checked = ConvergentSerializer.codecFrom(ConfigFactory.parseString(
                "compress-above = off\nchecksum = on\nkryo-registrations = []"), getClass().getClassLoader());
        ConvergentSerializer withChecksum = new ConvergentSerializer(checked);
        ReplicatedCrdt<?> cart = everyType().get(everyType().size() - 1);
        byte[] plain = SERIALIZER.toBinary(cart);
        byte[] bytes = withChecksum.toBinary(cart);
        String manifest = withChecksum.manifest(cart);

        assertThat(bytes).hasSize(plain.length + 4);
        assertThat(withChecksum.fromBinary(bytes, manifest)).isEqualTo(cart);
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int at = bit;
            assertThatThrownBy(() -> withChecksum.fromBinary(flipped, manifest)).as("bit %d", at)
                    .isInstanceOf(CrdtSerializationException.class);
        }
        assertThatThrownBy(() -> withChecksum.fromBinary(plain, manifest))
                .isInstanceOf(CrdtSerializationException.class);
        assertThatThrownBy(() -> ConvergentSerializer.codecFrom(ConfigFactory.parseString(
                "compress-above = off\nchecksum = maybe\nkryo-registrations = []"), getClass().getClassLoader()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
    }
}
