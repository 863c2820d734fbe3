package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.CrdtException;
import org.junit.jupiter.api.Test;

class CrdtExceptionTest {

    @Test
    void domainErrorsAreUncheckedCrdtExceptions() {
        assertThat(new CounterOverflowException("overflow")).isInstanceOf(CrdtException.class)
                .isInstanceOf(RuntimeException.class).hasMessage("overflow");
        assertThat(new ClockDriftException("drift")).isInstanceOf(CrdtException.class).hasMessage("drift");
        assertThat(new ConflictingWriteException("conflict")).isInstanceOf(CrdtException.class)
                .hasMessage("conflict");
    }

    @Test
    void keepsMessageAndCause() {
        IllegalStateException cause = new IllegalStateException("root");

        CrdtException e = new CrdtException("wrapped", cause);

        assertThat(e).hasMessage("wrapped").hasCause(cause);
        assertThat(new CrdtException("plain")).hasMessage("plain").hasNoCause();
    }
}
