package dev.convergent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.convergent.clock.Causality;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CartDemoTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private CartDemo.Result result;

    @BeforeEach
    void runDemo() {
        result = CartDemo.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void replicasAreConcurrentBeforeTheMerge() {
        assertThat(result.relation()).isEqualTo(Causality.CONCURRENT);
        assertThat(result.phone().items().elements()).containsExactlyInAnyOrder("charger", "headphones", "mouse");
        assertThat(result.laptop().items().elements()).containsExactlyInAnyOrder("charger", "keyboard", "usb-cable");
    }

    @Test
    void bothMergeOrdersAndARepeatedMergeGiveTheSameCart() {
        assertThat(result.converged()).isTrue();
        assertThat(result.phoneMerged()).isEqualTo(result.laptopMerged());
        assertThat(result.mergedAgain()).isEqualTo(result.phoneMerged());
    }

    @Test
    void mergedCartKeepsEveryAddAndTheConcurrentReAdd() {
        assertThat(result.phoneMerged().contents()).containsExactly(
                entry("charger", 4L), // 1 synced + 1 on the phone + 2 on the laptop
                entry("headphones", 1L),
                entry("keyboard", 1L),
                entry("mouse", 1L),
                entry("usb-cable", 1L)); // the phone took back its 2, the laptop's re-add of 1 wins
    }

    @Test
    void printsTheCartsAndTheVerdict() {
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("phone  (Virginia): [charger x2, headphones x1, mouse x1]")
                .contains("laptop (Oregon):   [charger x3, keyboard x1, usb-cable x3]")
                .contains("CONCURRENT")
                .contains("[charger x4, headphones x1, keyboard x1, mouse x1, usb-cable x1]")
                .endsWith("converged: true" + System.lineSeparator());
    }
}
