package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.clock.HybridClock;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * After an LWW state merged a timestamp far ahead of every clock (a replica with a broken clock), plain writes
 * are refused by the drift guard; {@code overwrite} is the documented way out: it writes just after the bad
 * timestamp, wins, and leaves the writer's clock unpoisoned.
 */
class FarFutureTimestampTest {

    private static final ReplicaId BROKEN = ReplicaId.of("broken-clock");
    private static final ReplicaId A = ReplicaId.of("a");
    private static final long NOW = 1_700_000_000_000L;
    private static final HybridTimestamp FAR = HybridTimestamp.ofMillis(NOW + Duration.ofDays(3650).toMillis());

    private final AtomicLong physical = new AtomicLong(NOW);
    private final HybridClock clock = HybridClock.of(physical::get, Duration.ofMinutes(1));

    @Test
    void aRegisterStuckAfterAFarFutureWriteIsRecoveredByOverwrite() {
        LWWRegister<String> stuck = LWWRegister.of(A, "ok", HybridTimestamp.ofMillis(NOW - 5))
                .merge(LWWRegister.of(BROKEN, "from 2033", FAR));
        assertThatExceptionOfType(ClockDriftException.class).isThrownBy(() -> stuck.write(A, "new", clock));

        LWWRegister<String> recovered = stuck.overwrite(A, "new", clock);
        assertThat(recovered.value()).isEqualTo("new");
        assertThat(recovered.timestamp()).isEqualTo(HybridTimestamp.of(FAR.physicalMillis(), 1));
        assertThat(stuck.compare(recovered)).isEqualTo(dev.convergent.lattice.Causality.BEFORE);
        assertThat(stuck.merge(recovered)).isEqualTo(recovered);
        assertThat(clock.last().physicalMillis()).as("the writer's clock is not poisoned").isEqualTo(NOW);
        assertThat(stuck.overwriteDelta(A, "new", clock).delta().value()).isEqualTo("new");
    }

    @Test
    void withoutABadTimestampOverwriteIsAPlainWrite() {
        LWWRegister<String> fine = LWWRegister.of(A, "v", HybridTimestamp.ofMillis(NOW - 10));
        LWWRegister<String> next = fine.overwrite(A, "w", clock);
        assertThat(next.timestamp()).isEqualTo(HybridTimestamp.of(NOW, 0));
    }

    @Test
    void anLwwMapKeyStuckAfterAFarFutureWriteIsRecoveredByOverwrite() {
        LWWMap<String, String> stuck = LWWMap.<String, String>empty().put(BROKEN, "city", "Paris", FAR)
                .put(A, "name", "Ada", HybridTimestamp.ofMillis(NOW - 1));
        assertThatExceptionOfType(ClockDriftException.class).isThrownBy(() -> stuck.put(A, "city", "Oslo", clock));

        LWWMap<String, String> recovered = stuck.overwrite(A, "city", "Oslo", clock);
        assertThat(recovered.get("city")).contains("Oslo");
        assertThat(recovered.put(A, "name", "Bob", clock).get("name")).as("other keys write normally")
                .contains("Bob");
        assertThat(stuck.merge(recovered)).isEqualTo(recovered);
        assertThat(stuck.overwriteDelta(A, "city", "Oslo", clock).delta().entries()).containsEntry("city", "Oslo");
    }
}
