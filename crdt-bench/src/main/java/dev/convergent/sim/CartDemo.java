package dev.convergent.sim;

import dev.convergent.clock.Causality;
import dev.convergent.clock.ReplicaId;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The shopping-cart demo: a phone in Virginia and a laptop in Oregon each hold a replica of one
 * {@link Cart}, edit it while they cannot reach each other, then exchange states. Whatever the merge
 * order, and however often a state is delivered again, both end with the same cart: no add is lost,
 * concurrent quantity changes add up, and an item the phone removed while the laptop added it again
 * stays in the cart (add wins).
 *
 * <p>Run it after {@code ./mvnw -B -q -pl crdt-core,crdt-bench -am package} with
 * <pre>{@code java -cp crdt-bench/target/benchmarks.jar dev.convergent.sim.CartDemo}</pre>
 * It exits with status 0 when the replicas converged and 1 when they did not. The output is
 * deterministic: no clock is read.
 */
public final class CartDemo {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");

    private CartDemo() {
    }

    /**
     * Runs the demo on standard output and exits with status 1 if the replicas did not converge.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        if (!run(System.out).converged()) {
            System.exit(1);
        }
    }

    /**
     * Edits two replicas concurrently, merges them in both orders and once more, and prints each step.
     *
     * @param out where to print
     * @return the carts before and after the merges
     * @throws NullPointerException if {@code out} is null
     */
    public static Result run(PrintStream out) {
        Objects.requireNonNull(out, "out");

        // Earlier the phone filled the cart, and both devices synced.
        Cart synced = Cart.empty()
                .add(PHONE, "charger", 1)
                .add(PHONE, "usb-cable", 2);

        // Then each device edits its own replica, without hearing from the other.
        Cart phone = synced
                .add(PHONE, "headphones", 1)
                .add(PHONE, "mouse", 1)
                .changeQuantity(PHONE, "charger", +1)
                .remove(PHONE, "usb-cable");
        Cart laptop = synced
                .add(LAPTOP, "keyboard", 1)
                .changeQuantity(LAPTOP, "charger", +2)
                .add(LAPTOP, "usb-cable", 1); // added again: the laptop has not seen the phone remove it

        Causality relation = phone.compare(laptop);
        out.println("synced:  " + synced);
        out.println("before merge");
        out.println("  phone  (Virginia): " + phone);
        out.println("  laptop (Oregon):   " + laptop);
        out.println("  version vectors:   phone " + phone.items().context() + ", laptop "
                + laptop.items().context() + " -> " + relation);

        // Exchange states: each device merges the other's cart into its own, then a duplicate delivery.
        Cart phoneMerged = phone.merge(laptop);
        Cart laptopMerged = laptop.merge(phone);
        Cart mergedAgain = phoneMerged.merge(laptop).merge(phone).merge(phoneMerged);
        boolean converged = phoneMerged.equals(laptopMerged) && mergedAgain.equals(phoneMerged);

        out.println("after merge");
        out.println("  phone  = phone.merge(laptop): " + phoneMerged);
        out.println("  laptop = laptop.merge(phone): " + laptopMerged);
        out.println("  merged again (idempotent):    " + mergedAgain);
        out.println("converged: " + converged);
        return new Result(phone, laptop, relation, phoneMerged, laptopMerged, mergedAgain, converged);
    }

    /**
     * What the demo saw.
     *
     * @param phone the phone's cart before the merge
     * @param laptop the laptop's cart before the merge
     * @param relation how the phone's cart compares with the laptop's before the merge
     * @param phoneMerged the phone's cart after merging the laptop's
     * @param laptopMerged the laptop's cart after merging the phone's
     * @param mergedAgain the phone's merged cart after both states were delivered once more
     * @param converged whether both merge orders and the repeated merge gave the same cart
     */
    public record Result(Cart phone, Cart laptop, Causality relation, Cart phoneMerged, Cart laptopMerged,
            Cart mergedAgain, boolean converged) {
    }
}
