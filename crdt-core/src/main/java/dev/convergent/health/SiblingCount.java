package dev.convergent.health;

/**
 * Siblings over a set of multi-value registers (for example every Dynamo-style cart a replica
 * holds): how many registers were looked at, how many sibling values they hold in total, the most on
 * one register, and how many hold concurrent versions (two or more siblings) — the conflict backlog
 * that waits for an application to resolve it. A register never written holds 0 siblings.
 *
 * <p>Immutable and thread-safe; value-based. Built by {@link TruthHealth#siblingCount}.
 *
 * @param registers how many registers were counted
 * @param siblings the sibling values summed over all registers
 * @param max the most siblings on one register, 0 when there is none
 * @param conflicted how many registers hold two or more siblings
 */
public record SiblingCount(int registers, long siblings, int max, int conflicted) {

    /**
     * Validates the components.
     *
     * @param registers how many registers were counted
     * @param siblings the sibling values summed
     * @param max the most on one register
     * @param conflicted how many registers hold two or more
     * @throws IllegalArgumentException if a count is negative or the counts contradict each other
     */
    public SiblingCount {
        if (registers < 0 || siblings < 0 || max < 0 || conflicted < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were registers " + registers + ", siblings "
                    + siblings + ", max " + max + ", conflicted " + conflicted);
        }
        if (conflicted > registers || max > siblings || (long) max * registers < siblings
                || (conflicted > 0 && max < 2)) {
            throw new IllegalArgumentException("counts contradict each other: registers " + registers + ", siblings "
                    + siblings + ", max " + max + ", conflicted " + conflicted);
        }
    }
}
