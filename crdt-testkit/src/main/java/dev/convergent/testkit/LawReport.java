package dev.convergent.testkit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Completes the failure report of a law property run by jqwik: appends the property, the shrunk
 * counterexample and the seed to the {@link LawViolation}, and pins the seed when the system property
 * {@value #SEED_PROPERTY} is set. Properties a user adds to a law test are left alone.
 */
final class LawReport implements AroundPropertyHook {

    /** The system property that fixes the seed of every law property, to reproduce a failure. */
    static final String SEED_PROPERTY = "convergent.laws.seed";

    private static final Set<Class<?>> CONTRACTS =
            Set.of(CrdtLaws.class, DeltaCrdtLaws.class, SerializationLaws.class, PruningLaws.class);

    LawReport() {
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String pinned = System.getProperty(SEED_PROPERTY, "").strip();
        if (!pinned.isEmpty()) {
            context.attributes().setSeed(pinned);
        }
        PropertyExecutionResult result = property.execute();
        Method method = context.targetMethod();
        if (result.status() != PropertyExecutionResult.Status.FAILED || result.throwable().isEmpty()
                || !CONTRACTS.contains(method.getDeclaringClass())) {
            return result;
        }
        String seed = result.seed().orElse("unknown");
        String report = "  property: " + method.getName() + Laws.nl()
                + "  counterexample (shrunk): " + sample(result.falsifiedParameters().orElse(List.of())) + Laws.nl()
                + "  seed: " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")" + Laws.nl();
        return result.mapToFailed(extend(result.throwable().get(), method.getName(), report));
    }

    /** Adds the report to a law violation, or wraps any other failure (an exception thrown by merge, say). */
    static AssertionError extend(Throwable failure, String property, String report) {
        if (failure instanceof LawViolation violation) {
            return violation.withReport(report);
        }
        return new AssertionError(property + " failed: " + failure + Laws.nl() + report, failure);
    }

    private static String sample(List<Object> parameters) {
        return parameters.size() == 1 ? String.valueOf(parameters.get(0)) : parameters.toString();
    }

    /** Runs inside jqwik's own reporting, so that it sees the shrunk sample and the seed. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }
}
