package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a page of {@code docs/} and the test that runs its code in step. On the page, every
 * {@code ```java} block is a snippet preceded by {@code <!-- snippet: NAME -->}; in the test, the
 * same code sits between {@code // PAGE: NAME BEGIN} and {@code // PAGE: NAME END}, for example
 * {@code // cart.md: deltas BEGIN}. The snippets must match the regions one to one, in the same
 * order, and each snippet must equal its region after common indentation is stripped.
 */
final class Snippets {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path TEST_SOURCES = Path.of("src", "test", "java");
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n");

    private Snippets() {
    }

    /**
     * Asserts that {@code docs/PAGE} shows exactly the marked regions of {@code test}'s source file.
     *
     * @param page the page's file name, e.g. {@code cart.md}; also the marker prefix
     * @param test the (top-level) test class whose source holds the regions
     */
    static void assertPageShowsExactly(String page, Class<?> test) {
        String markdown = read(DOCS.resolve(page));
        String source = read(TEST_SOURCES.resolve(test.getName().replace('.', '/') + ".java"));

        Map<String, String> onPage = new LinkedHashMap<>();
        Matcher snippets = SNIPPET.matcher(markdown);
        while (snippets.find()) {
            assertThat(onPage.put(snippets.group(1), snippets.group(2).strip()))
                    .as("snippet %s appears once on %s", snippets.group(1), page).isNull();
        }
        int javaBlocks = 0;
        for (Matcher blocks = JAVA_BLOCK.matcher(markdown); blocks.find(); ) {
            javaBlocks++;
        }

        String marker = Pattern.quote(page);
        Matcher regions = Pattern.compile("// " + marker + ": (\\S+) BEGIN\\n(.*?)\\n\\s*// " + marker + ": \\1 END",
                Pattern.DOTALL).matcher(source);
        Map<String, String> inTest = new LinkedHashMap<>();
        while (regions.find()) {
            assertThat(inTest.put(regions.group(1), regions.group(2).stripIndent().strip()))
                    .as("region %s appears once in %s", regions.group(1), test.getSimpleName()).isNull();
        }

        assertThat(javaBlocks).as("every java block on %s is a marked snippet", page).isEqualTo(onPage.size());
        assertThat(onPage.keySet()).as("snippets of %s vs regions of %s", page, test.getSimpleName())
                .containsExactlyElementsOf(inTest.keySet());
        onPage.forEach((name, code) -> assertThat(code).as("snippet %s of %s", name, page).isEqualTo(inTest.get(name)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
