package dev.convergent.testkit.broken;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.Objects;

/**
 * BROKEN on purpose: a last-writer-wins register with Lamport timestamps but no tie-break, so two
 * replicas that write at the same timestamp each keep their own value.
 */
final class TieLosingRegister implements Crdt<TieLosingRegister> {

    static final TieLosingRegister EMPTY = new TieLosingRegister("", 0);

    private final String value;
    private final long timestamp;

    private TieLosingRegister(String value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
    }

    /** Writes with the next timestamp after the current one. */
    TieLosingRegister write(String newValue) {
        return new TieLosingRegister(newValue, timestamp + 1);
    }

    @Override
    public TieLosingRegister merge(TieLosingRegister other) {
        return other.timestamp > timestamp ? other : this; // BUG: a tie keeps whichever side merges
    }

    @Override
    public Causality compare(TieLosingRegister other) {
        if (timestamp != other.timestamp) {
            return timestamp < other.timestamp ? Causality.BEFORE : Causality.AFTER;
        }
        return value.equals(other.value) ? Causality.EQUAL : Causality.CONCURRENT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TieLosingRegister r && r.timestamp == timestamp && r.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, timestamp);
    }

    @Override
    public String toString() {
        return "TieLosingRegister(" + value + " @" + timestamp + ")";
    }
}
