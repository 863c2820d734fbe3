package dev.convergent.testkit;

import java.util.Objects;

/**
 * Thrown when a CRDT breaks a law. The message opens with the law in words, then shows the inputs
 * and the two results that should have been equal, each with its {@code toString}.
 */
public final class LawViolation extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient Law law;

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
    }

    /**
     * Returns the law that failed.
     *
     * @return the law
     */
    public Law law() {
        return law;
    }
}
