package dev.convergent.pekko.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import scala.concurrent.Await;

/**
 * N Pekko cluster nodes in one JVM, on 127.0.0.1 with OS-chosen ports: started, joined, and waited for until
 * every node sees every member Up; links between two nodes can be cut and healed (Artery's test mode, which
 * drops the messages on loopback); {@link #close()} terminates every ActorSystem. Every wait is bounded.
 * Short gossip, notification and pruning intervals keep a test run to seconds.
 */
public final class LoopbackCluster implements AutoCloseable {

    /** The settings every node gets (before the caller's own). */
    public static final String DEFAULTS = """
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.remote.artery.advanced.test-mode = on
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.gossip-interval = 200 ms
            pekko.cluster.leader-actions-interval = 200 ms
            pekko.cluster.failure-detector.heartbeat-interval = 200 ms
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2 s
            pekko.cluster.distributed-data.gossip-interval = 2 s
            # (Pekko derives the delta propagation interval from it: a fifth, at least 200 ms)
            pekko.cluster.distributed-data.notify-subscribers-interval = 100 ms
            pekko.cluster.distributed-data.pruning-interval = 500 ms
            pekko.cluster.distributed-data.max-pruning-dissemination = 1 s
            pekko.cluster.distributed-data.pruning-marker-time-to-live = 30 s
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.loglevel = WARNING
            pekko.log-dead-letters = off
            pekko.log-dead-letters-during-shutdown = off
            """;

    private final List<ActorSystem> nodes;

    private LoopbackCluster(List<ActorSystem> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code size} nodes named {@code name}, joins them and waits until all are Up everywhere.
     *
     * @param name the actor system name
     * @param size the number of nodes
     * @param extra settings on top of {@link #DEFAULTS}, e.g. a counting serializer
     * @param timeout how long to wait for all members Up
     * @return the running cluster
     * @throws IllegalStateException if the members are not all Up in time (every node is terminated then)
     */
    public static LoopbackCluster start(String name, int size, String extra, Duration timeout) {
        Config config = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString(DEFAULTS))
                .withFallback(ConfigFactory.load());
        List<ActorSystem> nodes = new ArrayList<>();
        LoopbackCluster cluster = new LoopbackCluster(nodes);
        try {
            for (int i = 0; i < size; i++) {
                nodes.add(ActorSystem.create(name, config));
            }
            Address first = Cluster.get(nodes.get(0)).selfAddress();
            for (ActorSystem node : nodes) {
                Cluster.get(node).join(first);
            }
            cluster.await(timeout, "all " + size + " members Up on every node", () -> nodes.stream()
                    .allMatch(n -> upCount(n) == size));
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static long upCount(ActorSystem node) {
        long up = 0;
        for (Member m : Cluster.get(node).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up++;
            }
        }
        return up;
    }

    /**
     * Returns node {@code i}.
     *
     * @param i the index, from 0
     * @return its actor system
     */
    public ActorSystem node(int i) {
        return nodes.get(i);
    }

    /**
     * Returns the nodes.
     *
     * @return all nodes, in start order
     */
    public List<ActorSystem> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * Drops, from now on, every message between nodes {@code a} and {@code b} in both directions.
     *
     * @param a a node
     * @param b another node
     */
    public void cut(int a, int b) {
        throttle(a, b, ThrottlerTransportAdapter.Blackhole$.MODULE$);
    }

    /**
     * Lets messages between nodes {@code a} and {@code b} through again.
     *
     * @param a a node
     * @param b another node
     */
    public void heal(int a, int b) {
        throttle(a, b, ThrottlerTransportAdapter.Unthrottled$.MODULE$);
    }

    @SuppressWarnings("deprecation")
    private void throttle(int a, int b, ThrottlerTransportAdapter.ThrottleMode mode) {
        for (int[] pair : new int[][] {{a, b}, {b, a}}) {
            ActorSystem from = nodes.get(pair[0]);
            Address to = Cluster.get(nodes.get(pair[1])).selfAddress();
            RemoteActorRefProvider provider = (RemoteActorRefProvider) ((ExtendedActorSystem) from).provider();
            try {
                Boolean done = (Boolean) Await.result(provider.transport().managementCommand(
                        new ThrottlerTransportAdapter.SetThrottle(to, bothDirections(), mode)),
                        scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
                if (!done) {
                    throw new IllegalStateException("the transport refused the test command: is "
                            + "pekko.remote.artery.advanced.test-mode on?");
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot change the link " + pair[0] + "→" + pair[1], e);
            }
        }
    }

    /** Scala's {@code Direction.Both} object, whose class name javac cannot spell. */
    private static ThrottlerTransportAdapter.Direction bothDirections() throws ReflectiveOperationException {
        return (ThrottlerTransportAdapter.Direction) Class.forName(
                "org.apache.pekko.remote.transport.ThrottlerTransportAdapter$Direction$Both$")
                .getField("MODULE$").get(null);
    }

    /**
     * Polls {@code condition} every 50 ms until it holds.
     *
     * @param timeout how long to wait
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @throws IllegalStateException if it does not hold in time
     */
    public void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Terminates every node and waits (at most 20 s each) for it to stop. */
    @Override
    public void close() {
        for (ActorSystem node : nodes) {
            node.terminate();
        }
        for (ActorSystem node : nodes) {
            try {
                node.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // keep terminating the others; the JVM exit ends what is left
            }
        }
    }
}
