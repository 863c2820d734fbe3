package dev.convergent.testkit.broken;

import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Crdt;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A grow-only set that keeps its elements in arrival order. Correct as a CRDT, but a codec that writes
 * the elements in that order gives equal sets different bytes.
 */
final class ArrivalOrderSet implements Crdt<ArrivalOrderSet> {

    static final ArrivalOrderSet EMPTY = new ArrivalOrderSet(new LinkedHashSet<>());

    private final LinkedHashSet<String> elements;

    private ArrivalOrderSet(LinkedHashSet<String> elements) {
        this.elements = elements;
    }

    static ArrivalOrderSet of(Iterable<String> elements) {
        LinkedHashSet<String> copy = new LinkedHashSet<>();
        elements.forEach(copy::add);
        return new ArrivalOrderSet(copy);
    }

    ArrivalOrderSet add(String element) {
        LinkedHashSet<String> next = new LinkedHashSet<>(elements);
        next.add(element);
        return new ArrivalOrderSet(next);
    }

    Set<String> elements() {
        return elements;
    }

    @Override
    public ArrivalOrderSet merge(ArrivalOrderSet other) {
        LinkedHashSet<String> union = new LinkedHashSet<>(elements);
        union.addAll(other.elements);
        return new ArrivalOrderSet(union);
    }

    @Override
    public Causality compare(ArrivalOrderSet other) {
        return Causality.of(other.elements.containsAll(elements), elements.containsAll(other.elements));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrivalOrderSet && elements.equals(((ArrivalOrderSet) o).elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }

    @Override
    public String toString() {
        return "ArrivalOrderSet" + elements;
    }
}
