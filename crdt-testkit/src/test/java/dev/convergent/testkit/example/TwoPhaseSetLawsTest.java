package dev.convergent.testkit.example;

// [doc:laws-test]
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

class TwoPhaseSetLawsTest implements DeltaCrdtLaws<TwoPhaseSet<String>>, SerializationLaws<TwoPhaseSet<String>> {

    @Override
    public TwoPhaseSet<String> initial() {
        return TwoPhaseSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<TwoPhaseSet<String>>> deltaOperations() {
        Arbitrary<String> items = Arbitraries.of("milk", "eggs", "bread");
        return Arbitraries.oneOf(
                items.map(e -> DeltaOperation.of("add(" + e + ")", (replica, set) -> set.add(e))),
                items.map(e -> DeltaOperation.of("remove(" + e + ")", (replica, set) -> set.remove(e))));
    }

    @Override
    public Codec<TwoPhaseSet<String>> codec() {
        return new TwoPhaseSetCodec();
    }

    @Override
    public Object observe(TwoPhaseSet<String> set) {
        return set.elements();
    }
}
// [/doc:laws-test]
