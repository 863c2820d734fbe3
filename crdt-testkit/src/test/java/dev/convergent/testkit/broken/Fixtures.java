package dev.convergent.testkit.broken;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a law fixture on the jqwik engine, as a user's build would, and collects what each law reported.
 * The seed is pinned (as a user reproducing a report would pin it): jqwik stops a shrink after ten seconds
 * of wall-clock time, so a random seed whose shrink is slow on a loaded machine would make these reports,
 * and the tests that read them, depend on the machine.
 */
final class Fixtures {

    private static final String SEED_PROPERTY = "convergent.laws.seed";

    /** The seed every fixture runs with, unless {@code -Dconvergent.laws.seed} already pins one. */
    static final String SEED = "20261203";

    private Fixtures() {
    }

    /** The outcome of each law property of {@code fixture}: its failure message, or null when it passed. */
    static Map<String, String> runOnJqwik(Class<?> fixture) {
        Map<String, String> messages = new LinkedHashMap<>();
        failuresOnJqwik(fixture).forEach((law, failure) -> messages.put(law, failure == null ? null
                : failure.getMessage()));
        return messages;
    }

    /** The outcome of each law property of {@code fixture}: what it threw, or null when it passed. */
    static Map<String, Throwable> failuresOnJqwik(Class<?> fixture) {
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        String previous = System.getProperty(SEED_PROPERTY);
        if (previous == null) {
            System.setProperty(SEED_PROPERTY, SEED);
        }
        try {
            run(fixture, outcomes);
        } finally {
            if (previous == null) {
                System.clearProperty(SEED_PROPERTY);
            }
        }
        return outcomes;
    }

    private static void run(Class<?> fixture, Map<String, Throwable> outcomes) {
        EngineTestKit.engine("jqwik")
                .enableImplicitConfigurationParameters(true)
                // jqwik's own report goes to the platform's report entries, not to the build log
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .selectors(selectClass(fixture))
                .execute()
                .testEvents()
                .finished()
                .stream()
                .forEach(e -> outcomes.put(property(e), failure(e)));
    }

    private static String property(Event event) {
        return ((MethodSource) event.getTestDescriptor().getSource().orElseThrow()).getMethodName();
    }

    private static Throwable failure(Event event) {
        TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
        return result.getThrowable().orElse(null);
    }
}
