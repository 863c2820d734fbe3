package dev.convergent.testkit.broken;

import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "equal states have
 * different observable values".
 */
public class StaleTotalCounterLawsFixture implements CrdtLaws<StaleTotalCounter> {

    @Override
    public StaleTotalCounter initial() {
        return StaleTotalCounter.EMPTY;
    }

    @Override
    public Arbitrary<Operation<StaleTotalCounter>> operations() {
        return Arbitraries.longs().between(1, 9)
                .map(n -> Operation.of("increment(" + n + ")", (replica, c) -> c.increment(replica, n)));
    }

    @Override
    public Object observe(StaleTotalCounter counter) {
        return counter.value();
    }
}
