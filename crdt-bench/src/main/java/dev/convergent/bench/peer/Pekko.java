package dev.convergent.bench.peer;

import dev.convergent.lattice.Causality;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.Flag;
import org.apache.pekko.cluster.ddata.GCounter;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.ManyVersionVector;
import org.apache.pekko.cluster.ddata.ORMap;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.PNCounter;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.VersionVector;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.Map;
import scala.collection.immutable.Map$;
import scala.collection.immutable.TreeMap;
import scala.collection.immutable.TreeMap$;
import scala.collection.mutable.Builder;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.BigInt$;
import scala.math.Ordering;

/**
 * A Java facade over the parts of Apache Pekko Distributed Data the benchmarks compare against: node ids, and
 * Pekko's CRDTs built from plain data.
 *
 * <p>Node ids are {@link UniqueAddress}es built directly, {@code UniqueAddress(Address("pekko", "sys", name, 7355),
 * uid)}, without an ActorSystem; every call returns new objects, so two states built from the same plain data share
 * no node, element or map object (as after a network transfer). The mutators that need an implicit
 * {@link SelfUniqueAddress} get one from {@link #self}.
 *
 * <p>States are built the way Pekko's own {@code ReplicatedDataSerializer} decodes them: through the constructors
 * Scala marks {@code private[pekko]}, which are public in the bytecode. Replaying the public mutators instead would
 * not give reproducible states: Pekko draws every dot from one JVM-wide counter. Each dot-based builder takes the
 * same plain shape: keys, the replica and counter of each key's single dot, and the causal context as a contiguous
 * counter per replica ({@code 0} means the replica is absent).
 *
 * <p>Pekko draws every new dot from one JVM-wide counter ({@code VersionVector.Timestamp.counter}), so on a real node
 * a fresh dot is always above every dot that node issued before. The builders keep that true for states built from
 * plain data: they raise the JVM-wide counter past every counter they are given, so that a mutator run on a built
 * state (an add, an increment of a vector) issues a dot above its context instead of one it has already seen.
 *
 * <p>Pekko has a causal {@code compareTo} only on {@link VersionVector}. For its other types {@link #compareByMerge}
 * compares through the semilattice law ({@code a <= b} iff {@code a.merge(b) == b}), which is what a Pekko user
 * would have to write.
 */
public final class Pekko {

    /** The port of every node id; the host is the replica's name. */
    public static final int PORT = 7355;

    private static final Ordering<UniqueAddress> NODE_ORDER =
            ((ManyVersionVector) VersionVector.empty()).versions().ordering();
    private static final Option<ORSet.DeltaOp> NO_SET_DELTA = Option.empty();
    private static final Option<ORMap.DeltaOp> NO_MAP_DELTA = Option.empty();
    private static final Option<GCounter> NO_COUNTER_DELTA = Option.empty();

    private Pekko() {
    }

    /**
     * Returns a fresh node id for a replica.
     *
     * @param name the replica's name, used as host name (copied)
     * @param uid the node's unique id
     * @return a new {@code UniqueAddress(Address("pekko", "sys", name, 7355), uid)}
     * @throws NullPointerException if {@code name} is null
     */
    public static UniqueAddress node(String name, long uid) {
        Objects.requireNonNull(name, "name");
        return UniqueAddress.apply(Address.apply("pekko", "sys", new String(name), PORT), uid);
    }

    /**
     * Returns fresh node ids for replicas, the uid of replica {@code i} being {@code i + 1}.
     *
     * @param names the replicas' names
     * @return new node ids, one per name
     * @throws NullPointerException if {@code names} or a name is null
     */
    public static UniqueAddress[] nodes(String[] names) {
        UniqueAddress[] nodes = new UniqueAddress[names.length];
        for (int i = 0; i < names.length; i++) {
            nodes[i] = node(names[i], i + 1);
        }
        return nodes;
    }

    /**
     * Wraps a node id as the implicit self address Pekko's mutators take.
     *
     * @param node the node id
     * @return {@code SelfUniqueAddress(node)}
     * @throws NullPointerException if {@code node} is null
     */
    public static SelfUniqueAddress self(UniqueAddress node) {
        return new SelfUniqueAddress(Objects.requireNonNull(node, "node"));
    }

    /**
     * Builds a version vector from per-replica counters.
     *
     * @param names the replicas' names
     * @param counters the counter of each replica; {@code 0} leaves it out
     * @return the vector, with fresh node ids
     */
    public static VersionVector versionVector(String[] names, long[] counters) {
        return versionVector(nodes(names), counters);
    }

