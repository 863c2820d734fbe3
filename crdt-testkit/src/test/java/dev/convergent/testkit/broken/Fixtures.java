package dev.convergent.testkit.broken;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a law fixture on the jqwik engine, as a user's build would, and collects what each law reported. */
final class Fixtures {

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
        return outcomes;
    }

    private static String property(Event event) {
        return ((MethodSource) event.getTestDescriptor().getSource().orElseThrow()).getMethodName();
    }

    private static Throwable failure(Event event) {
        TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
        return result.getThrowable().orElse(null);
    }
}
