package dev.convergent.testkit.broken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convergent.clock.CausalContext;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Mutation;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.CrdtLaws;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.Law;
import dev.convergent.testkit.LawViolation;
import dev.convergent.testkit.Operation;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/** {@link CrdtLaws#check} runs the same laws from plain JUnit, with a seed, and reports like the jqwik runner. */
class PlainJUnitEntryPointTest {

    @Test
    void catchesTheCounterWhoseMergeAdds() {
        LawViolation e = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new AddingCounterLawsFixture(), 42L, 100));

        assertThat(e.law()).isEqualTo(Law.MERGE_IDEMPOTENT);
        assertThat(e).hasMessageStartingWith("merge is not idempotent")
                .hasMessageContaining("a ⊔ a = AddingCounter{")
                .hasMessageContaining("  property: mergeIsIdempotent")
                .hasMessageContaining("counterexample (shrunk in ")
                .hasMessageContaining("  seed: 42 (rerun with -Dconvergent.laws.seed=42)")
                .hasMessageContaining("other laws that fail with this seed: ");
        assertThat(e.getSuppressed()).isNotEmpty();
    }

    @Test
    void catchesTheRegisterWithoutTieBreak() {
        LawViolation e = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new TieLosingRegisterLawsFixture(), 7L, 200));

        assertThat(e.law()).isEqualTo(Law.MERGE_COMMUTATIVE);
        assertThat(e).hasMessageStartingWith("merge is not commutative")
                .hasMessageContaining("b ⊔ a = TieLosingRegister(")
                .hasMessageContaining("  seed: 7 ");
    }

    @Test
    void catchesTheOverCountingDeltaAndTheFieldDroppingCodec() {
        LawViolation delta = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new OverCountingDeltaLawsFixture(), 3L, 100));
        LawViolation codec = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new FieldDroppingCodecLawsFixture(), 3L, 100));

        assertThat(delta.law()).isEqualTo(Law.DELTA_BELOW_STATE);
        assertThat(delta).hasMessageContaining("counterexample (shrunk in ");
        assertThat(codec.law()).isEqualTo(Law.SERIALIZATION_ROUND_TRIP);
        assertThat(codec).hasMessageContaining("decode(encode(x)) = PNCounter(");
    }

    @Test
    void theSameSeedReproducesTheSameReport() {
        LawViolation first = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new TieLosingRegisterLawsFixture(), 11L, 200));
        LawViolation again = catchThrowableOfType(LawViolation.class,
                () -> CrdtLaws.check(new TieLosingRegisterLawsFixture(), 11L, 200));

        assertThat(again).hasMessage(first.getMessage());
    }

    @Test
    void passesCorrectTypes() {
        CrdtLaws.check(new CrdtLaws<GCounter>() {
            @Override
            public GCounter initial() {
                return GCounter.empty();
            }

            @Override
            public Arbitrary<Operation<GCounter>> operations() {
                return ConvergentArbitraries.gCounterOperations();
            }
        }, 5L, 50);
        CrdtLaws.check(new CorrectDeltaORSetLaws(), 5L, 50);
    }

    /** The OR-Set delta mutators of {@link TracelessRemoveSetLawsFixture}, with the remove fixed. */
    static final class CorrectDeltaORSetLaws implements DeltaCrdtLaws<ORSet<String>> {
        private final TracelessRemoveSetLawsFixture broken = new TracelessRemoveSetLawsFixture();

        @Override
        public ORSet<String> initial() {
            return ORSet.empty();
        }

        @Override
        public Arbitrary<DeltaOperation<ORSet<String>>> deltaOperations() {
            Arbitrary<DeltaOperation<ORSet<String>>> adds = broken.deltaOperations()
                    .filter(op -> op.toString().startsWith("add"));
            Arbitrary<DeltaOperation<ORSet<String>>> removes = Arbitraries.of("milk", "eggs")
                    .map(e -> DeltaOperation.of("remove(" + e + ")", (replica, s) -> new Mutation<>(s.remove(e),
                            ORSet.of(Map.of(), CausalContext.ofDots(s.dots(e))))));
            return Arbitraries.oneOf(adds, removes);
        }
    }
}
