package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeadTextTest {

    private static HeadText parse(String head) {
        return HeadText.parse(head.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    @Test
    void splitsTheStartLineAndTheFieldsInOrderWithRepeatedNamesKept() {
        HeadText head = parse("GET /a?b=1 HTTP/1.1\r\nHost: web\r\nAccept: a\r\nX-Empty:\r\naccept: b\r\n\r\n");

        assertThat(head.startLine()).isEqualTo("GET /a?b=1 HTTP/1.1");
        assertThat(head.fields()).containsExactly(new HeadText.Field("Host", "web"), new HeadText.Field("Accept", "a"),
                new HeadText.Field("X-Empty", ""), new HeadText.Field("accept", "b"));
        assertThat(head.values("ACCEPT")).containsExactly("a", "b");
        assertThat(head.truncated()).isFalse();
    }

    @Test
    void trimsSpacesAndTabsAroundValuesOnlyAndSplitsAtTheFirstColon() {
        HeadText head = parse("HTTP/1.1 200 OK\r\nX-A: \t in  side \t\r\nLocation: http://x:80/y\r\n\r\n");

        assertThat(head.values("x-a")).containsExactly("in  side");
        assertThat(head.values("location")).containsExactly("http://x:80/y");
    }

    @Test
    void acceptsBareLineFeedsAndStopsAtTheEmptyLine() {
        HeadText head = parse("HTTP/1.1 204 No Content\nA: 1\n\nbody: not a field\n");

        assertThat(head.startLine()).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(head.fields()).containsExactly(new HeadText.Field("A", "1"));
    }

    @Test
    void keepsALineWithoutAColonWholeAndReadsEveryByteAsOneCharacter() {
        HeadText head = HeadText.parse("GET / HTTP/1.1\r\nno colon here\r\nX-B: caf\u00e9\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), true);

        assertThat(head.fields()).containsExactly(new HeadText.Field("", "no colon here"),
                new HeadText.Field("X-B", "caf\u00e9"));
        assertThat(head.truncated()).isTrue();
    }

    @Test
    void anEmptyHeadHasNothing() {
        assertThat(parse("")).isEqualTo(new HeadText("", java.util.List.of(), false));
    }
}
