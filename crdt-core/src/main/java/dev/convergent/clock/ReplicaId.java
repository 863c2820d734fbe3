package dev.convergent.clock;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity of a replica: the writer behind every dot, counter entry and timestamp tie-break.
 *
 * <p>An id is a non-empty string of at most {@value #MAX_LENGTH} characters without control
 * characters. Ids are interned: {@code of} returns the same instance for equal names while that
 * instance is reachable, so the hot paths of merge and compare usually settle equality by
 * reference. Ids are totally ordered by their names ({@link String#compareTo}), which gives every
 * replica the same iteration and tie-break order.
 *
 * <p>Value-based, immutable and thread-safe.
 */
public final class ReplicaId implements Comparable<ReplicaId> {

    /** The maximum length of a replica name, in UTF-16 characters. */
    public static final int MAX_LENGTH = 128;

    private static final ConcurrentHashMap<String, Ref> INTERNED = new ConcurrentHashMap<>();
    private static final ReferenceQueue<ReplicaId> CLEARED = new ReferenceQueue<>();

    private final String name;
    private final int hash;
    /**
     * The one-element id array of every version vector with this id alone (a delta's, a flag's or a register's
     * context): vectors never write to their id arrays, so they share it instead of allocating one each.
     */
    private final ReplicaId[] alone = {this};

    private ReplicaId(String name) {
        this.name = name;
        this.hash = name.hashCode();
    }

    /** This id alone, as a vector's shared id array; never to be written to. */
    ReplicaId[] alone() {
        return alone;
    }

    /**
     * Returns the replica id with the given name.
     *
     * @param name the replica's name: 1 to {@value #MAX_LENGTH} characters of well-formed UTF-16, not all
     *     white space, with no control characters and no invisible format characters (zero-width spaces and
     *     joiners, byte-order marks, bidirectional controls: Unicode category Cf), so that two ids that look
     *     the same are the same
     * @return the (interned) id
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is empty, blank, too long, holds a lone surrogate, or
     *     contains a control or format character; the message names the rule, the character and its index
     */
    public static ReplicaId of(String name) {
        Objects.requireNonNull(name, "name");
        Ref ref = INTERNED.get(name);
        ReplicaId id = ref == null ? null : ref.get();
        return id != null ? id : intern(validate(name));
    }

    private static String validate(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("replica name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "replica name must be at most " + MAX_LENGTH + " characters, was " + name.length());
        }
        boolean blank = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "replica name must not contain control characters, found " + hex(c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                blank = false;
                i++; // a well-formed pair: one supplementary code point
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("replica name must be well-formed UTF-16, found a lone surrogate "
                        + hex(c) + " at index " + i);
            }
            if (Character.getType(c) == Character.FORMAT) {
                throw new IllegalArgumentException("replica name must not contain invisible format characters"
                        + " (zero-width, bidirectional controls), found " + hex(c) + " at index " + i);
            }
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                blank = false;
            }
        }
        if (blank) {
            throw new IllegalArgumentException("replica name must not be blank, was " + name.length()
                    + " white-space characters");
        }
        return name;
    }

    private static String hex(char c) {
        return String.format("U+%04X", (int) c);
    }

    private static ReplicaId intern(String name) {
        purgeCleared();
        while (true) {
            ReplicaId fresh = new ReplicaId(name);
            Ref existing = INTERNED.putIfAbsent(name, new Ref(fresh));
            if (existing == null) {
                return fresh;
            }
            ReplicaId live = existing.get();
            if (live != null) {
                return live;
            }
            INTERNED.remove(name, existing);
        }
    }

    private static void purgeCleared() {
        for (Object cleared; (cleared = CLEARED.poll()) != null; ) {
            Ref ref = (Ref) cleared;
            INTERNED.remove(ref.name, ref);
        }
    }

    /**
     * Returns the replica's name.
     *
     * @return the name given to {@link #of}
     */
    public String name() {
        return name;
    }

    /**
     * Orders ids by name. Consistent with {@link #equals}.
     *
     * @param other the id to compare with
     * @return a negative number, zero or a positive number as this id sorts before, equal to or after {@code other}
     */
    @Override
    public int compareTo(ReplicaId other) {
        return this == other ? 0 : name.compareTo(other.name);
    }

    /**
     * Two ids are equal when their names are equal.
     *
     * @param o the object to compare with
     * @return whether {@code o} is a replica id with the same name
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ReplicaId && name.equals(((ReplicaId) o).name));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Returns the replica's name. */
    @Override
    public String toString() {
        return name;
    }

    private static final class Ref extends WeakReference<ReplicaId> {
        private final String name;

        Ref(ReplicaId id) {
            super(id, CLEARED);
            this.name = id.name;
        }
    }
}
