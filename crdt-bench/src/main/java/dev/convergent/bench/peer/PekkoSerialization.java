package dev.convergent.bench.peer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.ddata.GCounter;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.ORMap;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.PNCounter;
import org.apache.pekko.cluster.ddata.VersionVector;
import org.apache.pekko.cluster.ddata.protobuf.ReplicatedDataSerializer;

/**
 * Pekko's own serializer for replicated data, {@code ReplicatedDataSerializer}, on a throw-away ActorSystem: the
 * serializer needs one. The system uses the cluster provider (the serializer's home) with Artery bound to
 * {@code 127.0.0.1} on a port the OS picks; it joins no cluster and talks to nobody. Close it to terminate the
 * system.
 */
public final class PekkoSerialization implements AutoCloseable {

    private static final String CONFIG = String.join("\n",
            "pekko.actor.provider = cluster",
            "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
            "pekko.remote.artery.canonical.port = 0",
            "pekko.remote.artery.bind.hostname = \"127.0.0.1\"",
            "pekko.loglevel = WARNING",
            "pekko.stdout-loglevel = WARNING",
            "pekko.log-dead-letters = off",
            "pekko.cluster.jmx.enabled = off",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off");

    private final ActorSystem system;
    private final ReplicatedDataSerializer serializer;

    private PekkoSerialization(ActorSystem system) {
        this.system = system;
        this.serializer = new ReplicatedDataSerializer((ExtendedActorSystem) system);
    }

    /**
     * Starts the throw-away ActorSystem.
     *
     * @return the serialization, to close after use
     */
    public static PekkoSerialization start() {
        Config config = ConfigFactory.parseString(CONFIG).withFallback(ConfigFactory.load());
        return new PekkoSerialization(ActorSystem.create("size-report", config));
    }

    /**
     * Returns the bytes Pekko puts on the wire for a state: {@code toBinary}, which gzips OR-Sets and maps.
     *
     * @param state a replicated data value
     * @return the serialized bytes
     */
    public byte[] wire(Object state) {
        return serializer.toBinary(state);
    }

    /**
     * Decodes bytes written by {@link #wire} back into a state of the same kind as {@code sample}.
     *
     * @param bytes the serialized bytes
     * @param sample a state of the type to decode (gives the serializer's manifest)
     * @return the decoded state
     */
    public Object read(byte[] bytes, Object sample) {
        return serializer.fromBinary(bytes, serializer.manifest(sample));
    }

    /**
     * Returns the protobuf encoding of a state before any compression.
     *
     * @param state an OR-Set, OR-Map, LWW-Map, counter or version vector
     * @return the protobuf bytes
     * @throws IllegalArgumentException for another type
     */
    public byte[] protobuf(Object state) {
        if (state instanceof ORSet) {
            return serializer.orsetToProto((ORSet<?>) state).toByteArray();
        }
        if (state instanceof ORMap) {
            return serializer.ormapToProto((ORMap<?, ?>) state).toByteArray();
        }
        if (state instanceof LWWMap) {
            return serializer.lwwmapToProto((LWWMap<?, ?>) state).toByteArray();
        }
        if (state instanceof GCounter || state instanceof PNCounter || state instanceof VersionVector) {
            return serializer.toBinary(state);
        }
        throw new IllegalArgumentException("no protobuf form for " + state.getClass().getName());
    }

    /** Terminates the ActorSystem and waits up to 30 seconds for it. */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the size-report ActorSystem did not terminate", e);
        }
    }
}
