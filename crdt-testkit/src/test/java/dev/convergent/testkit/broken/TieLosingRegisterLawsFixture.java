package dev.convergent.testkit.broken;

import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.Operation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire: expected to fail "merge is not commutative". */
public class TieLosingRegisterLawsFixture implements CrdtLaws<TieLosingRegister> {

    @Override
    public TieLosingRegister initial() {
        return TieLosingRegister.EMPTY;
    }

    @Override
    public Arbitrary<Operation<TieLosingRegister>> operations() {
        return Arbitraries.of("X", "Y", "Z").map(v -> Operation.of("write(" + v + ")", (replica, r) -> r.write(v)));
    }
}
