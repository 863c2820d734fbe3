package dev.convergent.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Keeps docs/testing-your-crdt.md true: every code block it quotes is the code in this package, and
 * the failure report it shows is what the kit prints for the first draft with the quoted seed.
 */
class WalkthroughTest {

    private static final Path DOC = Path.of("..", "docs", "testing-your-crdt.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "dev", "convergent", "testkit", "example");
    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+) from (\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REPORT =
            Pattern.compile("<!-- report: (\\S+) seed=(-?\\d+) -->\\s*```text\\n(.*?)```", Pattern.DOTALL);

    @Test
    void quotesExactlyTheCodeThatIsCompiledAndRun() throws IOException {
        Matcher m = SNIPPET.matcher(doc());
        int quoted = 0;
        while (m.find()) {
            String source = Files.readString(SOURCES.resolve(m.group(2)), StandardCharsets.UTF_8);
            Matcher region = Pattern.compile("// \\[doc:" + Pattern.quote(m.group(1)) + "]\\n(.*?)\\n\\s*// \\[/doc:",
                    Pattern.DOTALL).matcher(source);
            assertThat(region.find()).as("region %s in %s", m.group(1), m.group(2)).isTrue();
            assertThat(m.group(3).strip()).as("snippet %s", m.group(1))
                    .isEqualTo(region.group(1).stripIndent().strip());
            quoted++;
        }
        assertThat(quoted).isGreaterThanOrEqualTo(5);
    }

    @Test
    void showsTheReportARealRunOfTheFirstDraftPrints() throws IOException {
        Matcher m = REPORT.matcher(doc());
        assertThat(m.find()).as("the doc quotes a report").isTrue();
        Map<String, String> failures = runFirstDraft(m.group(2));

        assertThat(failures).containsOnlyKeys(
                "operationsInflate", "mergingTheDeltaGivesTheNewState", "replicasConvergeWhenShippingOnlyDeltas");
        assertThat(failures.get(m.group(1)).strip()).isEqualTo(m.group(3).strip());
        assertThat(doc()).contains(failures.keySet());
    }

    /** Runs the first draft's laws on jqwik with the seed pinned, as the doc says to: the failing laws' reports. */
    private static Map<String, String> runFirstDraft(String seed) {
        String previous = System.setProperty("convergent.laws.seed", seed);
        try {
            Map<String, String> failures = new TreeMap<>();
            EngineTestKit.engine("jqwik")
                    .enableImplicitConfigurationParameters(true)
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                    .selectors(selectClass(FirstDraftTwoPhaseSetLawsFixture.class))
                    .execute()
                    .testEvents()
                    .failed()
                    .stream()
                    .forEach(e -> failures.put(
                            ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName(),
                            e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                                    .getMessage()));
            return failures;
        } finally {
            if (previous == null) {
                System.clearProperty("convergent.laws.seed");
            } else {
                System.setProperty("convergent.laws.seed", previous);
            }
        }
    }

    private static String doc() throws IOException {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }
}
