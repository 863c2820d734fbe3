package dev.convergent.health;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.MVRegister;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The "truth health" of a replicated system, measured from the replicas' states: do the replicas
 * agree ({@link #digest}, {@link #disagreeing}), how far apart are they ({@link #divergence}), and
 * how many conflicts wait for the application ({@link #siblingCount}). With {@link Staleness} (how
 * long writes take to be seen everywhere) these are the numbers of a daily audit or a dashboard; see
 * {@code docs/operations.md} for exporting them as gauges.
 *
 * <p>Every method is a pure function of its arguments: static, stateless and thread-safe. Pass
 * states that are not being written concurrently (Convergent's states are immutable, so any state a
 * replica holds qualifies).
 */
public final class TruthHealth {

    /** How many hexadecimal digits {@link #digest} returns: 64 bits of the SHA-256 hash. */
    public static final int DIGEST_HEX_DIGITS = 16;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TruthHealth() {
    }

    /**
     * Returns a short, stable fingerprint of a state: the first {@value #DIGEST_HEX_DIGITS}
     * hexadecimal digits of the SHA-256 hash of its encoding. With a deterministic encoder (such as
     * {@code KryoCodec::encode}: equal states give equal bytes) two replicas hold equal states exactly
     * when their digests match, up to a 2<sup>-64</sup> chance of collision: compare digests instead
     * of shipping states to compare them. Not a security measure.
     *
     * @param <T> the state type
     * @param state the state, for example a replica's cart or a snapshot of all its keys
     * @param encoder a deterministic encoding of the state
     * @return 16 lower-case hexadecimal digits
     * @throws NullPointerException if an argument is null or the encoder returns null
     */
    public static <T> String digest(T state, Function<? super T, byte[]> encoder) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(encoder, "encoder");
        return digest(Objects.requireNonNull(encoder.apply(state), "encoder returned null"));
    }

    /**
     * Returns the digest of already encoded bytes, as {@link #digest(Object, Function)} does.
     *
     * @param encoded the encoding of a state
     * @return 16 lower-case hexadecimal digits
     * @throws NullPointerException if {@code encoded} is null
     */
    public static String digest(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        byte[] hash = sha256().digest(encoded);
        char[] hex = new char[DIGEST_HEX_DIGITS];
        for (int i = 0; i < DIGEST_HEX_DIGITS; i += 2) {
            int b = hash[i / 2] & 0xff;
            hex[i] = HEX[b >>> 4];
            hex[i + 1] = HEX[b & 0xf];
        }
        return new String(hex);
    }

    /**
     * Returns how many replicas disagree with the majority: the number of digests that differ from
     * the most common one (of two equally common digests either may count as the majority: the
     * answer is the same). 0 means every replica agrees.
     *
     * @param digests one digest per replica, for example from {@link #digest}
     * @return how many replicas hold another state than the most common one
     * @throws NullPointerException if {@code digests} or an element is null
     */
    public static int disagreeing(Collection<String> digests) {
        Objects.requireNonNull(digests, "digests");
        Map<String, Integer> counts = new HashMap<>();
        for (String d : digests) {
            counts.merge(Objects.requireNonNull(d, "digests contains null"), 1, Integer::sum);
        }
        int most = 0;
        for (int count : counts.values()) {
            most = Math.max(most, count);
        }
        return digests.size() - most;
    }

    /**
     * Returns the divergence of the given version vectors, one per replica: for each replica id
     * present in any of them, the largest counter minus the smallest (a missing entry counts as 0),
     * and the overall largest. Costs O(vectors × ids log ids).
     *
     * @param vectors one version vector per replica (for example each replica's
     *     {@code context().versionVector()} of the same key)
     * @return the divergence; all zero for fewer than two vectors
     * @throws NullPointerException if the array or an element is null
     */
    public static Divergence divergence(VersionVector... vectors) {
        return divergence(Arrays.asList(Objects.requireNonNull(vectors, "vectors")));
    }

    /**
     * Returns the divergence of the given version vectors, as {@link #divergence(VersionVector...)}.
     *
     * @param vectors one version vector per replica
     * @return the divergence; all zero for fewer than two vectors
     * @throws NullPointerException if the collection or an element is null
     */
    public static Divergence divergence(Collection<VersionVector> vectors) {
        Objects.requireNonNull(vectors, "vectors");
        List<VersionVector> all = List.copyOf(vectors);
        SortedMap<ReplicaId, Long> perReplica = new TreeMap<>();
        for (VersionVector v : all) {
            for (int i = 0; i < v.size(); i++) {
                perReplica.put(v.replicaAt(i), 0L);
            }
        }
        long max = 0;
        for (Map.Entry<ReplicaId, Long> e : perReplica.entrySet()) {
            long lo = Long.MAX_VALUE;
            long hi = 0;
            for (VersionVector v : all) {
                long c = v.get(e.getKey());
                lo = Math.min(lo, c);
                hi = Math.max(hi, c);
            }
            e.setValue(hi - lo);
            max = Math.max(max, hi - lo);
        }
        return new Divergence(perReplica, max);
    }

    /**
     * Counts the siblings of the given multi-value registers: in total, the most on one register,
     * and how many registers hold concurrent versions (two or more siblings).
     *
     * @param registers the registers, for example every Dynamo-style cart of one replica
     * @return the counts
     * @throws NullPointerException if the array or an element is null
     */
    public static SiblingCount siblingCount(MVRegister<?>... registers) {
        return siblingCount(Arrays.asList(Objects.requireNonNull(registers, "registers")));
    }

    /**
     * Counts the siblings of the given multi-value registers, as {@link #siblingCount(MVRegister...)}.
     *
     * @param registers the registers
     * @return the counts
     * @throws NullPointerException if the collection or an element is null
     */
    public static SiblingCount siblingCount(Collection<? extends MVRegister<?>> registers) {
        Objects.requireNonNull(registers, "registers");
        int count = 0;
        long siblings = 0;
        int max = 0;
        int conflicted = 0;
        for (MVRegister<?> r : registers) {
            int n = Objects.requireNonNull(r, "registers contains null").siblingCount();
            count++;
            siblings += n;
            max = Math.max(max, n);
            conflicted += n > 1 ? 1 : 0;
        }
        return new SiblingCount(count, siblings, max, conflicted);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
