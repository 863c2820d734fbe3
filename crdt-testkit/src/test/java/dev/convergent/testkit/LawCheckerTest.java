package dev.convergent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.crdt.PNCounter;
import dev.convergent.lattice.Mutation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The plain-JUnit runner runs exactly the laws the jqwik contracts declare. */
class LawCheckerTest {

    @Test
    void runsEveryLawPropertyOfEveryContract() {
        List<String> declared = Stream.of(CrdtLaws.class, DeltaCrdtLaws.class, SerializationLaws.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> m.isAnnotationPresent(LawProperty.class))
                .map(Method::getName)
                .sorted()
                .collect(Collectors.toList());
        List<String> checked = LawChecker.checks(new EveryContract()).stream()
                .map(LawChecker.Check::property)
                .sorted()
                .collect(Collectors.toList());

        assertThat(checked).isEqualTo(declared).hasSize(23);
    }

    @Test
    void lawsAreJqwikProperties() {
        assertThat(LawProperty.class.isAnnotationPresent(Property.class)).isTrue();
    }

    /** A counter that implements all three contracts, only for listing their checks. */
    static final class EveryContract implements DeltaCrdtLaws<PNCounter>, SerializationLaws<PNCounter> {
        @Override
        public PNCounter initial() {
            return PNCounter.empty();
        }

        @Override
        public Arbitrary<DeltaOperation<PNCounter>> deltaOperations() {
            return ConvergentArbitraries.pnCounterOperations().map(op -> DeltaOperation.of(op.toString(),
                    (r, s) -> new Mutation<>(op.apply(r, s), op.apply(r, s))));
        }

        @Override
        public Codec<PNCounter> codec() {
            return Codec.of(c -> c.toString().getBytes(StandardCharsets.UTF_8), b -> PNCounter.empty());
        }
    }
}
