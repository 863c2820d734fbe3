package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Hash codes of replica ids, version vectors and causal contexts spread: values that differ get different hash
 * codes almost always, including values that differ only in <em>which</em> replica counted. Equal values having
 * equal hash codes is checked with each type; this is the other half of a hash that hash maps and the
 * replicas' state digests can use.
 */
class ClockHashSpreadTest {

    private static final int N = 200;

    /** How many distinct hash codes {@code N} distinct values have. */
    private static int distinctHashes(IntFunction<Object> value) {
        Set<Object> values = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < N; i++) {
            Object v = value.apply(i);
            values.add(v);
            hashes.add(v.hashCode());
        }
        assertThat(values).as("the values are distinct").hasSize(N);
        return hashes.size();
    }

    private static ReplicaId replica(int i) {
        return ReplicaId.of("replica-" + i);
    }

    @Test
    void distinctReplicaIdsHaveDistinctHashCodes() {
        assertThat(distinctHashes(ClockHashSpreadTest::replica)).isGreaterThan(N * 9 / 10);
    }

    @Test
    void versionVectorsThatDifferOnlyInWhichReplicaCountedHashApart() {
        int hashes = distinctHashes(i -> VersionVector.empty().increment(replica(i)));

        assertThat(hashes).isGreaterThan(N * 9 / 10);
    }

    @Test
    void versionVectorsThatDifferOnlyInACounterHashApart() {
        ReplicaId a = replica(0);
        ReplicaId b = replica(1);

        assertThat(distinctHashes(i -> VersionVector.of(Map.of(a, 1L + i, b, 7L)))).isGreaterThan(N * 9 / 10);
    }

    @Test
    void causalContextsThatDifferOnlyInTheirVectorHashApart() {
        Dot cloudDot = Dot.of(replica(0), 5);

        int hashes = distinctHashes(i -> CausalContext.of(VersionVector.empty().increment(replica(i + 1)),
                List.of(cloudDot)));

        assertThat(hashes).isGreaterThan(N * 9 / 10);
    }

    @Test
    void causalContextsThatDifferOnlyInTheirCloudHashApart() {
        VersionVector vector = VersionVector.empty().increment(replica(0));

        int hashes = distinctHashes(i -> CausalContext.of(vector, List.of(Dot.of(replica(i + 1), 3))));

        assertThat(hashes).isGreaterThan(N * 9 / 10);
    }
}
