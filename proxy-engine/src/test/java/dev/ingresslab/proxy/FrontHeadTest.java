package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The front's head parser on its own: what it accepts, what it leaves to Undertow, and heads cut anywhere. */
class FrontHeadTest {

    private static final String PLAIN = "GET /a/b?c=%41&d HTTP/1.1\r\nHost: web.example.com:8080\r\n"
            + "Accept: text/html,*/*\r\nX-Request-Id: abc-123\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
            + "X-Forwarded-For: 6.6.6.6\r\nCookie: a=1; b=2\r\nX-Empty:\r\n\r\n";

    private static FrontHead.Parse parse(FrontHead head, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return head.parse(bytes, 0, bytes.length, 32 * 1024);
    }

    @Test
    void aTargetOverTheLimitIsLeftToUndertowFor414() {
        FrontHead head = new FrontHead();
        String host = "Host: web.example.com\r\n\r\n";
        assertThat(parse(head, "GET /" + "a".repeat(8191) + " HTTP/1.1\r\n" + host))
                .isEqualTo(FrontHead.Parse.COMPLETE);
        assertThat(head.target()).hasSize(ProxySettings.MAX_REQUEST_TARGET_BYTES);
        assertThat(parse(head, "GET /" + "a".repeat(8192) + " HTTP/1.1\r\n" + host))
                .isEqualTo(FrontHead.Parse.FOREIGN);
        assertThat(parse(head, "GET /" + "a".repeat(8192))).as("known too long before the line has arrived")
                .isEqualTo(FrontHead.Parse.FOREIGN);
        assertThat(parse(head, "GET /" + "a".repeat(8191))).isEqualTo(FrontHead.Parse.INCOMPLETE);
    }

    @Test
    void aPlainHeadIsReadWithEveryPartTheFrontNeeds() {
        FrontHead head = new FrontHead();
        assertThat(parse(head, PLAIN + "GET /next")).isEqualTo(FrontHead.Parse.COMPLETE);
        assertThat(head.length()).as("up to the empty line, not the next request").isEqualTo(PLAIN.length());
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/a/b?c=%41&d");
        assertThat(head.authority()).isEqualTo("web.example.com:8080");
        assertThat(head.requestId()).isEqualTo("abc-123");
        assertThat(head.acceptsHtml()).isTrue();
        assertThat(head.connection().close()).isFalse();
        assertThat(head.header("x-hop")).isEqualTo("1");
        assertThat(head.header("X-Empty")).isEmpty();
        assertThat(head.header("X-Missing")).isNull();
        assertThat(head.cookie("b")).isEqualTo("2");
        assertThat(head.cookie("z")).isNull();
        assertThat(head.headerCount()).isEqualTo(8);
        assertThat(head.kind(0)).isEqualTo(FrontHead.HOST);
        assertThat(head.kind(4)).as("X-Hop: named by Connection, but not a fixed hop-by-hop field")
                .isEqualTo(FrontHead.OTHER);
        assertThat(head.namedByConnection(4)).isTrue();
        assertThat(head.namedByConnection(1)).isFalse();
        assertThat(head.kind(5)).isEqualTo(FrontHead.CLIENT_FORWARDED);
        assertThat(head.kind(6)).isEqualTo(FrontHead.COOKIE);
    }

    @Test
    void theFieldsTheEdgePolicyDropsAreMarkedSoAndStillServedByTheFront() {
        FrontHead head = new FrontHead();
        String text = "GET / HTTP/1.1\r\nHost: web.example.com\r\nX-Real-IP: 6.6.6.6\r\nX_Real_IP: 6.6.6.6\r\n"
                + "x-forwarded-ssl: on\r\nProxy: http://evil.example/\r\nX.Dotted: 1\r\nX-Forwarded: no\r\n"
                + "X-Custom: kept\r\nssl-client-verify: SUCCESS\r\n\r\n";
        assertThat(parse(head, text)).as("the front serves them: it drops the fields")
                .isEqualTo(FrontHead.Parse.COMPLETE);
        String[] names = {"Host", "X-Real-IP", "X_Real_IP", "x-forwarded-ssl", "Proxy", "X.Dotted", "X-Forwarded",
                "X-Custom", "ssl-client-verify"};
        int[] kinds = {FrontHead.HOST, FrontHead.CLIENT_FORWARDED, FrontHead.CLIENT_FORWARDED,
                FrontHead.CLIENT_FORWARDED, FrontHead.CLIENT_FORWARDED, FrontHead.CLIENT_FORWARDED, FrontHead.OTHER,
                FrontHead.OTHER, FrontHead.CLIENT_FORWARDED};
        for (int i = 0; i < names.length; i++) {
            assertThat(head.kind(i)).as(names[i]).isEqualTo(kinds[i]);
        }
    }

    @Test
    void aHeadCutAnywhereIsIncompleteNeverForeign() {
        FrontHead head = new FrontHead();
        for (int end = 0; end < PLAIN.length(); end++) {
            assertThat(parse(head, PLAIN.substring(0, end))).as("the first %d bytes", end)
                    .isEqualTo(FrontHead.Parse.INCOMPLETE);
        }
    }

    @Test
    void aHeadLongerThanTheLimitIsNotTheFronts() {
        FrontHead head = new FrontHead();
        byte[] bytes = PLAIN.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(head.parse(bytes, 0, bytes.length, 60)).isNotEqualTo(FrontHead.Parse.COMPLETE);
    }

    @Test
    void whatTheFrontLeavesToUndertowIsForeign() {
        String host = "Host: web.example.com\r\n";
        for (String foreign : new String[] {
            "POST / HTTP/1.1\r\n" + host + "\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "GET / HTTP/1.0\r\n" + host + "\r\n",
            "GET /a b HTTP/1.1\r\n" + host + "\r\n",
            "GET /%G1 HTTP/1.1\r\n" + host + "\r\n",
            "GET /x#frag HTTP/1.1\r\n" + host + "\r\n",
            "GET /\\ HTTP/1.1\r\n" + host + "\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + host + "\r\n",
            "GET / HTTP/1.1\r\nHost: we b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: web:99999\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: :80\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "Expect: 100-continue\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "Upgrade: websocket\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "X-A: 1\r\n\tfolded\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "X-A\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + ": no name\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "X-A: new\nline\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "Connection: close\r\nConnection: x\r\n\r\n",
            "GET / HTTP/1.1\r\n" + host + "X-A: 1\r\r\n\r\n",
        }) {
            assertThat(parse(new FrontHead(), foreign)).as(foreign).isEqualTo(FrontHead.Parse.FOREIGN);
        }
    }

    @Test
    void moreHeaderLinesThanUndertowAllowsAreForeign() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: web.example.com\r\n");
        for (int i = 1; i < FrontHead.MAX_HEADERS; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        assertThat(parse(new FrontHead(), head + "\r\n")).isEqualTo(FrontHead.Parse.COMPLETE);
        assertThat(parse(new FrontHead(), head + "X-One-Too-Many: v\r\n\r\n")).isEqualTo(FrontHead.Parse.FOREIGN);
    }
}
