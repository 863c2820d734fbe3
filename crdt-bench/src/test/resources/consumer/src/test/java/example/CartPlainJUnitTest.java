package example;

import dev.convergent.testkit.CrdtLaws;
import org.junit.jupiter.api.Test;

/** The same laws from a plain JUnit 5 test, with a fixed seed. */
class CartPlainJUnitTest {

    @Test
    void theCartObeysEveryLaw() {
        CrdtLaws.check(new CartLawsTest(), 2026L, 20);
    }
}
