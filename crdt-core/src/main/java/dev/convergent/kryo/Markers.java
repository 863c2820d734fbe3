package dev.convergent.kryo;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Pruning;
import dev.convergent.lattice.Crdt;
import java.util.List;

/**
 * The pruning markers section that format version 2 appends to the bodies of the types that carry
 * {@link Pruning} markers: the number of markers, then each marker in increasing order of its retired
 * replica: the retired replica's name, the successor's name (each a {@linkplain Wire#writeName name}
 * on its own, not an index into the state's table), {@code base} and {@code upTo} (unsigned varints).
 *
 * <p>Only a state that holds markers somewhere (for an {@link ORMap}, in its keys, a value state or
 * its bottom, at any depth) is written as version 2; every other state is written as version 1, with
 * exactly the bytes of releases that predate pruning. So one state has one encoding, and a reader
 * that knows only version 1 refuses a pruned state with its "unsupported format version" message
 * instead of decoding it without its markers.
 */
final class Markers {

    /** The first format version with markers sections. */
    static final int VERSION = 2;

    /** Bytes a marker needs at least: two names of one character (length and character), base, upTo. */
    private static final int MIN_MARKER_BYTES = 6;

    private Markers() {
    }

    /** The version a state is written as: {@link #VERSION} if it holds markers, else 1. */
    static int versionFor(boolean marked) {
        return marked ? VERSION : 1;
    }

    /**
     * Whether a state holds pruning markers anywhere: in its own markers, either half of a
     * {@link PNCounter}, or an {@link ORMap}'s keys, value states or bottom (recursively). States of
     * other types (the user's CRDTs among them, which their own serializers write) hold none here.
     */
    static boolean held(Object state) {
        if (state instanceof GCounter) {
            return !((GCounter) state).prunings().isEmpty();
        }
        if (state instanceof PNCounter) {
            PNCounter counter = (PNCounter) state;
            return held(counter.increments()) || held(counter.decrements());
        }
        if (state instanceof ORSet) {
            return !((ORSet<?>) state).prunings().isEmpty();
        }
        if (state instanceof MVRegister) {
            return !((MVRegister<?>) state).prunings().isEmpty();
        }
        if (state instanceof EnableWinsFlag) {
            return !((EnableWinsFlag) state).prunings().isEmpty();
        }
        if (state instanceof ORMap) {
            ORMap<?, ?> map = (ORMap<?, ?>) state;
            if (!map.prunings().isEmpty() || held(map.bottom())) {
                return true;
            }
            for (Crdt<?> value : map.valueStates().values()) {
                if (held(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes a markers section; {@code markers} come sorted by retired id, as the states return them. */
    static void write(Output output, List<Pruning> markers) {
        output.writeVarInt(markers.size(), true);
        for (Pruning p : markers) {
            Wire.writeName(output, p.retired());
            Wire.writeName(output, p.successor());
            Wire.writeUnsigned(output, p.base());
            Wire.writeUnsigned(output, p.upTo());
        }
    }

    /**
     * Reads a markers section, checking the count against the limits and the remaining bytes, and
     * that retired ids are strictly increasing (one marker per retired id, in the canonical order).
     * Each marker is checked by {@link Pruning}'s constructor; the state's factory checks the rest.
     */
    static List<Pruning> read(Input input, DecodeLimits limits, String what) {
        int n = Wire.readCount(input, limits, MIN_MARKER_BYTES, what + " pruning markers");
        List<Pruning> markers = Wire.listFor(n, input);
        ReplicaId previous = null;
        for (int i = 0; i < n; i++) {
            ReplicaId retired = Wire.readName(input, what + " pruning marker " + i + " retired replica");
            if (previous != null && retired.compareTo(previous) <= 0) {
                throw new CrdtSerializationException(what + ": pruning markers must be in strictly increasing order"
                        + " of their retired replica, but " + retired + " follows " + previous);
            }
            ReplicaId successor = Wire.readName(input, what + " pruning marker " + i + " successor");
            long base = Wire.readCounter(input, what + " pruning marker " + i + " base");
            long upTo = Wire.readCounter(input, what + " pruning marker " + i + " upTo");
            markers.add(new Pruning(retired, successor, base, upTo));
            previous = retired;
        }
        return markers;
    }
}
