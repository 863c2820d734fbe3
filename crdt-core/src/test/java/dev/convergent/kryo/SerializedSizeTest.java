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
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Measures encoded sizes for the states Pekko Distributed Data 1.7's protobuf serializer was
 * measured on, prints them, and holds them to the targets.
 */
class SerializedSizeTest {

    private static final int PEKKO_GCOUNTER_1000 = 35_000;
    private static final int PEKKO_ORSET_10000_RAW = 448_967;
    private static final int PEKKO_ORSET_10000_GZIP = 48_770;

    private final KryoCodec raw = KryoCodec.builder().noCompression().build();
    private final KryoCodec compressed = KryoCodec.builder().compressAbove(1024).build();

    @Test
    void gCounterWithAThousandReplicas() {
        Random random = new Random(42);
        GCounter counter = GCounter.empty();
        for (int i = 0; i < 1000; i++) {
            counter = counter.increment(ReplicaId.of("replica-" + i), 1 + random.nextInt(1_000_000));
        }
        int size = raw.encode(counter).length;
        int zipped = compressed.encode(counter).length;
        System.out.printf("GCounter, 1,000 replicas named replica-0..replica-999, counts in [1, 1e6):"
                + " %,d B raw, %,d B compressed (Pekko: %,d B; target <= 14,000 B)%n", size, zipped,
                PEKKO_GCOUNTER_1000);
        assertThat(size).isLessThanOrEqualTo(14_000);
        assertThat(raw.decode(raw.encode(counter), GCounter.class)).isEqualTo(counter);

        // for information: host:port names share less of their prefixes
        random = new Random(42);
        GCounter hosts = GCounter.empty();
        for (int i = 0; i < 1000; i++) {
            hosts = hosts.increment(ReplicaId.of("10.0." + (i / 250) + "." + (i % 250 + 1) + ":2552"),
                    1 + random.nextInt(1_000_000));
        }
        System.out.printf("GCounter, 1,000 replicas named 10.0.0.1:2552..10.0.3.250:2552 (for information):"
                + " %,d B raw, %,d B compressed%n", raw.encode(hosts).length, compressed.encode(hosts).length);
    }

