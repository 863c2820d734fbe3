package dev.convergent.testkit.example;

// [doc:plain-junit]
import dev.convergent.testkit.CrdtLaws;
import org.junit.jupiter.api.Test;

class TwoPhaseSetPlainJUnitTest {

    @Test
    void obeysEveryLaw() {
        CrdtLaws.check(new TwoPhaseSetLawsTest(), 2024L, 200);
    }
}
// [/doc:plain-junit]
