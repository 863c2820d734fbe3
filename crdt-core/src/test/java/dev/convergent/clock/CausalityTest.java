package dev.convergent.clock;

import static dev.convergent.lattice.Causality.AFTER;
import static dev.convergent.lattice.Causality.BEFORE;
import static dev.convergent.lattice.Causality.CONCURRENT;
import static dev.convergent.lattice.Causality.EQUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.convergent.lattice.Causality;
import org.junit.jupiter.api.Test;

class CausalityTest {

    @Test
    void reverseSwapsBeforeAndAfterOnly() {
        assertThat(BEFORE.reverse()).isEqualTo(AFTER);
        assertThat(AFTER.reverse()).isEqualTo(BEFORE);
        assertThat(EQUAL.reverse()).isEqualTo(EQUAL);
        assertThat(CONCURRENT.reverse()).isEqualTo(CONCURRENT);
    }

    @Test
    void reverseIsAnInvolution() {
        for (Causality c : Causality.values()) {
            assertThat(c.reverse().reverse()).as("%s reversed twice", c).isEqualTo(c);
        }
    }

    @Test
    void andFollowsTheProductOrderTruthTable() {
        Causality[] order = {BEFORE, EQUAL, AFTER, CONCURRENT};
        // expected[row][column] = order[row].and(order[column])
        Causality[][] expected = {
            {BEFORE, BEFORE, CONCURRENT, CONCURRENT},
            {BEFORE, EQUAL, AFTER, CONCURRENT},
            {CONCURRENT, AFTER, AFTER, CONCURRENT},
            {CONCURRENT, CONCURRENT, CONCURRENT, CONCURRENT},
        };
        for (int i = 0; i < order.length; i++) {
            for (int j = 0; j < order.length; j++) {
                assertThat(order[i].and(order[j]))
                        .as("%s.and(%s)", order[i], order[j])
                        .isEqualTo(expected[i][j]);
            }
        }
    }

    @Test
    void andIsCommutative() {
        for (Causality x : Causality.values()) {
            for (Causality y : Causality.values()) {
                assertThat(x.and(y)).as("%s.and(%s)", x, y).isEqualTo(y.and(x));
            }
        }
    }

    @Test
    void andRejectsNullWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> BEFORE.and(null)).withMessage("other");
    }

    @Test
    void ofBuildsTheOutcomeFromTheOneSidedComparisons() {
        assertThat(Causality.of(true, true)).isEqualTo(EQUAL);
        assertThat(Causality.of(true, false)).isEqualTo(BEFORE);
        assertThat(Causality.of(false, true)).isEqualTo(AFTER);
        assertThat(Causality.of(false, false)).isEqualTo(CONCURRENT);
    }

    @Test
    void isBeforeOrEqualHoldsForBeforeAndEqualOnly() {
        assertThat(BEFORE.isBeforeOrEqual()).isTrue();
        assertThat(EQUAL.isBeforeOrEqual()).isTrue();
        assertThat(AFTER.isBeforeOrEqual()).isFalse();
        assertThat(CONCURRENT.isBeforeOrEqual()).isFalse();
    }

    @Test
    void isAfterOrEqualHoldsForAfterAndEqualOnly() {
        assertThat(AFTER.isAfterOrEqual()).isTrue();
        assertThat(EQUAL.isAfterOrEqual()).isTrue();
        assertThat(BEFORE.isAfterOrEqual()).isFalse();
        assertThat(CONCURRENT.isAfterOrEqual()).isFalse();
    }

    @Test
    void ofAgreesWithThePredicates() {
        for (Causality c : Causality.values()) {
            assertThat(Causality.of(c.isBeforeOrEqual(), c.isAfterOrEqual())).as("round trip of %s", c).isEqualTo(c);
        }
    }
}
