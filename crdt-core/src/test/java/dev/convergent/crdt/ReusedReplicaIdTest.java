package dev.convergent.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convergent.clock.ReplicaId;
import org.junit.jupiter.api.Test;

/** Two processes started with one replica id tag different writes with the same dot. */
class ReusedReplicaIdTest {

    private static final ReplicaId SHARED = ReplicaId.of("shared");
    private static final ReplicaId OTHER = ReplicaId.of("other");

    @Test
    void orSetMergeRejectsOneDotTaggingTwoElements() {
        ORSet<String> first = ORSet.<String>empty().add(SHARED, "milk");
        ORSet<String> second = ORSet.<String>empty().add(SHARED, "eggs");

        assertThatThrownBy(() -> first.merge(second))
                .isInstanceOf(ConflictingWriteException.class)
                .hasMessageContaining("shared:1")
                .hasMessageContaining("milk")
                .hasMessageContaining("eggs")
                .hasMessageContaining("used by two processes");
        assertThatThrownBy(() -> second.merge(first)).isInstanceOf(ConflictingWriteException.class);
    }

    @Test
    void mvRegisterMergeRejectsOneDotTaggingTwoValues() {
        MVRegister<String> first = MVRegister.<String>empty().write(SHARED, "book");
        MVRegister<String> second = MVRegister.<String>empty().write(SHARED, "pen");

        assertThatThrownBy(() -> first.merge(second)).isInstanceOf(ConflictingWriteException.class);
    }

    @Test
    void aRemoveThatSawTheDotIsNotMistakenForReuse() {
        ORSet<String> base = ORSet.<String>empty().add(SHARED, "milk").add(OTHER, "eggs");
        ORSet<String> removed = base.remove("milk").remove("eggs");
        ORSet<String> readded = base.add(OTHER, "milk");

        ORSet<String> merged = removed.merge(readded);

        assertThat(merged.elements()).containsExactly("milk");
        assertThat(readded.merge(removed)).isEqualTo(merged);
    }
}
