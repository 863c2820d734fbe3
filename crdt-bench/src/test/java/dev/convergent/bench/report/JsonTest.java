package dev.convergent.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        Object value = Json.parse(" {\"a\" : [1, -2.5e3, \"x\\\"y\\u00e9\\n\"], \"b\": {}, \"c\": [], \"d\": true,"
                + " \"e\": false, \"f\": null} ");

        assertThat(value).isEqualTo(new java.util.LinkedHashMap<>(Map.of(
                "a", List.of(1.0, -2500.0, "x\"yé\n"), "b", Map.of(), "c", List.of(), "d", true, "e", false)) {
            {
                put("f", null);
            }
        });
    }

    @Test
    void keepsJmhNanAsAString() {
        assertThat(Json.parse("{\"scoreError\": \"NaN\"}")).isEqualTo(Map.of("scoreError", "NaN"));
        assertThat(Measurement.number("NaN")).isNaN();
        assertThat(Measurement.number(3.0)).isEqualTo(3.0);
    }

    @Test
    void reportsWhereTheDocumentIsBroken() {
        assertThatThrownBy(() -> Json.parse("[1, 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 5");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }
}
