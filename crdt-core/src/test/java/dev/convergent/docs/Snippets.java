package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps a page of {@code docs/} and the test that runs its code in step. On the page, every
 * {@code ```java} block is a snippet preceded by {@code <!-- snippet: NAME -->}; in the test, the
 * same code sits between {@code // PAGE: NAME BEGIN} and {@code // PAGE: NAME END}, for example
 * {@code // cart.md: deltas BEGIN}. The snippets must match the regions one to one, in the same
 * order, and each snippet must equal its region once both lose their common indentation (a snippet
 * may sit indented in a list item) and their leading and trailing blank lines. A block that cannot be
 * compiled here (it uses a library Convergent does not depend on) is preceded by
 * {@code <!-- illustrative: WHY -->} instead, and says so in its text.
 */
final class Snippets {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path TEST_SOURCES = Path.of("src", "test", "java");
    private static final Pattern SNIPPET = Pattern.compile(
            "^[ \\t]*<!-- snippet: (\\S+) -->\\n[ \\t]*```java\\n(.*?)^[ \\t]*```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n");
    private static final Pattern ILLUSTRATIVE = Pattern.compile(
            "^[ \\t]*<!-- illustrative: [^>]+ -->\\n[ \\t]*```java\\n", Pattern.MULTILINE);

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
            assertThat(onPage.put(snippets.group(1), dedent(snippets.group(2))))
                    .as("snippet %s appears once on %s", snippets.group(1), page).isNull();
        }
        int javaBlocks = 0;
        for (Matcher blocks = JAVA_BLOCK.matcher(markdown); blocks.find(); ) {
            javaBlocks++;
        }
        for (Matcher blocks = ILLUSTRATIVE.matcher(markdown); blocks.find(); ) {
            javaBlocks--;
        }

        String marker = Pattern.quote(page);
        Matcher regions = Pattern.compile("// " + marker + ": (\\S+) BEGIN\\n(.*?)\\n\\s*// " + marker + ": \\1 END",
                Pattern.DOTALL).matcher(source);
        Map<String, String> inTest = new LinkedHashMap<>();
        while (regions.find()) {
            assertThat(inTest.put(regions.group(1), dedent(regions.group(2))))
                    .as("region %s appears once in %s", regions.group(1), test.getSimpleName()).isNull();
        }

        assertThat(javaBlocks).as("every java block on %s is a marked snippet or marked illustrative", page)
                .isEqualTo(onPage.size());
        assertThat(onPage.keySet()).as("snippets of %s vs regions of %s", page, test.getSimpleName())
                .containsExactlyElementsOf(inTest.keySet());
        onPage.forEach((name, code) -> assertThat(code).as("snippet %s of %s", name, page).isEqualTo(inTest.get(name)));
    }

    /** Removes the indentation common to all non-blank lines, trailing spaces, and surrounding blank lines. */
    static String dedent(String code) {
        List<String> lines = code.lines().map(String::stripTrailing).collect(Collectors.toList());
        int common = lines.stream().filter(line -> !line.isEmpty())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isEmpty()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isEmpty()) {
            to--;
        }
        return lines.subList(from, to).stream().map(line -> line.isEmpty() ? line : line.substring(common))
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
