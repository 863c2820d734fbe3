package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kryo is optional in crdt-core: a program that creates a codec without it gets a message naming the
 * dependency to add, not a bare {@code NoClassDefFoundError}. Runs a second JVM with crdt-core's classes and no
 * Kryo on its class path.
 */
class NoKryoOnClassPathTest {

    @Test
    void creatingACodecWithoutKryoNamesTheMissingDependency() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Path.of("target", "classes") + File.pathSeparator + Path.of("target", "test-classes");
        Process process = new ProcessBuilder(List.of(java, "-cp", classPath, NoKryoProbe.class.getName()))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ends within 60 s").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).startsWith("java.lang.IllegalStateException: KryoCodec needs Kryo")
                .contains("com.esotericsoftware:kryo:5.6.2").doesNotContain("NoClassDefFoundError");
    }
}
