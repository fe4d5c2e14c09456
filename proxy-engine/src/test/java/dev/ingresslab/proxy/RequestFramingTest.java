package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request framing on every path a request can take (the front, Undertow's own listener as TLS uses it, HTTP/1.0, an
 * upgrade request): each malformed shape is refused with nginx's status and a reason, and the backend receives no
 * request at all; each well-formed sibling reaches the backend whole. Also prints the table of shapes refused.
 */
class RequestFramingTest {

    private static final String HOST = "Host: web.example.com\r\n";
    private static final String CHUNKED = "Transfer-Encoding: chunked\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** How a request reaches the proxy. */
    private enum Path { FRONT, UNDERTOW, HTTP_1_0, UPGRADE }

    /**
     * A request shape: its extra header lines and body after {@code POST /p}; {@code status} what the client must
     * get, {@code reason} part of the page's "why", {@code body} what the backend must get (null: no request).
     */
    private record Shape(String name, String headers, String body, int status, String reason, String received) {
        static Shape refused(String name, String headers, String body, int status, String reason) {
            return new Shape(name, headers, body, status, reason, null);
        }

        static Shape accepted(String name, String headers, String body, String received) {
            return new Shape(name, headers, body, 200, null, received);
        }
    }

    private static final List<Shape> SHAPES = List.of(
            Shape.refused("chunk size zz", CHUNKED, "zz\r\nhello\r\n0\r\n\r\n", 400,
                    "a chunk size line starts with 'z'"),
            Shape.refused("chunk size -5", CHUNKED, "-5\r\nhello\r\n0\r\n\r\n", 400, "starts with '-'"),
            Shape.refused("chunk size ' 5'", CHUNKED, " 5\r\nhello\r\n0\r\n\r\n", 400, "starts with the byte 0x20"),
            Shape.refused("chunk size 0x5", CHUNKED, "0x5\r\nhello\r\n0\r\n\r\n", 400, "a chunk size holds 'x'"),
            Shape.refused("chunk size 2^64 + 5", CHUNKED, "10000000000000005\r\nhello\r\n0\r\n\r\n", 400,
                    "more than 15 hexadecimal digits"),
            Shape.refused("chunk data longer than its size", CHUNKED, "3\r\nhello\r\n0\r\n\r\n", 400,
                    "a chunk's data is longer than its size"),
            Shape.refused("chunk framing with bare LFs", CHUNKED, "5\nhello\n0\n\n", 400, "the byte 0x0A"),
            Shape.refused("chunk extension of 20,000 bytes", CHUNKED, "5;" + "a".repeat(20_000)
                    + "\r\nhello\r\n0\r\n\r\n", 400, "longer than 4096 bytes"),
            Shape.refused("chunk extension with a control character", CHUNKED, "5;a=\u0001\r\nhello\r\n0\r\n\r\n",
                    400, "a chunk extension holds the byte 0x01"),
            Shape.refused("a trailer that is no field", CHUNKED, "5\r\nhello\r\n0\r\nno colon\r\n\r\n", 400,
                    "a trailer line has no colon"),
            Shape.refused("a folded trailer", CHUNKED, "5\r\nhello\r\n0\r\nX-T: 1\r\n folded\r\n\r\n", 400,
                    "a trailer line is folded"),
            Shape.refused("Transfer-Encoding: chunked, identity", "Transfer-Encoding: chunked, identity\r\n",
                    "5\r\nhello\r\n0\r\n\r\n", 400, "does not end in chunked"),
            Shape.refused("Transfer-Encoding: identity, chunked", "Transfer-Encoding: identity, chunked\r\n",
                    "5\r\nhello\r\n0\r\n\r\n", 501, "\"identity\", which is not a transfer coding"),
            Shape.refused("Transfer-Encoding: gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n",
                    "5\r\nhello\r\n0\r\n\r\n", 501, "\"gzip\", which Ingress Lab does not forward"),
            Shape.refused("Transfer-Encoding: gzip", "Transfer-Encoding: gzip\r\n", "hello", 400,
                    "does not end in chunked"),
            Shape.refused("Transfer-Encoding: chunked on two lines", CHUNKED + CHUNKED, "5\r\nhello\r\n0\r\n\r\n",
                    400, null), // Undertow's own 400
            Shape.refused("Transfer-Encoding: chunked, chunked", "Transfer-Encoding: chunked, chunked\r\n",
                    "5\r\nhello\r\n0\r\n\r\n", 400, "applies chunked more than once"),
            // siblings Undertow's parser already refuses (its bare 400): kept here so that they stay refused
            Shape.refused("Content-Length: 5, 5", "Content-Length: 5, 5\r\n", "hello", 400, null),
            Shape.refused("Content-Length: +5", "Content-Length: +5\r\n", "hello", 400, null),
            Shape.refused("Content-Length: -5", "Content-Length: -5\r\n", "hello", 400, null),
            Shape.refused("two Content-Lengths", "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!", 400, null),
            Shape.refused("Content-Length with Transfer-Encoding", "Content-Length: 5\r\n" + CHUNKED,
                    "0\r\n\r\n", 400, null),
            Shape.refused("a space before the colon", "Content-Length : 5\r\n", "hello", 400, null),
            // well-formed siblings: they reach the backend whole
            Shape.accepted("a chunked body with an extension and a trailer", CHUNKED,
                    "5;name=\"v\"\r\nhello\r\n000\r\nX-T: 1\r\n\r\n", "hello"),
            Shape.accepted("a chunk size with leading zeros and upper-case hex", CHUNKED,
                    "0000000000000000000A\r\nhelloworld\r\n0\r\n\r\n", "helloworld"),
            Shape.accepted("a Content-Length", "Content-Length: 5\r\n", "hello", "hello"));

