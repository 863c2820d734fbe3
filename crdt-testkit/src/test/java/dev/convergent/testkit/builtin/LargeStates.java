package dev.convergent.testkit.builtin;

import dev.convergent.lattice.Crdt;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Operations that build states of hundreds of elements or keys: batches of 100 to 400 operations over
 * ten thousand names, mixed with single operations on a few names (so replicas still edit the same keys
 * concurrently). They grow the maps behind each type several trie levels deep, where histories of a few
 * keys never go; the {@code Large*LawsTest} classes run every law on them.
 */
final class LargeStates {

    /** Fewer tries than the default: each state holds hundreds of entries. */
    static final int TRIES = 50;

    private LargeStates() {
    }

    /** A few names that replicas edit concurrently, and ten thousand more for structure. */
    static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of("milk", "eggs", "bread")),
                Tuple.of(4, Arbitraries.integers().between(0, 9_999).withDistribution(RandomDistribution.uniform())
                        .map(i -> "item" + i)));
    }

    /** Mostly {@code single}, one step in five a batch of 100 to 400 of {@code many}. */
    static <T extends Crdt<T>> Arbitrary<DeltaOperation<T>> withBatches(Arbitrary<DeltaOperation<T>> single,
            Arbitrary<DeltaOperation<T>> many) {
        return Arbitraries.frequencyOf(Tuple.of(4, single),
                Tuple.of(1, ConvergentArbitraries.batches(many, 100, 400)));
    }
}
