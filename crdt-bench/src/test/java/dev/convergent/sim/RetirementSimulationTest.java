package dev.convergent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.bench.report.Json;
import dev.convergent.clock.ReplicaId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with {@code --retire-at}: the last replica retires mid-run, hands its final state to the first,
 * which prunes it from every cart, while messages from before the retirement are still delivered.
 * The live replicas must converge on what the write log implies, read through the pruning markers,
 * and no cart's items or versions may carry the retired id any more.
 *
 * <p>These runs need the Kryo codec to carry the pruning markers (format version 2): with the
 * version 1 codec a pruned state reaches its peers without its markers, and the first merge of a
 * successor's count with the retired replica's refuses to count it twice
 * ({@code PruningConflictException}); every test here then fails.
 */
class RetirementSimulationTest {

    /** The same faults as {@code CartSimulationTest}'s twenty seeds. */
    private static final String CHAOS = "--ops 300 --clients 8 --partition-rate 0.5 --loss 0.15 --dup 0.05"
            + " --lag-rate 0.5 --skew-ms 400";
    private static final ReplicaId RETIRED = ReplicaId.of("dc3");

    private static Simulation simulation(String options) throws Exception {
        return new Simulation(SimOptions.parse(options.split(" ")), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** Runs and checks everything a retirement run must end with; returns the report. */
    private static Report runAndCheck(String options) throws Exception {
        Simulation sim = simulation(options);
        Report r = sim.run();
        String context = options + ": " + r.invariantViolations;

        assertThat(r.converged).as(context).isTrue();
        assertThat(r.invariantViolations).as(context).isEmpty();
        assertThat(r.exitCode()).as(context).isZero();
        assertThat(r.contractViolations).as(context).isEmpty();
        assertThat(r.liveDigests()).as(context).hasSize(2).containsOnly(r.liveDigests().get(0));
        assertThat(r.digests.get(2)).as("the retired replica's state is frozen, behind the others, " + context)
                .isNotEqualTo(r.liveDigests().get(0));
        assertThat(r.divergence.max()).as(context).isZero();
        assertThat(r.unseenWrites).as(context).isZero();
        assertThat(r.staleness.count()).as("every write became visible on every live replica, " + context)
                .isEqualTo(r.writes);
        assertThat(r.retiredAt).as(context).isEqualTo(r.options.retireAtMillis());
        assertThat(r.prunedAt).as(context).isGreaterThanOrEqualTo(r.retiredAt);
        assertThat(r.handoffAttempts).as(context).isPositive();
        assertThat(r.cartsCarryingRetired).as(context).isZero();
        assertThat(r.verdict()).as(context).startsWith("CONVERGED: 2 replicas agree")
                .endsWith("; dc3 retired and pruned: no cart's items or versions carry it ("
                        + Report.count(r.markerCount(), "marker") + ")");

        // the states themselves, not the report: no live cart's items or versions carry dc3
        List<Replica> replicas = sim.replicas();
        Replica retired = replicas.get(2);
        assertThat(retired.retired).isTrue();
        assertThat(retired.carts.values()).as("the retired replica did write, " + context)
                .anySatisfy(s -> assertThat(s.items().replicaIds()).contains(RETIRED));
        long markers = 0;
        for (Replica x : replicas.subList(0, 2)) {
            assertThat(x.carts).as(context).isEqualTo(replicas.get(0).carts);
            for (Map.Entry<String, CartState> e : x.carts.entrySet()) {
                CartState s = e.getValue();
                String where = x + " " + e.getKey() + ", " + context;
                assertThat(s.items().replicaIds()).as(where).doesNotContain(RETIRED);
                assertThat(s.versions().replicaIds()).as(where).doesNotContain(RETIRED);
                s.items().valueStates().values().forEach(q -> assertThat(q.replicaIds()).as(where)
                        .doesNotContain(RETIRED));
                if (!s.items().prunings().isEmpty()) {
                    assertThat(s.items().retiredReplicas()).as(where).containsExactly(RETIRED);
                    markers++;
                }
            }
        }
        assertThat(markers).as("every live replica holds the markers, " + context).isPositive();
        return r;
    }

    @Test
    void tenSeedsRetireAReplicaMidRunAndConvergeOnTheLog() throws Exception {
        long staleAfterPruning = 0;
        long staleFromBeforeRetirement = 0;
        long partitions = 0;
        for (int seed = 1; seed <= 10; seed++) {
            Report r = runAndCheck(CHAOS + " --seed " + seed + " --retire-at " + (10 + 5 * seed));
            staleAfterPruning += r.staleAfterPruning;
            staleFromBeforeRetirement += r.staleFromBeforeRetirement;
            partitions += r.partitions;
            assertThat(r.writes).isGreaterThanOrEqualTo(300);
        }
        // messages made before the pruning, some before the retirement, did reach pruned replicas
        assertThat(staleAfterPruning).isGreaterThan(10);
        assertThat(staleFromBeforeRetirement).isPositive();
        assertThat(partitions).isGreaterThan(10);
    }

    /**
     * The retired replica's own deltas, sent just before it retired and delayed, duplicated or
     * reordered past its hand-off, reach replicas that already pruned it (seed 3 of a busy run: 20
     * writes a second, a fifth of the messages duplicated): the merge renames them.
     */
    @Test
    void theRetiredReplicasOwnStaleDeltasArriveAfterThePruning() throws Exception {
        Report r = runAndCheck("--seed 3 --ops 600 --clients 40 --dup 0.2 --loss 0.1 --lag-rate 1 --retire-at 8");

        assertThat(r.staleFromRetired).isPositive();
        assertThat(r.staleFromBeforeRetirement).isGreaterThanOrEqualTo(r.staleFromRetired);
    }

    /**
     * Anti-entropy by diff alone, and the successor's one full-state ship of its pruned carts lost
     * (seed 13): the markers reach the other replica only inside deltas and diffs, while messages
     * made before the retirement arrive after the pruning.
     */
    @Test
    void diffOnlyAntiEntropyCarriesTheMarkers() throws Exception {
        Report r = runAndCheck("--seed 13 --ops 500 --clients 10 --loss 0.2 --full-every 0 --retire-at 30");

        assertThat(r.sent.get(Simulation.Kind.FULL)[0]).as("only the pruned carts' ship").isEqualTo(1);
        assertThat(r.prunedShipsLost).isEqualTo(1);
        assertThat(r.staleFromBeforeRetirement).isPositive();
    }

    /**
     * Partitions most of the time (seed 3): the hand-off is cut again and again until a heal, the
     * pruned carts' ship is cut too, and messages made before the pruning arrive after it.
     */
    @Test
    void heavyPartitionsDelayTheHandOffButNotTheConvergence() throws Exception {
        Report r = runAndCheck("--seed 3 --ops 300 --clients 8 --partition-rate 3 --loss 0.15 --dup 0.05"
                + " --lag-rate 0.5 --skew-ms 400 --retire-at 25");

        assertThat(r.partitions).isGreaterThan(15);
        assertThat(r.handoffAttempts).isGreaterThan(5);
        assertThat(r.prunedShipsLost).isEqualTo(1);
        assertThat(r.staleAfterPruning).isPositive();
    }

    @Test
    void aReplicaRetiredAfterTheLastWriteIsPrunedToo() throws Exception {
        Report r = runAndCheck(CHAOS + " --seed 4 --retire-at 120");

        assertThat(r.writesEndedAt).isLessThan(r.retiredAt);
        assertThat(r.convergedAt).isGreaterThanOrEqualTo(r.prunedAt);
    }

    @Test
    void theReportAndItsJsonTellTheRetirement(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        SimOptionsTest.Run run = SimOptionsTest.Run.of((CHAOS + " --seed 2 --retire-at 30 --json " + json)
                .split(" "));

        assertThat(run.status).as(run.out).isZero();
        assertThat(run.out)
                .contains("retirement: dc3 retires at 30.0 s and is pruned into dc1")
                .containsPattern("\\[ *30\\.0 s\\] dc3 retires: no more client writes")
                .containsPattern("\\] dc1 merged dc3's final state \\(hand-off attempt \\d+\\) and pruned dc3 from")
                .containsPattern("(?m)^  dc3 .*\\(retired at 30\\.0 s, frozen\\)$")
                .contains("0 of 2 live replicas", "hand-off ", "  retirement     dc3 stopped taking writes at 30.0 s")
                .containsPattern("(?m)^verdict: CONVERGED: 2 replicas agree on digest [0-9a-f]{16} and every invariant"
                        + " holds; dc3 retired and pruned: no\\R {9}cart's items or versions carry it"
                        + " \\([\\d,]+ markers\\)$");
        assertThat(run.out.replaceAll("\\s+", " ")).contains("At the end no live replica's cart carries dc3 in its"
                + " items or versions; markers on each live replica: ").contains("hold on every live replica");
        for (String line : run.out.split("\\R")) {
            if (!line.startsWith("[") && !line.startsWith("report written")) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(120);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> retirement = (Map<String, Object>) report.get("retirement");
        assertThat(retirement).containsEntry("retired", "dc3").containsEntry("successor", "dc1")
                .containsEntry("retiredAt", 30_000.0).containsEntry("cartsCarryingRetired", 0.0);
        assertThat((List<?>) retirement.get("markers")).hasSize(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> replicas = (List<Map<String, Object>>) report.get("replicas");
        assertThat(replicas).extracting(x -> x.get("retired")).containsExactly(false, false, true);
        assertThat(report.get("verdict").toString()).contains("dc3 retired and pruned");
    }
}
