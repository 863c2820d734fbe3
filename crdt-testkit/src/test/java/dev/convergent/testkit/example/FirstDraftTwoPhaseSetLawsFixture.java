package dev.convergent.testkit.example;

import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The laws test of the walkthrough's first draft: the same as {@link TwoPhaseSetLawsTest} without the
 * codec. Run by {@link WalkthroughTest}, not by surefire, because it fails.
 */
public class FirstDraftTwoPhaseSetLawsFixture implements DeltaCrdtLaws<FirstDraftTwoPhaseSet<String>> {

    @Override
    public FirstDraftTwoPhaseSet<String> initial() {
        return FirstDraftTwoPhaseSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<FirstDraftTwoPhaseSet<String>>> deltaOperations() {
        Arbitrary<String> items = Arbitraries.of("milk", "eggs", "bread");
        return Arbitraries.oneOf(
                items.map(e -> DeltaOperation.of("add(" + e + ")", (replica, set) -> set.add(e))),
                items.map(e -> DeltaOperation.of("remove(" + e + ")", (replica, set) -> set.remove(e))));
    }

    @Override
    public Object observe(FirstDraftTwoPhaseSet<String> set) {
        return set.elements();
    }
}
