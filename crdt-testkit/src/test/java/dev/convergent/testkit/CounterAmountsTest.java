package dev.convergent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/** The counter amounts reach the values where counters break early, and stay where the built-ins cannot overflow. */
class CounterAmountsTest {

    @Test
    void theBuiltInCounterOperationsPassIntRangeWithinTheFirstTwentyAmounts() {
        List<Long> amounts = sample(ConvergentArbitraries.gCounterDeltaOperations()
                .map(op -> ((ConvergentArbitraries.Increment) op).amount()), 20);

        assertThat(amounts).anyMatch(a -> a > Integer.MAX_VALUE)
                .allMatch(a -> a >= 0 && a <= ConvergentArbitraries.MAX_AMOUNT);
        assertThat(amounts.stream().filter(a -> a <= 1000).count()).as("mostly small: %s", amounts)
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void theEdgeCasesAreTheValuesWhereCountersBreak() {
        List<Long> edges = new ArrayList<>();
        JqwikSession.start();
        try {
            ConvergentArbitraries.counterAmounts(Long.MAX_VALUE).edgeCases()
                    .forEach(shrinkable -> edges.add(shrinkable.value()));
        } finally {
            JqwikSession.finish();
        }

        assertThat(edges).contains(0L, 1L, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE);
    }

    @Test
    void aSmallMaximumBoundsEveryAmount() {
        assertThat(sample(ConvergentArbitraries.counterAmounts(5), 200)).allMatch(a -> a >= 0 && a <= 5)
                .contains(5L);
        assertThatThrownBy(() -> ConvergentArbitraries.counterAmounts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
    }

    private static <X> List<X> sample(Arbitrary<X> arbitrary, int n) {
        JqwikSession.start();
        try {
            RandomGenerator<X> generator = arbitrary.generator(1000);
            Random random = new Random(42);
            List<X> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(generator.next(random).value());
            }
            return values;
        } finally {
            JqwikSession.finish();
        }
    }
}
