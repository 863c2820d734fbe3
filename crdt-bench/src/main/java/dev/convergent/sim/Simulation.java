package dev.convergent.sim;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.health.SiblingCount;
import dev.convergent.health.Staleness;
import dev.convergent.health.TruthHealth;
import dev.convergent.kryo.KryoCodec;
import dev.convergent.lattice.Mutation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The discrete-event engine of the cart simulation. Simulated time is a {@code long} of
 * milliseconds that only events advance; nothing the simulation decides or reports reads a wall
 * clock (the progress line shows the elapsed real time, from a clock the caller passes, for display
 * only), and every random choice comes from generators seeded by {@link SimOptions#seed}, so a run is
 * reproducible from its options.
 *
 * <p>Besides the final report it keeps a time series ({@link Report#series}): a {@link Sample} every
 * {@link #sampleEvery} simulated ms and one at the end.
 *
 * <p>The world: {@code replicas} replicas each hold every cart they have heard of. Clients write at
 * a replica (mostly their home one); the replica applies the write with a delta mutator and sends
 * the delta, Kryo-encoded, to every other replica over a delta channel that resends a delta until it
 * is acknowledged ({@value #MAX_RESENDS} times at most). Every {@value #ANTI_ENTROPY_MS} ms each
 * replica runs anti-entropy with a random peer: it sends a summary (each cart's causal contexts, and
 * its last-writer-wins fields, which are small) and the peer answers with {@code diff}s; every
 * {@code fullEvery}-th round it sends its full state instead. The network loses, duplicates, delays
 * and reorders messages, partitions split the replicas and heal, lagging replicas receive late, and
 * each replica's physical clock is skewed. Once the clients stop, the faults that end (partitions,
 * lag) end, and the simulation runs until every replica holds the same state, or gives up after
 * {@value #SETTLE_LIMIT_MS} simulated ms.
 *
 * <p>With {@link SimOptions#retireAtMillis}, the last replica retires at that time, following the
 * procedure of {@code docs/operations.md}: it stops taking client writes (its clients move to the
 * others), and as it shuts down it hands its final state of every cart, Kryo-encoded, to its successor,
 * the first replica, retrying through the faulty network until the successor has it. The successor
 * merges it, prunes the retired id from every cart's items and versions (the last-writer-wins fields
 * keep their writer ids), and ships the pruned carts in full. The retired replica never sends or
 * receives again, but whatever was in flight before it retired (deltas, summaries, full states, from
 * any replica) is still delivered, late, as the network dictates: the merges must rename it.
 */
final class Simulation {

    /** How far ahead of a replica's physical time a timestamp may be before its hybrid clock refuses it. */
    static final long MAX_DRIFT_MS = 500;
    /** The simulated epoch: physical clocks read this plus the simulated time plus their skew. */
    static final long EPOCH_MILLIS = 1_700_000_000_000L;
    /** How often one client writes, on average: every two simulated seconds. */
    static final double WRITES_PER_CLIENT_SECOND = 0.5;
    static final long RESEND_AFTER_MS = 400;
    static final int MAX_RESENDS = 3;
    static final long ANTI_ENTROPY_MS = 1_000;
    static final long SETTLE_LIMIT_MS = 300_000;
    /** About how many samples the time series takes while clients write (more while the replicas settle). */
    static final int SAMPLES_WHILE_WRITING = 100;
    /** Size counted for an acknowledgement: a sequence number and a header. */
    static final int ACK_BYTES = 8;
    static final double ROAMING = 0.15;
    static final double FIELD_WRITES = 0.2;
    static final double REORDERED = 0.05;
    static final String[] ITEMS = {"charger", "headphones", "mouse", "keyboard", "usb-cable", "monitor",
        "laptop-stand", "webcam", "speaker", "microphone", "ssd", "hdmi-cable"};
    static final String[] FIELDS = {"shipping-address", "delivery-slot"};
    private static final long[] CHANGES = {+1, +1, +2, -1};

    enum Kind { DELTA, ACK, SUMMARY, DIFF, FULL, HANDOFF }

    /** Faults planted in the replicas themselves, so that tests can watch the verdict catch them. */
    enum Sabotage {
        /** A correct run. */
        NONE,
        /** The last replica ignores every message: it can never converge. */
        DEAF_REPLICA,
        /** Replicas add twice what clients ask for, and converge on quantities the writes do not explain. */
        DOUBLE_COUNT
    }

    enum Part { ITEMS, VERSIONS, FIELDS, DIGEST, ITEMS_CONTEXT, VERSIONS_CONTEXT }

    /** One encoded object of one cart. */
    record Payload(String cart, Part part, byte[] bytes) {
    }

    /**
     * A message between replicas. Its payloads are the bytes that travel; {@code snapshot} is the
     * sender's carts when it sent a summary, kept by the simulation (never sent) to check that the
     * peer's diff brings exactly those states up to date; {@code at} is the simulated time it was
     * made (a resent delta keeps it).
     */
    record Message(Kind kind, int from, int to, long seq, List<Payload> payloads, Map<String, CartState> snapshot,
            long at) {
        int bytes() {
            return kind == Kind.ACK ? ACK_BYTES : payloads.stream().mapToInt(p -> p.bytes().length).sum();
        }
    }

    private record Event(long time, long seq, Runnable action) {
    }

    /** A write not yet seen by every replica. */
    private static final class Pending {
        final OpLog.Write write;
        final boolean[] seen;
        int seenBy;
        /** When the last replica that saw it saw it. */
        long lastSeenAt;
        /** Whether a concurrent write of the same key was found (counted once in the report). */
        boolean conflicted;

        Pending(OpLog.Write write, int replicas) {
            this.write = write;
            this.seen = new boolean[replicas];
        }
    }

    private final SimOptions options;
    private final Sabotage sabotage;
    private final PrintStream out;
    private final Random workload;
    private final Random net;
    private final KryoCodec codec = KryoCodec.create();
    private final List<Replica> replicas = new ArrayList<>();
    /** The replicas that have not retired. */
    private final List<Replica> live = new ArrayList<>();
    private final List<String> carts = new ArrayList<>();
    private final long[][] latency;
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long now;
    private long eventSeq;

    private final OpLog log = new OpLog();
    private final Map<String, List<Pending>> pending = new HashMap<>();
    private final Staleness staleness;
    private final Report report;

    private int opsIssued;
    private long writesEndedAt = -1;
    private boolean[] side;
    private long lastHealAt = -1;
    private boolean changedSinceCheck;
    private long convergedAt = -1;
    private final double opsPerSecond;
    private final long progressEvery;
    private final long sampleEvery;
    /** Real time, for the progress line only. */
    private final LongSupplier wallNanos;
    private long wallStart;
    private long peakDivergence;
    private long peakCartDivergence;
    private String peakCart = "";
    private int peakConflicted;

    /** The replica that retires ({@code --retire-at}), or null. */
    private final Replica retiring;
    /** The replica the retiring one is pruned into. */
    private final Replica successor;
    /** Set once the retiring replica's final state was handed off and merged, and its id pruned. */
    private boolean pruned;

    Simulation(SimOptions options, PrintStream out) {
        this(options, out, Sabotage.NONE);
    }

    Simulation(SimOptions options, PrintStream out, Sabotage sabotage) {
        this(options, out, sabotage, System::nanoTime);
    }

    /**
     * A simulation whose progress line shows the real time elapsed by {@code wallNanos} (nanoseconds,
     * like {@link System#nanoTime}); nothing else reads it.
     */
    Simulation(SimOptions options, PrintStream out, Sabotage sabotage, LongSupplier wallNanos) {
        this.options = options;
        this.wallNanos = wallNanos;
        this.sabotage = sabotage;
        this.out = out;
        this.workload = new Random(options.seed());
        this.net = new Random(Long.rotateLeft(options.seed(), 32) ^ 0x5DEECE66DL);
        Random setup = new Random(~options.seed());
        int n = options.replicas();
        for (int i = 0; i < n; i++) {
            long skew = options.skewMs() == 0 ? 0 : setup.nextLong() % (options.skewMs() + 1);
            replicas.add(new Replica(i, skew, () -> now));
        }
        live.addAll(replicas);
        retiring = options.retires() ? replicas.get(n - 1) : null;
        successor = replicas.get(0);
        latency = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                latency[i][j] = 10 + setup.nextInt(71);
                latency[j][i] = latency[i][j];
            }
        }
        int cartCount = (options.clients() + 1) / 2;
        int digits = String.valueOf(cartCount).length();
        for (int c = 0; c < cartCount; c++) {
            carts.add(String.format(Locale.ROOT, "cart-%0" + digits + "d", c + 1));
        }
        this.staleness = Staleness.withWindow(4 * options.ops() + 16);     // every write: up to 3 per operation
        this.opsPerSecond = options.clients() * WRITES_PER_CLIENT_SECOND;
        this.progressEvery = Math.max(2_000, Math.round(options.ops() / opsPerSecond / 8) * 1000);
        this.sampleEvery = sampleEvery(options);
        this.report = new Report(options, replicas.stream().map(r -> r.id.name()).collect(Collectors.toList()),
                replicas.stream().mapToLong(r -> r.skewMillis).toArray(), cartCount);
    }

    /**
     * The interval of the time series, in simulated ms: the time the clients take to issue their
     * operations divided by {@value #SAMPLES_WHILE_WRITING}, in whole seconds, and at least one
     * anti-entropy round ({@value #ANTI_ENTROPY_MS} ms).
     */
    static long sampleEvery(SimOptions options) {
        double writingSeconds = options.ops() / (options.clients() * WRITES_PER_CLIENT_SECOND);
        return Math.max(ANTI_ENTROPY_MS, Math.round(writingSeconds / SAMPLES_WHILE_WRITING) * 1000);
    }

    /** Runs the simulation to convergence (or the settle limit), printing progress, and returns the report. */
    Report run() {
        wallStart = wallNanos.getAsLong();
        out.println("cart simulation: " + options.replicas() + " replicas, " + options.clients() + " clients on "
                + carts.size() + " carts, " + Report.n(options.ops()) + " client operations ("
                + SimOptions.number(opsPerSecond) + " per simulated second), seed " + options.seed());
        out.println("faults: partitions " + SimOptions.number(options.partitionRate()) + "/s, lag episodes "
                + SimOptions.number(options.lagRate()) + "/s, loss " + percent(options.loss()) + ", duplication "
                + percent(options.duplication()) + ", reordering " + percent(REORDERED) + ", clock skew up to "
                + options.skewMs() + " ms");
        out.println("sync: deltas (resent up to " + MAX_RESENDS + " times), anti-entropy every " + ANTI_ENTROPY_MS
                + " ms with diffs" + (options.fullEvery() > 0 ? ", full state every " + options.fullEvery()
                        + " rounds" : " only"));
        schedule(nextOpGap(), this::clientOp);
        for (Replica r : replicas) {
            schedule(net.nextInt((int) ANTI_ENTROPY_MS), () -> antiEntropy(r));
        }
        if (options.partitionRate() > 0) {
            schedule(exponential(options.partitionRate()), this::startPartition);
        }
        if (options.lagRate() > 0) {
            schedule(exponential(options.lagRate()), this::startLag);
        }
        if (retiring != null) {
            out.println("retirement: " + retiring + " retires at " + Report.seconds(options.retireAtMillis())
                    + " and is pruned into " + successor + " from every cart's items and versions");
            schedule(options.retireAtMillis(), this::retire);
        }
        schedule(progressEvery, this::progress);
        schedule(sampleEvery, this::sample);
        while (!events.isEmpty()) {
            Event e = events.poll();
            now = e.time;
            e.action.run();
            boolean retirementDone = retiring == null || pruned;
            if (writesEndedAt >= 0 && side == null && changedSinceCheck && retirementDone) {
                changedSinceCheck = false;
                if (allAgree()) {
                    convergedAt = now;
                    break;
                }
            }
            if (writesEndedAt >= 0 && now > settleFrom() + SETTLE_LIMIT_MS) {
                break;
            }
        }
        progressLine();
        return finish();
    }

    /** When the replicas have to converge from: the last write, or the pruning if it comes later. */
    private long settleFrom() {
        if (retiring == null) {
            return writesEndedAt;
        }
        return Math.max(writesEndedAt, pruned ? report.prunedAt : options.retireAtMillis());
    }

    /** The replicas, with the carts they hold (for tests, after {@link #run}). */
    List<Replica> replicas() {
        return Collections.unmodifiableList(replicas);
    }

    // ---- clients ----

    private void clientOp() {
        int client = workload.nextInt(options.clients());
        String cart = carts.get(client / 2);
        int home = client % replicas.size();
        int at = home;
        if (workload.nextDouble() < ROAMING) {
            at = (home + 1 + workload.nextInt(replicas.size() - 1)) % replicas.size();
        }
        Replica x = replicas.get(at);
        if (x.retired) {
            x = live.get(workload.nextInt(live.size()));    // the retired replica's clients move to the others
        }
        List<Payload> payloads = workload.nextDouble() < FIELD_WRITES
                ? fieldWrite(x, cart, client)
                : itemWrite(x, cart);
        if (!payloads.isEmpty()) {
            for (Replica peer : live) {
                if (peer != x) {
                    sendDelta(x, peer, payloads);
                }
            }
        }
        opsIssued++;
        if (opsIssued < options.ops()) {
            schedule(now + nextOpGap(), this::clientOp);
        } else {
            writesEndedAt = now;
            changedSinceCheck = true;
        }
    }

    private List<Payload> itemWrite(Replica x, String cartId) {
        CartState s = x.cart(cartId);
        String item = ITEMS[workload.nextInt(ITEMS.length)];
        ORMap<String, PNCounter> items = s.items();
        Map<String, Long> view = s.view();
        ORMap<String, PNCounter> delta;
        boolean live = items.containsKey(item);
        long change = live && workload.nextDouble() < 0.55 ? CHANGES[workload.nextInt(CHANGES.length)] : 0;
        if (!live) {
            long wanted = 1 + workload.nextInt(3);
            long hidden = items.valueStates().getOrDefault(item, PNCounter.empty()).value();
            Mutation<ORMap<String, PNCounter>> m = update(x, cartId, items, item, wanted - hidden);
            items = m.state();
            delta = m.delta();
            view.put(item, wanted);
        } else if (change != 0 && items.get(item).orElseThrow().value() + change > 0) {
            Mutation<ORMap<String, PNCounter>> m = update(x, cartId, items, item, change);
            items = m.state();
            delta = m.delta();
            long q = view.getOrDefault(item, 0L) + change;
            if (q > 0) {
                view.put(item, q);
            } else {
                view.remove(item);
            }
        } else {
            delta = null;
            if (workload.nextBoolean()) {
                // reset before removing, as docs/cart.md shows: a concurrent update then shows exactly its own effect
                Mutation<ORMap<String, PNCounter>> reset = update(x, cartId, items, item,
                        -items.get(item).orElseThrow().value());
                items = reset.state();
                delta = reset.delta();
            }
            Set<Dot> observed = Set.copyOf(items.dots(item));
            CausalContext seenHere = items.context();
            CartState here = s.withItems(items);
            boolean overruled = !concurrent(cartId, w -> w instanceof OpLog.ItemUpdate
                    && ((OpLog.ItemUpdate) w).item().equals(item)
                    && !seenHere.contains(((OpLog.ItemUpdate) w).dotIn(here))).isEmpty();
            Mutation<ORMap<String, PNCounter>> m = items.removeDelta(item);
            items = m.state();
            delta = delta == null ? m.delta() : delta.merge(m.delta());
            Pending removal = record(x, new OpLog.ItemRemove(cartId, item, observed, now, x.index), s.withItems(items));
            if (overruled) {
                removal.conflicted = true;
                report.addWins++;
            }
            view.remove(item);
        }
        MVRegister<String> versions = s.versions();
        int siblingsRead = versions.siblingCount();
        Set<Dot> seen = new TreeSet<>();
        versions.values().forEach(v -> seen.addAll(versions.dots(v)));
        List<Pending> concurrentVersions = concurrent(cartId, w -> w instanceof OpLog.VersionWrite && !w.visibleAt(s));
        report.siblingConflicts += newlyConflicted(concurrentVersions);
        if (siblingsRead > 1) {
            report.applicationMerges++;
            report.siblingsMerged += siblingsRead;
        }
        String version = CartState.format(view);
        Mutation<MVRegister<String>> written = versions.writeDelta(x.id, version);
        Dot dot = written.state().dots(version).iterator().next();
        CartState next = s.withItems(items).withVersions(written.state());
        x.carts.put(cartId, next);
        observe(x, cartId);     // a local write may supersede, and so show, a write not received yet
        Pending versionWrite = record(x, new OpLog.VersionWrite(cartId, dot, Set.copyOf(seen), version, siblingsRead,
                now, x.index), next);
        if (!concurrentVersions.isEmpty()) {
            versionWrite.conflicted = true;
            report.siblingConflicts++;
        }
        List<Payload> payloads = new ArrayList<>(2);
        payloads.add(new Payload(cartId, Part.ITEMS, codec.encode(delta)));
        payloads.add(new Payload(cartId, Part.VERSIONS, codec.encode(written.delta())));
        return payloads;
    }

    private Mutation<ORMap<String, PNCounter>> update(Replica x, String cartId, ORMap<String, PNCounter> items,
            String item, long change) {
        Set<Dot> observed = Set.copyOf(items.dots(item));
        CartState before = x.cart(cartId).withItems(items);
        report.addWins += newlyConflicted(concurrent(cartId, w -> w instanceof OpLog.ItemRemove
                && ((OpLog.ItemRemove) w).item().equals(item) && !w.visibleAt(before)));
        long applied = sabotage == Sabotage.DOUBLE_COUNT && change > 0 ? 2 * change : change;
        Mutation<ORMap<String, PNCounter>> m = items.updateDelta(x.id, item, q -> q.addDelta(x.id, applied));
        Set<Dot> dots = m.state().dots(item);
        if (dots.size() != 1) {
            throw new IllegalStateException("an update must leave exactly its own dot on " + item + ", found " + dots);
        }
        PNCounter q = m.state().valueStates().get(item);
        record(x, new OpLog.ItemUpdate(cartId, item, x.id, dots.iterator().next(), observed, change,
                q.increments().get(x.id), q.decrements().get(x.id), now, x.index), before.withItems(m.state()));
        return m;
    }

    private List<Payload> fieldWrite(Replica x, String cartId, int client) {
        CartState s = x.cart(cartId);
        String field = FIELDS[workload.nextInt(FIELDS.length)];
        String value = "client-" + client + "/write-" + opsIssued;
        Mutation<LWWMap<String, String>> m;
        try {
            m = s.fields().putDelta(x.id, field, value, x.clock);
        } catch (ClockDriftException e) {
            report.refusedByDriftBound++;
            return List.of();
        }
        LWWRegister<Optional<String>> register = m.delta().registers().get(field);
        OpLog.FieldWrite write = new OpLog.FieldWrite(cartId, field, register.timestamp(), x.id, value, now, x.index);
        List<Pending> concurrentWrites = concurrent(cartId, w -> w instanceof OpLog.FieldWrite
                && ((OpLog.FieldWrite) w).field().equals(field) && !w.visibleAt(s));
        report.lwwConflicts += newlyConflicted(concurrentWrites);
        if (concurrentWrites.stream().anyMatch(p -> ((OpLog.FieldWrite) p.write).beats(write))) {
            report.lwwAgainstRealTime++;    // an earlier write wins over this later one: its clock ran ahead
        }
        CartState next = s.withFields(m.state());
        x.carts.put(cartId, next);
        observe(x, cartId);     // a later field write shows an earlier one, which then merges as a no-op
        Pending p = record(x, write, next);
        if (!concurrentWrites.isEmpty()) {
            p.conflicted = true;
            report.lwwConflicts++;
        }
        return List.of(new Payload(cartId, Part.FIELDS, codec.encode(m.delta())));
    }

    /**
     * Returns the writes, not yet seen everywhere, that {@code unseenHere} selects: earlier writes the
     * writing replica has not seen, hence concurrent with the write it is making.
     */
    private List<Pending> concurrent(String cartId, Predicate<OpLog.Write> unseenHere) {
        List<Pending> result = new ArrayList<>();
        for (Pending p : pendingOf(cartId)) {
            if (unseenHere.test(p.write)) {
                result.add(p);
            }
        }
        return result;
    }

    /** Marks the writes as conflicted and returns how many were not already. */
    private static int newlyConflicted(List<Pending> writes) {
        int count = 0;
        for (Pending p : writes) {
            if (!p.conflicted) {
                p.conflicted = true;
                count++;
            }
        }
        return count;
    }

    private Pending record(Replica x, OpLog.Write write, CartState stateAfter) {
        if (!write.visibleAt(stateAfter)) {
            throw new IllegalStateException("the writing replica does not see its own write " + write);
        }
        log.add(write);
        Pending p = new Pending(write, replicas.size());
        p.seen[x.index] = true;
        p.seenBy = 1;
        p.lastSeenAt = now;
        if (retiring != null && retiring.retired) {
            p.seen[retiring.index] = true;      // a retired replica is not waited for
            p.seenBy++;
        }
        pendingOf(write.cart()).add(p);
        return p;
    }

    private List<Pending> pendingOf(String cart) {
        return pending.computeIfAbsent(cart, c -> new ArrayList<>());
    }

    /** Marks the pending writes of a cart that replica {@code x} now sees; a write seen everywhere leaves. */
    private void observe(Replica x, String cartId) {
        List<Pending> list = pending.get(cartId);
        if (list == null) {
            return;
        }
        CartState s = x.cart(cartId);
        for (Iterator<Pending> it = list.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.seen[x.index] && p.write.visibleAt(s)) {
                p.seen[x.index] = true;
                p.lastSeenAt = now;
                if (++p.seenBy == replicas.size()) {
                    staleness.record(now - p.write.time());
                    it.remove();
                }
            }
        }
    }

    // ---- delta channel ----

    private void sendDelta(Replica from, Replica to, List<Payload> payloads) {
        Message m = new Message(Kind.DELTA, from.index, to.index, from.nextSeq++, payloads, null, now);
        from.unacked.put(m.seq(), m);
        from.attempts.put(m.seq(), 0);
        send(m);
        schedule(now + RESEND_AFTER_MS, () -> resendIfUnacked(from, m.seq()));
    }

    private void resendIfUnacked(Replica from, long seq) {
        Message m = from.unacked.get(seq);
        if (m == null || from.retired) {
            return;
        }
        int attempts = from.attempts.get(seq);
        if (attempts >= MAX_RESENDS) {
            from.unacked.remove(seq);
            from.attempts.remove(seq);
            report.deltasAbandoned++;
            return;
        }
        from.attempts.put(seq, attempts + 1);
        report.deltasResent++;
        send(m);
        schedule(now + RESEND_AFTER_MS * (attempts + 2), () -> resendIfUnacked(from, seq));
    }

    // ---- anti-entropy ----

    private void antiEntropy(Replica x) {
        if (x.retired) {
            return;                                     // a retired replica's rounds end
        }
        schedule(now + ANTI_ENTROPY_MS - 100 + net.nextInt(201), () -> antiEntropy(x));
        if (live.size() < 2) {
            return;
        }
        x.antiEntropyRounds++;
        Replica peer = replicas.get((x.index + 1 + net.nextInt(replicas.size() - 1)) % replicas.size());
        while (peer.retired) {
            peer = replicas.get((x.index + 1 + net.nextInt(replicas.size() - 1)) % replicas.size());
        }
        List<Payload> payloads = new ArrayList<>();
        if (options.fullEvery() > 0 && x.antiEntropyRounds % options.fullEvery() == 0) {
            for (Map.Entry<String, CartState> e : x.carts.entrySet()) {
                addState(payloads, e.getKey(), e.getValue());
            }
            if (!payloads.isEmpty()) {
                send(new Message(Kind.FULL, x.index, peer.index, 0, payloads, null, now));
            }
            return;
        }
        for (Map.Entry<String, CartState> e : x.carts.entrySet()) {
            CartState s = e.getValue();
            payloads.add(new Payload(e.getKey(), Part.DIGEST, utf8(cartDigest(x, e.getKey()))));
            payloads.add(new Payload(e.getKey(), Part.ITEMS_CONTEXT, codec.encode(s.items().context())));
            payloads.add(new Payload(e.getKey(), Part.VERSIONS_CONTEXT, codec.encode(s.versions().context())));
            if (!s.fields().registers().isEmpty()) {
                payloads.add(new Payload(e.getKey(), Part.FIELDS, codec.encode(s.fields())));
            }
        }
        send(new Message(Kind.SUMMARY, x.index, peer.index, 0, payloads, new TreeMap<>(x.carts), now));
    }

    private void addState(List<Payload> payloads, String cart, CartState s) {
        if (!s.items().equals(CartState.NO_ITEMS)) {
            payloads.add(new Payload(cart, Part.ITEMS, codec.encode(s.items())));
        }
        if (!s.versions().equals(MVRegister.empty())) {
            payloads.add(new Payload(cart, Part.VERSIONS, codec.encode(s.versions())));
        }
        if (!s.fields().equals(LWWMap.empty())) {
            payloads.add(new Payload(cart, Part.FIELDS, codec.encode(s.fields())));
        }
    }

    /** The peer's side of anti-entropy: take the pushed fields, answer with what the sender lacks. */
    private void answerSummary(Replica y, Message m) {
        Map<String, CausalContext> itemContexts = new HashMap<>();
        Map<String, CausalContext> versionContexts = new HashMap<>();
        Map<String, LWWMap<String, String>> theirFields = new HashMap<>();
        Map<String, String> theirDigests = new HashMap<>();
        for (Payload p : m.payloads()) {
            switch (p.part()) {
                case DIGEST:
                    theirDigests.put(p.cart(), new String(p.bytes(), StandardCharsets.UTF_8));
                    break;
                case ITEMS_CONTEXT:
                    itemContexts.put(p.cart(), codec.decode(p.bytes(), CausalContext.class));
                    break;
                case VERSIONS_CONTEXT:
                    versionContexts.put(p.cart(), codec.decode(p.bytes(), CausalContext.class));
                    break;
                case FIELDS:
                    LWWMap<String, String> fields = decodeFields(p.bytes());
                    theirFields.put(p.cart(), fields);
                    apply(y, p.cart(), y.cart(p.cart()).withFields(y.cart(p.cart()).fields().merge(fields)));
                    break;
                default:
                    throw new IllegalStateException("a summary holds contexts and fields, not " + p.part());
            }
        }
        if (replicas.get(m.from()).retired) {
            return;             // a summary the retired replica sent before it retired: nobody to answer
        }
        List<Payload> reply = new ArrayList<>();
        for (Map.Entry<String, CartState> e : y.carts.entrySet()) {
            String cart = e.getKey();
            if (cartDigest(y, cart).equals(theirDigests.get(cart))) {
                continue;   // the same state on both sides: nothing to answer
            }
            CartState mine = e.getValue();
            CartState theirs = m.snapshot().getOrDefault(cart, CartState.EMPTY);
            ORMap<String, PNCounter> items = mine.items().diff(itemContexts.getOrDefault(cart, CausalContext.empty()));
            if (!items.context().isEmpty() || !items.valueStates().isEmpty()) {
                reply.add(new Payload(cart, Part.ITEMS, codec.encode(items)));
            }
            if (!theirs.items().merge(items).equals(theirs.items().merge(mine.items()))) {
                report.contractViolation("ORMap.diff", now, cart, y, replicas.get(m.from()));
            }
            MVRegister<String> versions = mine.versions()
                    .diff(versionContexts.getOrDefault(cart, CausalContext.empty()));
            if (!versions.context().isEmpty()) {
                reply.add(new Payload(cart, Part.VERSIONS, codec.encode(versions)));
            }
            if (!theirs.versions().merge(versions).equals(theirs.versions().merge(mine.versions()))) {
                report.contractViolation("MVRegister.diff", now, cart, y, replicas.get(m.from()));
            }
            LWWMap<String, String> fields = theirFields.getOrDefault(cart, LWWMap.empty());
            if (!mine.fields().compare(fields).isBeforeOrEqual()) {
                reply.add(new Payload(cart, Part.FIELDS, codec.encode(mine.fields())));
            }
        }
        if (!reply.isEmpty()) {
            send(new Message(Kind.DIFF, y.index, m.from(), 0, reply, null, now));
        }
    }

    // ---- network ----

    private void send(Message m) {
        report.sent(m.kind(), m.bytes());
        transmit(m);
    }

    /** Puts a message on the faulty network; returns whether it is on its way (not cut, not lost). */
    private boolean transmit(Message m) {
        if (separated(m.from(), m.to())) {
            report.cutByPartition++;
            return false;
        }
        if (net.nextDouble() < options.loss()) {
            report.lost++;
            return false;
        }
        long delay = latency[m.from()][m.to()] + Math.round(-Math.log(1 - net.nextDouble()) * 5);
        if (net.nextDouble() < REORDERED) {
            delay += 20 + net.nextInt(181);
        }
        Replica to = replicas.get(m.to());
        if (to.lagUntil > now) {
            delay += to.lagExtraMillis;
        }
        schedule(now + delay, () -> deliver(m));
        if (net.nextDouble() < options.duplication()) {
            report.duplicated++;
            schedule(now + delay + 1 + net.nextInt(100), () -> deliver(m));
        }
        return true;
    }

    private void deliver(Message m) {
        if (separated(m.from(), m.to())) {
            report.cutByPartition++;
            return;
        }
        Replica to = replicas.get(m.to());
        if (to.retired) {
            report.droppedAtRetired++;      // it never receives again
            return;
        }
        report.delivered++;
        if (pruned && m.kind() == Kind.HANDOFF) {
            report.lateHandoffCopies++;
        } else if (pruned && m.at() < report.prunedAt && m.kind() != Kind.ACK && holdsMarker(to)) {
            report.staleAfterPruning++;     // made before the pruning, merged by a replica that holds the marker
            if (m.at() < report.retiredAt) {
                report.staleFromBeforeRetirement++;
                if (m.from() == retiring.index) {
                    report.staleFromRetired++;
                }
            }
        }
        if (sabotage == Sabotage.DEAF_REPLICA && m.to() == replicas.size() - 1) {
            return;
        }
        switch (m.kind()) {
            case ACK:
                to.unacked.remove(m.seq());
                to.attempts.remove(m.seq());
                break;
            case SUMMARY:
                answerSummary(to, m);
                break;
            case DELTA:
                if (!replicas.get(m.from()).retired) {
                    send(new Message(Kind.ACK, m.to(), m.from(), m.seq(), List.of(), null, now));
                }
                mergeAll(to, m.payloads());
                break;
            case HANDOFF:
                mergeAll(to, m.payloads());
                if (!pruned) {
                    pruneRetired();
                }
                break;
            default:
                mergeAll(to, m.payloads());
                break;
        }
    }

    private void mergeAll(Replica x, List<Payload> payloads) {
        for (Payload p : payloads) {
            CartState s = x.cart(p.cart());
            switch (p.part()) {
                case ITEMS:
                    apply(x, p.cart(), s.withItems(s.items().merge(decodeItems(p.bytes()))));
                    break;
                case VERSIONS:
                    apply(x, p.cart(), s.withVersions(s.versions().merge(decodeVersions(p.bytes()))));
                    break;
                case FIELDS:
                    apply(x, p.cart(), s.withFields(s.fields().merge(decodeFields(p.bytes()))));
                    break;
                default:
                    throw new IllegalStateException("cannot merge a " + p.part());
            }
        }
    }

    private void apply(Replica x, String cart, CartState next) {
        if (next != x.cart(cart)) {
            x.carts.put(cart, next);
            changedSinceCheck = true;
            observe(x, cart);
        }
    }

    @SuppressWarnings("unchecked")
    private ORMap<String, PNCounter> decodeItems(byte[] bytes) {
        return codec.decode(bytes, ORMap.class);
    }

    @SuppressWarnings("unchecked")
    private MVRegister<String> decodeVersions(byte[] bytes) {
        return codec.decode(bytes, MVRegister.class);
    }

    @SuppressWarnings("unchecked")
    private LWWMap<String, String> decodeFields(byte[] bytes) {
        return codec.decode(bytes, LWWMap.class);
    }

    private boolean separated(int a, int b) {
        return side != null && side[a] != side[b];
    }

    // ---- retirement ----

    /**
     * The retiring replica stops: no more client writes (they move to the others), no more
     * anti-entropy rounds, resends or acknowledgements, and the others stop sending to it. As it
     * shuts down it hands its final state of every cart to its successor.
     */
    private void retire() {
        Replica r = retiring;
        r.retired = true;
        live.remove(r);
        report.retiredAt = now;
        r.unacked.clear();
        r.attempts.clear();
        for (Replica x : live) {
            x.unacked.entrySet().removeIf(e -> {
                boolean toRetired = e.getValue().to() == r.index;
                if (toRetired) {
                    x.attempts.remove(e.getKey());
                }
                return toRetired;
            });
        }
        for (List<Pending> list : pending.values()) {
            for (Iterator<Pending> it = list.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (!p.seen[r.index]) {
                    p.seen[r.index] = true;         // no longer waited for there
                    if (++p.seenBy == replicas.size()) {
                        staleness.record(p.lastSeenAt - p.write.time());
                        it.remove();
                    }
                }
            }
        }
        List<Payload> payloads = new ArrayList<>();
        for (Map.Entry<String, CartState> e : r.carts.entrySet()) {
            addState(payloads, e.getKey(), e.getValue());
        }
        Message handoff = new Message(Kind.HANDOFF, r.index, successor.index, 0, payloads, null, now);
        out.printf(Locale.ROOT, "[%6.1f s] %s retires: no more client writes; it hands its final state of %s (%s B)"
                + " to %s%n", now / 1000.0, r, Report.count(r.carts.size(), "cart"), Report.n(handoff.bytes()),
                successor);
        sendHandoff(handoff);
        changedSinceCheck = true;
    }

    /**
     * The shutdown hand-off: the retiring replica's final state, over the same faulty network, sent
     * again every {@value #RESEND_AFTER_MS} ms until the successor has merged it (and pruned).
     */
    private void sendHandoff(Message m) {
        if (pruned) {
            return;
        }
        report.handoffAttempts++;
        report.sent(m.kind(), m.bytes());
        transmit(m);
        schedule(now + RESEND_AFTER_MS, () -> sendHandoff(m));
    }

    /**
     * On the successor, once it has merged the retired replica's final state: prunes the retired id
     * from every cart's items and versions (not the last-writer-wins fields, whose writer id is a
     * tie-breaker), then ships the pruned carts in full to every live peer.
     */
    private void pruneRetired() {
        pruned = true;
        report.prunedAt = now;
        ReplicaId retired = retiring.id;
        for (String cart : new ArrayList<>(successor.carts.keySet())) {
            CartState s = successor.cart(cart);
            apply(successor, cart, s.withItems(s.items().prune(retired, successor.id))
                    .withVersions(s.versions().prune(retired, successor.id)));
            report.prunedCarts++;
        }
        List<Payload> payloads = new ArrayList<>();
        for (Map.Entry<String, CartState> e : successor.carts.entrySet()) {
            addState(payloads, e.getKey(), e.getValue());
        }
        for (Replica peer : live) {
            if (peer != successor) {
                Message m = new Message(Kind.FULL, successor.index, peer.index, 0, payloads, null, now);
                report.sent(m.kind(), m.bytes());
                report.prunedShips++;
                if (!transmit(m)) {
                    report.prunedShipsLost++;   // then deltas and anti-entropy carry the markers
                }
            }
        }
        out.printf(Locale.ROOT, "[%6.1f s] %s merged %s's final state (hand-off attempt %d) and pruned %s from %s;"
                + " it ships them in full%n", now / 1000.0, successor, retiring, report.handoffAttempts, retiring,
                Report.count(report.prunedCarts, "cart"));
    }

    /** Whether {@code r} has pruned, or merged a pruned state: a cart's items hold a marker. */
    private static boolean holdsMarker(Replica r) {
        for (CartState s : r.carts.values()) {
            if (!s.items().prunings().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The pruning markers {@code r} holds: on item keys, on versions, and on quantity halves. */
    static long[] markers(Replica r) {
        long[] counts = new long[3];
        for (CartState s : r.carts.values()) {
            counts[0] += s.items().prunings().size();
            counts[1] += s.versions().prunings().size();
            for (PNCounter q : s.items().valueStates().values()) {
                counts[2] += q.increments().prunings().size() + q.decrements().prunings().size();
            }
        }
        return counts;
    }

    // ---- faults ----

    private void startPartition() {
        if (writesEndedAt >= 0) {
            return;
        }
        int n = replicas.size();
        int minority = 1 + net.nextInt(n / 2);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, net);
        side = new boolean[n];
        for (int i = 0; i < minority; i++) {
            side[order.get(i)] = true;
        }
        report.partitions++;
        report.splits.add(new long[] {now, -1});
        long duration = 1_000 + net.nextInt(3_001);
        report.partitionedMillis += duration;
        schedule(now + duration, this::heal);
    }

    private void heal() {
        sampleDivergence();
        side = null;
        report.splits.get(report.splits.size() - 1)[1] = now;
        lastHealAt = now;
        changedSinceCheck = true;
        if (writesEndedAt < 0) {
            schedule(now + exponential(options.partitionRate()), this::startPartition);
        }
    }

    private void startLag() {
        if (writesEndedAt >= 0) {
            return;
        }
        Replica r = replicas.get(net.nextInt(replicas.size()));
        r.lagUntil = now + 1_000 + net.nextInt(2_001);
        r.lagExtraMillis = 200 + net.nextInt(601);
        report.lagEpisodes++;
        schedule(now + exponential(options.lagRate()), this::startLag);
    }

    // ---- measuring ----

    private void progress() {
        progressLine();
        schedule(now + progressEvery, this::progress);
    }

    private void progressLine() {
        sampleDivergence();
        Sample health = takeSample(0);
        out.printf(Locale.ROOT, "[%6.1f s] %,d/%,d ops | %,d msgs, %,d lost | %s | divergence %d (worst cart %d)"
                + " | %s | %d/%d disagree | %.1f s wall%n", now / 1000.0, opsIssued, options.ops(),
                report.messagesSent(), report.lost + report.cutByPartition, side == null ? "no split" : "split "
                + describe(side), health.divergence(), worstCartDivergence(),
                Report.count(health.cartsWithSiblings(), "cart") + " with siblings", health.disagreeing(),
                live.size(), (wallNanos.getAsLong() - wallStart) / 1e9);
    }

    /** Takes a sample of the time series, and schedules the next. */
    private void sample() {
        sampleDivergence();     // so that the report's peaks are never below the series
        List<Sample> series = report.series;
        series.add(takeSample(series.isEmpty() ? 0 : series.get(series.size() - 1).bytesSentTotal()));
        schedule(now + sampleEvery, this::sample);
    }

    /** The live replicas' health now; {@code bytesBefore} is the bytes sent up to the previous sample. */
    private Sample takeSample(long bytesBefore) {
        long divergence = TruthHealth.divergence(live.stream().map(Replica::versionVector)
                .collect(Collectors.toList())).max();
        int disagreeing = TruthHealth.disagreeing(live.stream().map(this::digest).collect(Collectors.toList()));
        SiblingCount siblings = TruthHealth.siblingCount(replicas.get(0).carts.values().stream()
                .map(CartState::versions).collect(Collectors.toList()));
        long bytes = report.sent.values().stream().mapToLong(c -> c[1]).sum();
        return new Sample(now, divergence, disagreeing, siblings.siblings(), siblings.conflicted(),
                staleness.percentile(50), staleness.percentile(99), staleness.count(), bytes, bytes - bytesBefore,
                report.messagesSent(), side != null);
    }

    private void sampleDivergence() {
        long d = TruthHealth.divergence(live.stream().map(Replica::versionVector).collect(Collectors.toList()))
                .max();
        peakDivergence = Math.max(peakDivergence, d);
        worstCartDivergence();
        for (Replica r : live) {
            peakConflicted = Math.max(peakConflicted, TruthHealth.siblingCount(
                    r.carts.values().stream().map(CartState::versions).collect(Collectors.toList())).conflicted());
        }
    }

    /** The largest divergence of one cart's item vectors across the replicas now; keeps the peak. */
    private long worstCartDivergence() {
        long worst = 0;
        for (String cart : carts) {
            List<VersionVector> vectors = new ArrayList<>();
            for (Replica r : live) {
                vectors.add(r.cart(cart).items().context().versionVector());
            }
            long c = TruthHealth.divergence(vectors).max();
            worst = Math.max(worst, c);
            if (c > peakCartDivergence) {
                peakCartDivergence = c;
                peakCart = cart;
            }
        }
        return worst;
    }

    private String describe(boolean[] sides) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Replica r : replicas) {
            (sides[r.index] ? a : b).add(r.id.name());
        }
        return String.join(" ", a) + " / " + String.join(" ", b);
    }

    /** The digest of one cart, cached while the replica's state of the cart stays the same object. */
    private String cartDigest(Replica r, String cart) {
        CartState s = r.cart(cart);
        Replica.Digest cached = r.cartDigests.get(cart);
        if (cached == null || cached.state() != s) {
            cached = new Replica.Digest(s, TruthHealth.digest(s, this::encode));
            r.cartDigests.put(cart, cached);
        }
        return cached.digest();
    }

    /** Whether every live replica holds the same carts (a retired replica's are frozen). */
    private boolean allAgree() {
        Replica first = live.get(0);
        for (Replica r : live) {
            if (r != first && !r.carts.equals(first.carts)) {
                return false;
            }
        }
        return true;
    }

    /** The digest of everything a replica holds: its carts in order, each part Kryo-encoded. */
    String digest(Replica r) {
        return TruthHealth.digest(r, this::encode);
    }

    private byte[] encode(Replica r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Map.Entry<String, CartState> e : r.carts.entrySet()) {
                out.writeUTF(e.getKey());
                out.write(encode(e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A cart's three parts, Kryo-encoded, each preceded by its length. */
    private byte[] encode(CartState s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Object part : List.of(s.items(), s.versions(), s.fields())) {
                byte[] encoded = codec.encode(part);
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Report finish() {
        sampleDivergence();
        Report b = report;
        b.simulatedMillis = now;
        b.writes = log.size();
        b.writesEndedAt = writesEndedAt;
        b.lastHealAt = lastHealAt;
        b.convergedAt = convergedAt;
        b.converged = convergedAt >= 0 && allAgree();
        for (Replica r : replicas) {
            b.digests.add(digest(r));
            b.vectors.add(r.versionVector());
            b.siblings.add(TruthHealth.siblingCount(r.carts.values().stream().map(CartState::versions)
                    .collect(Collectors.toList())));
        }
        b.divergence = TruthHealth.divergence(live.stream().map(Replica::versionVector).collect(Collectors.toList()));
        b.peakDivergence = peakDivergence;
        b.peakCartDivergence = peakCartDivergence;
        b.peakCart = peakCart;
        b.peakConflicted = peakConflicted;
        b.staleness = staleness;
        b.unseenWrites = pending.values().stream().mapToInt(List::size).sum();
        Set<String> problems = new TreeSet<>();
        int checkedItems = 0;
        for (Replica r : live) {
            for (String cart : carts) {
                CartState s = r.cart(cart);
                checkedItems += s.items().valueStates().size();
                for (String p : log.check(cart, s)) {
                    problems.add(r.id.name() + " " + p);
                }
            }
        }
        b.checkedItems = checkedItems / live.size();
        if (retiring != null) {
            checkRetirement(b, problems);
        }
        b.invariantViolations.addAll(problems);
        compareWithDynamo(b, replicas.get(0));
        List<Sample> series = b.series;
        if (!series.isEmpty() && series.get(series.size() - 1).simulatedMillis() == now) {
            series.remove(series.size() - 1);     // the sample at the very end replaces one taken at the same time
        }
        series.add(takeSample(series.isEmpty() ? 0 : series.get(series.size() - 1).bytesSentTotal()));
        return b;
    }

    /**
     * After a retirement: the hand-off landed and the successor pruned, no live replica's cart
     * carries the retired id in its items or versions any more, and how many markers each holds.
     */
    private void checkRetirement(Report b, Set<String> problems) {
        ReplicaId retired = retiring.id;
        if (!pruned) {
            problems.add(successor + " never got " + retired + "'s final state, so never pruned it");
        }
        for (Replica r : live) {
            for (Map.Entry<String, CartState> e : r.carts.entrySet()) {
                CartState s = e.getValue();
                boolean items = s.items().replicaIds().contains(retired);
                boolean versions = s.versions().replicaIds().contains(retired);
                if (items || versions) {
                    b.cartsCarryingRetired++;
                    problems.add(r + " " + e.getKey() + (items ? " items" : "") + (items && versions ? " and" : "")
                            + (versions ? " versions" : "") + " still carry the retired " + retired);
                }
                for (LWWRegister<Optional<String>> field : s.fields().registers().values()) {
                    if (r == successor && field.writer().equals(retired)) {
                        b.fieldsByRetired++;
                    }
                }
            }
            b.markers.add(markers(r));
        }
    }

    /** How the Dynamo-style carts (siblings merged by union) differ from the ORMap carts on one replica. */
    private void compareWithDynamo(Report b, Replica r) {
        for (String cart : carts) {
            CartState s = r.cart(cart);
            Map<String, Long> truth = s.quantities();
            Map<String, Long> dynamo = s.view();
            boolean differs = false;
            for (Map.Entry<String, Long> e : dynamo.entrySet()) {
                Long q = truth.get(e.getKey());
                if (q == null) {
                    b.dynamoResurrected++;
                    differs = true;
                } else if (!q.equals(e.getValue())) {
                    b.dynamoQuantityDiffers++;
                    differs = true;
                }
            }
            for (String item : truth.keySet()) {
                if (!dynamo.containsKey(item)) {
                    b.dynamoMissing++;
                    differs = true;
                }
            }
            b.dynamoCartsDiffering += differs ? 1 : 0;
        }
    }

    // ---- helpers ----

    private void schedule(long time, Runnable action) {
        events.add(new Event(time, eventSeq++, action));
    }

    private long nextOpGap() {
        return 1 + Math.round(-Math.log(1 - workload.nextDouble()) * 1000 / opsPerSecond);
    }

    private long exponential(double perSecond) {
        return 1 + Math.round(-Math.log(1 - net.nextDouble()) * 1000 / perSecond);
    }

    private static String percent(double p) {
        return SimOptions.number(Math.round(p * 1000) / 10.0) + "%";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
