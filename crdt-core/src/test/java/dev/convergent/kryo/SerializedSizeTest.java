package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import java.nio.charset.StandardCharsets;
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

    private final KryoCodec raw = KryoCodec.create();
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
}
