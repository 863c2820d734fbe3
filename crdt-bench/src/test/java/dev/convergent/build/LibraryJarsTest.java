package dev.convergent.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an IDE and the module path need from every library jar the reactor built before this module: a stable
 * JPMS name in the manifest, and the sources and Javadoc jars beside it (installed with it by
 * {@code ./mvnw install}).
 */
class LibraryJarsTest {

    @ParameterizedTest
    @CsvSource({"crdt-core, dev.convergent.core", "crdt-testkit, dev.convergent.testkit",
        "crdt-pekko, dev.convergent.pekko"})
    void everyLibraryJarHasAModuleNameAndSourcesAndJavadocBesideIt(String module, String moduleName)
            throws IOException {
        Path target = Path.of("..", module, "target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(p -> p.getFileName().toString().matches(module + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .toList();
        }
        assertThat(jars).as("%s's jar (run the whole reactor: ./mvnw -B verify)", module).hasSize(1);
        Path jar = jars.get(0);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .isEqualTo(moduleName);
        }
        String base = jar.getFileName().toString().replace(".jar", "");
        assertThat(target.resolve(base + "-sources.jar")).isNotEmptyFile();
        assertThat(target.resolve(base + "-javadoc.jar")).isNotEmptyFile();
        try (JarFile sources = new JarFile(target.resolve(base + "-sources.jar").toFile())) {
            assertThat(sources.stream().anyMatch(e -> e.getName().endsWith(".java"))).isTrue();
        }
    }
}
