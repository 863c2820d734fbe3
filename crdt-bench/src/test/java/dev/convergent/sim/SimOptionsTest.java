package dev.convergent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimOptionsTest {

    @Test
    void noOptionsGiveTheDefaults() throws Exception {
        SimOptions o = SimOptions.parse();
        assertThat(o).isEqualTo(SimOptions.DEFAULTS);
        assertThat(o.replicas()).isEqualTo(3);
        assertThat(o.json()).isNull();
        assertThat(o.svg()).isNull();
    }

    @Test
    void everyOptionIsParsedInBothSpellings() throws Exception {
        SimOptions o = SimOptions.parse("--replicas", "5", "--clients=7", "--ops", "1_000", "--seed", "-9",
                "--partition-rate", "0.5", "--loss=0.25", "--dup", "0.125", "--lag-rate", "2", "--skew-ms", "300",
                "--full-every", "0", "--retire-at", "40", "--json", "out.json", "--svg=out.svg");
        assertThat(o).isEqualTo(new SimOptions(5, 7, 1_000, -9, 0.5, 0.25, 0.125, 2, 300, 0, 40_000,
                Path.of("out.json"), Path.of("out.svg")));
        assertThat(SimOptions.parse("--seed", "1", "--seed", "2").seed()).as("the last one wins").isEqualTo(2);
    }

    @Test
    void theCommandLineReproducesTheOptions() throws Exception {
        SimOptions o = SimOptions.parse("--replicas", "4", "--loss", "0.3", "--seed", "77", "--full-every", "0");
        assertThat(SimOptions.parse(o.commandLine().split(" "))).isEqualTo(o);
        assertThat(SimOptions.parse(SimOptions.DEFAULTS.commandLine().split(" "))).isEqualTo(SimOptions.DEFAULTS);
    }

    @Test
    void retireAtIsOffUnlessGivenInSeconds() throws Exception {
        assertThat(SimOptions.DEFAULTS.retires()).isFalse();
        assertThat(SimOptions.DEFAULTS.retireAtMillis()).isEqualTo(-1);
        assertThat(SimOptions.DEFAULTS.commandLine()).doesNotContain("--retire-at");

        SimOptions o = SimOptions.parse("--retire-at", "12.5", "--seed", "3");
        assertThat(o.retires()).isTrue();
        assertThat(o.retireAtMillis()).isEqualTo(12_500);
        assertThat(o.commandLine()).endsWith(" --retire-at 12.5");
        assertThat(SimOptions.parse(o.commandLine().split(" "))).isEqualTo(o);
        assertThat(SimOptions.parse("--retire-at=0").retireAtMillis()).isZero();
        assertThat(SimOptions.parse("--retire-at", "3600").retireAtMillis()).isEqualTo(3_600_000);
        assertThatThrownBy(() -> SimOptions.parse("--retire-at", "3601"))
                .hasMessage("option --retire-at must be in [0, 3600], was 3601");
        assertThat(Run.of("--help").out).contains("--retire-at S").contains("prunes its id from every");
    }

    @Test
    void helpIsNotAnError() throws Exception {
        assertThat(SimOptions.parse("--ops", "5", "--help")).isNull();
        assertThat(SimOptions.parse("-h")).isNull();
        Run run = Run.of("--help");
        assertThat(run.status).isZero();
        assertThat(run.out).startsWith("usage: ").contains("--partition-rate").contains("--json").contains("--svg FILE")
                .contains("\"series\"").contains("s wall");
        assertThat(run.err).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--replicas 1", "--replicas 65", "--replicas three", "--clients 0", "--ops 0", "--ops 1.5",
        "--seed 9223372036854775808", "--partition-rate -1", "--loss 0.95", "--loss NaN", "--dup x",
        "--lag-rate 101", "--skew-ms -1", "--full-every -2", "--retire-at -1", "--retire-at 3601",
        "--retire-at soon", "--retire-at", "--json=", "--svg=", "--svg", "--speed 3", "--ops", "--ops --seed 3",
        "ops 3", "-v"})
    void badOptionsExitWithStatusTwoAndTheUsage(String line) {
        Run run = Run.of(line.split(" "));
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("error: ").contains("usage: ");
        assertThat(run.out).as("nothing runs").isEmpty();
    }

    @Test
    void errorsNameTheOptionAndTheRule() {
        assertThatThrownBy(() -> SimOptions.parse("--replicas", "1"))
                .hasMessage("option --replicas must be in [2, 64], was 1");
        assertThatThrownBy(() -> SimOptions.parse("--loss", "2"))
                .hasMessage("option --loss must be in [0, 0.9], was 2");
        assertThatThrownBy(() -> SimOptions.parse("--speed", "3")).hasMessage("unknown option --speed");
        assertThatThrownBy(() -> SimOptions.parse("--ops")).hasMessage("option --ops needs a value");
        assertThatThrownBy(() -> SimOptions.parse("--clients", "a lot"))
                .hasMessage("option --clients needs a whole number, was 'a lot'");
    }

    /** One run of the command line, with what it printed. */
    static final class Run {
        final int status;
        final String out;
        final String err;

        private Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        /** Runs with a wall clock that advances a quarter of a second each time it is read, so the output is fixed. */
        static Run of(String... args) {
            long[] nanos = {0};
            return with(() -> nanos[0] += 250_000_000L, args);
        }

        /** Runs with the given wall clock (nanoseconds), which only the progress lines show. */
        static Run with(LongSupplier wallNanos, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = CartSimulation.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), wallNanos);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
