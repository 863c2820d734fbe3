package dev.convergent.testkit;

/**
 * The laws the kit checks, each with the sentence a failure report opens with.
 */
public enum Law {
    /** {@code a ⊔ a = a}. */
    MERGE_IDEMPOTENT("merge is not idempotent"),
    /** {@code a ⊔ b = b ⊔ a}. */
    MERGE_COMMUTATIVE("merge is not commutative"),
    /** {@code a ⊔ (b ⊔ c) = (a ⊔ b) ⊔ c}. */
    MERGE_ASSOCIATIVE("merge is not associative"),
    /** {@code a ≤ a ⊔ b} and {@code b ≤ a ⊔ b}. */
    MERGE_UPPER_BOUND("merge is not an upper bound of its inputs"),
    /** {@code a ≤ c ∧ b ≤ c ⇒ a ⊔ b ≤ c}. */
    MERGE_LEAST_UPPER_BOUND("merge is not the least upper bound"),
    /** {@code compare(a, a) = EQUAL}. */
    COMPARE_REFLEXIVE("compare is not reflexive"),
    /** {@code compare(b, a)} is the reverse of {@code compare(a, b)}, and EQUAL only for equal states. */
    COMPARE_ANTISYMMETRIC("compare is not antisymmetric"),
    /** {@code a ≤ b ∧ b ≤ c ⇒ a ≤ c}. */
    COMPARE_TRANSITIVE("compare is not transitive"),
    /** {@code a ≤ b ⇔ a ⊔ b = b}. */
    COMPARE_AGREES_WITH_MERGE("compare disagrees with merge"),
    /** Every operation moves a state up the order: {@code old ≤ new}. */
    OPERATION_INFLATES("an operation does not inflate the state"),
    /** Equal states have equal hash codes; equals is reflexive and symmetric. */
    EQUALS_HASHCODE_CONSISTENT("equals and hashCode are inconsistent"),
    /** Replicas that have received every message hold equal states. */
    REPLICAS_CONVERGE("replicas do not converge");

    private final String failure;

    Law(String failure) {
        this.failure = failure;
    }

    /**
     * Returns the sentence that opens a report of this law failing, e.g. "merge is not idempotent".
     *
     * @return the failure sentence
     */
    public String failure() {
        return failure;
    }
}
