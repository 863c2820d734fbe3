package dev.convergent.sim;

import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.health.Divergence;
import dev.convergent.health.SiblingCount;
import dev.convergent.health.Staleness;
import dev.convergent.health.TruthHealth;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The truth-health report of one simulation run: filled in by {@link Simulation} while it runs and
 * at the end, then printed ({@link #print}), written as JSON ({@link #toJson}) and, its time series,
 * drawn as SVG ({@link SeriesChart}).
 */
final class Report {

    final SimOptions options;
    final List<String> replicaNames;
    final long[] skews;
    final int carts;

    // conflicts, classified when a write is made from the writes its replica had not seen
    long addWins;
    long lwwConflicts;
    long lwwAgainstRealTime;
    long siblingConflicts;
    long applicationMerges;
    long siblingsMerged;
    long refusedByDriftBound;

    // network
    final Map<Simulation.Kind, long[]> sent = new EnumMap<>(Simulation.Kind.class);
    long deltasResent;
    long deltasAbandoned;
    long lost;
    long cutByPartition;
    long duplicated;
    long delivered;
    long partitions;
    long partitionedMillis;
    long lagEpisodes;
    /** Each partition's simulated start and end (-1 while it lasts), in order. */
    final List<long[]> splits = new ArrayList<>();

    // library contracts checked on the way
    final Map<String, Long> contractViolations = new TreeMap<>();
    String firstContractViolation;

    // retirement (--retire-at): the last replica, pruned into the first
    long retiredAt = -1;
    long prunedAt = -1;
    int handoffAttempts;
    int prunedCarts;
    /** The successor's full-state ships of its pruned carts, and those lost or cut by a partition. */
    int prunedShips;
    int prunedShipsLost;
    /**
     * Messages made before the pruning and delivered to a replica that already held the marker
     * (acknowledgements and hand-off copies aside); those of them made before the retirement; those
     * of these the retired replica sent.
     */
    long staleAfterPruning;
    long staleFromBeforeRetirement;
    long staleFromRetired;
    /** Copies of the hand-off (retries, duplicates) that reached the successor after it had pruned. */
    long lateHandoffCopies;
    /** Messages that reached the retired replica after it retired, dropped. */
    long droppedAtRetired;
    /** Live replicas' carts whose items or versions still carry the retired id at the end (should be 0). */
    int cartsCarryingRetired;
    /** The successor's LWW fields whose winning writer is the retired replica (not pruned, by design). */
    long fieldsByRetired;
    /** Per live replica: its pruning markers on item keys, on versions, and on quantity halves. */
    final List<long[]> markers = new ArrayList<>();

    // the end
    long simulatedMillis;
    int writes;
    long writesEndedAt;
    long lastHealAt;
    long convergedAt;
    boolean converged;
    final List<String> digests = new ArrayList<>();
    final List<VersionVector> vectors = new ArrayList<>();
    final List<SiblingCount> siblings = new ArrayList<>();
    Divergence divergence;
    long peakDivergence;
    long peakCartDivergence;
    String peakCart;
    int peakConflicted;
    Staleness staleness;
    int unseenWrites;
    int checkedItems;
    final List<String> invariantViolations = new ArrayList<>();
    long dynamoCartsDiffering;
    long dynamoResurrected;
    long dynamoMissing;
    long dynamoQuantityDiffers;
    /** The time series: a sample every {@link Simulation#sampleEvery} simulated ms, the last one at the end. */
    final List<Sample> series = new ArrayList<>();

    Report(SimOptions options, List<String> replicaNames, long[] skews, int carts) {
        this.options = options;
        this.replicaNames = List.copyOf(replicaNames);
        this.skews = skews.clone();
        this.carts = carts;
        for (Simulation.Kind k : Simulation.Kind.values()) {
            sent.put(k, new long[2]);
        }
    }

    void sent(Simulation.Kind kind, int bytes) {
        long[] counts = sent.get(kind);
        counts[0]++;
        counts[1] += bytes;
    }

    long messagesSent() {
        return sent.values().stream().mapToLong(c -> c[0]).sum();
    }

    void contractViolation(String contract, long at, String cart, Replica answering, Replica asking) {
        contractViolations.merge(contract, 1L, Long::sum);
        if (firstContractViolation == null) {
            firstContractViolation = contract + " at " + seconds(at) + " on " + cart + ": " + answering
                    + " answered " + asking + "'s summary with a diff that does not bring " + asking
                    + " up to date (merging it differs from merging " + answering + "'s state)";
        }
    }

    /** The index of the replica that retires, or -1. */
    int retiredIndex() {
        return options.retires() ? replicaNames.size() - 1 : -1;
    }

    String retiredName() {
        return replicaNames.get(replicaNames.size() - 1);
    }

    /** The digests of the replicas that did not retire. */
    List<String> liveDigests() {
        List<String> live = new ArrayList<>(digests);
        if (options.retires() && live.size() == replicaNames.size()) {
            live.remove(retiredIndex());
        }
        return live;
    }

    /** The pruning markers a live replica holds (the successor's), all kinds together. */
    long markerCount() {
        return markers.isEmpty() ? 0 : markers.get(0)[0] + markers.get(0)[1] + markers.get(0)[2];
    }

    boolean invariantsHold() {
        return invariantViolations.isEmpty();
    }

    /** 0 when the replicas converged with every invariant kept, 1 otherwise. */
    int exitCode() {
        return converged && invariantsHold() ? 0 : 1;
    }

    String verdict() {
        List<String> live = liveDigests();
        if (converged && invariantsHold()) {
            String who = live.size() == 1 ? "the only live replica holds" : live.size() + " replicas agree on";
            return "CONVERGED: " + who + " digest " + live.get(0)
                    + " and every invariant holds" + (options.retires() ? "; " + retiredName()
                    + " retired and pruned: no cart's items or versions carry it (" + count(markerCount(), "marker")
                    + ")" : "");
        }
        if (!converged) {
            return "NOT CONVERGED: " + distinct(live) + " different digests " + seconds(Simulation.SETTLE_LIMIT_MS)
                    + " after the last write" + (invariantsHold() ? "" : ", and " + invariantViolations.size()
                    + " invariant violations");
        }
        return "INVARIANTS BROKEN: the replicas agree, on a state the writes do not explain ("
                + invariantViolations.size() + " violations)";
    }

    void print(PrintStream out) {
        out.println();
        out.println("truth health after " + seconds(simulatedMillis) + " simulated (" + n(writes)
                + " writes, the last at " + seconds(writesEndedAt) + ")");
        out.printf("  %-8s %-8s %-17s %s%n", "replica", "skew", "digest", "writes seen per writer (version vector)");
        for (int i = 0; i < replicaNames.size(); i++) {
            out.printf("  %-8s %-8s %-17s %s%s%n", replicaNames.get(i), signed(skews[i]) + " ms", digests.get(i),
                    vectors.get(i), i == retiredIndex() ? "  (retired at " + seconds(retiredAt) + ", frozen)" : "");
        }
        List<String> live = liveDigests();
        line(out, "disagreeing", TruthHealth.disagreeing(live) + " of " + live.size() + (options.retires()
                ? " live" : "") + " replicas (digest: SHA-256 prefix of the Kryo encoding of all carts)");
        line(out, "divergence", divergence.max() + " now (max - min per writer: " + perWriter(divergence) + "); peak "
                + n(peakDivergence) + " over all carts together, " + n(peakCartDivergence) + " on one cart"
                + (peakCart == null || peakCart.isEmpty() ? "" : " (" + peakCart + ")"));
        SiblingCount s = siblings.get(0);
        line(out, "siblings", n(s.siblings()) + " on " + n(s.registers()) + " Dynamo-style carts; "
                + count(s.conflicted(), "cart") + " with concurrent versions (the conflict backlog; peak "
                + n(peakConflicted) + ")");
        line(out, "conflicts", "add-wins " + n(addWins) + " (removes overruled by a concurrent update: the item"
                + " stays); LWW " + n(lwwConflicts) + " (field writes concurrent with another; " + n(lwwAgainstRealTime)
                + " lost to an earlier write whose clock ran ahead" + (refusedByDriftBound > 0 ? "; "
                + n(refusedByDriftBound) + " refused by the " + Simulation.MAX_DRIFT_MS + " ms drift bound" : "")
                + "); siblings " + n(siblingConflicts) + " (cart versions written concurrently, kept side by side;"
                + " clients merged " + n(applicationMerges) + " reads of 2+ siblings)");
        line(out, "bytes sent", "deltas " + bytes(Simulation.Kind.DELTA) + " (" + n(deltasResent) + " resends, "
                + n(deltasAbandoned) + " given up); anti-entropy summaries " + bytes(Simulation.Kind.SUMMARY)
                + ", diffs " + bytes(Simulation.Kind.DIFF) + "; full state " + bytes(Simulation.Kind.FULL) + "; acks "
                + bytes(Simulation.Kind.ACK) + (options.retires() ? "; hand-off " + bytes(Simulation.Kind.HANDOFF)
                : ""));
        line(out, "network", n(messagesSent()) + " messages: " + n(lost) + " lost, " + n(cutByPartition)
                + " cut by partitions, " + n(duplicated) + " duplicated; " + count(partitions, "partition") + ", "
                + seconds(partitionedMillis) + " in all; " + count(lagEpisodes, "lag episode"));
        line(out, "staleness", "p50 " + n(staleness.percentile(50)) + " ms, p99 " + n(staleness.percentile(99))
                + " ms, max " + n(staleness.max()) + " ms over " + n(staleness.count()) + " writes (simulated ms until"
                + " every replica saw the write)" + (unseenWrites > 0 ? "; " + n(unseenWrites)
                + " writes never seen everywhere" : ""));
        line(out, "convergence", convergence());
        if (options.retires()) {
            line(out, "retirement", retirement());
        }
        line(out, "invariants", invariantsHold()
                ? "hold on every " + (options.retires() ? "live " : "") + "replica: the carts are what the "
                        + n(writes) + " logged writes imply (no item lost or resurrected, each quantity the sum of"
                        + " its changes, siblings and fields right)"
                : n(invariantViolations.size()) + " VIOLATIONS, for example:");
        invariantViolations.stream().limit(8).forEach(v -> line(out, "", "- " + v));
        line(out, "contracts", contractViolations.isEmpty()
                ? "every anti-entropy diff brought its peer exactly up to date"
                : contractViolations + " anti-entropy diffs fell short" + (options.fullEvery() > 0
                        ? " (full-state syncs repair them)" : " (with diffs only, nothing repairs a shortfall)")
                        + "; first: " + firstContractViolation);
        line(out, "Dynamo-style", n(dynamoCartsDiffering) + " of " + n(carts) + " carts read differently from the"
                + " ORMap carts: " + n(dynamoResurrected) + " removed items back, " + n(dynamoQuantityDiffers)
                + " quantities differ, " + n(dynamoMissing) + " items missing");
        wrap(out, "verdict: ", verdict());
    }

    private String retirement() {
        String retired = retiredName();
        String successor = replicaNames.get(0);
        if (retiredAt < 0) {
            return retired + " was to retire at " + seconds(options.retireAtMillis()) + " but the run ended first";
        }
        StringBuilder s = new StringBuilder(retired + " stopped taking writes at " + seconds(retiredAt)
                + " and handed its final state to " + successor + " (" + count(handoffAttempts, "attempt") + "); ");
        if (prunedAt < 0) {
            s.append(successor).append(" never got it, so never pruned ").append(retired).append("; ");
        } else {
            s.append(successor).append(" merged it at ").append(seconds(prunedAt)).append(", pruned ").append(retired)
                    .append(" from the items and versions of ").append(count(prunedCarts, "cart"))
                    .append(" and shipped them in full (").append(n(prunedShipsLost)).append(" of ")
                    .append(count(prunedShips, "ship")).append(" lost or cut). ");
        }
        s.append("Made before the pruning and merged by a replica holding the marker: ")
                .append(count(staleAfterPruning, "message"))
                .append(" (").append(n(staleFromBeforeRetirement)).append(" made before the retirement, ")
                .append(n(staleFromRetired)).append(" of these by ").append(retired).append("), and ")
                .append(n(lateHandoffCopies)).append(lateHandoffCopies == 1 ? " late copy" : " late copies")
                .append(" of the hand-off; ")
                .append(n(droppedAtRetired)).append(" dropped at the retired ").append(retired).append(". At the end ");
        s.append(cartsCarryingRetired == 0 ? "no live replica's cart carries " + retired + " in its items or versions"
                : count(cartsCarryingRetired, "cart") + " STILL CARRY " + retired);
        s.append("; markers ");
        boolean same = markers.stream().allMatch(m -> Arrays.equals(m, markers.get(0)));
        if (!markers.isEmpty() && same) {
            s.append("on each live replica: ").append(markers(markers.get(0)));
        } else {
            for (int i = 0, j = 0; i < replicaNames.size() && j < markers.size(); i++) {
                if (i != retiredIndex()) {
                    s.append(j == 0 ? "" : "; ").append(replicaNames.get(i)).append(": ")
                            .append(markers(markers.get(j++)));
                }
            }
        }
        return s.append(". The LWW fields still name ").append(retired).append(" as the writer of ")
                .append(count(fieldsByRetired, "field")).append(" (not pruned: a per-key tie-breaker)").toString();
    }

    private static String markers(long[] m) {
        return n(m[0] + m[1] + m[2]) + " (" + n(m[0]) + " on item keys, " + n(m[1]) + " on versions, " + n(m[2])
                + " on quantity halves)";
    }

    private static final int WIDTH = 118;
    private static final String INDENT = " ".repeat(17);

    /** Prints {@code prefix + text}, wrapping at {@value #WIDTH} columns under the text. */
    private static void wrap(PrintStream out, String prefix, String text) {
        String indent = " ".repeat(prefix.length());
        StringBuilder row = new StringBuilder(prefix);
        for (String word : text.split(" ")) {
            if (row.length() + 1 + word.length() > WIDTH && row.length() > prefix.length()) {
                out.println(row.toString().stripTrailing());
                row = new StringBuilder(indent);
            }
            if (row.length() > prefix.length() && row.charAt(row.length() - 1) != ' ') {
                row.append(' ');
            }
            row.append(word);
        }
        out.println(row.toString().stripTrailing());
    }

    /** Prints {@code "  label  text"}, wrapping the text at {@value #WIDTH} columns under itself. */
    private static void line(PrintStream out, String label, String text) {
        StringBuilder row = new StringBuilder(String.format("  %-14s ", label));
        for (String word : text.split(" ")) {
            if (row.length() + 1 + word.length() > WIDTH && row.length() > INDENT.length()) {
                out.println(row.toString().stripTrailing());
                row = new StringBuilder(INDENT);
            }
            if (row.length() > INDENT.length() && row.charAt(row.length() - 1) != ' ') {
                row.append(' ');
            }
            row.append(word);
        }
        out.println(row.toString().stripTrailing());
    }

    private String bytes(Simulation.Kind kind) {
        long[] counts = sent.get(kind);
        return n(counts[1]) + " B in " + n(counts[0]) + " msgs";
    }

    /** {@code 1 cart}, {@code 2 carts}. */
    static String count(long v, String noun) {
        return n(v) + " " + noun + (v == 1 ? "" : "s");
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private String convergence() {
        if (!converged) {
            return "not reached within " + seconds(Simulation.SETTLE_LIMIT_MS) + " after the last write";
        }
        StringBuilder s = new StringBuilder("converged at " + seconds(convergedAt) + ": ");
        if (lastHealAt >= 0) {
            s.append(n(convergedAt - lastHealAt)).append(" ms after the last partition healed (at ")
                    .append(seconds(lastHealAt)).append("), ");
        } else {
            s.append("no partition, ");
        }
        return s.append(n(convergedAt - writesEndedAt)).append(" ms after the last write")
                .toString();
    }

    String toJson() {
        Json j = new Json();
        j.open();
        j.field("options").open();
        j.field("replicas").value(options.replicas());
        j.field("clients").value(options.clients());
        j.field("ops").value(options.ops());
        j.field("seed").value(options.seed());
        j.field("partitionRate").value(options.partitionRate());
        j.field("loss").value(options.loss());
        j.field("duplication").value(options.duplication());
        j.field("lagRate").value(options.lagRate());
        j.field("skewMs").value(options.skewMs());
        j.field("fullEvery").value(options.fullEvery());
        j.field("retireAtMillis").value(options.retireAtMillis());
        j.close();
        j.field("converged").value(converged);
        j.field("invariantsHold").value(invariantsHold());
        j.field("exitCode").value(exitCode());
        j.field("verdict").value(verdict());
        j.field("simulatedMillis").value(simulatedMillis);
        j.field("writes").value(writes);
        j.field("carts").value(carts);
        j.field("replicas").openArray();
        for (int i = 0; i < replicaNames.size(); i++) {
            j.open();
            j.field("id").value(replicaNames.get(i));
            j.field("retired").value(i == retiredIndex());
            j.field("skewMs").value(skews[i]);
            j.field("digest").value(digests.get(i));
            j.field("versionVector").open();
            for (Map.Entry<ReplicaId, Long> e : vectors.get(i).entries().entrySet()) {
                j.field(e.getKey().name()).value(e.getValue());
            }
            j.close();
            SiblingCount s = siblings.get(i);
            j.field("siblings").value(s.siblings());
            j.field("cartsWithSiblings").value(s.conflicted());
            j.close();
        }
        j.closeArray();
        j.field("disagreeing").value(TruthHealth.disagreeing(liveDigests()));
        j.field("divergence").open();
        j.field("max").value(divergence.max());
        j.field("perReplica").open();
        divergence.perReplica().forEach((r, d) -> j.field(r.name()).value(d));
        j.close();
        j.field("peak").value(peakDivergence);
        j.field("peakOnOneCart").value(peakCartDivergence);
        j.field("peakCart").value(peakCart == null ? "" : peakCart);
        j.close();
        j.field("conflicts").open();
        j.field("addWins").value(addWins);
        j.field("lww").value(lwwConflicts);
        j.field("lwwAgainstRealTime").value(lwwAgainstRealTime);
        j.field("lwwRefusedByDriftBound").value(refusedByDriftBound);
        j.field("siblings").value(siblingConflicts);
        j.field("applicationMerges").value(applicationMerges);
        j.field("siblingsMerged").value(siblingsMerged);
        j.field("peakCartsWithSiblings").value(peakConflicted);
        j.close();
        j.field("bytes").open();
        for (Simulation.Kind k : Simulation.Kind.values()) {
            j.field(k.name().toLowerCase(Locale.ROOT)).open();
            j.field("messages").value(sent.get(k)[0]);
            j.field("bytes").value(sent.get(k)[1]);
            j.close();
        }
        j.field("deltasResent").value(deltasResent);
        j.field("deltasAbandoned").value(deltasAbandoned);
        j.close();
        j.field("network").open();
        j.field("messages").value(messagesSent());
        j.field("delivered").value(delivered);
        j.field("lost").value(lost);
        j.field("cutByPartition").value(cutByPartition);
        j.field("duplicated").value(duplicated);
        j.field("partitions").value(partitions);
        j.field("partitionedMillis").value(partitionedMillis);
        j.field("lagEpisodes").value(lagEpisodes);
        j.close();
        j.field("staleness").open();
        j.field("writes").value(staleness.count());
        j.field("p50").value(staleness.percentile(50));
        j.field("p99").value(staleness.percentile(99));
        j.field("max").value(staleness.max());
        j.field("neverSeenEverywhere").value(unseenWrites);
        j.close();
        j.field("convergence").open();
        j.field("lastWriteAt").value(writesEndedAt);
        j.field("lastPartitionHealedAt").value(lastHealAt);
        j.field("convergedAt").value(convergedAt);
        j.field("millisAfterLastHeal").value(converged && lastHealAt >= 0 ? convergedAt - lastHealAt : -1);
        j.field("millisAfterLastWrite").value(converged ? convergedAt - writesEndedAt : -1);
        j.close();
        if (options.retires()) {
            j.field("retirement").open();
            j.field("retired").value(retiredName());
            j.field("successor").value(replicaNames.get(0));
            j.field("retiredAt").value(retiredAt);
            j.field("handoffAttempts").value(handoffAttempts);
            j.field("prunedAt").value(prunedAt);
            j.field("prunedCarts").value(prunedCarts);
            j.field("prunedShips").value(prunedShips);
            j.field("prunedShipsLost").value(prunedShipsLost);
            j.field("staleDeliveredAfterPruning").value(staleAfterPruning);
            j.field("staleFromBeforeRetirement").value(staleFromBeforeRetirement);
            j.field("staleFromRetired").value(staleFromRetired);
            j.field("lateHandoffCopies").value(lateHandoffCopies);
            j.field("droppedAtRetired").value(droppedAtRetired);
            j.field("cartsCarryingRetired").value(cartsCarryingRetired);
            j.field("fieldsWrittenByRetired").value(fieldsByRetired);
            j.field("markers").openArray();
            for (int i = 0, k = 0; i < replicaNames.size() && k < markers.size(); i++) {
                if (i != retiredIndex()) {
                    long[] m = markers.get(k++);
                    j.open();
                    j.field("replica").value(replicaNames.get(i));
                    j.field("itemKeys").value(m[0]);
                    j.field("versions").value(m[1]);
                    j.field("quantityHalves").value(m[2]);
                    j.close();
                }
            }
            j.closeArray();
            j.close();
        }
        j.field("invariantViolations").openArray();
        invariantViolations.forEach(v -> j.value(v));
        j.closeArray();
        j.field("contractViolations").open();
        contractViolations.forEach((c, n) -> j.field(c).value(n));
        j.close();
        j.field("firstContractViolation").value(firstContractViolation == null ? "" : firstContractViolation);
        j.field("dynamo").open();
        j.field("cartsDiffering").value(dynamoCartsDiffering);
        j.field("removedItemsBack").value(dynamoResurrected);
        j.field("quantitiesDiffering").value(dynamoQuantityDiffers);
        j.field("itemsMissing").value(dynamoMissing);
        j.close();
        j.field("seriesIntervalMillis").value(Simulation.sampleEvery(options));
        j.field("series").openArray();
        for (Sample p : series) {
            j.open();
            j.field("simulatedMillis").value(p.simulatedMillis());
            j.field("divergence").value(p.divergence());
            j.field("disagreeing").value(p.disagreeing());
            j.field("siblings").value(p.siblings());
            j.field("cartsWithSiblings").value(p.cartsWithSiblings());
            j.field("stalenessP50").value(p.stalenessP50());
            j.field("stalenessP99").value(p.stalenessP99());
            j.field("writesSeenEverywhere").value(p.writesSeenEverywhere());
            j.field("bytesSentTotal").value(p.bytesSentTotal());
            j.field("bytesSentInInterval").value(p.bytesSentInInterval());
            j.field("messagesSentTotal").value(p.messagesSentTotal());
            j.field("split").value(p.split());
            j.close();
        }
        j.closeArray();
        j.close();
        return j.toString();
    }

    private static String perWriter(Divergence d) {
        StringBuilder s = new StringBuilder();
        d.perReplica().forEach((r, n) -> s.append(s.length() == 0 ? "" : ", ").append(r.name()).append(' ').append(n));
        return s.toString();
    }

    private static long distinct(List<String> digests) {
        return digests.stream().distinct().count();
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String signed(long v) {
        return (v > 0 ? "+" : "") + v;
    }

    /** A minimal JSON writer: objects, arrays, strings, numbers, booleans; commas and escapes handled. */
    static final class Json {
        private final StringBuilder out = new StringBuilder();
        private final List<Boolean> first = new ArrayList<>();
        private boolean afterField;

        Json open() {
            separate();
            out.append('{');
            first.add(true);
            return this;
        }

        Json close() {
            first.remove(first.size() - 1);
            out.append('}');
            return this;
        }

        Json openArray() {
            separate();
            out.append('[');
            first.add(true);
            return this;
        }

        Json closeArray() {
            first.remove(first.size() - 1);
            out.append(']');
            return this;
        }

        Json field(String name) {
            separate();
            string(name);
            out.append(':');
            afterField = true;
            return this;
        }

        Json value(String s) {
            separate();
            string(s);
            return this;
        }

        Json value(long n) {
            separate();
            out.append(n);
            return this;
        }

        Json value(double d) {
            separate();
            out.append(Double.isFinite(d) ? SimOptions.number(d) : "null");
            return this;
        }

        Json value(boolean b) {
            separate();
            out.append(b);
            return this;
        }

        private void separate() {
            if (afterField) {
                afterField = false;
                return;
            }
            if (!first.isEmpty()) {
                int top = first.size() - 1;
                if (!first.get(top)) {
                    out.append(',');
                }
                first.set(top, false);
            }
        }

        private void string(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"':
                        out.append("\\\"");
                        break;
                    case '\\':
                        out.append("\\\\");
                        break;
                    case '\n':
                        out.append("\\n");
                        break;
                    case '\r':
                        out.append("\\r");
                        break;
                    case '\t':
                        out.append("\\t");
                        break;
                    default:
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
