package dev.convergent.tools.pit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pitest.classinfo.ClassName;
import org.pitest.mutationtest.engine.Location;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.MutationIdentifier;

class EquivalentMutantsTest {

    private static final String EQUALITY = "removed conditional - replaced equality check with false";

    private static final List<String> LIST = List.of(
            "# the first reason,",
            "# on two lines",
            "dev.example.Vector compare 12 " + EQUALITY,
            "dev.example.Vector$Node merge 40 changed conditional boundary",
            "",
            "# the second reason",
            "dev.example.Vector compare 13 " + EQUALITY);

    @Test
    void eachMutantCarriesTheReasonOfItsBlock() {
        List<EquivalentMutants.Entry> entries = EquivalentMutants.parse(LIST).entries();

        assertThat(entries).extracting(EquivalentMutants.Entry::reason)
                .containsExactly("the first reason, on two lines", "the first reason, on two lines",
                        "the second reason");
        assertThat(entries.get(1)).isEqualTo(new EquivalentMutants.Entry("dev.example.Vector$Node", "merge", 40,
                "changed conditional boundary", "the first reason, on two lines"));
    }

    @Test
    void aMutantWithoutAReasonIsRefusedWithItsLine() {
        List<String> lines = List.of("# why", "dev.example.A m 1 x", "", "dev.example.B m 2 " + EQUALITY);

        assertThatThrownBy(() -> EquivalentMutants.parse(lines))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 4: a mutant without a reason");
    }

    @Test
    void malformedLinesAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> EquivalentMutants.parse(List.of("# why", "dev.example.A m 1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2: expected");
        assertThatThrownBy(() -> EquivalentMutants.parse(List.of("# why", "dev.example.A m twelve x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2: the line number is not a number: twelve");
    }

    @Test
    void theFilterDropsExactlyTheListedMutantsAndReportsTheUnmatchedEntries() {
        EquivalentMutantsFilter filter = EquivalentMutantsFilter.of(EquivalentMutants.parse(LIST));
        MutationDetails listed = mutant("dev.example.Vector", "compare", 12, EQUALITY);
        MutationDetails otherLine = mutant("dev.example.Vector", "compare", 14, EQUALITY);
        MutationDetails otherMethod = mutant("dev.example.Vector", "merge", 12, EQUALITY);
        MutationDetails otherDescription = mutant("dev.example.Vector", "compare", 12, "changed conditional boundary");
        MutationDetails nested = mutant("dev.example.Vector$Node", "merge", 40, "changed conditional boundary");

        assertThat(filter.intercept(List.of(listed, otherLine, otherMethod, otherDescription, nested), null))
                .containsExactly(otherLine, otherMethod, otherDescription);
        assertThat(filter.unmatched()).extracting(EquivalentMutants.Entry::line).containsExactly(13);
    }

    @Test
    void theProjectsListParsesAndGivesEveryMutantAReason() {
        EquivalentMutants list = EquivalentMutants.read(Path.of("../../crdt-core/src/mutation/equivalent-mutants.txt"));

        assertThat(list.entries()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.reason()).isNotBlank())
                .allSatisfy(e -> assertThat(e.className()).startsWith("dev.convergent."))
                .doesNotHaveDuplicates();
    }

    private static MutationDetails mutant(String className, String method, int line, String description) {
        Location at = Location.location(ClassName.fromString(className), method, "()V");
        return new MutationDetails(new MutationIdentifier(at, 0, "mutator"), "Vector.java", description, line, 0);
    }
}
