package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.LamportClock;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Causality;
import dev.convergent.lattice.Mutation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/clocks.md}, asserts what the page says after each one, and checks
 * that the page shows exactly the code between the {@code // clocks.md: NAME BEGIN} and {@code END}
 * markers below.
 */
class ClocksDocTest {

    private static final ReplicaId A = ReplicaId.of("a");
    private static final ReplicaId B = ReplicaId.of("b");
    private static final ReplicaId C = ReplicaId.of("c");

    @Test
    void versionVectors() {
        // clocks.md: vector-clocks BEGIN
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ReplicaId c = ReplicaId.of("c");
        VersionVector atA = VersionVector.empty().increment(a);   // A writes:                 [1,0,0]
        VersionVector atB = atA.increment(b);                     // B has seen it and writes: [1,1,0]
        VersionVector atC = atB.increment(c);                     // C has seen both, writes:  [1,1,1]
        VersionVector parallel = atA.increment(a);                // A writes again, unaware:  [2,0,0]
        Causality first = atA.compare(atB);          // BEFORE: <= in every entry, < in b's
        Causality second = parallel.compare(atC);    // CONCURRENT: larger in a's entry, smaller in b's and c's
        VersionVector seenBoth = parallel.merge(atC);   // [2,1,1]: the pointwise maximum
        // clocks.md: vector-clocks END

        assertThat(atA).isEqualTo(vector(1, 0, 0));
        assertThat(atB).isEqualTo(vector(1, 1, 0));
        assertThat(atC).isEqualTo(vector(1, 1, 1));
        assertThat(parallel).isEqualTo(vector(2, 0, 0));
        assertThat(first).isEqualTo(Causality.BEFORE);
        assertThat(atB.compare(atA)).isEqualTo(Causality.AFTER);
        assertThat(atB.dominates(atA)).isTrue();
        assertThat(second).isEqualTo(Causality.CONCURRENT);
        assertThat(parallel.isConcurrentWith(atC)).isTrue();
        assertThat(seenBoth).isEqualTo(vector(2, 1, 1));
        assertThat(parallel.compare(seenBoth)).isEqualTo(Causality.BEFORE);
        assertThat(atC.compare(seenBoth)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void dynamosCart() {
        // clocks.md: dynamo-cart BEGIN
        ReplicaId virginia = ReplicaId.of("VA");    // the phone
        ReplicaId oregon = ReplicaId.of("OR");      // the laptop
        VersionVector headphones = VersionVector.empty().increment(virginia);   // {VA:1}
        VersionVector laptop = VersionVector.empty().increment(oregon);         // {OR:1}
        VersionVector both = headphones.merge(laptop);   // {OR:1, VA:1}: the merged cart holds both
        VersionVector phoneEdit = both.increment(virginia);   // remove laptop, add mouse: {OR:1, VA:2}
        VersionVector laptopEdit = both.increment(oregon);    // add keyboard:             {OR:2, VA:1}
        Causality edits = phoneEdit.compare(laptopEdit);      // CONCURRENT: keep both versions
        // clocks.md: dynamo-cart END

        assertThat(both.toString()).isEqualTo("{OR:1, VA:1}");
        assertThat(headphones.compare(both)).isEqualTo(Causality.BEFORE);
        assertThat(laptop.compare(both)).isEqualTo(Causality.BEFORE);
        assertThat(phoneEdit.toString()).isEqualTo("{OR:1, VA:2}");
        assertThat(laptopEdit.toString()).isEqualTo("{OR:2, VA:1}");
        assertThat(edits).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void pairwiseConcurrentVersions() {
        ReplicaId a = A;
        ReplicaId b = B;
        ReplicaId c = C;

        // clocks.md: explosion BEGIN
        VersionVector v1 = VersionVector.of(Map.of(a, 10L, b, 5L, c, 3L));
        VersionVector v2 = VersionVector.of(Map.of(a, 8L, b, 7L, c, 3L));
        VersionVector v3 = VersionVector.of(Map.of(a, 9L, b, 5L, c, 4L));
        // every pair is CONCURRENT: a store that keeps each concurrent version keeps all three
        // clocks.md: explosion END

        assertThat(v1.compare(v2)).isEqualTo(Causality.CONCURRENT);
        assertThat(v1.compare(v3)).isEqualTo(Causality.CONCURRENT);
        assertThat(v2.compare(v3)).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void lamportClocks() {
        // clocks.md: lamport BEGIN
        LamportClock atA = LamportClock.create();
        LamportClock atB = LamportClock.create();
        long sent = atA.tick();              // 1: A sends a message stamped 1
        long received = atB.receive(sent);   // 2: B's receipt comes after the send
        long nextAtA = atA.tick();           // 2: A's next event, concurrent with the receipt
        long nextAtB = atB.tick();           // 3: greater than A's 2, yet not after it
        // clocks.md: lamport END

        assertThat(sent).isEqualTo(1);
        assertThat(received).isEqualTo(2);
        assertThat(nextAtA).isEqualTo(2);
        assertThat(nextAtB).isEqualTo(3);
        assertThat(received).isEqualTo(nextAtA);
        assertThat(atA.current()).isEqualTo(2);
        assertThat(atB.current()).isEqualTo(3);
    }

    @Test
    void hybridClockRules() {
        // clocks.md: hlc BEGIN
        long[] physical = {1_000};                       // a wall clock we can set, in ms
        HybridClock clock = HybridClock.of(() -> physical[0], Duration.ofMillis(30));
        HybridTimestamp t1 = clock.now();                // 1000.0: physical time, logical 0
        HybridTimestamp t2 = clock.now();                // 1000.1: same millisecond, logical + 1
        physical[0] = 990;                               // the wall clock is stepped back 10 ms
        HybridTimestamp t3 = clock.now();                // 1000.2: the clock never goes back
        HybridTimestamp t4 = clock.update(HybridTimestamp.of(1_020, 5));   // 1020.6: after what it received
        physical[0] = 1_030;
        HybridTimestamp t5 = clock.now();                // 1030.0: back on physical time
        // clock.update(HybridTimestamp.of(1_061, 0)) throws ClockDriftException: 31 ms > 30 ms ahead
        // clocks.md: hlc END

        assertThat(t1).isEqualTo(HybridTimestamp.of(1_000, 0));
        assertThat(t2).isEqualTo(HybridTimestamp.of(1_000, 1));
        assertThat(t3).isEqualTo(HybridTimestamp.of(1_000, 2));
        assertThat(t4).isEqualTo(HybridTimestamp.of(1_020, 6));
        assertThat(t5).isEqualTo(HybridTimestamp.of(1_030, 0));
        assertThat(List.of(t1, t2, t3, t4, t5)).isSorted();
        assertThat(t2.toString()).isEqualTo("1000.1");
        assertThatThrownBy(() -> clock.update(HybridTimestamp.of(1_061, 0)))
                .isInstanceOf(ClockDriftException.class)
                .hasMessageContaining("31 ms ahead");
        assertThat(clock.last()).isEqualTo(t5);
        assertThat(clock.update(HybridTimestamp.of(1_060, 0))).isEqualTo(HybridTimestamp.of(1_060, 1));
    }

    @Test
    void lastWriterWinsNeedsATieBreakAndADriftBound() {
        ReplicaId a = A;
        ReplicaId b = B;

        // clocks.md: tie-break BEGIN
        HybridTimestamp sameMoment = HybridTimestamp.of(2_000, 0);
        LWWRegister<String> fromA = LWWRegister.of(a, "blue", sameMoment);
        LWWRegister<String> fromB = LWWRegister.of(b, "green", sameMoment);
        // fromA.merge(fromB) and fromB.merge(fromA) both hold "green": "b" > "a" breaks the tie
        // clocks.md: tie-break END

        assertThat(fromA.merge(fromB).value()).isEqualTo("green");
        assertThat(fromB.merge(fromA).value()).isEqualTo("green");
        assertThat(fromA.compare(fromB)).isEqualTo(Causality.BEFORE);

        // clocks.md: clock-behind BEGIN
        ReplicaId app = ReplicaId.of("app");
        ReplicaId db = ReplicaId.of("db");
        LWWRegister<String> email = LWWRegister.of(app, "old@example.com", HybridTimestamp.ofMillis(10_000));
        // db reads `email`, then writes. Its wall clock runs 50 ms behind: it reads 9950.
        LWWRegister<String> rawWrite = email.write(db, "new@example.com", HybridTimestamp.ofMillis(9_950));
        // rawWrite.value() is still "old@example.com": the later write lost, and nothing said so
        HybridClock dbClock = HybridClock.of(() -> 9_950L, Duration.ofMillis(100));
        LWWRegister<String> hlcWrite = email.write(db, "new@example.com", dbClock);
        // hlcWrite holds "new@example.com" at 10000.1: the clock saw 10000.0 and stamped after it
        // clocks.md: clock-behind END

        assertThat(rawWrite.value()).isEqualTo("old@example.com");
        assertThat(rawWrite).isEqualTo(email);
        assertThat(hlcWrite.value()).isEqualTo("new@example.com");
        assertThat(hlcWrite.timestamp()).isEqualTo(HybridTimestamp.of(10_000, 1));
        assertThat(hlcWrite.compare(email)).isEqualTo(Causality.AFTER);

        // clocks.md: drift-guard BEGIN
        HybridClock local = HybridClock.of(() -> 10_000L, Duration.ofMillis(20));   // tolerates 20 ms
        LWWRegister<String> fromFastReplica = LWWRegister.of(db, "x@example.com", HybridTimestamp.ofMillis(10_030));
        LWWRegister<String> current = email;
        try {
            local.update(fromFastReplica.timestamp());   // checks the bound, then moves the clock past it
            current = current.merge(fromFastReplica);
        } catch (ClockDriftException tooFarAhead) {
            // 30 ms ahead of local time, more than 20: refuse the state and alert
        }
        // current is still `email`, and local has not moved
        // clocks.md: drift-guard END

        assertThat(current).isEqualTo(email);
        assertThat(local.last()).isEqualTo(HybridTimestamp.ZERO);
        assertThat(email.merge(fromFastReplica)).isEqualTo(fromFastReplica);   // merge alone would accept it
        assertThatThrownBy(() -> email.merge(fromFastReplica).write(app, "y@example.com", local))
                .isInstanceOf(ClockDriftException.class);
    }

    @Test
    void dotsAndCausalContexts() {
        ReplicaId a = A;

        // clocks.md: context BEGIN
        CausalContext seen = CausalContext.empty().add(Dot.of(a, 1));   // {a:1}
        CausalContext gap = seen.add(Dot.of(a, 3));                     // {a:1} + [a:3]: dot 3 came first
        CausalContext filled = gap.add(Dot.of(a, 2));                   // {a:3}: dot 2 closes the gap
        // gap.contains(Dot.of(a, 2)) is false; gap.nextDot(a) is a:4
        // clocks.md: context END

        assertThat(seen.toString()).isEqualTo("{a:1}");
        assertThat(gap.toString()).isEqualTo("{a:1} + [a:3]");
        assertThat(gap.versionVector()).isEqualTo(VersionVector.of(Map.of(a, 1L)));
        assertThat(gap.cloud()).containsExactly(Dot.of(a, 3));
        assertThat(gap.isCompact()).isFalse();
        assertThat(filled.toString()).isEqualTo("{a:3}");
        assertThat(filled.isCompact()).isTrue();
        assertThat(gap.contains(Dot.of(a, 2))).isFalse();
        assertThat(gap.contains(Dot.of(a, 3))).isTrue();
        assertThat(gap.nextDot(a)).isEqualTo(Dot.of(a, 4));
        assertThat(gap.compare(filled)).isEqualTo(Causality.BEFORE);

        // clocks.md: deltas-out-of-order BEGIN
        Mutation<ORSet<String>> d1 = ORSet.<String>empty().addDelta(a, "milk");   // dot a:1
        Mutation<ORSet<String>> d2 = d1.state().addDelta(a, "eggs");               // dot a:2
        Mutation<ORSet<String>> d3 = d2.state().addDelta(a, "bread");              // dot a:3
        ORSet<String> replica = ORSet.<String>empty().merge(d1.delta()).merge(d3.delta());   // d2 is late
        // replica holds milk and bread; its context is {a:1} + [a:3]
        ORSet<String> caughtUp = replica.merge(d2.delta());   // context {a:3}; equals d3.state()
        // clocks.md: deltas-out-of-order END

        assertThat(replica.elements()).containsExactlyInAnyOrder("milk", "bread");
        assertThat(replica.context()).isEqualTo(gap);
        assertThat(replica.stats().cloudDots()).isEqualTo(1);
        assertThat(caughtUp).isEqualTo(d3.state());
        assertThat(caughtUp.context()).isEqualTo(filled);
        assertThat(caughtUp.stats().cloudDots()).isZero();
    }

    @Test
    void thePageShowsExactlyTheCodeTheseTestsRun() {
        Snippets.assertPageShowsExactly("clocks.md", ClocksDocTest.class);
    }

    private static VersionVector vector(long a, long b, long c) {
        return VersionVector.of(Map.of(A, a, B, b, C, c));
    }
}
