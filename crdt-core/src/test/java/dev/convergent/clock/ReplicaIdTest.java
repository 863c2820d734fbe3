package dev.convergent.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaIdTest {

    @Test
    void ofReturnsTheSameInstanceForEqualNames() {
        ReplicaId first = ReplicaId.of("interned-replica");
        // A distinct String object with the same characters: equality must not rely on String interning.
        ReplicaId second = ReplicaId.of(new String("interned-replica".toCharArray()));

        assertThat(second).isSameAs(first);
    }

    @Test
    void nameAndToStringReturnTheGivenName() {
        ReplicaId id = ReplicaId.of("phone");

        assertThat(id.name()).isEqualTo("phone");
        assertThat(id).hasToString("phone");
    }

    @Test
    void equalNamesGiveEqualIdsWithEqualHashCodes() {
        ReplicaId a = ReplicaId.of("laptop");
        ReplicaId b = ReplicaId.of(new StringBuilder("lap").append("top").toString());

        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(ReplicaId.of("Laptop"));
        assertThat(a).isNotEqualTo("laptop");
    }

    @Test
    void idsAreOrderedByName() {
        ReplicaId a = ReplicaId.of("a");
        ReplicaId b = ReplicaId.of("b");
        ReplicaId c = ReplicaId.of("c");
        List<ReplicaId> ids = new ArrayList<>(List.of(c, a, b));

        Collections.sort(ids);

        assertThat(ids).containsExactly(a, b, c);
        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(a)).isPositive();
        assertThat(a.compareTo(ReplicaId.of("a"))).isZero();
    }

    @Test
    void orderIsTextualNotNumeric() {
        // Names compare as strings: "node-10" sorts before "node-9". Worth knowing for LWW tie-breaks.
        assertThat(ReplicaId.of("node-10").compareTo(ReplicaId.of("node-9"))).isNegative();
    }

    @Test
    void rejectsNullWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> ReplicaId.of(null)).withMessage("name");
    }

    @Test
    void rejectsEmptyName() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of(""))
                .withMessageContaining("empty");
    }

    @Test
    void acceptsTheMaximumLength() {
        String longest = "x".repeat(ReplicaId.MAX_LENGTH);

        assertThat(ReplicaId.of(longest).name()).hasSize(128);
    }

    @Test
    void rejectsNamesLongerThanTheMaximum() {
        String tooLong = "x".repeat(ReplicaId.MAX_LENGTH + 1);

        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of(tooLong))
                .withMessageContaining("128")
                .withMessageContaining("129");
    }

    @Test
    void rejectsControlCharactersNamingTheCharacterAndIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("a\nb"))
                .withMessageContaining("U+000A")
                .withMessageContaining("index 1");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("\u0000"))
                .withMessageContaining("U+0000");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("tab\there"))
                .withMessageContaining("U+0009");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("del\u007F"))
                .withMessageContaining("U+007F");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("c1\u0085"))
                .withMessageContaining("U+0085");
    }

    @Test
    void rejectsBlankNamesWithTheRule() {
        for (String blank : new String[] {" ", "   ", "\u00A0", "\u2003 \u3000"}) {
            assertThatIllegalArgumentException().as("%s", blank).isThrownBy(() -> ReplicaId.of(blank))
                    .withMessageContaining("must not be blank");
        }
    }

    @Test
    void rejectsInvisibleFormatCharactersNamingTheCharacterAndIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("node\u200B1"))
                .withMessageContaining("U+200B").withMessageContaining("index 4")
                .withMessageContaining("invisible");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("\uFEFFnode"))
                .withMessageContaining("U+FEFF");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("a\u200Db"))
                .withMessageContaining("U+200D");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("rtl\u202Eevil"))
                .withMessageContaining("U+202E");
    }

    @Test
    void rejectsLoneSurrogatesButAcceptsPairs() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("a\uD800"))
                .withMessageContaining("lone surrogate U+D800").withMessageContaining("index 1");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("\uDC00b"))
                .withMessageContaining("lone surrogate U+DC00").withMessageContaining("index 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicaId.of("\uDC00\uD800"))
                .withMessageContaining("lone surrogate");
        assertThat(ReplicaId.of("dc-\uD83D\uDE80").name()).hasSize(5); // a rocket: one code point, two chars
    }

    @Test
    void acceptsSpacesPunctuationAndNonAsciiLetters() {
        assertThat(ReplicaId.of("eu-west 1/café/東京").name()).isEqualTo("eu-west 1/café/東京");
    }
}
