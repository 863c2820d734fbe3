package dev.convergent.testkit;

import java.util.Objects;

/**
 * Thrown when a CRDT breaks a law. The message opens with the law in words, then shows the inputs
 * and the two results that should have been equal, each with its {@code toString}. When a runner
 * ({@link CrdtLaws} under jqwik, or {@link CrdtLaws#check}) reports the failure, it adds the shrunk
 * counterexample and the seed that reproduces it, and keeps the first report as the cause.
 */
public final class LawViolation extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient Law law;
    private final String details;

    /**
     * Creates a violation report.
     *
     * @param law the law that failed
     * @param details the inputs and results, one per line
     * @throws NullPointerException if an argument is null
     */
    public LawViolation(Law law, String details) {
        super(Objects.requireNonNull(law, "law").failure() + System.lineSeparator()
                + Objects.requireNonNull(details, "details"));
        this.law = law;
        this.details = details;
    }

    /**
     * Returns the law that failed.
     *
     * @return the law
     */
    public Law law() {
        return law;
    }

    /**
     * Returns the report without its opening sentence: the inputs and the results, one per line.
     *
     * @return the details
     */
    public String details() {
        return details;
    }

    /**
     * Returns the same violation with more lines appended to its report. The report is printed once:
     * there is no cause, and the stack trace is this one's when {@link LawReport#STACK_TRACE_PROPERTY}
     * is set, empty otherwise (a law's frames are the kit's and the test engine's, not the user's).
     */
    LawViolation withReport(String moreLines) {
        LawViolation extended = new LawViolation(law, details + moreLines);
        extended.setStackTrace(LawReport.stackTraces() ? getStackTrace() : new StackTraceElement[0]);
        return extended;
    }
}
