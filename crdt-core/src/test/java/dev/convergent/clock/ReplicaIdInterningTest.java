package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Interning under contention and over time: threads that ask for a new name at the same moment all get the
 * one instance that won, and ids nobody holds any more leave the intern table instead of piling up in it.
 */
class ReplicaIdInterningTest {

    private static final int THREADS = 4;

    @Test
    void threadsRacingForNewNamesAllGetTheSameInstances() throws Exception {
        // every thread walks the same fresh names in the same order, so they keep asking for a name at once
        int names = 100_000;
        String prefix = "race-" + System.nanoTime() + "-";
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<ReplicaId[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    ReplicaId[] got = new ReplicaId[names];
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < names; i++) {
                        got[i] = ReplicaId.of(prefix + i);
                    }
                    return got;
                }));
            }
            List<ReplicaId[]> all = new ArrayList<>();
            for (Future<ReplicaId[]> f : results) {
                all.add(f.get(60, TimeUnit.SECONDS));
            }
            for (int i = 0; i < names; i++) {
                Map<ReplicaId, Boolean> instances = new IdentityHashMap<>();
                for (ReplicaId[] got : all) {
                    instances.put(got[i], true);
                }
                assertThat(instances).as("%s%d: one instance for one name", prefix, i).hasSize(1);
            }
            assertThat(ReplicaId.of(prefix + 0)).isSameAs(all.get(0)[0]);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idsNoLongerHeldLeaveTheInternTable() throws Exception {
        Map<?, ?> table = internTable();
        int count = 5_000;
        List<ReplicaId> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            held.add(ReplicaId.of("transient-" + i));
        }
        WeakReference<ReplicaId> witness = new WeakReference<>(held.get(count - 1)); // the last made, the youngest
        assertThat(table.size()).isGreaterThanOrEqualTo(count);
        held.clear();

        // wait until the collector has cleared (and queued) the ids nobody holds
        for (int i = 0; i < 100 && witness.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(witness.get()).as("the collector cleared an id nobody holds").isNull();

        // creating any new id sweeps the table of the cleared entries queued so far; the JVM queues them on its
        // own thread, so give it a bounded while
        for (int i = 0; i < 100 && table.size() >= count / 2; i++) {
            Thread.sleep(20);
            ReplicaId.of("sweeping-" + i);
        }
        ReplicaId fresh = ReplicaId.of("after-the-sweep");
        assertThat(table.size()).as("cleared ids are swept from the intern table").isLessThan(count / 2);
        assertThat(rankTable().keySet().stream().filter(name -> String.valueOf(name).startsWith("transient-")))
                .as("and from the order ranks").hasSizeLessThan(count / 2);
        assertThat(ReplicaId.of("after-the-sweep")).isSameAs(fresh);
        assertThat(ReplicaId.of("transient-7").name()).as("a swept name can be used again").isEqualTo("transient-7");
    }

    private static Map<?, ?> rankTable() throws ReflectiveOperationException {
        Field field = ReplicaId.class.getDeclaredField("RANKS");
        field.setAccessible(true);
        synchronized (field.get(null)) {
            return new java.util.TreeMap<>((Map<?, ?>) field.get(null));
        }
    }

    private static Map<?, ?> internTable() throws ReflectiveOperationException {
        Field field = ReplicaId.class.getDeclaredField("INTERNED");
        field.setAccessible(true);
        return (Map<?, ?>) field.get(null);
    }
}
