package example;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.PNCounter;
import dev.convergent.kryo.KryoCodec;

/** A consumer's code: a cart as an OR-Map of counters, edited on two devices and sent as bytes. */
public final class Carts {

    private static final KryoCodec CODEC = KryoCodec.create();

    private Carts() {
    }

    /** An empty cart. */
    public static ORMap<String, PNCounter> empty() {
        return ORMap.empty(PNCounter.empty());
    }

    /** Adds {@code quantity} of {@code item} at {@code device}. */
    public static ORMap<String, PNCounter> add(ORMap<String, PNCounter> cart, String device, String item,
            long quantity) {
        return cart.update(ReplicaId.of(device), item, c -> c.increment(ReplicaId.of(device), quantity));
    }

    /** The cart as bytes for the network. */
    public static byte[] encode(ORMap<String, PNCounter> cart) {
        return CODEC.encode(cart);
    }

    /** A cart received from the network. */
    public static ORMap<String, PNCounter> decode(byte[] bytes) {
        return CODEC.decodeORMap(bytes, String.class, PNCounter.class);
    }

    /** Two devices edit one cart concurrently; the merged cart goes over the wire and back. */
    public static void main(String[] args) {
        ORMap<String, PNCounter> phone = add(empty(), "phone", "milk", 2);
        ORMap<String, PNCounter> laptop = add(empty(), "laptop", "eggs", 12);
        ORMap<String, PNCounter> merged = decode(encode(phone.merge(laptop)));
        System.out.println(merged.keys());
    }
}
