package dev.convergent.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use it" section is true: its complete consumer pom, with a cart, the cart's law tests and a plain
 * JUnit law test, builds with Maven offline against the jars this reactor built, and its law tests run (a count
 * above zero: a Surefire that knows no JUnit Platform would run none and pass). Its dependency blocks are the
 * pom's, with this build's versions, and the kit page's set-up block is the README's.
 */
class ConsumerProjectTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("convergent.version", "");
    private static final Pattern BLOCK = Pattern.compile("<!-- use-it: ([a-z-]+) -->\\n```xml\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern TESTS = Pattern.compile("<testsuite [^>]*?tests=\"(\\d+)\"[^>]*?>");
    private static final Pattern FAILED = Pattern.compile("<testsuite [^>]*?(?:failures|errors)=\"([1-9]\\d*)\"");
    private static final long BUILD_MINUTES = 5;
    /** How many law properties a delta + serialization contract declares. */
    private static final int CART_LAWS = 23;

    @Test
    void theDependencyBlocksAreTheConsumerPomsWithThisBuildsVersions() throws IOException {
        Map<String, String> readme = blocks(ROOT.resolve("README.md"));
        Map<String, String> kitPage = blocks(ROOT.resolve("docs/testing-your-crdt.md"));
        String parent = Files.readString(ROOT.resolve("pom.xml"));

        assertThat(readme).containsKeys("crdt-core", "kryo", "crdt-testkit", "surefire", "consumer-pom");
        String pom = flat(readme.get("consumer-pom"));
        for (String name : List.of("crdt-core", "kryo", "crdt-testkit", "surefire")) {
            assertThat(pom).as("the consumer pom holds the %s block", name).contains(flat(readme.get(name)));
        }
        assertThat(kitPage.get("crdt-testkit")).isEqualTo(readme.get("crdt-testkit"));
        assertThat(kitPage.get("surefire")).isEqualTo(readme.get("surefire"));
        assertThat(readme.get("crdt-core")).contains("<version>" + VERSION + "</version>");
        assertThat(readme.get("kryo")).contains("<version>" + property(parent, "kryo.version") + "</version>");
        assertThat(readme.get("crdt-testkit")).contains("<version>" + VERSION + "</version>")
                .contains("<version>" + property(parent, "junit.version") + "</version>");
        assertThat(readme.get("surefire")).contains("<version>" + property(parent, "surefire.plugin.version")
                + "</version>");
        assertThat(VERSION).as("the build passes convergent.version").isNotEmpty();
    }

    @Test
    void theReadmeConsumerPomBuildsOfflineAndRunsItsLawTests(@TempDir Path work) throws Exception {
        Path project = work.resolve("cart");
        Path repository = work.resolve("repository");
        copyTree(Path.of("src/test/resources/consumer"), project);
        Files.writeString(project.resolve("pom.xml"), blocks(ROOT.resolve("README.md")).get("consumer-pom"));
        install(repository, "convergent-parent", ROOT.resolve("pom.xml"), null);
        for (String module : List.of("crdt-core", "crdt-testkit")) {
            Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
            assertThat(jar).as("%s's jar (run the whole reactor: ./mvnw -B verify)", module).isRegularFile();
            install(repository, module, ROOT.resolve(module).resolve("pom.xml"), jar);
        }

        Path log = work.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-o", "verify",
                "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + localRepository())
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        build.environment().remove("MAVEN_ARGS");
        Process maven = build.start();
        boolean finished = maven.waitFor(BUILD_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(finished).as("the consumer build ended within %d minutes:%n%s", BUILD_MINUTES, tail(output))
                .isTrue();
        assertThat(maven.exitValue()).as("the consumer build passed:%n%s", tail(output)).isZero();

        Path reports = project.resolve("target/surefire-reports");
        assertThat(testsIn(reports.resolve("TEST-example.CartLawsTest.xml"))).isEqualTo(CART_LAWS);
        assertThat(testsIn(reports.resolve("TEST-example.CartPlainJUnitTest.xml"))).isEqualTo(1);
        assertThat(output).contains("Tests run: " + (CART_LAWS + 1) + ", Failures: 0, Errors: 0");
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".xml")).map(ConsumerProjectTest::read))
                    .noneMatch(xml -> FAILED.matcher(xml).find());
        }
    }

    /** The user's Maven repository this build resolved from: the read-only tail of the consumer's. */
    private static String localRepository() {
        String configured = System.getProperty("convergent.localRepository", "");
        return configured.isEmpty() ? Path.of(System.getProperty("user.home"), ".m2", "repository").toString()
                : configured;
    }

    /** Lays an artifact out as {@code mvn install} would, so that an offline build resolves it. */
    private static void install(Path repository, String artifact, Path pom, Path jar) throws IOException {
        Path dir = repository.resolve("dev/convergent").resolve(artifact).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    private static int testsIn(Path report) {
        assertThat(report).as("the law tests ran and Surefire reported them").isRegularFile();
        Matcher m = TESTS.matcher(read(report));
        assertThat(m.find()).as("a test suite in %s", report).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Map<String, String> blocks(Path markdown) throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(markdown));
        while (m.find()) {
            assertThat(blocks.put(m.group(1), m.group(2))).as("one %s block in %s", m.group(1), markdown).isNull();
        }
        return blocks;
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("%s in the parent pom", name).isTrue();
        return m.group(1);
    }

    private static String flat(String xml) {
        return xml.replaceAll("\\s+", "");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
