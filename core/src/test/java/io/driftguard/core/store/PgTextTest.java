package io.driftguard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgTextTest {

    @Test
    void nulsAndHalfSurrogatePairsBecomeTheReplacementCharacterAndNothingElseChanges() {
        assertThat(PgText.text("a\u0000b")).isEqualTo("a\ufffdb");
        assertThat(PgText.text("x\ud800")).isEqualTo("x\ufffd");
        assertThat(PgText.text("\udc00x")).isEqualTo("\ufffdx");
        String emoji = "ok \ud83d\ude00 ü";
        assertThat(PgText.text(emoji)).isSameAs(emoji);
        assertThat(PgText.text(null)).isNull();
    }

    @Test
    void inJsonOnlyARealNulEscapeIsReplacedNotAnEscapedBackslashBeforeU0000() {
        assertThat(PgText.json("{\"a\":\"x\\u0000y\"}")).isEqualTo("{\"a\":\"x\\ufffdy\"}");
        // a literal backslash followed by the text u0000: stays
        assertThat(PgText.json("{\"a\":\"x\\\\u0000y\"}")).isEqualTo("{\"a\":\"x\\\\u0000y\"}");
        // three backslashes: an escaped backslash, then a real escape
        assertThat(PgText.json("\"\\\\\\u0000\"")).isEqualTo("\"\\\\\\ufffd\"");
        assertThat(PgText.json("[\"\\u0000\",\"\\u0000\"]")).isEqualTo("[\"\\ufffd\",\"\\ufffd\"]");
        assertThat(PgText.json("null")).isEqualTo("null");
    }
}
