package dev.convergent.lattice;

import java.util.Objects;

/**
 * The outcome of comparing two states in a partial order: the four words shared by version
 * vectors and every CRDT in this library.
 */
public enum Causality {
    /** The first state is strictly below the second: the second has seen everything the first has. */
    BEFORE,
    /** The states are equal. */
    EQUAL,
    /** The first state is strictly above the second. */
    AFTER,
    /** Neither state is below the other: each has seen something the other has not. */
    CONCURRENT;

    /**
     * Returns whether the first state is below or equal to the second, i.e. merging the first into
     * the second changes nothing.
     *
     * @return {@code true} for {@code BEFORE} and {@code EQUAL}
     */
    public boolean isBeforeOrEqual() {
        return this == BEFORE || this == EQUAL;
    }

    /**
     * Returns whether the first state is above or equal to the second.
     *
     * @return {@code true} for {@code AFTER} and {@code EQUAL}
     */
    public boolean isAfterOrEqual() {
        return this == AFTER || this == EQUAL;
    }

    /**
     * Returns the outcome with the arguments swapped: {@code BEFORE} becomes {@code AFTER} and vice versa.
     *
     * @return the reversed outcome
     */
    public Causality reverse() {
        switch (this) {
            case BEFORE:
                return AFTER;
            case AFTER:
                return BEFORE;
            default:
                return this;
        }
    }

    /**
     * Combines the outcomes of comparing two components of a product state (for example the
     * increments and decrements of a PN-Counter): the product is {@code BEFORE} only if no component
     * is {@code AFTER} or {@code CONCURRENT}, and so on.
     *
     * @param other the outcome for the other component
     * @return the outcome for the product
     * @throws NullPointerException if {@code other} is null
     */
    public Causality and(Causality other) {
        Objects.requireNonNull(other, "other");
        if (this == other || other == EQUAL) {
            return this;
        }
        if (this == EQUAL) {
            return other;
        }
        return CONCURRENT;
    }

    /**
     * Builds the outcome from the two one-sided comparisons.
     *
     * @param leq whether the first state is below or equal to the second
     * @param geq whether the first state is above or equal to the second
     * @return the outcome
     */
    public static Causality of(boolean leq, boolean geq) {
        if (leq) {
            return geq ? EQUAL : BEFORE;
        }
        return geq ? AFTER : CONCURRENT;
    }
}
