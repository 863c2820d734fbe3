package dev.convergent.sim.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.sim.CartSimulation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's Pekko command: carts on a real 3-node loopback cluster, one node cut off and later leaving,
 * converge, and the report says so with its numbers; bad options exit 2.
 */
class PekkoCartSimulationTest {

    @Test
    void theCartsConvergeOnARealClusterAndTheReportSaysSo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CartSimulation.run(new String[] {"--engine", "pekko", "--seed", "3", "--carts", "8",
            "--writes", "120"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        assertThat(report).contains("verdict: CONVERGED", "(0 of 3 disagree)", "staleness", "bytes on wire",
                "convergence", "every cart's quantities equal the write log", "Pekko's pruning removed");
    }

    @Test
    void badOptionsExitTwoWithTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PekkoCartSimulation.run(new String[] {"--carts", "0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--carts must be from 1 to 1000").contains("usage");
        assertThat(CartSimulation.run(new String[] {"--engine", "nope"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }
}
