package dev.convergent.testkit.broken;

import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "a call changed its input",
 * and no other law.
 */
public class SharingDecrementCounterLawsFixture implements CrdtLaws<SharingDecrementCounter> {

    @Override
    public SharingDecrementCounter initial() {
        return SharingDecrementCounter.empty();
    }

    @Override
    public Arbitrary<Operation<SharingDecrementCounter>> operations() {
        Arbitrary<Long> amounts = Arbitraries.longs().between(1, 9);
        return Arbitraries.oneOf(
                amounts.map(n -> Operation.of("increment(" + n + ")", (replica, c) -> c.increment(replica, n))),
                amounts.map(n -> Operation.of("decrement(" + n + ")", (replica, c) -> c.decrement(replica, n))));
    }

    @Override
    public Object observe(SharingDecrementCounter counter) {
        return counter.value();
    }
}
