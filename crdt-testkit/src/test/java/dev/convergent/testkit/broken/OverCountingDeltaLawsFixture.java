package dev.convergent.testkit.broken;

import dev.convergent.crdt.GCounter;
import dev.convergent.lattice.Mutation;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire. BROKEN on purpose: a G-Counter increment
 * whose delta is computed from the new count plus the amount again, so the delta is larger than the
 * state it describes.
 */
public class OverCountingDeltaLawsFixture implements DeltaCrdtLaws<GCounter> {

    @Override
    public GCounter initial() {
        return GCounter.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<GCounter>> deltaOperations() {
        return Arbitraries.longs().between(1, 9).map(n -> DeltaOperation.of("increment(" + n + ")", (replica, c) -> {
            GCounter next = c.increment(replica, n);
            // BUG: the delta should be GCounter.empty().increment(replica, next.get(replica))
            return new Mutation<>(next, GCounter.empty().increment(replica, next.get(replica) + n));
        }));
    }
}
