package dev.convergent.pekko;

import dev.convergent.lattice.Crdt;
import java.util.Objects;
import org.apache.pekko.cluster.ddata.Key;

/**
 * The key of a replicated Convergent value, typed by the CRDT it holds: a {@code CrdtKey<ORSet<String>>} is
 * a Pekko {@code Key<ReplicatedCrdt<ORSet<String>>>}, so the classic and the typed Replicator APIs return
 * the right type without casts ({@code getSuccess.get(key).state()} is an {@code ORSet<String>}).
 *
 * <p>Keys are equal by id, as every Pekko key: one id must hold one type across the cluster (a merge of
 * two types under one id is refused and logged by the Replicator).
 *
 * @param <T> the CRDT type the key holds
 */
public final class CrdtKey<T extends Crdt<T>> extends Key<ReplicatedCrdt<T>> {

    private static final long serialVersionUID = 1L;

    private CrdtKey(String id) {
        super(id);
    }

    /**
     * Returns the key with the given id; the type comes from the declaration, e.g.
     * {@code CrdtKey<ORMap<String, PNCounter>> cart = CrdtKey.create("cart-42")}.
     *
     * @param <T> the CRDT type
     * @param id the key's id
     * @return the key
     * @throws NullPointerException if {@code id} is null
     * @throws IllegalArgumentException if {@code id} is empty
     */
    public static <T extends Crdt<T>> CrdtKey<T> create(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a key id must not be empty");
        }
        return new CrdtKey<>(id);
    }
}
