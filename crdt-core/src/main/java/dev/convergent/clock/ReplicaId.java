package dev.convergent.clock;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 *
 * <p>Implementation note: {@link #compareTo} sits in every walk of a version vector, a dot cloud and a dot index,
 * and comparing two names costs a few string reads. Each new id therefore takes an <em>order rank</em>, a long
 * strictly between the ranks of the live ids that sort next to it by name (a fixed step past the last one
 * when it sorts last or first, the midpoint otherwise, a small share of the room in a run of names made in
 * order), so that two ranked ids compare by one long comparison, with the same answer as their names. An id
 * created where its neighbours leave no room between their ranks takes none, and compares by name with every
 * id; ranked ids agree with name order, so the two rules make one total order.
 * Ranks are a property of this JVM's live ids only: nothing ranked is ever written out.
 */
public final class ReplicaId implements Comparable<ReplicaId> {

    /** The maximum length of a replica name, in UTF-16 characters. */
    public static final int MAX_LENGTH = 128;

    private static final ConcurrentHashMap<String, Ref> INTERNED = new ConcurrentHashMap<>();
    private static final ReferenceQueue<ReplicaId> CLEARED = new ReferenceQueue<>();

    /** The order ranks of the live ranked ids, by name; guards every id's creation and removal. */
    private static final TreeMap<String, Long> RANKS = new TreeMap<>();
    /** No rank: compared by name. Ranks are in [1, Long.MAX_VALUE]. */
    private static final long UNRANKED = 0;
    /** The rank of the first id, the middle of the range, and the step past an id that sorts first or last. */
    private static final long FIRST_RANK = 1L << 62;
    private static final long STEP = 1L << 40;
    /** The share of the room a name made in a run takes on the run's side (see {@link #rankFor}). */
    private static final int RUN = 64;
    /** The name of the id ranked last, to recognize runs; guarded by {@link #RANKS}. */
    private static String lastRanked;

    private final String name;
    private final int hash;
    /** The order rank (see the class note), or {@link #UNRANKED}. */
    private final long rank;
    /**
     * The one-element id array of every version vector with this id alone (a delta's, a flag's or a register's
     * context): vectors never write to their id arrays, so they share it instead of allocating one each.
     */
    private final ReplicaId[] alone = {this};

    private ReplicaId(String name, long rank) {
        this.name = name;
        this.hash = name.hashCode();
        this.rank = rank;
    }

    /** Whether this id has an order rank (see the class note), for tests. */
    boolean ranked() {
        return rank != UNRANKED;
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
        synchronized (RANKS) {
            purgeCleared();
            Ref existing = INTERNED.get(name);
            ReplicaId live = existing == null ? null : existing.get();
            if (live != null) {
                return live;
            }
            RANKS.remove(name); // a cleared id of this name not yet purged
            long rank = rankFor(name);
            ReplicaId fresh = new ReplicaId(name, rank);
            if (rank != UNRANKED) {
                RANKS.put(name, rank);
                lastRanked = name;
            }
            INTERNED.put(name, new Ref(fresh));
            return fresh;
        }
    }

    /**
     * A rank strictly between those of the ranked ids next to {@code name}, or none if they leave no room: a step
     * past the last (or first) id, else the midpoint, except in a run of names made in order next to the one made
     * just before ("node-0149" below "node-0150"), where it takes one 64th of the room on that side and leaves the
     * rest to the run's next name.
     */
    private static long rankFor(String name) {
        Map.Entry<String, Long> below = RANKS.lowerEntry(name);
        Map.Entry<String, Long> above = RANKS.higherEntry(name);
        String previous = lastRanked;
        if (below == null && above == null) {
            return FIRST_RANK;
        }
        if (above == null) {
            long lo = below.getValue();
            return lo < Long.MAX_VALUE - STEP ? lo + STEP : between(lo, Long.MAX_VALUE, 2);
        }
        if (below == null) {
            long hi = above.getValue();
            return hi > STEP + 1 ? hi - STEP : between(UNRANKED, hi, 2);
        }
        long lo = below.getValue();
        long hi = above.getValue();
        if (below.getKey().equals(previous)) {
            return between(lo, hi, RUN);
        }
        if (above.getKey().equals(previous)) {
            return between(lo, hi, -RUN);
        }
        return between(lo, hi, 2);
    }

    /**
     * The rank at {@code 1 / part} of the way from {@code lo} to {@code hi} (from {@code hi} down when {@code part}
     * is negative), strictly between them; none if there is no room.
     */
    private static long between(long lo, long hi, int part) {
        if (hi - lo < 2) {
            return UNRANKED;
        }
        long share = Math.max(1, (hi - lo) / Math.abs(part));
        long r = part > 0 ? lo + share : hi - share;
        return Math.min(Math.max(r, lo + 1), hi - 1);
    }

    /** Drops the entries of ids no longer reachable; called with the {@link #RANKS} lock held. */
    private static void purgeCleared() {
        for (Object cleared; (cleared = CLEARED.poll()) != null; ) {
            Ref ref = (Ref) cleared;
            if (INTERNED.remove(ref.name, ref)) {
                RANKS.remove(ref.name);
            }
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
     * Orders ids by name. Consistent with {@link #equals}. Two ids compare by their order ranks when both have one
     * (one long comparison, the same answer; see the class note), else by name.
     *
     * @param other the id to compare with
     * @return a negative number, zero or a positive number as this id sorts before, equal to or after {@code other}
     */
    @Override
    public int compareTo(ReplicaId other) {
        if (this == other) {
            return 0;
        }
        long a = rank;
        long b = other.rank;
        return a != UNRANKED && b != UNRANKED ? Long.compare(a, b) : name.compareTo(other.name);
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
