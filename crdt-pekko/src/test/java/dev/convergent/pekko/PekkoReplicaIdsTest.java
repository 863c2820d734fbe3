package dev.convergent.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.ReplicaId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.junit.jupiter.api.Test;

/** Node incarnations map to replica ids deterministically, distinctly per uid, and back. */
class PekkoReplicaIdsTest {

    @Test
    void theIdNamesSystemHostPortAndUidAndReadsBack() {
        UniqueAddress node = new UniqueAddress(new Address("pekko", "Cart", "127.0.0.7", 25520), -4_611_686_018L);
        ReplicaId id = PekkoReplicaIds.of(node);
        assertThat(id.name()).isEqualTo("Cart@127.0.0.7:25520#-4611686018");
        assertThat(PekkoReplicaIds.toUniqueAddress(id)).contains(node);
        assertThat(PekkoReplicaIds.of(new SelfUniqueAddress(node))).isSameAs(id);
    }

    @Test
    void aRestartedNodeGetsANewIdAndEveryNodeComputesTheSameOne() {
        Address address = new Address("pekko", "Cart", "127.0.0.1", 2551);
        ReplicaId first = PekkoReplicaIds.of(new UniqueAddress(address, 1L));
        ReplicaId restarted = PekkoReplicaIds.of(new UniqueAddress(address, 2L));
        assertThat(restarted).isNotEqualTo(first);
        assertThat(PekkoReplicaIds.of(new UniqueAddress(new Address("pekko", "Cart", "127.0.0.1", 2551), 1L)))
                .isEqualTo(first);
    }

    @Test
    void anotherProtocolIsKeptInTheName() {
        UniqueAddress node = new UniqueAddress(new Address("akka", "Cart", "h", 1), 5L);
        ReplicaId id = PekkoReplicaIds.of(node);
        assertThat(id.name()).isEqualTo("akka://Cart@h:1#5");
        assertThat(PekkoReplicaIds.toUniqueAddress(id)).contains(node);
    }

    @Test
    void idsThatNoNodeMadeDoNotReadBack() {
        for (String name : new String[] {"phone", "a#1", "Cart@h:1#x", "Cart@h:01#1", "Cart@h#1", "@#", "Cart@h:1#"}) {
            assertThat(PekkoReplicaIds.toUniqueAddress(ReplicaId.of(name))).as(name).isEmpty();
        }
    }

    @Test
    void localAndOverlongAddressesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> PekkoReplicaIds.of(new UniqueAddress(new Address("pekko", "Cart"), 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host and port");
        String host = "h".repeat(120);
        assertThatThrownBy(() -> PekkoReplicaIds.of(new UniqueAddress(new Address("pekko", "Cart", host, 1), 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the 128 allowed");
        assertThatThrownBy(() -> PekkoReplicaIds.of((UniqueAddress) null)).hasMessage("node");
        assertThatThrownBy(() -> PekkoReplicaIds.toUniqueAddress(null)).hasMessage("id");
    }
}
