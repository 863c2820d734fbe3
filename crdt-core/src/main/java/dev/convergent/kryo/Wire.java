package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The building blocks of the wire format, shared by every serializer: the format version,
 * unsigned varints, bounded counts, replica names and id tables, and delta-encoded dot runs.
 * Readers check every value before use and report violations with {@link CrdtSerializationException}.
 */
final class Wire {

    /** Bytes a replica table entry needs at least: prefix length, suffix length, one character. */
    static final int MIN_NAME_ENTRY_BYTES = 3;

    /** Above this many entries, a reader of a stream (unknown remaining size) grows its buffers as it reads. */
    private static final int STREAM_INITIAL_CAPACITY = 1024;

    private Wire() {
    }

    // ---- versions and integers ----

    /** Writes a format version, which must be one this release writes (see {@link CrdtSerializer#versionFor}). */
    static void writeVersion(Output out, int version) {
        out.writeVarInt(version, true);
    }

    /** Reads a format version and returns it if this release can read it. */
    static int readVersion(Input in, String what) {
        long version = readVarLong(in, what, " format version");
        if (version < 1 || version > ConvergentKryo.FORMAT_VERSION) {
            throw new CrdtSerializationException("unsupported format version " + Long.toUnsignedString(version)
                    + " of " + what + ": this release reads versions 1 to " + ConvergentKryo.FORMAT_VERSION
                    + " (bytes written by a newer release need a newer library)");
        }
        return (int) version;
    }

    static void writeUnsigned(Output out, long value) {
        out.writeVarLong(value, true);
    }

    /**
     * Reads an unsigned varint as Kryo writes it ({@code writeVarLong(value, true)}, and
     * {@code writeVarInt(value, true)} for a non-negative int, which gives the same bytes): 7 bits per
     * byte, least significant first, the top bit of each of the first eight bytes saying another
     * follows, a ninth byte holding the top 8 bits. Unlike Kryo's own reader it accepts only the
     * shortest encoding of the value: a last byte of zero (after the first) means the value fits in
     * fewer bytes, and is refused as non-canonical, naming {@code what + detail}. Values of 2^63 and
     * more come back negative; callers check the range. Allocates nothing unless it throws.
     */
    static long readVarLong(Input in, String what, String detail) {
        int b = in.readByte();
        long result = b & 0x7F;
        if (b >= 0) {
            return result;
        }
        for (int shift = 7; shift < 56; shift += 7) {
            b = in.readByte();
            if (b >= 0) {
                if (b == 0) {
                    throw overlong(what, detail, shift / 7 + 1);
                }
                return result | (long) b << shift;
            }
            result |= (long) (b & 0x7F) << shift;
        }
        b = in.readByte();
        if (b == 0) {
            throw overlong(what, detail, 9);
        }
        return result | (long) (b & 0xFF) << 56;
    }

    /** {@link #readVarLong(Input, String, String)} for a site named by {@code what} alone. */
    static long readVarLong(Input in, String what) {
        return readVarLong(in, what, "");
    }

    private static CrdtSerializationException overlong(String what, String detail, int bytes) {
        return new CrdtSerializationException(what + detail + ": overlong varint (" + bytes
                + " bytes, the last of them zero, where the encoder writes " + (bytes - 1)
                + "; non-canonical encoding)");
    }

    /** Reads an unsigned varint that must lie in {@code [min, max]} (both non-negative). */
    static long readLong(Input in, long min, long max, String what) {
        long value = readVarLong(in, what);
        if (value < min || value > max) {
            throw outOfRange(what, value, min, max);
        }
        return value;
    }

    /** The error for a value outside {@code [min, max]}; callers on hot paths build {@code what} only when needed. */
    static CrdtSerializationException outOfRange(String what, long value, long min, long max) {
        return new CrdtSerializationException(what + " must be in [" + min + ", " + max + "], was "
                + Long.toUnsignedString(value));
    }

    static int readInt(Input in, int min, int max, String what) {
        return (int) readLong(in, min, max, what);
    }

    /** Reads a counter: any non-negative long. */
    static long readCounter(Input in, String what) {
        return readLong(in, 0, Long.MAX_VALUE, what);
    }

