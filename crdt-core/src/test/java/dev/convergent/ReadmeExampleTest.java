package dev.convergent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.ReplicaId;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Causality;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's usage example compiled, correct, and identical to the code below. */
class ReadmeExampleTest {

    @Test
    void usageExampleConvergesAsTheReadmeSays() {
        // README-BEGIN
        ReplicaId phone = ReplicaId.of("phone");
        ReplicaId laptop = ReplicaId.of("laptop");
        ORSet<String> synced = ORSet.<String>empty().add(phone, "headphones");
        ORSet<String> onPhone = synced.remove("headphones").add(phone, "mouse");
        ORSet<String> onLaptop = synced.add(laptop, "headphones").add(laptop, "keyboard");
        ORSet<String> cart = onPhone.merge(onLaptop);              // same state in either order
        Causality relation = onPhone.compare(onLaptop);            // CONCURRENT: edited on both sides
        // add wins: the laptop re-added headphones concurrently with the phone's remove
        // cart.elements() is {headphones, keyboard, mouse}
        GCounter views = GCounter.empty().increment(phone, 5).merge(GCounter.empty().increment(laptop, 3));
        // views.value() is 8: each replica counted its own views
        // README-END

        assertThat(cart).isEqualTo(onLaptop.merge(onPhone));
        assertThat(relation).isEqualTo(Causality.CONCURRENT);
        assertThat(cart.elements()).containsExactlyInAnyOrder("headphones", "keyboard", "mouse");
        assertThat(views.value()).isEqualTo(8);
    }

    @Test
    void readmeShowsExactlyTheCodeThisTestRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String test = Files.readString(
                Path.of("src/test/java/dev/convergent/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        Matcher inReadme = Pattern.compile("## Usage\\s.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Matcher inTest = Pattern.compile("// README-BEGIN\\n(.*?)\\s*// README-END", Pattern.DOTALL).matcher(test);
        assertThat(inReadme.find()).as("README has a java block under ## Usage").isTrue();
        assertThat(inTest.find()).isTrue();
        assertThat(inReadme.group(1).strip()).isEqualTo(inTest.group(1).stripIndent().strip());
    }
}