    private static RouteTable table(RecordingBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    private static String request(Path path, String line, String headers, String body) {
        String version = path == Path.HTTP_1_0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n";
        String upgrade = path == Path.UPGRADE ? "Connection: Upgrade, close\r\nUpgrade: websocket\r\n"
                : "Connection: close\r\n";
        return line + version + HOST + upgrade + headers + "\r\n" + body;
    }

    @Test
    void everyShapeOnEveryPathIsRefusedOrForwardedWhole() throws Exception {
        List<String> table = new ArrayList<>();
        int refused = 0;
        int tried = 0;
        for (Path path : Path.values()) {
            try (RecordingBackend backend = RecordingBackend.answering(OK);
                 ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(),
                         path != Path.UNDERTOW)) {
                for (Shape shape : SHAPES) {
                    boolean http10Chunked = path == Path.HTTP_1_0 && shape.headers.contains("Transfer-Encoding");
                    int before = backend.requests.size();
                    String answer = answer(proxy, request(path, "POST /p", shape.headers, shape.body));
                    String label = shape.name + " on " + path;
                    if (http10Chunked) {
                        assertThat(answer).as(label).matches("HTTP/1\\.[01] 400 (?s).*"); // ours, or Undertow's
                        if (shape.reason != null) {
                            assertThat(answer).as(label).contains("an HTTP/1.0 request has a Transfer-Encoding");
                        }
                    } else {
                        assertThat(answer).as(label).matches("HTTP/1\\.[01] " + shape.status + " (?s).*");
                        if (shape.reason != null) {
                            assertThat(answer).as(label).contains(shape.reason);
                        }
                    }
                    boolean accepted = shape.received != null && !http10Chunked;
                    if (accepted) {
                        assertThat(backend.requests).as(label).hasSize(before + 1);
                        assertThat(backend.requests.get(before)).as(label).startsWith("POST /p HTTP/1.1\r\n")
                                .endsWith("\r\n\r\n" + shape.received);
                    } else {
                        assertThat(backend.requests).as(label + ": the backend received nothing")
                                .hasSize(before);
                        refused++;
                    }
                    tried++;
                    table.add(String.format("%-50s %-9s %s", shape.name, path, answer.substring(0, 12)));
                }
            }
        }
        System.out.println("request shapes refused: " + refused + " of " + tried + "\n" + String.join("\n", table));
    }

    @Test
    void aFaultLaterInTheBodyIs400AndTheBackendGetsNoWholeRequest() throws Exception {
        for (Path path : List.of(Path.FRONT, Path.UNDERTOW, Path.UPGRADE)) {
            try (RecordingBackend backend = new RecordingBackend(head -> null); // it waits for the whole body
                 ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(),
                         path != Path.UNDERTOW);
                 Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
                socket.setSoTimeout(10_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(bytes(request(path, "POST /p", CHUNKED, "5\r\nhello\r\n")));
                out.flush();
                backend.awaitReceiving("hello"); // the head and the first chunk went on before the fault comes
                out.write(bytes("5\r\nworld\r\nzz\r\n0\r\n\r\n"));
                InputStream in = socket.getInputStream();

                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as(path.name())
                        .startsWith("HTTP/1.1 400 ").contains("Connection: close")
                        .contains("the request's chunked body is malformed: a chunk size line starts with 'z'")
                        .contains("it received no whole request");
                // what went before the fault was forwarded, then the connection was cut: no last chunk
                assertThat(backend.awaitRequests(1)).as(path.name()).singleElement().asString()
                        .startsWith("INCOMPLETE: POST /p HTTP/1.1").endsWith("hello");
            }
        }
    }

    @Test
    void aPipelinedRequestAfterAWellFramedChunkedBodyIsServedInTurn() throws Exception {
        try (RecordingBackend backend = RecordingBackend.answering(OK);
             ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), true)) {
            String answer = proxy.raw("POST /one HTTP/1.1\r\n" + HOST + CHUNKED + "\r\n5\r\nhello\r\n0\r\n\r\n"
                    + "POST /two HTTP/1.1\r\n" + HOST + CHUNKED + "Connection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

            assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(backend.requests).hasSize(2);
            assertThat(backend.requests.get(0)).startsWith("POST /one ").endsWith("hello");
            assertThat(backend.requests.get(1)).startsWith("POST /two ").endsWith("abc");
        }
    }

    @Test
    void connectIs405AndControlCharactersInThePathAre400OnEveryPath() throws Exception {
        for (Path path : Path.values()) {
            try (RecordingBackend backend = RecordingBackend.answering(OK);
                 ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(),
                         path != Path.UNDERTOW)) {
                assertThat(answer(proxy, request(path, "CONNECT web.example.com:443", "", ""))).as(path.name())
                        .matches("HTTP/1\\.[01] 405 (?s).*").contains("CONNECT asks for a tunnel");
                for (String target : List.of("/a%00b", "/a%0d%0aX-Injected:%201", "/a%7f", "/%2e/%09")) {
                    String answer = answer(proxy, request(path, "GET " + target, "", ""));
                    assertThat(answer).as(target + " on " + path).matches("HTTP/1\\.[01] 400 (?s).*")
                            .contains("the path contains the encoded control character");
                }
                assertThat(backend.requests).as(path.name()).isEmpty();
            }
        }
    }

    /** Sends a request on a new connection; the first response (head and Content-Length body), or "" at a close. */
    private static String answer(ProxyFixture proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(request));
            InputStream in = socket.getInputStream();
            String head = LeanPathTest.ScriptedBackend.readHead(in);
            if (head == null) {
                return "";
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)$")
                    .matcher(head);
            return head + (length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                    StandardCharsets.ISO_8859_1) : "");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
