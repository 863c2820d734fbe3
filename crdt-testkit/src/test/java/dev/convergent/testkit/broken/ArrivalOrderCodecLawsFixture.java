package dev.convergent.testkit.broken;

import dev.convergent.testkit.Codec;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire. BROKEN on purpose: the codec writes a set
 * in arrival order instead of sorting it: "equal states serialize to different bytes".
 */
public class ArrivalOrderCodecLawsFixture implements SerializationLaws<ArrivalOrderSet> {

    @Override
    public ArrivalOrderSet initial() {
        return ArrivalOrderSet.EMPTY;
    }

    @Override
    public Arbitrary<Operation<ArrivalOrderSet>> operations() {
        return Arbitraries.of("milk", "eggs", "bread").map(e -> Operation.of("add(" + e + ")", (r, s) -> s.add(e)));
    }

    @Override
    public Codec<ArrivalOrderSet> codec() {
        return Codec.of(
                s -> String.join(",", s.elements()).getBytes(StandardCharsets.UTF_8), // BUG: not sorted
                bytes -> ArrivalOrderSet.of(elements(new String(bytes, StandardCharsets.UTF_8))));
    }

    private static List<String> elements(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }
}
