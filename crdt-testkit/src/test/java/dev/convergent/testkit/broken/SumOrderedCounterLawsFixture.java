package dev.convergent.testkit.broken;

import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "compare disagrees with merge". */
public class SumOrderedCounterLawsFixture implements CrdtLaws<SumOrderedCounter> {

    @Override
    public SumOrderedCounter initial() {
        return SumOrderedCounter.EMPTY;
    }

    @Override
    public Arbitrary<Operation<SumOrderedCounter>> operations() {
        return Arbitraries.longs().between(1, 9)
                .map(n -> Operation.of("increment(" + n + ")", (replica, c) -> c.increment(replica, n)));
    }
}
