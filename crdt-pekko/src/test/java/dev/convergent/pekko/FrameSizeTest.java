package dev.convergent.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.convergent.crdt.ORSet;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How large a value fits in one Artery frame (256 KiB by default; a larger value is dropped): the same
 * OR-Set of random UUID strings, written by three nodes, serialized by Pekko's own serializer (Pekko's ORSet)
 * and by ours (through the ActorSystem's serialization, so with the module's reference.conf settings).
 * The numbers are printed for docs/pekko.md.
 */
class FrameSizeTest {

    private static final int FRAME = 256 * 1024;
    private static ActorSystem system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("Cart", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.loglevel = WARNING
                """).withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void ourEncodingOfAUuidSetIsSmallerThanPekkosSoLargerSetsFitInOneFrame() {
        Serialization serialization = SerializationExtension.get(system);
        SelfUniqueAddress[] nodes = new SelfUniqueAddress[3];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new SelfUniqueAddress(new UniqueAddress(new Address("pekko", "Cart", "127.0.0." + (i + 1),
                    25520), 1_000L + i));
        }
        Random random = new Random(1);
        org.apache.pekko.cluster.ddata.ORSet<String> theirs = org.apache.pekko.cluster.ddata.ORSet.create();
        ORSet<String> ours = ORSet.empty();
        int done = 0;
        for (int size : new int[] {1_000, 10_000, 20_000}) {
            for (; done < size; done++) {
                String element = new UUID(random.nextLong(), random.nextLong()).toString();
                SelfUniqueAddress node = nodes[done % nodes.length];
                theirs = theirs.add(node, element);
                ours = ours.add(PekkoReplicaIds.of(node), element);
            }
            int pekkoBytes = serialization.serialize(theirs.resetDelta()).get().length;
            int ourBytes = serialization.serialize(ReplicatedCrdt.of(ours)).get().length;
            System.out.printf("ORSet of %,d UUIDs: Pekko %,d B (%.1f B/element, fits %,d per frame), ours %,d B"
                    + " (%.1f B/element, fits %,d per frame)%n", size, pekkoBytes, (double) pekkoBytes / size,
                    (long) FRAME * size / pekkoBytes, ourBytes, (double) ourBytes / size,
                    (long) FRAME * size / ourBytes);
            assertThat(ourBytes).as("ours at %d elements", size).isLessThan(pekkoBytes);
        }
    }
}
