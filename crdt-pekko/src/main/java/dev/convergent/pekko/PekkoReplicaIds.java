package dev.convergent.pekko;

import dev.convergent.clock.ReplicaId;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;

/**
 * The deterministic, reversible mapping between a Pekko node incarnation ({@link UniqueAddress}: address and
 * per-incarnation uid) and the {@link ReplicaId} that node writes under.
 *
 * <p>The name is {@code system@host:port#uid} (the protocol is left out when it is {@code pekko}, else it is
 * kept: {@code akka://system@host:port#uid}); the uid is the signed decimal of
 * {@link UniqueAddress#longUid()}, as Pekko logs it. A node that restarts gets a new uid, so it never writes
 * under the id of its previous incarnation: its old dots and counts stay attributed to the old id until
 * Pekko prunes it. Every node computes the same id for the same incarnation, so the mapping needs no
 * coordination, and {@link #toUniqueAddress} reads it back, which is how
 * {@link ReplicatedCrdt#modifiedByNodes()} tells Pekko which nodes a state holds data of.
 *
 * <p>Stateless and thread-safe.
 */
public final class PekkoReplicaIds {

    private static final String DEFAULT_PROTOCOL = "pekko";

    private PekkoReplicaIds() {
    }

    /**
     * Returns the replica id of a node incarnation.
     *
     * @param node the node's unique address
     * @return {@code system@host:port#uid}
     * @throws NullPointerException if {@code node} is null
     * @throws IllegalArgumentException if the address is not a remote one (no host or port), or the name
     *     would be longer than {@link ReplicaId#MAX_LENGTH} characters (a very long host name)
     */
    public static ReplicaId of(UniqueAddress node) {
        Objects.requireNonNull(node, "node");
        Address address = node.address();
        if (address.host().isEmpty() || address.port().isEmpty()) {
            throw new IllegalArgumentException("a replica id needs a node address with host and port, was "
                    + address + ": run the ActorSystem with pekko.actor.provider = cluster");
        }
        String prefix = DEFAULT_PROTOCOL.equals(address.protocol()) ? "" : address.protocol() + "://";
        String name = prefix + address.system() + "@" + address.host().get() + ":" + address.port().get()
                + "#" + node.longUid();
        if (name.length() > ReplicaId.MAX_LENGTH) {
            throw new IllegalArgumentException("the replica id of node " + node + " would be " + name.length()
                    + " characters, more than the " + ReplicaId.MAX_LENGTH + " allowed: use a shorter host name"
                    + " or actor system name");
        }
        return ReplicaId.of(name);
    }

    /**
     * Returns the replica id of the local node, as {@code DistributedData.get(system).selfUniqueAddress()}
     * gives it.
     *
     * @param self the local node
     * @return its replica id
     * @throws NullPointerException if {@code self} is null
     * @throws IllegalArgumentException as {@link #of(UniqueAddress)}
     */
    public static ReplicaId of(SelfUniqueAddress self) {
        Objects.requireNonNull(self, "self");
        return of(self.uniqueAddress());
    }

    /**
     * Reads a replica id back as the node incarnation it names.
     *
     * @param id a replica id
     * @return the node, or empty if {@code id} was not made by {@link #of(UniqueAddress)} (for example an id
     *     a user chose, such as {@code "phone"})
     * @throws NullPointerException if {@code id} is null
     */
    public static Optional<UniqueAddress> toUniqueAddress(ReplicaId id) {
        Objects.requireNonNull(id, "id");
        String name = id.name();
        int hash = name.lastIndexOf('#');
        if (hash <= 0 || name.indexOf('@') < 0) {
            return Optional.empty();
        }
        long uid;
        try {
            uid = Long.parseLong(name.substring(hash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String address = name.substring(0, hash);
        if (!address.contains("://")) {
            address = DEFAULT_PROTOCOL + "://" + address;
        }
        try {
            Address parsed = AddressFromURIString.parse(address);
            if (parsed.host().isEmpty() || parsed.port().isEmpty()) {
                return Optional.empty();
            }
            UniqueAddress node = new UniqueAddress(parsed, uid);
            // only the canonical spelling maps back: "a@h:01#1" is not the id of any node
            return of(node).equals(id) ? Optional.of(node) : Optional.empty();
        } catch (Exception e) { // the parser throws MalformedURLException, undeclared, for a bad address
            return Optional.empty();
        }
    }
}
