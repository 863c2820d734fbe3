package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotTest {

    private static final ReplicaId PHONE = ReplicaId.of("phone");
    private static final ReplicaId LAPTOP = ReplicaId.of("laptop");

    @Test
    void ofAndConstructorBuildEqualDots() {
        Dot viaOf = Dot.of(PHONE, 3);
        Dot viaConstructor = new Dot(ReplicaId.of("phone"), 3L);

        assertThat(viaOf).isEqualTo(viaConstructor);
        assertThat(viaOf.hashCode()).isEqualTo(viaConstructor.hashCode());
        assertThat(viaOf.replica()).isEqualTo(PHONE);
        assertThat(viaOf.counter()).isEqualTo(3L);
    }

    @Test
    void dotsDifferingInReplicaOrCounterAreNotEqual() {
        assertThat(Dot.of(PHONE, 1)).isNotEqualTo(Dot.of(PHONE, 2));
        assertThat(Dot.of(PHONE, 1)).isNotEqualTo(Dot.of(LAPTOP, 1));
    }

    @Test
    void counterOneIsTheSmallestValidCounter() {
        assertThat(Dot.of(PHONE, 1).counter()).isEqualTo(1L);
        assertThat(Dot.of(PHONE, Long.MAX_VALUE).counter()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsCounterBelowOneNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> Dot.of(PHONE, 0))
                .withMessageContaining(">= 1")
                .withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Dot(PHONE, -7))
                .withMessageContaining("was -7");
    }

    @Test
    void rejectsNullReplicaWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> Dot.of(null, 1)).withMessage("replica");
    }

    @Test
    void dotsAreOrderedByReplicaThenCounter() {
        Dot laptop9 = Dot.of(LAPTOP, 9);
        Dot phone1 = Dot.of(PHONE, 1);
        Dot phone2 = Dot.of(PHONE, 2);
        List<Dot> dots = new ArrayList<>(List.of(phone2, phone1, laptop9));

        Collections.sort(dots);

        assertThat(dots).containsExactly(laptop9, phone1, phone2);
        assertThat(phone1.compareTo(Dot.of(PHONE, 1))).isZero();
    }

    @Test
    void toStringIsReplicaColonCounter() {
        assertThat(Dot.of(PHONE, 3)).hasToString("phone:3");
    }
}
