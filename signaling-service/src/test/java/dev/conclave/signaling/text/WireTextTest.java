package dev.conclave.signaling.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

@DisplayName("WireText")
class WireTextTest {

    @Nested
    @DisplayName("finds text UTF-8 cannot encode")
    class Encodable {

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', value = {
                "plain|-1", "\ud83d\ude00 pair|-1", "a\ud800|1", "\udc00a|0", "\udc00\ud800|0", "ok \ud83d|3",
                "é and 中|-1"})
        void firstUnencodable(String text, int at) {
            assertThat(WireText.firstUnencodable(text)).isEqualTo(at);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @CsvSource({"plain", "é", "中文", "\ud83d\ude00", "mixed é 中 \ud83d\ude00 x"})
        void countsBytesAsUtf8Does(String text) {
            assertThat(WireText.encodedLength(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }

        @Test
        @DisplayName("has no length for what it cannot encode")
        void noLength() {
            assertThat(WireText.encodedLength("x\ud800")).isEqualTo(-1);
            assertThat(WireText.encodedLength("\udc00")).isEqualTo(-1);
        }
    }

    @Nested
    @DisplayName("names where it is, in")
    class Finding {

        record Body(String name, Map<String, Object> metadata, List<String> tags) {
        }

        @Test
        @DisplayName("records, maps, lists and keys")
        void objects() {
            assertThat(WireText.find(new Body("ok", Map.of("a", Map.of("b", "x\ud800")), List.of()), ""))
                    .isEqualTo(new WireText.Unencodable("metadata.a.b", 1));
            assertThat(WireText.find(new Body("ok", Map.of(), List.of("a", "\udc00")), ""))
                    .isEqualTo(new WireText.Unencodable("tags[1]", 0));
            assertThat(WireText.find(Map.of("k\ud800", 1), "metadata"))
                    .isEqualTo(new WireText.Unencodable("metadata.k\uFFFD", 1));
            assertThat(WireText.find(new Body("fine \ud83d\ude00", Map.of("n", 1, "t", true), List.of("x")), "")).isNull();
        }

        @Test
        @DisplayName("JSON trees")
        void json() {
            var tree = JsonMapper.builder().build().readTree("{\"payload\":{\"c\":[1,{\"d\":\"\\ud800\"}]}}");
            assertThat(WireText.find(tree, "")).isEqualTo(new WireText.Unencodable("payload.c[1].d", 0));
        }
    }

    @Test
    @DisplayName("lets tab and line breaks into messages, but no other control character")
    void messages() {
        assertThat(WireText.problemWithMessage("two\nlines\r\n\tand a tab")).isNull();
        for (String text : List.of("nul\u0000", "esc\u001b[0m", "del\u007f", "c1\u0085")) {
            assertThat(WireText.problemWithMessage(text)).as(text).contains("control characters");
        }
        assertThat(WireText.problemWithMessage("\ud800")).contains("UTF-8");
    }
}
