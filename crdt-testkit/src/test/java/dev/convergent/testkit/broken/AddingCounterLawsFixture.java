package dev.convergent.testkit.broken;

import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "merge is not idempotent". */
public class AddingCounterLawsFixture implements CrdtLaws<AddingCounter> {

    @Override
    public AddingCounter initial() {
        return AddingCounter.EMPTY;
    }

    @Override
    public Arbitrary<Operation<AddingCounter>> operations() {
        return Arbitraries.longs().between(1, 9)
                .map(n -> Operation.of("increment(" + n + ")", (replica, c) -> c.increment(replica, n)));
    }
}
