package dev.convergent.testkit;

/**
 * The laws the kit checks, each with the sentence a failure report opens with. {@link Laws} has one
 * check per law; {@link CrdtLaws}, {@link DeltaCrdtLaws} and {@link SerializationLaws} run them.
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
    /** Replicas that gossip full states hold equal states once every message is delivered. */
    REPLICAS_CONVERGE("replicas do not converge"),
    /** Equal states have equal observable values ({@link CrdtLaws#observe}). */
    OBSERVABLY_EQUAL("equal states have different observable values"),
    /** A delta is below or equal to the state its mutator produced: {@code delta ≤ new}. */
    DELTA_BELOW_STATE("the delta is larger than the state it describes"),
    /** Merging the delta into the old state gives the new state: {@code old ⊔ delta = new}. */
    DELTA_MATCHES_OPERATION("applying the delta is not the same as applying the operation"),
    /** Deltas merge into delta groups: {@code s ⊔ (d1 ⊔ d2) = (s ⊔ d1) ⊔ d2}. */
    DELTA_GROUP("deltas do not merge into delta groups"),
    /** Merging a delta a second time changes nothing: {@code (s ⊔ d) ⊔ d = s ⊔ d}. */
    DELTA_IDEMPOTENT("merging a delta twice is not a no-op"),
    /** Merging a delta into any replica's state moves it up the order: {@code s ≤ s ⊔ d}. */
    DELTA_INFLATES("merging a delta does not inflate the state"),
    /** Replicas that ship only deltas hold equal states once every delta is delivered. */
    DELTA_REPLICAS_CONVERGE("replicas that ship only deltas do not converge"),
    /** Pruning a retired replica changes no replica's observable value at any step of any history. */
    PRUNING_INVISIBLE("pruning changed what a replica observes"),
    /** {@code prune(prune(s)) = prune(s)}, the value is kept and the retired id is gone. */
    PRUNING_IDEMPOTENT("pruning is not idempotent or does not remove the retired id"),
    /** {@code prune(s) ⊔ x = prune(s ⊔ x)} for a state {@code x} that has not seen the pruning. */
    PRUNING_COMMUTES_WITH_MERGE("pruning does not commute with merging a state that has not seen it"),
    /** After pruning, replicas converge once every message is delivered, and the retired id is gone. */
    PRUNED_REPLICAS_CONVERGE("replicas do not converge after pruning"),
    /**
     * Every call (an operation, merge, compare, a delta mutator, encode, decode, prune) leaves its
     * inputs equal, and observably equal, to an equal state built independently before the call.
     */
    INPUTS_UNCHANGED("a call changed its input"),
    /** {@code decode(encode(x)) = x}. */
    SERIALIZATION_ROUND_TRIP("decode(encode(x)) does not equal x"),
    /** Equal states encode to identical bytes, however they were built. */
    SERIALIZATION_DETERMINISTIC("equal states serialize to different bytes");

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
