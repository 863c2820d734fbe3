package dev.convergent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the conventions of STYLE.md that a formatter would otherwise enforce, over every Java source
 * of every module: lines of at most 120 columns, no tabs, no wildcard imports, no trailing spaces.
 */
class SourceStyleTest {

    private static final int MAX_COLUMNS = 120;

    @Test
    void everyJavaSourceFollowsTheLayoutRules() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> root.relativize(p).toString().startsWith("crdt-"))
                    .toList();
        }
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = root.relativize(source) + ":" + (i + 1);
                if (line.codePointCount(0, line.length()) > MAX_COLUMNS) {
                    problems.add(where + " is longer than " + MAX_COLUMNS + " columns");
                }
                if (line.indexOf('\t') >= 0) {
                    problems.add(where + " contains a tab");
                }
                if (line.matches("import (static )?[\\w.]+\\.\\*;")) {
                    problems.add(where + " has a wildcard import");
                }
                if (line.endsWith(" ")) {
                    problems.add(where + " ends with a space");
                }
            }
        }
        assertThat(sources).as("Java sources found").hasSizeGreaterThan(100);
        assertThat(problems).isEmpty();
    }
}
