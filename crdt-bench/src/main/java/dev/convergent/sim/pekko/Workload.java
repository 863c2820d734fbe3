package dev.convergent.sim.pekko;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seeded cart workload both engines run: writes from the three nodes to the carts' items, in three
 * phases — connected, with node 2 cut off, healed again — then a checkout that removes every item whose
 * quantity is not positive, from node 0 once the nodes agree.
 *
 * @param writes the writes, in order
 * @param carts the number of carts
 */
record Workload(List<Write> writes, int carts) {

    static final String[] ITEMS = {"socks", "shoes", "hat", "scarf", "gloves", "belt"};

    /** A write: node {@code node} changes {@code item} of cart {@code cart} by {@code change}. */
    record Write(int node, int cart, String item, int change, Phase phase, boolean majority, String address) {
    }

    /** Where in the run a write happens. */
    enum Phase { CONNECTED, PARTITIONED, HEALED }

    static Workload generate(long seed, int carts, int writes) {
        Random random = new Random(seed);
        List<Write> list = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            Phase phase = i < writes * 3 / 10 ? Phase.CONNECTED : i < writes * 7 / 10 ? Phase.PARTITIONED
                    : Phase.HEALED;
            int node = random.nextInt(3);
            int cart = random.nextInt(carts);
            String item = ITEMS[random.nextInt(ITEMS.length)];
            int change = random.nextInt(4) == 0 ? -1 : 1 + random.nextInt(3);
            boolean majority = phase != Phase.PARTITIONED && random.nextInt(10) == 0;
            String address = random.nextInt(8) == 0 ? "street-" + node + "-" + i : null;
            list.add(new Write(node, cart, item, change, phase, majority, address));
        }
        return new Workload(List.copyOf(list), carts);
    }
}
