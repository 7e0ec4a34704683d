package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a text message arriving in parts")
class PartialTextTest {

    @Test
    @DisplayName("in one part is passed on as it is")
    void onePart() throws Exception {
        assertThat(new PartialText(10).add("{\"a\":1}", true)).isEqualTo("{\"a\":1}");
    }

    @Test
    @DisplayName("in several parts is whole once the last one is in, and the next message starts afresh")
    void severalParts() throws Exception {
        PartialText text = new PartialText(10);
        assertThat(text.add("abc", false)).isNull();
        assertThat(text.add("def", true)).isEqualTo("abcdef");
        assertThat(text.add("xy", true)).isEqualTo("xy");
    }

    @Test
    @DisplayName("past the frame limit is refused and forgotten")
    void tooLarge() throws Exception {
        PartialText text = new PartialText(5);
        assertThat(text.add("abc", false)).isNull();
        assertThatThrownBy(() -> text.add("def", false)).isInstanceOf(PartialText.TooLarge.class);
        assertThat(text.add("ok", true)).isEqualTo("ok");
    }
}
