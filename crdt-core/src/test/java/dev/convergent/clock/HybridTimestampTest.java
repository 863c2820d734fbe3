package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HybridTimestampTest {

    @Test
    void ofMillisStartsTheMillisecondAtLogicalZero() {
        HybridTimestamp t = HybridTimestamp.ofMillis(1_700_000_000_000L);

        assertThat(t.physicalMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(t.logical()).isZero();
        assertThat(t).isEqualTo(HybridTimestamp.of(1_700_000_000_000L, 0));
    }

    @Test
    void zeroIsTheSmallestTimestamp() {
        assertThat(HybridTimestamp.ZERO).isEqualTo(HybridTimestamp.of(0, 0));
        assertThat(HybridTimestamp.ofMillis(0).compareTo(HybridTimestamp.ZERO)).isZero();
        assertThat(HybridTimestamp.of(0, 1).isAfter(HybridTimestamp.ZERO)).isTrue();
    }

    @Test
    void acceptsTheBoundsOfBothParts() {
        HybridTimestamp t = HybridTimestamp.of(Long.MAX_VALUE, HybridTimestamp.MAX_LOGICAL);

        assertThat(t.physicalMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(t.logical()).isEqualTo(65_535);
    }

    @Test
    void rejectsNegativePhysicalTimeNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> HybridTimestamp.ofMillis(-1))
                .withMessageContaining("physicalMillis")
                .withMessageContaining("was -1");
    }

    @Test
    void rejectsLogicalPartOutOfRangeNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> HybridTimestamp.of(5, -1))
                .withMessageContaining("logical")
                .withMessageContaining("was -1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HybridTimestamp.of(5, HybridTimestamp.MAX_LOGICAL + 1))
                .withMessageContaining("65535")
                .withMessageContaining("was 65536");
    }

    @Test
    void ordersByPhysicalTimeThenLogicalCounter() {
        HybridTimestamp t100 = HybridTimestamp.of(100, 7);
        HybridTimestamp t200a = HybridTimestamp.of(200, 0);
        HybridTimestamp t200b = HybridTimestamp.of(200, 1);
        List<HybridTimestamp> list = new ArrayList<>(List.of(t200b, t100, t200a));

        Collections.sort(list);

        assertThat(list).containsExactly(t100, t200a, t200b);
        assertThat(t200b.isAfter(t200a)).isTrue();
        assertThat(t200a.isAfter(t200b)).isFalse();
        assertThat(t200a.isAfter(HybridTimestamp.of(200, 0))).isFalse();
        assertThat(t200a.isAfter(t100)).isTrue();
    }

    @Test
    void toStringIsMillisDotLogical() {
        assertThat(HybridTimestamp.of(1_700_000_000_000L, 3)).hasToString("1700000000000.3");
    }

    @Test
    void successorIsTheNextLogicalTickWithinAMillisecond() {
        HybridTimestamp t = HybridTimestamp.of(200, 7);

        assertThat(t.successor()).isEqualTo(HybridTimestamp.of(200, 8));
        assertThat(t.successor().isAfter(t)).isTrue();
        assertThat(HybridTimestamp.ZERO.successor()).isEqualTo(HybridTimestamp.of(0, 1));
        assertThat(HybridTimestamp.of(200, HybridTimestamp.MAX_LOGICAL - 1).successor())
                .as("the last logical tick still belongs to the same millisecond")
                .isEqualTo(HybridTimestamp.of(200, HybridTimestamp.MAX_LOGICAL));
    }

    @Test
    void successorOfTheLastLogicalTickIsTheFirstOfTheNextMillisecond() {
        HybridTimestamp last = HybridTimestamp.of(200, HybridTimestamp.MAX_LOGICAL);

        assertThat(last.successor()).isEqualTo(HybridTimestamp.ofMillis(201));
        assertThat(last.successor().isAfter(last)).isTrue();
    }

    @Test
    void theLastRepresentableTimestampHasNoSuccessor() {
        HybridTimestamp end = HybridTimestamp.of(Long.MAX_VALUE, HybridTimestamp.MAX_LOGICAL);

        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(end::successor);
        assertThat(HybridTimestamp.of(Long.MAX_VALUE, 0).successor())
                .isEqualTo(HybridTimestamp.of(Long.MAX_VALUE, 1));
    }
}