    /**
     * Reads a declared number of entries and checks it, before anything is allocated, against the
     * configured maximum and (for byte-array input) against the bytes that remain.
     */
    static int readCount(Input in, DecodeLimits limits, int minBytesEach, String what) {
        long declared = readVarLong(in, what);
        if (declared < 0 || declared > limits.maxEntries()) {
            throw new CrdtSerializationException(what + ": declared " + Long.toUnsignedString(declared)
                    + " entries, more than the maximum of " + limits.maxEntries());
        }
        long remaining = remaining(in);
        if (declared * minBytesEach > remaining) {
            throw new CrdtSerializationException(what + ": declared " + declared + " entries of at least "
                    + minBytesEach + " byte(s) each, but only " + remaining + " bytes remain");
        }
        return (int) declared;
    }

    /** The bytes left in a byte-array input; unknown (so unbounded) for a stream. */
    static long remaining(Input in) {
        return in.getInputStream() == null ? in.limit() - in.position() : Long.MAX_VALUE;
    }

    /** A list for {@code count} checked entries: pre-sized for byte-array input, grown as read from a stream. */
    static <T> List<T> listFor(int count, Input in) {
        return new ArrayList<>(initialCapacity(count, in));
    }

    /** How much room to reserve for {@code count} checked entries before reading them. */
    static int initialCapacity(int count, Input in) {
        return in.getInputStream() == null ? count : Math.min(count, STREAM_INITIAL_CAPACITY);
    }

    // ---- user objects ordered by their bytes ----

    /**
     * Returns the bytes {@code kryo.writeClassAndObject} writes for {@code object}: the canonical order
     * of user keys that no dot or timestamp orders (keys need not be {@code Comparable}, and their
     * hash codes may collide). Equal keys give equal bytes when their serializers are deterministic.
     */
    static byte[] classAndObjectBytes(Kryo kryo, Object object) {
        Output scratch = new Output(32, -1);
        kryo.writeClassAndObject(scratch, object);
        return scratch.toBytes();
    }

    /**
     * Refuses a Kryo whose writes depend on what it wrote before in the same graph: one that tracks
     * references, or one that does not require registration (it writes an unregistered class's name
     * once, then refers to it by number). A type that orders keys by their bytes encodes each such key
     * once more on the side, after which such a Kryo would write the key, or its class, as a
     * reference to the side encoding, which readers never see.
     */
    static void requireContextFreeWrites(Kryo kryo, String what) {
        if (kryo.getReferences() || !kryo.isRegistrationRequired()) {
            throw new CrdtSerializationException(what + " orders keys by their encoded bytes, which needs a Kryo"
                    + " that requires registration and keeps references off (Kryo 5's defaults)");
        }
    }

    // ---- characters and names ----

