package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ForwardingPolicy} on every path: the same hostile request, sent as each path takes it (the front's plain
 * GET, Undertow's lean path for HTTP/1.0, for a listener without the front and for TLS, a body and an upgrade),
 * must reach the backend with the same header lines, byte for byte and in one order: the client's
 * forwarding claims, hop-by-hop fields and names nginx ignores gone, the edge's own fields added.
 */
class EdgePolicyTest {

    private static final String HOST = "web.example.com";

    /** What a client may not set, what it may, and hop-by-hop fields, some named by its Connection header. */
    private static final String HOSTILE = "Host: " + HOST + "\r\n"
            + "X-Real-IP: 6.6.6.6\r\n"
            + "X-Forwarded-For: 6.6.6.6\r\n"
            + "X-Forwarded-Host: evil.example\r\n"
            + "X-Forwarded-Proto: https\r\n"
            + "X-Forwarded-Port: 1\r\n"
            + "X-Forwarded-Server: evil.example\r\n"
            + "X-Forwarded-Scheme: https\r\n"
            + "X-Forwarded-Ssl: on\r\n"
            + "X-Forwarded-Prefix: /admin\r\n"
            + "Forwarded: for=6.6.6.6;proto=https\r\n"
            + "X-Scheme: https\r\n"
            + "X-Original-URI: /admin\r\n"
            + "X-Original-Forwarded-For: 6.6.6.6\r\n"
            + "Proxy: http://evil.example:3128/\r\n"
            + "X_Real_IP: 6.6.6.6\r\n"
            + "X.Dotted: 1\r\n"
            + "ssl-client-verify: SUCCESS\r\n"
            + "X-Request-Id: given-id-7\r\n"
            + "Keep-Alive: 300\r\n"
            + "TE: trailers\r\n"
            + "Trailer: X-Checksum\r\n"
            + "Proxy-Connection: keep-alive\r\n"
            + "X-Hop: named by Connection\r\n"
            + "X-Custom: kept\r\n"
            + "Accept: text/plain\r\n"
            + "Cookie: a=1; b=2\r\n"
            + "X-Repeat: one\r\n"
            + "X-Repeat: two\r\n";
    /** Names what a client may not make hop-by-hop: the Host, the body's length, the edge's own fields. */
    private static final String CONNECTION = "keep-alive, X-Hop, Host, Content-Length, X-Forwarded-For, X-Real-IP, "
            + "X-Request-Id";

    /** The client's lines that reach the backend, in the order sent. */
    private static final List<String> CLIENT_LINES = List.of("X-Custom: kept", "Accept: text/plain",
            "Cookie: a=1; b=2", "X-Repeat: one", "X-Repeat: two");

    /** The edge's lines, in the policy's order, for a proxy listening on {@code port}. */
    private static List<String> edgeLines(int port, String host) {
        return edgeLines(port, host, "http");
    }

    private static List<String> edgeLines(int port, String host, String scheme) {
        return List.of("X-Request-Id: given-id-7", "X-Real-IP: 127.0.0.1", "X-Forwarded-For: 127.0.0.1",
                "X-Forwarded-Host: " + host, "X-Forwarded-Port: " + port, "X-Forwarded-Proto: " + scheme,
                "X-Forwarded-Scheme: " + scheme, "X-Scheme: " + scheme);
    }

    private static RouteTable table(RecordingBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule(HOST, p -> p.prefix("/", "web"))).translate().table();
    }

    @Test
    void theBackendReceivesTheSameFieldsOnEveryPath() throws Exception {
        try (RecordingBackend backend = new RecordingBackend();
             ProxyFixture front = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             ProxyFixture undertow = new ProxyFixture(table(backend), ProxySettings.defaults(), false)) {
            List<String> expected = new ArrayList<>();
            expected.add("Host: " + HOST);
            expected.addAll(CLIENT_LINES);
            expected.addAll(edgeLines(front.server.httpPort(), HOST));

            long handOffs = front.server.front.handOffs();
            Received viaFront = forward(backend, front, "GET /front HTTP/1.1\r\n" + HOSTILE
                    + "Connection: " + CONNECTION + "\r\n\r\n");
            assertThat(front.server.front.handOffs()).as("served by the front").isEqualTo(handOffs);
            assertThat(viaFront.requestLine()).isEqualTo("GET /front HTTP/1.1");
            assertThat(viaFront.fields()).as("the front: every line, in the policy's order").isEqualTo(expected);

            Received viaHttp10 = forward(backend, front, "GET /lean HTTP/1.0\r\n" + HOSTILE
                    + "Connection: " + CONNECTION + "\r\n\r\n");
            assertThat(front.server.front.handOffs()).as("handed to Undertow").isEqualTo(handOffs + 1);
            assertThat(viaHttp10.requestLine()).isEqualTo("GET /lean HTTP/1.1");
            assertLeanLines(viaHttp10.fields(), expected, "HTTP/1.0 on Undertow's lean path");

            Received body = forward(backend, front, "POST /body HTTP/1.1\r\n" + HOSTILE
                    + "Connection: " + CONNECTION + "\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(body.requestLine()).isEqualTo("POST /body HTTP/1.1");
            List<String> viaBody = body.fields();
            assertThat(viaBody).as("a body: its framing").contains("Content-Length: 3");
            viaBody.remove("Content-Length: 3");
            assertLeanLines(viaBody, expected, "a body");
            assertThat(backend.bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("abc");

            Received upgrade = forward(backend, front, "GET /ws HTTP/1.1\r\n" + HOSTILE
                    + "Connection: Upgrade, " + CONNECTION + "\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            assertThat(upgrade.requestLine()).isEqualTo("GET /ws HTTP/1.1");
            List<String> viaUpgrade = upgrade.fields();
            assertThat(viaUpgrade).as("an upgrade keeps what makes it one").contains("Connection: upgrade",
                    "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
            viaUpgrade.removeIf(line -> line.startsWith("Connection:") || line.startsWith("Upgrade:")
                    || line.startsWith("Sec-WebSocket-"));
            assertLeanLines(viaUpgrade, expected, "an upgrade");

            List<String> expectedUndertow = new ArrayList<>(expected);
            expectedUndertow.replaceAll(line -> line.startsWith("X-Forwarded-Port: ")
                    ? "X-Forwarded-Port: " + undertow.server.httpPort() : line);
            Received viaUndertow = forward(backend, undertow, "GET /undertow HTTP/1.1\r\n" + HOSTILE
                    + "Connection: " + CONNECTION + "\r\n\r\n");
            assertThat(viaUndertow.requestLine()).isEqualTo("GET /undertow HTTP/1.1");
            assertLeanLines(viaUndertow.fields(), expectedUndertow, "a listener without the front: the lean path");
        }
    }

    @Test
    void overTlsTheSamePolicySaysHttps(@TempDir Path dir) throws Exception {
        ProxyTlsTest.TlsPair tls = ProxyTlsTest.TlsPair.selfSigned(dir.resolve("proxy.p12"));
        SSLContext server = tls.server();
        SSLContext client = tls.client();
        try (RecordingBackend backend = new RecordingBackend();
             RequestJournal journal = new RequestJournal(100)) {
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), new TlsListener(0, server), table(backend),
                    new DirectConnector(), journal);
            try {
                List<String> expected = new ArrayList<>();
                expected.add("Host: " + HOST);
                expected.addAll(CLIENT_LINES);
                expected.addAll(edgeLines(proxy.httpsPort(), HOST, "https"));
                for (String request : List.of("GET /tls HTTP/1.1\r\n" + HOSTILE + "Connection: " + CONNECTION
                        + "\r\n\r\n", "POST /tls HTTP/1.1\r\n" + HOSTILE + "Connection: " + CONNECTION
                        + "\r\nContent-Length: 1\r\n\r\nx")) {
                    try (Socket socket = client.getSocketFactory().createSocket("127.0.0.1", proxy.httpsPort())) {
                        socket.setSoTimeout(10_000);
                        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                        assertThat(readResponse(socket.getInputStream())).as(request).startsWith("HTTP/1.1 200 ");
                    }
                    String head = backend.heads.poll(10, TimeUnit.SECONDS);
                    assertThat(head).as(request).isNotNull();
                    List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
                    lines.remove(0);
                    lines.remove("Content-Length: 1");
                    assertThat(sorted(lines)).as(request).isEqualTo(sorted(expected));
                }
            } finally {
                proxy.close();
            }
        }
    }

    /**
     * RFC 9112 §3.2.2: the URI's authority decides, not the Host field. Undertow's parser already refuses (400) a
     * Host that does not occur in the URI at all; the cases it lets through are the ones that matter: a Host that is
     * a part of the URI's (a parent domain with an Ingress of its own), HTTP/1.0 without a Host.
     */
    @Test
    void anAbsoluteFormTargetIsRoutedByAndForwardedWithItsOwnHost() throws Exception {
        try (RecordingBackend backend = new RecordingBackend();
             RecordingBackend parent = new RecordingBackend();
             ProxyFixture proxy = new ProxyFixture(new Cluster().serviceAt("default", "web", backend.port())
                     .serviceAt("default", "parent", parent.port())
                     .add(TestIngress.named("web").rule(HOST, p -> p.prefix("/", "web")))
                     .add(TestIngress.named("parent").rule("example.com", p -> p.prefix("/", "parent")))
                     .translate().table(), ProxySettings.defaults(), true)) {
            for (String request : List.of("GET http://" + HOST + "/abs?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
                    "POST http://" + HOST + ":80/abs?q=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 1\r\n\r\nx",
                    "GET http://" + HOST + "/abs?q=1 HTTP/1.0\r\n\r\n")) {
                Received received = forward(backend, proxy, request);
                String host = request.contains(":80/") ? HOST + ":80" : HOST;
                assertThat(received.requestLine()).as(request)
                        .isEqualTo(request.substring(0, request.indexOf(' ')) + " /abs?q=1 HTTP/1.1");
                assertThat(received.fields()).as(request).contains("Host: " + host, "X-Forwarded-Host: " + host)
                        .noneMatch(line -> line.endsWith(" example.com"));
            }
            assertThat(parent.heads).as("the Host field's own Ingress").isEmpty();
            String mismatch = exchange(proxy, "GET http://" + HOST + "/abs HTTP/1.1\r\nHost: other.example\r\n\r\n");
            assertThat(mismatch).as("a Host that is not the URI's: Undertow's parser refuses it")
                    .startsWith("HTTP/1.1 400 ");
            String empty = exchange(proxy, "GET http:///abs HTTP/1.0\r\n\r\n");
            assertThat(empty).as("an absolute URI without a host").matches("(?s)HTTP/1\\.[01] 400 .*");
            assertThat(backend.heads).as("neither reached the backend").isEmpty();
        }
    }

    @Test
    void aClientsCloseClosesItsConnectionAfterTheResponseOnEveryPath() throws Exception {
        try (RecordingBackend backend = new RecordingBackend();
             ProxyFixture front = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             ProxyFixture undertow = new ProxyFixture(table(backend), ProxySettings.defaults(), false)) {
            String close = "Host: " + HOST + "\r\nConnection: close, X-Hop\r\nX-Hop: h\r\n";
            for (ProxyFixture proxy : List.of(front, undertow)) {
                for (String request : List.of("GET /front HTTP/1.1\r\n" + close + "\r\n",
                        "GET /lean HTTP/1.0\r\n" + close + "\r\n",
                        "POST /body HTTP/1.1\r\n" + close + "Content-Length: 2\r\n\r\nhi",
                        "POST /chunked HTTP/1.1\r\n" + close
                                + "Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")) {
                    try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
                        socket.setSoTimeout(5_000);
                        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                        InputStream in = socket.getInputStream();
                        String response = readResponse(in);
                        assertThat(response).as(request).matches("(?s)HTTP/1\\.[01] 200 .*");
                        if (!request.contains("HTTP/1.0")) {
                            assertThat(response).as(request).containsIgnoringCase("\r\nConnection: close\r\n");
                        }
                        assertThat(read(in)).as(request + ": the proxy closes the connection").isEqualTo(-1);
                    }
                    String head = backend.heads.poll(10, TimeUnit.SECONDS);
                    assertThat(head).as(request).doesNotContainIgnoringCase("x-hop")
                            .doesNotContainIgnoringCase("connection: close");
                }
            }
        }
    }

    @Test
    void theBackendsHopByHopFieldsStayBetweenItAndTheProxyOnEveryPath() throws Exception {
        try (RecordingBackend backend = new RecordingBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: between the backend and the proxy\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nX-End: to the client\r\n\r\nok");
             ProxyFixture front = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             ProxyFixture undertow = new ProxyFixture(table(backend), ProxySettings.defaults(), false)) {
            for (ProxyFixture proxy : List.of(front, undertow)) {
                for (String request : List.of("GET /lean HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n",
                        "GET /lean10 HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n",
                        "POST /body HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 2\r\n\r\nhi")) {
                    String response = exchange(proxy, request);
                    assertThat(response).as(request).matches("(?s)HTTP/1\\.[01] 200 .*")
                            .contains("X-End: to the client")
                            .doesNotContainIgnoringCase("x-hop").doesNotContainIgnoringCase("keep-alive: ")
                            .doesNotContainIgnoringCase("proxy-connection");
                }
            }
        }
    }

    @Test
    void theFrontAndTheExchangePathsDropTheSameNames() {
        for (String name : List.of("X-Forwarded-For", "x-forwarded-anything", "X-FORWARDED-SSL", "X_Real_IP",
                "X.Dotted", "a+b", "Forwarded", "X-Real-Ip", "Proxy", "X-Scheme", "X-Original-URI",
                "ssl-client-cert", "X-Custom", "Accept", "X-Forwarded", "X-Forwarded-", "Proxy-Authorization",
                "X-Real-IP-Not", "Forwarded-For")) {
            boolean exchange = ForwardingPolicy.cleared(new HttpString(name));
            byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
            boolean front = ForwardingPolicy.CLEARED.contains(name.toLowerCase(Locale.ROOT))
                    || ForwardingPolicy.clearedName(bytes, 0, bytes.length);
            assertThat(front).as(name).isEqualTo(exchange);
        }
        assertThat(ForwardingPolicy.cleared(new HttpString("X-Custom"))).isFalse();
        assertThat(ForwardingPolicy.cleared(new HttpString("X-Forwarded"))).as("not of the family").isFalse();
        assertThat(ForwardingPolicy.cleared(new HttpString("X-Forwarded-Ssl"))).as("of the family").isTrue();
        assertThat(ForwardingPolicy.cleared(new HttpString("X_Real_IP"))).as("an underscore").isTrue();
    }

    /**
     * On the lean path the client's lines come in Undertow's order, but Host leads and the edge's lines close the
     * head, in the policy's order.
     */
    private static void assertLeanLines(List<String> received, List<String> expected, String path) {
        assertThat(sorted(received)).as(path).isEqualTo(sorted(expected));
        assertThat(received.get(0)).as(path).isEqualTo(expected.get(0));
        int edge = CLIENT_LINES.size() + 1;
        assertThat(received.subList(edge, received.size())).as(path + ": the edge's lines, in order")
                .isEqualTo(expected.subList(edge, expected.size()));
    }

    /** What the backend received: the request line, and the header lines in order. */
    private record Received(String requestLine, List<String> fields) {
    }

    /** Sends the request, reads the answer (a 200), and returns what the backend received. */
    private static Received forward(RecordingBackend backend, ProxyFixture proxy, String request)
            throws Exception {
        String response = exchange(proxy, request);
        assertThat(response).as(request).matches("(?s)HTTP/1\\.[01] 200 .*");
        String head = backend.heads.poll(10, TimeUnit.SECONDS);
        assertThat(head).as("the backend got " + request).isNotNull();
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
        String requestLine = lines.remove(0);
        return new Received(requestLine, lines);
    }

    private static String exchange(ProxyFixture proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readResponse(socket.getInputStream());
        }
    }

    /** One response: its head, then as many body bytes as its Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        String head = LeanPathTest.ScriptedBackend.readHead(in);
        if (head == null) {
            return "(closed without an answer)";
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        int bytes = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bytes), StandardCharsets.ISO_8859_1);
    }

    private static int read(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2; // still open
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    /**
     * A backend that records each request head and body (Content-Length or chunked), answers 200 and keeps the
     * connection, so that what it receives is exactly what the proxy sent.
     */
    static final class RecordingBackend implements AutoCloseable {
        final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
        final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        private final ServerSocket socket;
        private final byte[] response;

        RecordingBackend() throws IOException {
            this("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }

        /** {@code response}: what it answers to every request. */
        RecordingBackend(String response) throws IOException {
            this.response = response.getBytes(StandardCharsets.ISO_8859_1);
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread serving = new Thread(() -> serve(connection));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = LeanPathTest.ScriptedBackend.readHead(in);
                    if (head == null) {
                        return;
                    }
                    String body = body(head, in);
                    heads.add(head.substring(0, head.length() - 4));
                    if (!body.isEmpty()) {
                        bodies.add(body);
                    }
                    out.write(response);
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        private static String body(String head, InputStream in) throws IOException {
            String lower = head.toLowerCase(Locale.ROOT);
            Matcher length = Pattern.compile("(?m)^content-length: *(\\d+)").matcher(lower);
            if (length.find()) {
                return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1);
            }
            if (!lower.contains("transfer-encoding: chunked")) {
                return "";
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int bytes = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (bytes == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields
                    }
                    return body.toString(StandardCharsets.ISO_8859_1);
                }
                body.write(in.readNBytes(bytes));
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
