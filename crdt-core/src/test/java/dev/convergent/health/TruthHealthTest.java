package dev.convergent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.kryo.KryoCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TruthHealthTest {

    private static final ReplicaId DC1 = ReplicaId.of("dc1");
    private static final ReplicaId DC2 = ReplicaId.of("dc2");
    private static final ReplicaId DC3 = ReplicaId.of("dc3");
    private static final KryoCodec CODEC = KryoCodec.create();

    // ---- digest ----

    @Test
    void digestIsTheSha256PrefixOfTheEncoding() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(TruthHealth.digest("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo("ba7816bf8f01cfea");
        assertThat(TruthHealth.digest("abc", s -> s.getBytes(StandardCharsets.US_ASCII))).isEqualTo("ba7816bf8f01cfea");
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        assertThat(TruthHealth.digest(new byte[0])).isEqualTo("e3b0c44298fc1c14")
                .hasSize(TruthHealth.DIGEST_HEX_DIGITS);
    }

    @Test
    void replicasThatMergedInDifferentOrdersHaveTheSameDigest() {
        ORMap<String, PNCounter> empty = ORMap.empty(PNCounter.empty());
        ORMap<String, PNCounter> a = empty.update(DC1, "mouse", q -> q.increment(DC1, 1));
        ORMap<String, PNCounter> b = empty.update(DC2, "cable", q -> q.increment(DC2, 2)).remove("cable")
                .update(DC2, "desk", q -> q.increment(DC2, 1));
        ORMap<String, PNCounter> c = empty.update(DC3, "mouse", q -> q.increment(DC3, 3));
        ORMap<String, PNCounter> atOne = a.merge(b).merge(c);
        ORMap<String, PNCounter> atTwo = c.merge(b.merge(a)).merge(b);

        assertThat(TruthHealth.digest(atOne, CODEC::encode)).isEqualTo(TruthHealth.digest(atTwo, CODEC::encode));
        assertThat(TruthHealth.digest(a, CODEC::encode)).isNotEqualTo(TruthHealth.digest(atOne, CODEC::encode));
        assertThat(TruthHealth.digest(atOne, CODEC::encode)).matches("[0-9a-f]{16}");
    }

    @Test
    void disagreeingCountsTheReplicasOutsideTheMostCommonDigest() {
        assertThat(TruthHealth.disagreeing(List.of())).isZero();
        assertThat(TruthHealth.disagreeing(List.of("aa", "aa", "aa"))).isZero();
        assertThat(TruthHealth.disagreeing(List.of("aa", "bb", "aa"))).isEqualTo(1);
        assertThat(TruthHealth.disagreeing(List.of("aa", "bb", "cc", "bb", "dd"))).isEqualTo(3);
        assertThat(TruthHealth.disagreeing(List.of("aa", "bb"))).isEqualTo(1);
    }

    // ---- divergence ----

    @Test
    void divergenceIsMaxMinusMinPerReplicaId() {
        // the version-vector explosion of SCENARIOS.md: pairwise concurrent vectors
        VersionVector x = vector(10, 5, 3);
        VersionVector y = vector(8, 7, 3);
        VersionVector z = vector(9, 5, 4);

        Divergence d = TruthHealth.divergence(x, y, z);

        assertThat(d.perReplica()).containsExactly(entry(DC1, 2L), entry(DC2, 2L), entry(DC3, 1L));
        assertThat(d.max()).isEqualTo(2);
        assertThat(d.of(DC2)).isEqualTo(2);
        assertThat(d.of(ReplicaId.of("elsewhere"))).isZero();
        assertThat(TruthHealth.divergence(List.of(x, y, z))).isEqualTo(d);
    }

    @Test
    void aMissingEntryCountsAsZero() {
        VersionVector lagging = VersionVector.of(Map.of(DC1, 4L));
        VersionVector ahead = vector(4, 9, 1);

        Divergence d = TruthHealth.divergence(lagging, ahead);

        assertThat(d.perReplica()).containsExactly(entry(DC1, 0L), entry(DC2, 9L), entry(DC3, 1L));
        assertThat(d.max()).isEqualTo(9);
    }

    @Test
    void agreeingOrSingleVectorsDoNotDiverge() {
        assertThat(TruthHealth.divergence().max()).isZero();
        assertThat(TruthHealth.divergence().perReplica()).isEmpty();
        assertThat(TruthHealth.divergence(vector(3, 2, 1)).perReplica())
                .containsExactly(entry(DC1, 0L), entry(DC2, 0L), entry(DC3, 0L));
        assertThat(TruthHealth.divergence(vector(3, 2, 1), vector(3, 2, 1)).max()).isZero();
    }

    @Test
    void divergenceValidatesItsComponents() {
        TreeMap<ReplicaId, Long> map = new TreeMap<>(Map.of(DC1, 3L));
        assertThatIllegalArgumentException().isThrownBy(() -> new Divergence(map, 2)).withMessageContaining("max");
        assertThatIllegalArgumentException().isThrownBy(() -> new Divergence(new TreeMap<>(Map.of(DC1, -1L)), 0))
                .withMessageContaining("dc1");
        assertThat(new Divergence(map, 3).perReplica()).isUnmodifiable();
    }

    // ---- siblings ----

    @Test
    void siblingCountSumsAndFindsTheConflictBacklog() {
        MVRegister<String> none = MVRegister.empty();
        MVRegister<String> one = MVRegister.<String>empty().write(DC1, "[mouse]");
        MVRegister<String> two = one.merge(MVRegister.<String>empty().write(DC2, "[desk]"));
        MVRegister<String> three = two.merge(MVRegister.<String>empty().write(DC3, "[lamp]"));

        SiblingCount count = TruthHealth.siblingCount(none, one, two, three, two);

        assertThat(count).isEqualTo(new SiblingCount(5, 8, 3, 3));
        assertThat(TruthHealth.siblingCount(List.of(one, one))).isEqualTo(new SiblingCount(2, 2, 1, 0));
        assertThat(TruthHealth.siblingCount(List.of())).isEqualTo(new SiblingCount(0, 0, 0, 0));
        // a client that read both siblings resolves them with one write
        assertThat(TruthHealth.siblingCount(two.write(DC1, "[desk, mouse]")).conflicted()).isZero();
    }

    @Test
    void siblingCountRejectsContradictions() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SiblingCount(1, 3, 2, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SiblingCount(1, 1, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SiblingCount(-1, 0, 0, 0));
    }

    @Test
    void siblingCountRejectsEachNegativeCountNamingTheRule() {
        for (int[] c : new int[][] {{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, -1, 0}, {1, 1, 1, -1}}) {
            assertThatIllegalArgumentException().as("%s", Arrays.toString(c))
                    .isThrownBy(() -> new SiblingCount(c[0], c[1], c[2], c[3]))
                    .withMessageContaining("counts must be >= 0");
        }
    }

    @Test
    void siblingCountAcceptsTheTightestConsistentCounts() {
        // one register with exactly two siblings is the smallest conflict there is
        assertThat(new SiblingCount(1, 2, 2, 1).conflicted()).isEqualTo(1);
        // every register at the maximum: siblings == max * registers
        assertThat(new SiblingCount(3, 6, 2, 3).siblings()).isEqualTo(6);
        assertThat(new SiblingCount(0, 0, 0, 0).registers()).isZero();
    }

    @Test
    void nullsAreRejected() {
        assertThatNullPointerException().isThrownBy(() -> TruthHealth.digest(null, s -> new byte[0]));
        assertThatNullPointerException().isThrownBy(() -> TruthHealth.digest("x", s -> null))
                .withMessageContaining("encoder");
        assertThatNullPointerException().isThrownBy(() -> TruthHealth.divergence(vector(1, 1, 1), null));
        assertThatNullPointerException().isThrownBy(() -> TruthHealth.siblingCount((MVRegister<?>) null));
        assertThatNullPointerException().isThrownBy(() -> TruthHealth.disagreeing(Arrays.asList("a", null)));
    }

    private static VersionVector vector(long dc1, long dc2, long dc3) {
        return VersionVector.of(Map.of(DC1, dc1, DC2, dc2, DC3, dc3));
    }
}
