package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response framing: what a client gets when its backend answers with a malformed or dangerous response, on every
 * path a request can take: the front's, Undertow's body-less one, HTTP/1.0, a POST with a Content-Length, a chunked
 * POST, an HTTP/1.0 POST and an upgrade request. All of them reach the backend on the proxy's own connections and
 * read its response with one parser ({@link ResponseHead}, {@link ChunkedBody}), so each shape gets the same answer
 * everywhere: a malformed head is a 502 that says what the backend did, with nothing of the backend's response; an
 * interim 1xx is skipped and the final response forwarded; a chunked body that breaks its framing breaks the
 * client's response (no last chunk) after the bytes before the fault. The table of what each path did is printed.
 */
class ResponseFramingTest {

    private static final String HOST = "Host: web.example.com\r\n";

    private enum Path { FRONT, UNDERTOW, HTTP_1_0, BODY, CHUNKED_BODY, HTTP_1_0_BODY, UPGRADE }

    /**
     * {@code reason}: what the 502 must say, null for a response that is forwarded; {@code broken}: a response
     * whose head is forwarded and whose chunked body then breaks (the client must never see {@code XY}, which
     * follows the fault, nor a last chunk).
     */
    private record Shape(String name, String response, String reason, boolean broken) {
        Shape(String name, String response, String reason) {
            this(name, response, reason, false);
        }
    }

    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static final List<Shape> SHAPES = List.of(
            new Shape("two different Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3"
                    + "\r\n\r\nokk", "two different Content-Length headers"),
            new Shape("a Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok",
                    "the Content-Length \"2, 2\" is not a length"),
            new Shape("a Content-Length with a sign", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok",
                    "the Content-Length \"+2\" is not a length"),
            new Shape("Content-Length and Transfer-Encoding", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
                    "both Content-Length and Transfer-Encoding"),
            new Shape("a four-digit status", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok", "has no status code"),
            new Shape("a status line that is no HTTP", "hello world\r\n\r\n",
                    "the status line \"hello world\" is not HTTP/1.x"),
            new Shape("a head of 2 MiB", "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(2 << 20)
                    + "\r\nContent-Length: 2\r\n\r\nok", "its head is larger than 32768 bytes"),
            new Shape("an obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 2\r\n\r\nok",
                    "the header line \" b\" is malformed"),
            new Shape("a space before a colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
                    "has whitespace before its colon"),
            new Shape("closed before answering", null, "the endpoint closed the connection before answering"),
            new Shape("103 Early Hints, then 200", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", null),
            new Shape("102 Processing, then 200", "HTTP/1.1 102 Processing\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", null),
            new Shape("100 Continue unasked, then 200", "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", null),
            new Shape("a chunk size that is not hexadecimal", CHUNKED_HEAD + "2\r\nok\r\nzz\r\nXY\r\n0\r\n\r\n",
                    null, true),
            new Shape("a chunk size of 2^64 and more", CHUNKED_HEAD + "2\r\nok\r\n10000000000000002\r\nXY\r\n0\r\n\r\n",
                    null, true),
            new Shape("chunk data not followed by CR LF", CHUNKED_HEAD + "2\r\nokXY\r\n0\r\n\r\n", null, true),
            new Shape("a well-formed chunked response", CHUNKED_HEAD + "1\r\no\r\n1\r\nk\r\n0\r\n\r\n", null),
            new Shape("a well-formed response", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", null));

    private static RouteTable table(RecordingBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    private static String request(Path path) {
        return switch (path) {
            case BODY -> "POST /p HTTP/1.1\r\n" + HOST + "Connection: close\r\nContent-Length: 5\r\n\r\nhello";
            case CHUNKED_BODY -> "POST /p HTTP/1.1\r\n" + HOST + "Connection: close\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
            case HTTP_1_0_BODY -> "POST /p HTTP/1.0\r\n" + HOST + "Content-Length: 5\r\n\r\nhello";
            case HTTP_1_0 -> "GET /p HTTP/1.0\r\n" + HOST + "\r\n";
            case UPGRADE -> "GET /p HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
            default -> "GET /p HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n";
        };
    }

    @Test
    void eachMalformedResponseIsA502ThatSaysWhatTheBackendDidOnEveryPath() throws Exception {
        List<String> table = new ArrayList<>();
        int refused = 0;
        int tried = 0;
        for (Shape shape : SHAPES) {
            byte[] response = shape.response == null ? null : shape.response.getBytes(StandardCharsets.ISO_8859_1);
            for (Path path : Path.values()) {
                try (RecordingBackend backend = new RecordingBackend(head -> response);
                     ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(),
                             path != Path.UNDERTOW)) {
                    String answer = send(proxy, request(path));
                    String label = shape.name + " on " + path;
                    if (shape.reason != null) {
                        assertThat(answer).as(label).matches("HTTP/1\\.[01] 502 (?s).*")
                                .contains(shape.reason.startsWith("the endpoint closed")
                                        ? "The backend closed the connection without an answer"
                                        : "The backend sent a response that cannot be forwarded")
                                .contains("127.0.0.1:" + backend.port()).contains(shape.reason)
                                .doesNotContain("\r\n\r\nok");
                    } else if (shape.broken) {
                        assertThat(answer).as(label).matches("HTTP/1\\.[01] 200 (?s).*").doesNotContain("XY")
                                .doesNotEndWith("0\r\n\r\n");
                    } else {
                        assertThat(answer).as(label).matches("HTTP/1\\.[01] 200 (?s).*")
                                // as it came, or re-chunked (Undertow chunks or closes a response of unknown length)
                                .matches("(?s).*(\r\n\r\nok|\r\nk\r\n0\r\n\r\n)")
                                // no interim (1xx) response reaches the client; " 10" alone also matched the
                                // Date header between 10:00 and 10:59
                                .doesNotContainPattern("HTTP/1\\.[01] 1\\d\\d ")
                                .doesNotContain("Early Hints");
                    }
                    boolean refusedHere = answer.isEmpty() || answer.matches("HTTP/1\\.[01] 50[24] (?s).*");
                    if (shape.reason != null) {
                        tried++;
                        refused += refusedHere ? 1 : 0;
                    }
                    table.add(String.format("%-40s %-13s %s", shape.name, path, answer.isEmpty() ? "(closed)"
                            : answer.substring(0, answer.indexOf('\r'))));
                }
            }
        }
        System.out.println("malformed response heads refused: " + refused + " of " + tried + "\n"
                + String.join("\n", table));
    }

    /**
     * Sends a request on a new connection; everything the proxy answers until it closes, or until 300 ms pass after
     * a whole response (by its Content-Length or its last chunk), or until 3 s pass. The grace after a whole response
     * is what lets a kept-alive connection (an upgrade request that was not switched) end the read without waiting
     * out the 3 s, while still catching bytes that follow the response (say, the backend's own body after a 502).
     */
    private static String send(ProxyFixture proxy, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (isWhole(answer)) {
                        socket.setSoTimeout(300);
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // a kept-alive connection, or a reset: what came so far is the answer
            }
            return answer.toString();
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)$");

    /** Whether {@code answer} holds a whole final response: its head and the body its framing announces. */
    private static boolean isWhole(CharSequence answer) {
        String text = answer.toString();
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || text.startsWith("HTTP/1.1 1")) {
            return false;
        }
        String head = text.substring(0, end + 2);
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return text.length() - end - 4 >= Long.parseLong(length.group(1));
        }
        return head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n")
                && text.endsWith("\r\n0\r\n\r\n");
    }
}