    private static VersionVector versionVector(UniqueAddress[] nodes, long[] counters) {
        List<Tuple2<UniqueAddress, Object>> entries = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (counters[i] > 0) {
                entries.add(new Tuple2<>(nodes[i], counters[i]));
                issuedUpTo(counters[i]);
            }
        }
        TreeMap<UniqueAddress, Object> versions = TreeMap$.MODULE$.from(CollectionConverters.asScala(entries),
                NODE_ORDER);
        return VersionVector.apply(versions);
    }

    /** Raises Pekko's JVM-wide dot counter past {@code counter}, as if this JVM had issued that dot. */
    private static void issuedUpTo(long counter) {
        AtomicLong dots = VersionVector.Timestamp$.MODULE$.counter();
        dots.accumulateAndGet(counter + 1, Math::max);
    }

    /**
     * Builds a grow-only counter from per-replica counts, as Pekko's serializer decodes one.
     *
     * @param names the replicas' names
     * @param counts the count of each replica; {@code 0} leaves it out
     * @return the counter, with fresh node ids
     */
    public static GCounter gCounter(String[] names, long[] counts) {
        return gCounter(nodes(names), counts);
    }

    private static GCounter gCounter(UniqueAddress[] nodes, long[] counts) {
        Builder<Tuple2<UniqueAddress, scala.math.BigInt>, Map<UniqueAddress, scala.math.BigInt>> state =
                Map$.MODULE$.newBuilder();
        for (int i = 0; i < nodes.length; i++) {
            if (counts[i] > 0) {
                state.addOne(new Tuple2<>(nodes[i], BigInt$.MODULE$.apply(counts[i])));
            }
        }
        return new GCounter(state.result(), NO_COUNTER_DELTA);
    }

    /**
     * Builds a counter from per-replica increments and decrements.
     *
     * @param names the replicas' names
     * @param increments the increments of each replica
     * @param decrements the decrements of each replica
     * @return the counter, with fresh node ids
     */
    public static PNCounter pnCounter(String[] names, long[] increments, long[] decrements) {
        UniqueAddress[] nodes = nodes(names);
        return new PNCounter(gCounter(nodes, increments), gCounter(nodes, decrements));
    }

    /**
     * Builds an observed-remove set in which every element has one dot.
     *
     * @param names the replicas' names
     * @param elements the present elements (copied)
     * @param dotReplica the index in {@code names} of each element's dot
     * @param dotCounter the counter of each element's dot
     * @param context the set's version vector: per replica, every dot up to this counter was seen
     * @return the set, with fresh node ids and element strings
     */
    public static ORSet<String> orSet(String[] names, String[] elements, int[] dotReplica, long[] dotCounter,
            long[] context) {
        return orSet(nodes(names), elements, dotReplica, dotCounter, context);
    }

    private static ORSet<String> orSet(UniqueAddress[] nodes, String[] elements, int[] dotReplica,
            long[] dotCounter, long[] context) {
        Builder<Tuple2<String, VersionVector>, Map<String, VersionVector>> dots = Map$.MODULE$.newBuilder();
        for (int i = 0; i < elements.length; i++) {
            dots.addOne(new Tuple2<>(new String(elements[i]), VersionVector.apply(nodes[dotReplica[i]],
                    dotCounter[i])));
            issuedUpTo(dotCounter[i]);
        }
        return new ORSet<>(dots.result(), versionVector(nodes, context), NO_SET_DELTA);
    }

    /**
     * Builds the like-for-like twin of an enable-wins flag: an observed-remove set that holds the one element
     * {@code marker} while the flag is on. Enable is {@code add(self, marker)}, disable is {@code remove(self,
     * marker)}, merge is the set's merge; an enable a disable has not seen survives, as in ours.
     *
     * @param names the replicas' names
     * @param marker the marker element (copied)
     * @param enabledBy the index in {@code names} of the replica whose enable is in force, its dot being that
     *     replica's counter in {@code context}; {@code -1} for a disabled flag
     * @param context the set's version vector: per replica, every dot up to this counter was seen
     * @return the set, with fresh node ids and marker string
     * @throws IllegalArgumentException if {@code enabledBy} is a replica with counter {@code 0}
     */
    public static ORSet<String> orSetFlag(String[] names, String marker, int enabledBy, long[] context) {
        if (enabledBy < 0) {
            return orSet(names, new String[0], new int[0], new long[0], context);
        }
        if (context[enabledBy] <= 0) {
            throw new IllegalArgumentException("the enabling replica " + names[enabledBy] + " has no dot");
        }
        return orSet(names, new String[] {marker}, new int[] {enabledBy}, new long[] {context[enabledBy]}, context);
    }

    /**
     * Builds an observed-remove map from keys to grow-only counters; the counter of each key holds one entry,
     * {@code value} at the replica of the key's dot.
     *
     * @param names the replicas' names
     * @param keys the present keys (copied)
     * @param dotReplica the index in {@code names} of each key's dot
     * @param dotCounter the counter of each key's dot
     * @param context the map's version vector
     * @param values the count in each key's counter
     * @return the map, with fresh node ids and key strings
     */
    public static ORMap<String, GCounter> orMap(String[] names, String[] keys, int[] dotReplica, long[] dotCounter,
            long[] context, long[] values) {
        UniqueAddress[] nodes = nodes(names);
        ORSet<String> keySet = orSet(nodes, keys, dotReplica, dotCounter, context);
        Builder<Tuple2<String, GCounter>, Map<String, GCounter>> entries = Map$.MODULE$.newBuilder();
        for (int i = 0; i < keys.length; i++) {
            long[] counts = new long[nodes.length];
            counts[dotReplica[i]] = values[i];
            entries.addOne(new Tuple2<>(new String(keys[i]), gCounter(nodes, counts)));
        }
        return new ORMap<>(keySet, entries.result(), ORMap.VanillaORMapTag$.MODULE$, NO_MAP_DELTA);
    }

    /**
     * Builds a last-writer-wins map; the register of each key was written by the replica of the key's dot.
     *
     * @param names the replicas' names
     * @param keys the present keys (copied)
     * @param dotReplica the index in {@code names} of each key's dot, also its register's writer
     * @param dotCounter the counter of each key's dot
     * @param context the map's version vector
     * @param values the value of each key (copied)
     * @param timestamps the timestamp of each key's register
     * @return the map, with fresh node ids, keys and values
     */
    public static LWWMap<String, String> lwwMap(String[] names, String[] keys, int[] dotReplica, long[] dotCounter,
            long[] context, String[] values, long[] timestamps) {
        UniqueAddress[] nodes = nodes(names);
        ORSet<String> keySet = orSet(nodes, keys, dotReplica, dotCounter, context);
        Builder<Tuple2<String, LWWRegister<String>>, Map<String, LWWRegister<String>>> entries =
                Map$.MODULE$.newBuilder();
        for (int i = 0; i < keys.length; i++) {
            LWWRegister<String> register = new LWWRegister<>(nodes[dotReplica[i]], new String(values[i]),
                    timestamps[i]);
            entries.addOne(new Tuple2<>(new String(keys[i]), register));
        }
        return new LWWMap<>(new ORMap<>(keySet, entries.result(), LWWMap.LWWMapTag$.MODULE$, NO_MAP_DELTA));
    }

    /**
     * Builds a last-writer-wins register.
     *
     * @param name the writer's name
     * @param uid the writer's node uid
     * @param value the value (copied)
     * @param timestamp the write's timestamp
     * @return the register, with a fresh node id
     */
    public static LWWRegister<String> lwwRegister(String name, long uid, String value, long timestamp) {
        return new LWWRegister<>(node(name, uid), new String(value), timestamp);
    }

    /**
     * Returns a new flag object (not one of Pekko's two shared instances).
     *
     * @param enabled whether the flag is on
     * @return the flag
     */
    public static Flag flag(boolean enabled) {
        return new Flag(enabled);
    }

    /**
     * Compares two states through the semilattice law, for the Pekko types that have no causal compare: one merge,
     * then {@code equals} against each input.
     *
     * @param <T> the state type
     * @param a the first state
     * @param b the second state
     * @return {@code BEFORE} if {@code a.merge(b)} equals only {@code b}, and so on
     */
    public static <T extends ReplicatedData> Causality compareByMerge(T a, T b) {
        ReplicatedData merged = a.merge(b);
        return Causality.of(merged.equals(b), merged.equals(a));
    }

    /**
     * Translates Pekko's version-vector ordering into ours (for checks; the benchmarks return Pekko's own).
     *
     * @param ordering {@code After}, {@code Before}, {@code Same} or {@code Concurrent}
     * @return the matching causality
     */
    public static Causality causality(VersionVector.Ordering ordering) {
        if (ordering == VersionVector.AfterInstance()) {
            return Causality.AFTER;
        }
        if (ordering == VersionVector.BeforeInstance()) {
            return Causality.BEFORE;
        }
        if (ordering == VersionVector.SameInstance()) {
            return Causality.EQUAL;
        }
        return Causality.CONCURRENT;
    }
}
