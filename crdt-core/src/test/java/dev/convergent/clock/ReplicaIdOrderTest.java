package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplicaId#compareTo} is the order of the names, whether it reads the ids' order ranks or their names: for
 * ids created in random orders, in runs with and against name order, in two runs interleaved, and nested so deep
 * between two names that their ranks leave no room and later ids take none.
 */
class ReplicaIdOrderTest {

    /**
     * Sorts after every name the other tests of this JVM make, so that what these ids find around them is up to
     * this test (ranks are shared by every id alive in the JVM).
     */
    private static final String PREFIX = "\uFFFDorder-";

    private static void assertCompareIsNameOrder(List<ReplicaId> ids) {
        for (ReplicaId a : ids) {
            for (ReplicaId b : ids) {
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(a.name().compareTo(b.name())));
            }
        }
    }

    @Test
    void idsCreatedInRandomSortedAndReverseOrderCompareAsTheirNames() {
        Random random = new Random(5);
        List<ReplicaId> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            names.add(PREFIX + "random-" + Integer.toHexString(random.nextInt()));
        }
        for (String n : names) {
            ids.add(ReplicaId.of(n));
        }
        for (int i = 0; i < 400; i++) {
            ids.add(ReplicaId.of(String.format(PREFIX + "sorted-%04d", i)));
        }
        for (int i = 400; i > 0; i--) {
            ids.add(ReplicaId.of(String.format(PREFIX + "reverse-%04d", i)));
        }
        assertThat(ids).as("random names, and runs in and against name order, all find room").allMatch(
                ReplicaId::ranked);
        for (int i = 0; i < 100; i++) { // two runs interleaved: the second is no run, and halves its room each time
            ids.add(ReplicaId.of(String.format(PREFIX + "up-%04d", i)));
            ids.add(ReplicaId.of(String.format(PREFIX + "down-%04d", 100 - i)));
        }
        Collections.shuffle(ids, random);

        assertCompareIsNameOrder(ids);
        List<ReplicaId> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertThat(sorted).extracting(ReplicaId::name).isSorted();
    }

    @Test
    void idsNestedBeyondTheRoomBetweenRanksTakeNoneAndStillCompareAsTheirNames() {
        // each name sorts between "order-nest-" and the one before: every rank halves the room left below the last
        // (an id made elsewhere in between keeps them from being a run, which would leave each almost all the room)
        List<ReplicaId> ids = new ArrayList<>();
        ids.add(ReplicaId.of("order-nest-"));
        StringBuilder name = new StringBuilder("order-nest-b");
        for (int i = 0; i < 80; i++) {
            ids.add(ReplicaId.of(name.toString()));
            ids.add(ReplicaId.of("order-nest-elsewhere-" + i));
            name.insert("order-nest-".length(), 'a');
        }
        ids.add(ReplicaId.of("order-nest-z"));
        ids.add(ReplicaId.of("order-nesu"));

        assertThat(ids).as("some ids found no room").anyMatch(id -> !id.ranked());
        assertThat(ids.get(0).ranked()).isTrue();
        assertCompareIsNameOrder(ids);
    }
}
