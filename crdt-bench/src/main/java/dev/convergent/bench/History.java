package dev.convergent.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edit history of one replica of a keyed, dot-based state (OR-Set, OR-Map, LWW-Map), in plain data that either
 * library can be built from. An add gives the key a fresh dot of the writing replica and a new timestamp; a remove
 * drops the key's dot but keeps the dot in the context, and leaves a timestamped tombstone (which only our LWW-Map
 * keeps). The context is contiguous: every dot a replica issued up to its counter.
 *
 * <p>Mutable and used only while setting up a trial; {@link #copy} forks a history so that two replicas can diverge
 * from a common ancestor.
 */
final class History {

    /** The first timestamp handed out, in milliseconds since the epoch. */
    static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final String[] replicas;
    private final long[] issued;
    private final Map<String, Entry> entries;
    private long clock;

    private History(String[] replicas, long[] issued, Map<String, Entry> entries, long clock) {
        this.replicas = replicas;
        this.issued = issued;
        this.entries = entries;
        this.clock = clock;
    }

    /** Returns an empty history over the given replicas. */
    static History over(String[] replicas) {
        return new History(replicas.clone(), new long[replicas.length], new LinkedHashMap<>(), EPOCH_MILLIS);
    }

    /** Returns an independent copy: both may be edited further without affecting the other. */
    History copy() {
        return new History(replicas, issued.clone(), new LinkedHashMap<>(entries), clock);
    }

    /** Adds (or re-adds) {@code key} at replica {@code replica} with a fresh dot. */
    History add(String key, int replica) {
        long counter = ++issued[replica];
        clock++;
        entries.put(key, new Entry(replica, counter, replica, clock, "v" + counter + "@" + replica, true));
        return this;
    }

    /** Adds {@code count} keys {@code prefix + i}, {@code i} from {@code from}, round-robin over the replicas. */
    History addAll(String prefix, int from, int count, int[] writers) {
        for (int i = 0; i < count; i++) {
            add(prefix + (from + i), writers[i % writers.length]);
        }
        return this;
    }

    /** Removes {@code key}, which must be present, at replica {@code replica}. */
    History remove(String key, int replica) {
        Entry old = entries.get(key);
        BenchInputs.check(old != null && old.live, "cannot remove absent key " + key);
        clock++;
        entries.put(key, new Entry(old.replica, old.counter, replica, clock, old.value, false));
        return this;
    }

    /** Returns the present keys, in insertion order. */
    List<String> liveKeys() {
        List<String> keys = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (e.live) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** Returns the last timestamp handed out. */
    long lastMillis() {
        return clock;
    }

    /** Returns the replicas' names. */
    String[] replicas() {
        return replicas.clone();
    }

    /** Returns the present keys with their dots, values and timestamps, and the context. */
    Snapshot live() {
        return snapshot(false);
    }

    /** Like {@link #live}, plus the removed keys as tombstones. */
    Snapshot withTombstones() {
        return snapshot(true);
    }

    private Snapshot snapshot(boolean tombstones) {
        List<Map.Entry<String, Entry>> kept = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (tombstones || e.getValue().live) {
                kept.add(e);
            }
        }
        int n = kept.size();
        String[] keys = new String[n];
        int[] dotReplica = new int[n];
        long[] dotCounter = new long[n];
        int[] writer = new int[n];
        String[] values = new String[n];
        long[] millis = new long[n];
        boolean[] live = new boolean[n];
        for (int i = 0; i < n; i++) {
            Entry e = kept.get(i).getValue();
            keys[i] = kept.get(i).getKey();
            dotReplica[i] = e.replica;
            dotCounter[i] = e.counter;
            writer[i] = e.writer;
            values[i] = e.value;
            millis[i] = e.millis;
            live[i] = e.live;
        }
        return new Snapshot(replicas.clone(), keys, dotReplica, dotCounter, issued.clone(), writer, values, millis,
                live);
    }

    /** The number of edits that turn {@link #filled} into {@link #descendantOf} it. */
    static final int CHANGES = 10;

    /** Returns a history of {@code size} adds, keys {@code el-0 ..}, round-robin over every replica. */
    static History filled(String[] replicas, int size) {
        return over(replicas).addAll("el-", 0, size, all(replicas.length));
    }

    /**
     * Returns a copy of {@code ancestor} with {@link #CHANGES} more edits at replica 0: half of them removes of
     * present keys spread over the history, half adds of new keys.
     */
    static History descendantOf(History ancestor) {
        History d = ancestor.copy();
        List<String> keys = d.liveKeys();
        int removes = CHANGES / 2;
        for (int i = 0; i < removes; i++) {
            d.remove(keys.get((int) ((long) i * keys.size() / removes)), 0);
        }
        return d.addAll("new-", 0, CHANGES - removes, new int[] {0});
    }

    /**
     * Returns two histories of {@code size} adds each, with no key, dot or context entry in common: the first half of
     * the replicas wrote the first, the other half the second.
     */
    static History[] disjointPair(String[] replicas, int size) {
        int half = (replicas.length + 1) / 2;
        return new History[] {
            over(replicas).addAll("el-", 0, size, range(0, half)),
            over(replicas).addAll("el-", size, size, range(half, replicas.length))
        };
    }

    /**
     * Returns two concurrent histories of {@code size} keys each that share 90% of them (same keys, same dots): a
     * common ancestor of {@code size - size / 10} adds over every replica, then {@code size / 10} adds of different
     * keys at replica 0 on one side and at replica 1 on the other.
     */
    static History[] sharedPair(String[] replicas, int size) {
        int fresh = size / 10;
        History common = over(replicas).addAll("el-", 0, size - fresh, all(replicas.length));
        return new History[] {
            common.copy().addAll("el-", size - fresh, fresh, new int[] {0}),
            common.copy().addAll("el-", size, fresh, new int[] {1})
        };
    }

    /** Returns the indexes {@code 0 .. n-1}. */
    static int[] all(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** Returns the indexes {@code from .. to-1}. */
    static int[] range(int from, int to) {
        int[] range = new int[to - from];
        Arrays.setAll(range, i -> from + i);
        return range;
    }

    /** The last write of a key: its dot, who wrote last (the remover, for a tombstone), when, and what. */
    private record Entry(int replica, long counter, int writer, long millis, String value, boolean live) {
    }

    /**
     * A state in plain data: per key, the replica and counter of its one dot (for a tombstone: the dot it had), the
     * replica that wrote it last (for a tombstone: the one that removed it), its value and timestamp, and whether it
     * is present; and per replica the contiguous context.
     */
    record Snapshot(String[] replicas, String[] keys, int[] dotReplica, long[] dotCounter, long[] context,
            int[] writer, String[] values, long[] millis, boolean[] live) {

        /** Returns the number of keys (tombstones included, if any). */
        int size() {
            return keys.length;
        }
    }
}