    @Test
    void orSetOfTenThousandShortStringsAddedAtThreeReplicas() {
        ReplicaId[] replicas = {ReplicaId.of("replica-a"), ReplicaId.of("replica-b"), ReplicaId.of("replica-c")};
        @SuppressWarnings("unchecked")
        ORSet<String>[] states = new ORSet[] {ORSet.empty(), ORSet.empty(), ORSet.empty()};
        long stringBytes = 0;
        for (int i = 0; i < 10_000; i++) {
            String element = "el-" + i;
            states[i % 3] = states[i % 3].add(replicas[i % 3], element);
            stringBytes += element.getBytes(StandardCharsets.UTF_8).length;
        }
        ORSet<String> set = states[0].merge(states[1]).merge(states[2]);
        assertThat(set.size()).isEqualTo(10_000);
        int size = raw.encode(set).length;
        int zipped = compressed.encode(set).length;
        double metadataPerElement = (size - stringBytes) / 10_000.0;
        System.out.printf("ORSet, 10,000 strings el-0..el-9999, element i added at replica i %% 3, merged:"
                + " %,d B raw (%,d B of strings, %.2f B of metadata per element), %,d B compressed"
                + " (Pekko: %,d B raw, %,d B gzipped; targets <= 4 B/element, <= 40,000 B)%n",
                size, stringBytes, metadataPerElement, zipped, PEKKO_ORSET_10000_RAW, PEKKO_ORSET_10000_GZIP);
        assertThat(metadataPerElement).isLessThanOrEqualTo(4.0);
        assertThat(zipped).isLessThanOrEqualTo(40_000);
        assertThat(raw.decode(raw.encode(set), ORSet.class)).isEqualTo(set);
        assertThat(compressed.decode(compressed.encode(set), ORSet.class)).isEqualTo(set);

        // for information: every element added concurrently at all three replicas (three dots each),
        // built directly: the state three replicas reach after adding el-i as their (i+1)-th add and merging
        Map<String, Set<Dot>> entries = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            entries.put("el-" + i, Set.of(Dot.of(replicas[0], i + 1), Dot.of(replicas[1], i + 1),
                    Dot.of(replicas[2], i + 1)));
        }
        ORSet<String> threeDots = ORSet.of(entries, CausalContext.of(VersionVector.of(
                Map.of(replicas[0], 10_000L, replicas[1], 10_000L, replicas[2], 10_000L))));
        int threeDotsSize = raw.encode(threeDots).length;
        System.out.printf("ORSet, the same strings each added at all 3 replicas (3 dots each, for information):"
                + " %,d B raw (%.2f B of metadata per element), %,d B compressed%n", threeDotsSize,
                (threeDotsSize - stringBytes) / 10_000.0, compressed.encode(threeDots).length);
    }

    /**
     * A cart of 1,000 items: item i put in at replica i % 3 with quantity i % 5 + 1, every tenth
     * removed later (its value is kept, hidden), then merged. Each value is a PN-Counter with its own
     * replica table, which dominates the size; compression takes most of it back.
     */
    @Test
    void orMapCartOfAThousandItems() {
        ReplicaId[] replicas = {ReplicaId.of("replica-a"), ReplicaId.of("replica-b"), ReplicaId.of("replica-c")};
        @SuppressWarnings("unchecked")
        ORMap<String, PNCounter>[] states = new ORMap[3];
        Arrays.fill(states, ORMap.empty(PNCounter.empty()));
        long keyBytes = 0;
        for (int i = 0; i < 1000; i++) {
            ReplicaId r = replicas[i % 3];
            long quantity = i % 5 + 1;
            states[i % 3] = states[i % 3].update(r, "item-" + i, q -> q.increment(r, quantity));
            keyBytes += ("item-" + i).length();
        }
        for (int i = 0; i < 1000; i += 10) {
            states[i % 3] = states[i % 3].remove("item-" + i);
        }
        ORMap<String, PNCounter> cart = states[0].merge(states[1]).merge(states[2]);
        assertThat(cart.size()).isEqualTo(900);
        int size = raw.encode(cart).length;
        int zipped = compressed.encode(cart).length;
        int oneValue = raw.encode(cart.get("item-1").orElseThrow()).length - 3; // without the codec's header
        double perEntry = (size - keyBytes) / 1000.0;
        System.out.printf("ORMap<String, PNCounter>, 1,000 items item-0..item-999 at 3 replicas, 100 removed:"
                + " %,d B raw (%,d B of keys, %.2f B per entry besides the key, of which a value takes %d B"
                + " with its class id), %,d B compressed (targets <= 24 B per entry, <= 10,000 B compressed)%n",
                size, keyBytes, perEntry, oneValue + 2, zipped);
        assertThat(perEntry).isLessThanOrEqualTo(24.0);
        assertThat(zipped).isLessThanOrEqualTo(10_000);
        Invariants.assertSame(raw.decode(raw.encode(cart), ORMap.class), cart);
    }

    /**
     * 1,000 keys written by 3 replicas a few milliseconds apart, as a hybrid clock stamps them, every
     * seventh removed: the replica table is written once, timestamps as steps between sorted keys.
     */
    @Test
    void lwwMapOfAThousandKeys() {
        ReplicaId[] replicas = {ReplicaId.of("replica-a"), ReplicaId.of("replica-b"), ReplicaId.of("replica-c")};
        LWWMap<String, String> map = LWWMap.empty();
        long payload = 0;
        Random random = new Random(42);
        long millis = 1_700_000_000_000L;
        for (int i = 0; i < 1000; i++) {
            millis += random.nextInt(20);
            HybridTimestamp at = HybridTimestamp.of(millis, random.nextInt(3));
            String key = "key-" + i;
            payload += key.length();
            if (i % 7 == 0) {
                map = map.removeDelta(replicas[i % 3], key, at).state();
            } else {
                map = map.putDelta(replicas[i % 3], key, "value-" + i, at).state();
                payload += ("value-" + i).length();
            }
        }
        int size = raw.encode(map).length;
        double metadataPerKey = (size - payload) / 1000.0;
        System.out.printf("LWWMap<String, String>, 1,000 keys key-i = value-i at 3 replicas, 143 removed:"
                + " %,d B raw (%,d B of strings, %.2f B of metadata per key), %,d B compressed"
                + " (target <= 6 B per key)%n", size, payload, metadataPerKey, compressed.encode(map).length);
        assertThat(metadataPerKey).isLessThanOrEqualTo(6.0);
        assertThat(raw.decode(raw.encode(map), LWWMap.class)).isEqualTo(map);
    }

    /** For information: small states of the register and the flag. */
    @Test
    void registerAndFlagAtThreeReplicas() {
        ReplicaId[] replicas = {ReplicaId.of("replica-a"), ReplicaId.of("replica-b"), ReplicaId.of("replica-c")};
        MVRegister<String> register = MVRegister.empty();
        EnableWinsFlag flag = EnableWinsFlag.disabled();
        MVRegister<String> siblings = register;
        EnableWinsFlag enabled = flag;
        for (ReplicaId r : replicas) {
            siblings = siblings.merge(register.write(r, "written at " + r));
            enabled = enabled.merge(flag.enable(r));
        }
        System.out.printf("MVRegister with 3 concurrent 20-character siblings at 3 replicas: %d B;"
                + " EnableWinsFlag enabled concurrently at 3 replicas: %d B%n", raw.encode(siblings).length,
                raw.encode(enabled).length);
        assertThat(raw.decode(raw.encode(siblings), MVRegister.class)).isEqualTo(siblings);
        assertThat(raw.encode(enabled).length).as("one table of 3 names, a vector, 3 one-byte dots")
                .isLessThanOrEqualTo(4 + 1 + 3 * 12 + 3 + 1 + 1 + 3 + 2);
    }
}
