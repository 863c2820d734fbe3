package dev.convergent.testkit.broken;

import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "an operation does not
 * inflate the state" with a counterexample of a few large increments.
 */
public class IntWrappingCounterLawsFixture implements CrdtLaws<IntWrappingCounter> {

    @Override
    public IntWrappingCounter initial() {
        return IntWrappingCounter.EMPTY;
    }

    @Override
    public Arbitrary<Operation<IntWrappingCounter>> operations() {
        return ConvergentArbitraries.counterAmounts(Integer.MAX_VALUE).map(Long::intValue)
                .map(n -> Operation.of("increment(" + n + ")", (replica, c) -> c.increment(replica, n)));
    }
}
