package dev.convergent.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.pekko.ConvergentReplicator;
import dev.convergent.pekko.CrdtKey;
import dev.convergent.pekko.PekkoReplicaIds;
import dev.convergent.pekko.ReplicatedCrdt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of {@code docs/pekko.md} on a one-node cluster (127.0.0.1, an OS-chosen port), asserts
 * what the page says, and checks that the page shows exactly the code between the {@code // pekko.md: NAME}
 * markers below.
 */
class PekkoDocTest {

    private static ActorSystem system;

    @BeforeAll
    static void startOneNodeCluster() throws InterruptedException {
        system = ActorSystem.create("Cart", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                pekko.cluster.distributed-data.notify-subscribers-interval = 50 ms
                """).withFallback(ConfigFactory.load()));
        Cluster cluster = Cluster.get(system);
        cluster.join(cluster.selfAddress());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            assertThat(System.nanoTime()).as("the node is Up within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void terminate() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void pageShowsExactlyTheTestedSnippets() {
        Snippets.assertPageShowsExactly("pekko.md", PekkoDocTest.class);
    }

    @Test
    void classicReplicator() throws Exception {
        // pekko.md: classic BEGIN
        ActorRef replicator = DistributedData.get(system).replicator();
        ReplicaId self = PekkoReplicaIds.of(DistributedData.get(system).selfUniqueAddress());
        CrdtKey<ORMap<String, PNCounter>> cartKey = CrdtKey.create("cart-42");

        replicator.tell(new Replicator.Update<>(cartKey, ReplicatedCrdt.of(ORMap.empty(PNCounter.empty())),
                new Replicator.WriteMajority(Duration.ofSeconds(3)),
                ReplicatedCrdt.updating(cart -> cart.updateDelta(self, "socks", q -> q.incrementDelta(self, 2)))),
                ActorRef.noSender());
        // pekko.md: classic END

        Object reply = Patterns.ask(replicator, new Replicator.Get<>(cartKey, Replicator.readLocal()),
                Duration.ofSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(reply).isInstanceOf(Replicator.GetSuccess.class);
        // pekko.md: classic-get BEGIN
        Replicator.GetSuccess<?> success = (Replicator.GetSuccess<?>) reply; // the answer to a Get of cartKey
        ORMap<String, PNCounter> cart = success.get(cartKey).state();         // no cast to the value type
        // pekko.md: classic-get END
        assertThat(cart.get("socks").orElseThrow().value()).isEqualTo(2);
        assertThat(self.name()).startsWith("Cart@127.0.0.1:").contains("#");
    }

    @Test
    void facade() throws Exception {
        List<ORSet<String>> seen = new CopyOnWriteArrayList<>();
        // pekko.md: facade BEGIN
        ConvergentReplicator replicas = ConvergentReplicator.get(system);
        CrdtKey<ORSet<String>> wishlist = CrdtKey.create("wishlist-7");

        AutoCloseable subscription = replicas.subscribe(wishlist, seen::add);   // called on every change
        ORSet<String> after = replicas.update(wishlist, ORSet.empty(),
                        set -> set.addDelta(replicas.self(), "headphones"),
                        new Replicator.WriteMajority(Duration.ofSeconds(3)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);              // the local state after the write
        Optional<ORSet<String>> read = replicas.get(wishlist, new Replicator.ReadMajority(Duration.ofSeconds(3)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);              // {headphones}
        // pekko.md: facade END
        assertThat(after.elements()).containsExactly("headphones");
        assertThat(read).contains(after);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(seen).isNotEmpty().last().isEqualTo(after);
        subscription.close();
        assertThat(replicas.get(CrdtKey.<ORSet<String>>create("never-written"), Replicator.readLocal())
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void refusedUpdates() throws Exception {
        ConvergentReplicator replicas = ConvergentReplicator.get(system);
        CrdtKey<ORSet<String>> wishlist = CrdtKey.create("wishlist-8");
        replicas.update(wishlist, ORSet.empty(), set -> set.addDelta(replicas.self(), "book"),
                Replicator.writeLocal()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Throwable refused = null;
        // pekko.md: refused BEGIN
        try {
            replicas.update(wishlist, ORSet.empty(),
                    set -> ORSet.<String>empty().addDelta(replicas.self(), "pen"),   // a fresh set: loses "book"
                    Replicator.writeLocal()).toCompletableFuture().join();
        } catch (CompletionException e) {
            refused = e.getCause();   // IllegalArgumentException: update must return an inflation ...
        }
        // pekko.md: refused END
        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("update must return an inflation");
        ORSet<String> stored = replicas.get(wishlist, Replicator.readLocal()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(stored.elements()).as("the stored value is unchanged").containsExactly("book");

        try {
            replicas.update(wishlist, ORSet.empty(), set -> {
                throw new IllegalStateException("out of stock");
            }, Replicator.writeLocal()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("a throwing update must fail the stage");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("out of stock");
        }
        assertThat(replicas.get(wishlist, Replicator.readLocal()).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .orElseThrow()).isEqualTo(stored);
    }
}
