package dev.convergent.crdt;

import java.util.ArrayList;
import java.util.List;

/** Every ordering of a small list, to check that merges converge whatever the delivery order. */
final class Permutations {

    private Permutations() {
    }

    static <T> List<List<T>> of(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : of(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }
}
