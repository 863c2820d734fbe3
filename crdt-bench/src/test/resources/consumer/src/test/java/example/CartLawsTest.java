package example;

import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The kit's laws, run by jqwik under Surefire, on the consumer's cart and its wire format. */
class CartLawsTest implements DeltaCrdtLaws<ORMap<String, PNCounter>>, SerializationLaws<ORMap<String, PNCounter>> {

    @Override
    public ORMap<String, PNCounter> initial() {
        return Carts.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORMap<String, PNCounter>>> deltaOperations() {
        return ConvergentArbitraries.orMapDeltaOperations(Arbitraries.of("milk", "eggs", "pen"),
                ConvergentArbitraries.pnCounterDeltaOperations());
    }

    @Override
    public Codec<ORMap<String, PNCounter>> codec() {
        return Codec.of(Carts::encode, Carts::decode);
    }
}
