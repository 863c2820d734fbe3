package dev.convergent.testkit.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.PropertyDefaults;

/** Every law of the OR-Set on sets of hundreds of elements ({@link LargeStates}). */
@PropertyDefaults(tries = LargeStates.TRIES)
class LargeORSetLawsTest implements DeltaCrdtLaws<ORSet<String>>, SerializationLaws<ORSet<String>> {
    @Override
    public ORSet<String> initial() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORSet<String>>> deltaOperations() {
        return LargeStates.withBatches(
                ConvergentArbitraries.orSetDeltaOperations(Arbitraries.of("milk", "eggs", "bread")),
                ConvergentArbitraries.orSetDeltaOperations(LargeStates.names()));
    }

    @Override
    public Codec<ORSet<String>> codec() {
        return KryoCodecs.of(ORSet.class);
    }

    @Override
    public Object observe(ORSet<String> set) {
        return set.elements();
    }

    /** The generated histories really build large sets: some states hold hundreds of elements. */
    @Example
    void historiesReachHundredsOfElements() {
        int largest = crdtStates().sampleStream().limit(40).flatMap(List::stream)
                .mapToInt(set -> set.elements().size()).max().orElse(0);
        assertThat(largest).isGreaterThanOrEqualTo(100);
    }
}
