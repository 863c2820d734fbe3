package dev.convergent.testkit.builtin;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** An OR-Map whose values have dots of their own (tags per item) through the Kryo codec. */
class ORMapOfSetsSerializationLawsTest implements SerializationLaws<ORMap<String, ORSet<String>>> {

    @Override
    public ORMap<String, ORSet<String>> initial() {
        return ORMap.empty(ORSet.empty());
    }

    @Override
    public Arbitrary<Operation<ORMap<String, ORSet<String>>>> operations() {
        Arbitrary<DeltaOperation<ORSet<String>>> tags =
                ConvergentArbitraries.orSetDeltaOperations(Arbitraries.of("red", "blue", "green"));
        return ConvergentArbitraries.orMapOperations(Arbitraries.of("book", "pen", "mouse"), tags);
    }

    @Override
    public Codec<ORMap<String, ORSet<String>>> codec() {
        return KryoCodecs.of(ORMap.class);
    }

    @Override
    public Object observe(ORMap<String, ORSet<String>> map) {
        return map.entries();
    }
}