    /** Writes {@code s.charAt(from..)}, one to three bytes per UTF-16 unit (Kryo's modified UTF-8). */
    private static void writeChars(Output out, String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x800) {
                out.writeByte(0xC0 | (c >> 6));
                out.writeByte(0x80 | (c & 0x3F));
            } else {
                out.writeByte(0xE0 | (c >> 12));
                out.writeByte(0x80 | ((c >> 6) & 0x3F));
                out.writeByte(0x80 | (c & 0x3F));
            }
        }
    }

    /**
     * Reads one UTF-16 unit as {@link #writeChars} (and Kryo's {@code writeString}) writes it; rejects
     * malformed and overlong forms, so each string has exactly one encoding. {@code what} names the
     * string in messages ("a replica name").
     */
    static char readChar(Input in, String what) {
        int b = in.readByte() & 0xFF;
        if (b < 0x80) {
            return (char) b;
        }
        if ((b & 0xE0) == 0xC0) {
            int c = ((b & 0x1F) << 6) | continuation(in, what);
            if (c < 0x80) {
                throw new CrdtSerializationException("overlong character encoding in " + what
                        + " (non-canonical encoding)");
            }
            return (char) c;
        }
        if ((b & 0xF0) == 0xE0) {
            int c = ((b & 0x0F) << 12) | (continuation(in, what) << 6);
            c |= continuation(in, what);
            if (c < 0x800) {
                throw new CrdtSerializationException("overlong character encoding in " + what
                        + " (non-canonical encoding)");
            }
            return (char) c;
        }
        throw new CrdtSerializationException("invalid character encoding in " + what + ": lead byte 0x"
                + Integer.toHexString(b) + " (non-canonical encoding)");
    }

    private static int continuation(Input in, String what) {
        int b = in.readByte() & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw new CrdtSerializationException("invalid character encoding in " + what + ": continuation byte 0x"
                    + Integer.toHexString(b) + " (non-canonical encoding)");
        }
        return b & 0x3F;
    }

    /** Writes one replica name on its own: length, then characters. */
    static void writeName(Output out, ReplicaId id) {
        String name = id.name();
        out.writeVarInt(name.length(), true);
        writeChars(out, name, 0);
    }

    static ReplicaId readName(Input in, String what) {
        int length = readInt(in, 1, ReplicaId.MAX_LENGTH, what + " name length");
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = readChar(in, "a replica name");
        }
        return replica(new String(chars), what);
    }

    private static ReplicaId replica(String name, String what) {
        try {
            return ReplicaId.of(name);
        } catch (IllegalArgumentException e) {
            throw new CrdtSerializationException(what + ": invalid replica name: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a state's replica table: the count, then each name front-coded against the previous one
     * (length of the shared prefix, length of the rest, the rest). Names must be sorted and distinct.
     */
    static void writeTable(Output out, ReplicaId[] sorted) {
        out.writeVarInt(sorted.length, true);
        String previous = "";
        for (ReplicaId id : sorted) {
            String name = id.name();
            int shared = sharedPrefix(previous, name);
            out.writeVarInt(shared, true);
            out.writeVarInt(name.length() - shared, true);
            writeChars(out, name, shared);
            previous = name;
        }
    }

    /** Reads a replica table, checking that names are valid, strictly increasing, and canonically front-coded. */
    static ReplicaId[] readTable(Input in, DecodeLimits limits, String what) {
        int n = readCount(in, limits, MIN_NAME_ENTRY_BYTES, what + " replica table");
        List<ReplicaId> ids = listFor(n, in);
        char[] chars = new char[ReplicaId.MAX_LENGTH];
        String previous = "";
        for (int i = 0; i < n; i++) {
            long shared = readVarLong(in, what, " replica table shared prefix");
            if (shared < 0 || shared > previous.length()) {
                throw outOfRange(what + " replica " + i + " shared prefix", shared, 0, previous.length());
            }
            long rest = readVarLong(in, what, " replica table suffix length");
            if (rest < 1 || rest > ReplicaId.MAX_LENGTH - shared) {
                throw outOfRange(what + " replica " + i + " suffix length", rest, 1, ReplicaId.MAX_LENGTH - shared);
            }
            for (int k = (int) shared; k < shared + rest; k++) {
                chars[k] = readChar(in, "a replica name");
            }
            String name = new String(chars, 0, (int) (shared + rest));
            if (shared < previous.length() && name.charAt((int) shared) == previous.charAt((int) shared)) {
                throw new CrdtSerializationException(what + ": replica " + i + " is not front-coded canonically");
            }
            if (name.compareTo(previous) <= 0) {
                throw new CrdtSerializationException(what + ": replica table must be strictly increasing, but "
                        + name + " follows " + previous);
            }
            ids.add(replica(name, what));
            previous = name; // chars[0, name.length()) now holds it: the next shared prefix is already in place
        }
        return ids.toArray(new ReplicaId[0]);
    }

    private static int sharedPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int i = 0;
        while (i < max && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The sorted union of a vector's replicas and the replicas of sorted dots. */
    static ReplicaId[] table(VersionVector vector, List<Dot> sortedDots) {
        List<ReplicaId> out = new ArrayList<>(vector.size() + 1);
        int i = 0;
        int j = 0;
        while (i < vector.size() || j < sortedDots.size()) {
            ReplicaId next;
            if (j == sortedDots.size()) {
                next = vector.replicaAt(i++);
            } else if (i == vector.size()) {
                next = sortedDots.get(j++).replica();
            } else {
                int c = vector.replicaAt(i).compareTo(sortedDots.get(j).replica());
                next = c <= 0 ? vector.replicaAt(i++) : sortedDots.get(j++).replica();
            }
            if (out.isEmpty() || !out.get(out.size() - 1).equals(next)) {
                out.add(next);
            }
        }
        return out.toArray(new ReplicaId[0]);
    }

    /** The sorted replicas of a vector. */
    static ReplicaId[] table(VersionVector vector) {
        ReplicaId[] ids = new ReplicaId[vector.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vector.replicaAt(i);
        }
        return ids;
    }

    /** The sorted union of two sorted, duplicate-free tables. */
    static ReplicaId[] union(ReplicaId[] a, ReplicaId[] b) {
        List<ReplicaId> out = new ArrayList<>(a.length + b.length);
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            int c = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
            if (c < 0) {
                out.add(a[i++]);
            } else if (c > 0) {
                out.add(b[j++]);
            } else {
                out.add(a[i++]);
                j++;
            }
        }
        return out.toArray(new ReplicaId[0]);
    }

    static int indexOf(ReplicaId[] table, ReplicaId id) {
        int i = Arrays.binarySearch(table, id);
        if (i < 0) {
            throw new IllegalStateException("replica " + id + " missing from the state's replica table");
        }
        return i;
    }

    // ---- version vectors over a table ----

    /** Writes one counter per table entry, 0 for replicas the vector lacks. */
    static void writeCounters(Output out, ReplicaId[] table, VersionVector vector) {
        int j = 0;
        for (ReplicaId id : table) {
            if (j < vector.size() && vector.replicaAt(j).equals(id)) {
                out.writeVarLong(vector.counterAt(j++), true);
            } else {
                out.writeVarLong(0L, true);
            }
        }
    }

    static long[] readCounters(Input in, ReplicaId[] table, String what) {
        long[] counters = new long[table.length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = readVarLong(in, what, " counter");
            if (counters[i] < 0) {
                throw outOfRange(what + " counter of " + table[i], counters[i], 0, Long.MAX_VALUE);
            }
        }
        return counters;
    }

    static VersionVector vector(ReplicaId[] table, long[] counters) {
        Map<ReplicaId, Long> entries = new LinkedHashMap<>();
        for (int i = 0; i < table.length; i++) {
            if (counters[i] != 0) {
                entries.put(table[i], counters[i]);
            }
        }
        return VersionVector.of(entries);
    }

    // ---- dot runs ----

    /**
     * Delta-encodes strictly increasing dots against a table. Each dot is one unsigned varint
     * {@code step << 1 | flag}: flag 0 means the same replica as the previous dot and a counter
     * {@code step} higher; flag 1 means the replica {@code step} places further in the table, and is
     * followed by the dot's counter. The run starts at table index 0, counter 0.
     */
    static final class DotWriter {
        private final ReplicaId[] table;
        private int index;
        private long counter;

        DotWriter(ReplicaId[] table) {
            this.table = table;
        }

        DotWriter(ReplicaId[] table, int index, long counter) {
            this.table = table;
            this.index = index;
            this.counter = counter;
        }

        /** Writes {@code dot}, which must be greater than the previous dot of this run. */
        int write(Output out, Dot dot) {
            int i = indexOf(table, dot.replica());
            if (i == index) {
                out.writeVarLong((dot.counter() - counter) << 1, true);
            } else {
                out.writeVarLong(((long) (i - index) << 1) | 1L, true);
                out.writeVarLong(dot.counter(), true);
            }
            index = i;
            counter = dot.counter();
            return i;
        }
    }

    /** Reads what {@link DotWriter} wrote; every dot is strictly greater than the previous one. */
    static final class DotReader {
        private final ReplicaId[] table;
        private final String what;
        private int index;
        private long counter;

        DotReader(ReplicaId[] table, String what) {
            this.table = table;
            this.what = what;
        }

        DotReader(ReplicaId[] table, String what, int index, long counter) {
            this(table, what);
            this.index = index;
            this.counter = counter;
        }

        Dot read(Input in) {
            long head = readVarLong(in, what, " dot step");
            long step = head >>> 1;
            if (step == 0) {
                throw new CrdtSerializationException(what + ": dots must be strictly increasing");
            }
            if ((head & 1L) == 0) {
                if (index >= table.length) {
                    throw new CrdtSerializationException(what + ": dot refers to replica index " + index
                            + " of a table of " + table.length);
                }
                if (step > Long.MAX_VALUE - counter) {
                    throw new CrdtSerializationException(what + ": dot counter overflows past " + Long.MAX_VALUE);
                }
                counter += step;
            } else {
                if (step > table.length - 1L - index) {
                    throw new CrdtSerializationException(what + ": dot refers to replica index " + (index + step)
                            + " of a table of " + table.length);
                }
                index += (int) step;
                counter = readVarLong(in, what, " dot counter");
                if (counter < 1) {
                    throw outOfRange(what + " dot counter", counter, 1, Long.MAX_VALUE);
                }
            }
            return new Dot(table[index], counter);
        }

        int index() {
            return index;
        }

        long counter() {
            return counter;
        }
    }
}
