package dev.convergent.testkit;

import java.lang.reflect.Method;
import java.util.Arrays;
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

    /**
     * The system property that fixes the seed of every law property, to reproduce a failure: under
     * jqwik and under {@link CrdtLaws#check} alike.
     */
    static final String SEED_PROPERTY = "convergent.laws.seed";
    /** The system property that, set to {@code true}, keeps the stack traces of law failures. */
    static final String STACK_TRACE_PROPERTY = "convergent.laws.stacktrace";
    /** The package whose frames end the user's part of a stack trace. */
    private static final String KIT_PACKAGE = LawReport.class.getPackageName() + ".";

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
                + seedLine(seed);
        return result.mapToFailed(extend(result.throwable().get(), method.getName(), report));
    }

    /** The last line of every report: the seed, and the one rerun instruction both runners obey. */
    static String seedLine(String seed) {
        return "  seed: " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")" + Laws.nl();
    }

    /** Whether law failures keep their stack traces ({@value #STACK_TRACE_PROPERTY}). */
    static boolean stackTraces() {
        return Boolean.getBoolean(STACK_TRACE_PROPERTY);
    }

    /**
     * Adds the report to a law violation, or wraps any other failure (an exception thrown by merge,
     * say). A wrapped exception stays the cause, its stack trace cut, unless
     * {@value #STACK_TRACE_PROPERTY} is set, to the frames above the kit: the code that threw.
     */
    static AssertionError extend(Throwable failure, String property, String report) {
        if (failure instanceof LawViolation violation) {
            return violation.withReport(report);
        }
        AssertionError wrapped = new AssertionError(property + " failed: " + failure + Laws.nl() + report, failure);
        if (!stackTraces()) {
            wrapped.setStackTrace(new StackTraceElement[0]);
            StackTraceElement[] frames = failure.getStackTrace();
            int user = 0;
            while (user < frames.length && !inKit(frames[user].getClassName())) {
                user++;
            }
            failure.setStackTrace(Arrays.copyOf(frames, user));
        }
        return wrapped;
    }

    private static boolean inKit(String className) {
        return className.startsWith(KIT_PACKAGE) && className.indexOf('.', KIT_PACKAGE.length()) < 0;
    }

    /** Adds lines to a report made by {@link #extend}, keeping its law, cause and stack trace. */
    static AssertionError append(AssertionError report, String moreLines) {
        if (report instanceof LawViolation violation) {
            LawViolation longer = violation.withReport(moreLines);
            longer.setStackTrace(report.getStackTrace());
            return longer;
        }
        AssertionError longer = new AssertionError(report.getMessage() + moreLines, report.getCause());
        longer.setStackTrace(report.getStackTrace());
        return longer;
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
