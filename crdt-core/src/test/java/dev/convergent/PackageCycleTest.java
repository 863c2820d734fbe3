package dev.convergent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of crdt-core depend on each other without a cycle: every reference of a main source to a type of
 * another {@code dev.convergent} package (an import, or a fully qualified name in code or Javadoc) is an edge, and
 * the graph has no path from a package back to itself. The layers it allows: {@code lattice} (the algebra) below
 * {@code clock}, below {@code crdt}, below {@code kryo} and {@code health}.
 */
class PackageCycleTest {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package (dev\\.convergent[\\w.]*);");
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.convergent(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /** Each package of the main sources under {@code root} and the other packages it refers to. */
    static Map<String, Set<String>> dependencies(Path root) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue;
            }
            Set<String> edges = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
            Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
            while (ref.find()) {
                if (!ref.group(1).equals(pkg.group(1))) {
                    edges.add(ref.group(1));
                }
            }
        }
        return graph;
    }

    /** A path of packages from one back to itself, or an empty list if there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (reaches(graph, start, start, path, new TreeSet<>())) {
                path.add(0, start);
                return path;
            }
        }
        return List.of();
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String target, List<String> path,
            Set<String> seen) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                path.add(0, next);
                return true;
            }
            if (seen.add(next) && reaches(graph, next, target, path, seen)) {
                path.add(0, next);
                return true;
            }
        }
        return false;
    }

    @Test
    void crdtCorePackagesHaveNoImportCycle() throws IOException {
        Map<String, Set<String>> graph = dependencies(Path.of("src/main/java"));

        assertThat(graph).containsKeys("dev.convergent.lattice", "dev.convergent.clock", "dev.convergent.crdt",
                "dev.convergent.kryo", "dev.convergent.health");
        assertThat(cycle(graph)).as("a cycle among %s", graph).isEmpty();
        assertThat(graph.get("dev.convergent.lattice")).as("the algebra depends on no other package").isEmpty();
        assertThat(graph.get("dev.convergent.clock")).containsExactly("dev.convergent.lattice");
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of("d", Set.of("a"), "a", Set.of("b"), "b", Set.of("c"),
                "c", Set.of("a")));

        assertThat(cycle(graph)).containsExactly("a", "b", "c", "a");
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }
}
