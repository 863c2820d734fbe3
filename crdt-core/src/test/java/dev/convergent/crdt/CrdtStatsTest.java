package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.CrdtStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The size statistics every type reports: counts read off the state, and the metadata estimate
 * built from the documented encoding (an id as a length byte plus its name, counters as varints, a
 * cloud dot as about three bytes, one count byte per collection).
 */
class CrdtStatsTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");

    /** A version vector entry of a one-letter id with a counter below 128: length byte, name, one varint byte. */
    private static final long SMALL_ENTRY = 3;

    @Test
    void everyNegativeComponentIsRefusedAndZeroIsAccepted() {
        assertThat(new CrdtStats(0, 0, 0, 0, 0, 0)).isEqualTo(new CrdtStats(0, 0, 0, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(-1, 0, 0, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(0, -1, 0, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(0, 0, -1, 0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(0, 0, 0, -1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(0, 0, 0, 0, -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new CrdtStats(0, 0, 0, 0, 0, -1))
                .withMessageContaining("negative");
    }

    @Test
    void gCounterReportsItsVectorEntries() {
        GCounter c = GCounter.empty().increment(A, 5).increment(B, 300);

        // one count byte, a's entry, b's entry with a two-byte varint for 300
        assertThat(c.stats()).isEqualTo(new CrdtStats(2, 0, 0, 2, 0, 1 + SMALL_ENTRY + (SMALL_ENTRY + 1)));
    }

    @Test
    void pnCounterCountsEachIdOnceAndBothHalvesBytes() {
        PNCounter c = PNCounter.empty().increment(A, 5).decrement(A, 2).decrement(B, 1);

        long increments = 1 + SMALL_ENTRY;
        long decrements = 1 + 2 * SMALL_ENTRY;
        assertThat(c.stats()).isEqualTo(new CrdtStats(2, 0, 0, 2, 0, increments + decrements));
    }

    @Test
    void lwwRegisterReportsOneWriterOneValueAndItsTimestampVarints() {
        LWWRegister<String> r = LWWRegister.of(A, "x", HybridTimestamp.of(300, 2));

        // writer (length byte + name), then 300 in two varint bytes and 2 in one
        assertThat(r.stats()).isEqualTo(new CrdtStats(1, 0, 0, 1, 1, 2 + 2 + 1));
    }

    @Test
    void lwwMapCountsLiveKeysAndTheBytesOfEveryRegisterTombstonesIncluded() {
        LWWMap<String, String> m = LWWMap.<String, String>empty()
                .put(A, "k1", "v", HybridTimestamp.of(300, 2))
                .put(B, "k2", "w", HybridTimestamp.of(5, 0))
                .remove(A, "k3", HybridTimestamp.of(1, 0));

        long k1 = m.registers().get("k1").stats().estimatedBytes();
        assertThat(k1).isEqualTo(5);
        assertThat(m.stats()).isEqualTo(new CrdtStats(2, 0, 0, 2, 0, 1 + k1 + 4 + 4));
    }

    @Test
    void orSetCountsLiveDotsAndElementsAndBytesOfContextAndDots() {
        ORSet<String> s = ORSet.<String>empty().add(A, "x").add(B, "y").add(A, "z").remove("z");

        // context {a:2, b:1}: count byte + two entries, then the cloud's count byte; one byte for the
        // entries' count, about three per live dot
        long context = 1 + 2 * SMALL_ENTRY + 1;
        assertThat(s.stats()).isEqualTo(new CrdtStats(2, 2, 0, 2, 0, context + 1 + 3 * 2));
    }

    @Test
    void aDotOutsideTheVectorIsACloudDotAndItsReplicaIsCounted() {
        ORSet<String> s = ORSet.of(Map.of("x", Set.of(Dot.of(A, 3))), CausalContext.ofDots(List.of(Dot.of(A, 3))));

        long context = 1 + 1 + 3;
        assertThat(s.stats()).isEqualTo(new CrdtStats(1, 1, 1, 1, 0, context + 1 + 3));
    }

    @Test
    void mvRegisterCountsItsSiblings() {
        MVRegister<String> r = MVRegister.<String>empty().write(A, "x")
                .merge(MVRegister.<String>empty().write(B, "y"));

        long context = 1 + 2 * SMALL_ENTRY + 1;
        assertThat(r.stats()).isEqualTo(new CrdtStats(2, 2, 0, 2, 2, context + 1 + 3 * 2));
    }

    @Test
    void enableWinsFlagCountsItsEnables() {
        EnableWinsFlag f = EnableWinsFlag.disabled().enable(A);

        assertThat(f.stats()).isEqualTo(new CrdtStats(1, 1, 0, 1, 0, (1 + SMALL_ENTRY + 1) + 1 + 3));
    }

    @Test
    void orMapCountsItsKeysDotsNotItsValues() {
        ORMap<String, GCounter> m = ORMap.<String, GCounter>empty(GCounter.empty())
                .update(A, "k", c -> c.increment(B, 1000));

        assertThat(m.stats()).isEqualTo(new CrdtStats(1, 1, 0, 1, 0, (1 + SMALL_ENTRY + 1) + 1 + 3));
    }
}
