package dev.convergent.testkit.broken;

import dev.convergent.lattice.Mutation;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.PruningLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "pruning changed what a
 * replica observes" and the convergence law, while pruning once on its own looks fine.
 */
public class MarkerlessPruneLawsFixture implements PruningLaws<MarkerlessPruneCounter> {

    @Override
    public MarkerlessPruneCounter initial() {
        return MarkerlessPruneCounter.EMPTY;
    }

    @Override
    public Arbitrary<DeltaOperation<MarkerlessPruneCounter>> deltaOperations() {
        return Arbitraries.longs().between(1, 9).map(n -> DeltaOperation.of("increment(" + n + ")",
                (replica, c) -> {
                    MarkerlessPruneCounter next = c.increment(replica, n);
                    return new Mutation<>(next, next);
                }));
    }

    @Override
    public Object observe(MarkerlessPruneCounter counter) {
        return counter.value();
    }
}
