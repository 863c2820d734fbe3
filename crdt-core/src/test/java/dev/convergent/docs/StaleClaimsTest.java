package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.Kryo;
import dev.convergent.kryo.ConvergentKryo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Claims in the docs that the code can check: the types table's Kryo column says "yes" exactly for the types
 * {@link ConvergentKryo} registers, and no page still announces as missing what has landed.
 */
class StaleClaimsTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theTypesTableMarksExactlyTheTypesTheCodecRegisters() throws IOException {
        Kryo kryo = new Kryo();
        ConvergentKryo.register(kryo);
        Pattern row = Pattern.compile("^\\| \\[`(\\w+)(?:<[^`]*>)?`\\]\\([^)]*\\) \\|.*\\| (yes|no|not yet) \\|$",
                Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(DOCS.resolve("types.md"), StandardCharsets.UTF_8));
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            String type = m.group(1);
            Class<?> cls = classOf(type);
            boolean registered = kryo.getClassResolver().getRegistration(cls) != null;
            rows.add(type);
            assertThat(m.group(2)).as("Kryo column of %s", type).isEqualTo(registered ? "yes" : "no");
        }
        assertThat(rows).as("rows of the types table").hasSizeGreaterThanOrEqualTo(8);
    }

    private static Class<?> classOf(String simpleName) {
        for (String pkg : new String[] {"dev.convergent.crdt.", "dev.convergent.clock."}) {
            try {
                return Class.forName(pkg + simpleName);
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        throw new AssertionError("the types table names " + simpleName + ", which is no Convergent type");
    }

    @Test
    void noPageAnnouncesAsMissingWhatHasLanded() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> md = Files.list(DOCS)) {
            md.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> stale = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (String claim : new String[] {"places to fill", "wait for the Kryo codec", "| not yet |",
                    "TODO", "TBD"}) {
                    if (line.contains(claim)) {
                        stale.add(page.getFileName() + ":" + (i + 1) + " " + claim);
                    }
                }
            }
        }
        assertThat(stale).isEmpty();
    }
}
