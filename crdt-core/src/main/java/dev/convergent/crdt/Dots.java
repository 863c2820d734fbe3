package dev.convergent.crdt;

import dev.convergent.clock.Dot;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The dots that keep one key live, stored compactly: a lone {@link Dot} itself (the common case,
 * no wrapper), or a {@code Dots} holding two or more dots sorted. Package-private helpers for
 * {@link DotKernel}; values are compared with {@code equals}.
 */
final class Dots {

    private final Dot[] sorted;

    private Dots(Dot[] sorted) {
        this.sorted = sorted;
    }

    /** The canonical value for the given dots: null if none, the dot if one, else a sorted Dots. */
    static Object of(Collection<Dot> dots) {
        if (dots.isEmpty()) {
            return null;
        }
        if (dots.size() == 1) {
            return dots.iterator().next();
        }
        Dot[] array = dots.toArray(new Dot[0]);
        Arrays.sort(array);
        return new Dots(array);
    }

    /** The canonical value of two different dots, without a collection: a sorted Dots of both. */
    static Dots pair(Dot a, Dot b) {
        return new Dots(a.compareTo(b) < 0 ? new Dot[] {a, b} : new Dot[] {b, a});
    }

    static int count(Object value) {
        return value instanceof Dot ? 1 : ((Dots) value).sorted.length;
    }

    static Dot at(Object value, int i) {
        return value instanceof Dot ? (Dot) value : ((Dots) value).sorted[i];
    }

    static boolean contains(Object value, Dot dot) {
        if (value instanceof Dot) {
            return value.equals(dot);
        }
        return Arrays.binarySearch(((Dots) value).sorted, dot) >= 0;
    }

    /** A read-only set view of a value. */
    static Set<Dot> asSet(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (value instanceof Dot) {
            return Set.of((Dot) value);
        }
        Dot[] sorted = ((Dots) value).sorted;
        return new AbstractSet<>() {
            @Override
            public Iterator<Dot> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < sorted.length;
                    }

                    @Override
                    public Dot next() {
                        if (i >= sorted.length) {
                            throw new NoSuchElementException();
                        }
                        return sorted[i++];
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Dot && Arrays.binarySearch(sorted, (Dot) o) >= 0;
            }

            @Override
            public int size() {
                return sorted.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Dots && Arrays.equals(sorted, ((Dots) o).sorted));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
