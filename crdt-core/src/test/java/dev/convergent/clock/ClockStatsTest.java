package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.lattice.CrdtStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The size statistics of the clock metadata: what {@link VersionVector#stats} and {@link CausalContext#stats}
 * count, and how their byte estimates follow the encoding they describe (each id once with its name, counters
 * as 7-bit varints, cloud dots on top of the vector).
 */
class ClockStatsTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId DATACENTER = ReplicaId.of("eu-west-datacenter");

    /** Bytes of an unsigned varint: one per started group of 7 bits. */
    private static long varint(long value) {
        long bytes = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            bytes++;
        }
        return bytes;
    }

    /** The documented estimate: a length byte, then per entry its name with a length byte and its counter. */
    private static long estimate(VersionVector v) {
        long bytes = 1;
        for (int i = 0; i < v.size(); i++) {
            bytes += 1 + v.replicaAt(i).name().length() + varint(v.counterAt(i));
        }
        return bytes;
    }

    @Test
    void versionVectorStatsCountEntriesAndReplicaIds() {
        VersionVector v = VersionVector.of(Map.of(A, 3L, PHONE, 1L, DATACENTER, 70L));

        CrdtStats stats = v.stats();

        assertThat(stats.replicaIds()).isEqualTo(3);
        assertThat(stats.entries()).isEqualTo(3);
        assertThat(stats.dots()).isZero();
        assertThat(stats.cloudDots()).isZero();
        assertThat(stats.siblings()).isZero();
    }

    @Test
    void theEmptyVectorCostsOneByte() {
        assertThat(VersionVector.empty().stats().estimatedBytes()).isEqualTo(1);
        assertThat(VersionVector.empty().stats().entries()).isZero();
    }

    @Test
    void versionVectorEstimateWritesEachNameOnceAndCountersAsVarints() {
        // counters on both sides of each varint boundary: 7, 14 and 63 bits
        long[] counters = {1, 127, 128, 16_383, 16_384, Long.MAX_VALUE};
        for (long counter : counters) {
            VersionVector v = VersionVector.of(Map.of(PHONE, counter, A, 2L));
            assertThat(v.stats().estimatedBytes()).as("counter %d", counter).isEqualTo(estimate(v))
                    .isEqualTo(1 + (1 + 1 + 1) + (1 + 5 + varint(counter)));
        }
        assertThat(varint(127)).isEqualTo(1);
        assertThat(varint(128)).isEqualTo(2);
        assertThat(varint(Long.MAX_VALUE)).isEqualTo(9);
    }

    @Test
    void versionVectorEstimateGrowsWithNamesAndCounters() {
        VersionVector small = VersionVector.of(Map.of(A, 1L));
        VersionVector longerName = VersionVector.of(Map.of(DATACENTER, 1L));
        VersionVector biggerCounter = VersionVector.of(Map.of(A, 1L << 40));
        VersionVector twoEntries = small.increment(PHONE);

        assertThat(small.stats().estimatedBytes()).isEqualTo(4);
        assertThat(longerName.stats().estimatedBytes() - small.stats().estimatedBytes())
                .isEqualTo(DATACENTER.name().length() - A.name().length());
        assertThat(biggerCounter.stats().estimatedBytes()).isEqualTo(3 + varint(1L << 40)).isEqualTo(9);
        assertThat(twoEntries.stats().estimatedBytes()).isEqualTo(small.stats().estimatedBytes() + 1 + 5 + 1);
    }

    @Test
    void causalContextStatsCountReplicasOfTheVectorAndTheCloudOnce() {
        CausalContext context = CausalContext.of(VersionVector.of(Map.of(A, 2L, PHONE, 1L)),
                List.of(Dot.of(A, 5), Dot.of(DATACENTER, 3), Dot.of(DATACENTER, 9)));

        CrdtStats stats = context.stats();

        assertThat(stats.replicaIds()).as("a, phone and the data center").isEqualTo(3);
        assertThat(stats.cloudDots()).isEqualTo(3);
        assertThat(stats.entries()).isZero();
        assertThat(CausalContext.empty().stats().replicaIds()).isZero();
        assertThat(CausalContext.ofDots(List.of(Dot.of(PHONE, 4))).stats().replicaIds()).isEqualTo(1);
    }

    @Test
    void causalContextEstimateIsMoreThanItsVectorAlone() {
        for (VersionVector v : List.of(VersionVector.empty(), VersionVector.of(Map.of(A, 3L, PHONE, 200L)))) {
            CausalContext compact = CausalContext.of(v);
            assertThat(compact.stats().estimatedBytes()).as("%s", v)
                    .isGreaterThan(v.stats().estimatedBytes());
        }
    }

    @Test
    void causalContextEstimateGrowsByTheSameAmountForEachCloudDot() {
        VersionVector v = VersionVector.of(Map.of(A, 1L));
        List<Long> estimates = new ArrayList<>();
        List<Dot> cloud = new ArrayList<>();
        for (int k = 0; k <= 5; k++) {
            CausalContext context = CausalContext.of(v, cloud);
            assertThat(context.stats().cloudDots()).isEqualTo(k);
            estimates.add(context.stats().estimatedBytes());
            cloud.add(Dot.of(PHONE, 2L * k + 3));   // gaps: every dot stays in the cloud
        }

        long perDot = estimates.get(1) - estimates.get(0);
        assertThat(perDot).isPositive();
        for (int k = 1; k < estimates.size(); k++) {
            assertThat(estimates.get(k) - estimates.get(k - 1)).as("dot %d", k).isEqualTo(perDot);
        }
    }
}
