package dev.ingresslab.proxy;

import dev.ingresslab.proxy.LeanPathTest.ScriptedBackend;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front ({@link FrontListener}) against Undertow alone: for every request it must answer exactly as Undertow's
 * listener does (same status, headers, body, and the same request at the backend), serve the plain ones itself and
 * hand the others over, whole, on the same connection.
 */
class FrontTest {

    /** Echoes the request head it got as the body, so that a test sees what the backend saw. */
    private static final Function<String, byte[]> ECHO = head -> bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain"
            + "\r\nContent-Length: " + head.length() + "\r\nX-Backend: echo\r\n\r\n" + head);

    private record Case(String name, String request, boolean servedByTheFront) {
    }

    private static final String HOST = "Host: web.example.com\r\n";

    private static final List<Case> CASES = List.of(
            new Case("plain", "GET /plain HTTP/1.1\r\n" + HOST + "\r\n", true),
            new Case("HEAD", "HEAD /head HTTP/1.1\r\n" + HOST + "\r\n", true),
            new Case("dot segments, percent-encoding, a query", "GET /a%20b/./c/../d?x=1&y=%41 HTTP/1.1\r\n" + HOST
                    + "\r\n", true),
            new Case("OPTIONS, a Host with port and capitals, a given request id", "OPTIONS /o HTTP/1.1\r\n"
                    + "Host: WEB.example.com:80\r\nX-Request-Id: given-id-1\r\n\r\n", true),
            new Case("DELETE, lower-case names, the client's forwarding claims", "DELETE /d HTTP/1.1\r\n"
                    + "host: web.example.com\r\naccept: text/html\r\nX-Forwarded-For: 6.6.6.6\r\n"
                    + "Forwarded: for=6.6.6.6\r\nX-Forwarded-Proto: https\r\n\r\n", true),
            new Case("hop-by-hop headers, one named by Connection", "GET /hop HTTP/1.1\r\n" + HOST
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: drop me\r\nKeep-Alive: 5\r\nTE: trailers\r\n"
                    + "Proxy-Connection: keep-alive\r\n\r\n", true),
            new Case("cookies and tabs", "GET /cookie HTTP/1.1\r\n" + HOST + "Cookie: a=1; b=2\r\n"
                    + "X-Tabs:\tvalue with\ttabs \t\r\n\r\n", true),
            new Case("Connection: close", "GET /close HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n", true),
            new Case("a bad percent-encoding", "GET /%zz HTTP/1.1\r\n" + HOST + "\r\n", false),
            new Case("absolute-form", "GET http://web.example.com/abs HTTP/1.1\r\n" + HOST + "\r\n", false),
            new Case("HTTP/1.0", "GET /h10 HTTP/1.0\r\n" + HOST + "\r\n", false),
            new Case("a lower-case method", "get /lower HTTP/1.1\r\n" + HOST + "\r\n", false),
            new Case("a body", "POST /post HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabc", false),
            new Case("two Hosts", "GET /two HTTP/1.1\r\n" + HOST + "Host: other.example.com\r\n\r\n", false),
            new Case("no Host", "GET /none HTTP/1.1\r\n\r\n", false),
            new Case("an empty Host", "GET /empty HTTP/1.1\r\nHost:\r\n\r\n", false),
            new Case("port 0", "GET /port0 HTTP/1.1\r\nHost: web.example.com:0\r\n\r\n", false),
            new Case("an IPv6 Host", "GET /v6 HTTP/1.1\r\nHost: [::1]\r\n\r\n", false),
            new Case("an unknown host", "GET /nowhere HTTP/1.1\r\nHost: nowhere.example.com\r\n\r\n", false),
            new Case("smuggling", "POST /smuggle HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false),
            new Case("a folded line", "GET /fold HTTP/1.1\r\n" + HOST + "X-A: a\r\n  folded\r\n\r\n", false),
            new Case("a space before the colon", "GET /space HTTP/1.1\r\n" + HOST + "X-A : a\r\n\r\n", false),
            new Case("a control character", "GET /ctl HTTP/1.1\r\n" + HOST + "X-A: a\u0001b\r\n\r\n", false),
            new Case("a byte beyond ASCII", "GET /8bit HTTP/1.1\r\n" + HOST + "X-A: caf\u00e9\r\n\r\n", false),
            new Case("bare line feeds", "GET /lf HTTP/1.1\n" + "Host: web.example.com\n\n", false),
            new Case("an upgrade", "GET /ws HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n", false),
            new Case("a target of 8 KiB, the limit", "GET /" + "t".repeat(8191) + " HTTP/1.1\r\n" + HOST + "\r\n",
                    true),
            new Case("a target over 8 KiB (414)", "GET /" + "t".repeat(8192) + " HTTP/1.1\r\n" + HOST + "\r\n",
                    false),
            new Case("a head over the limit", "GET /big HTTP/1.1\r\n" + HOST + "X-Big: " + "x".repeat(40_000)
                    + "\r\n\r\n", false));

    private static RouteTable table(ScriptedBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    @Test
    void everyRequestIsAnsweredAsUndertowAloneAnswersIt() throws Exception {
        try (ScriptedBackend frontBackend = new ScriptedBackend(ECHO);
             ScriptedBackend undertowBackend = new ScriptedBackend(ECHO);
             ProxyFixture front = new ProxyFixture(table(frontBackend), ProxySettings.defaults(), true);
             ProxyFixture undertow = new ProxyFixture(table(undertowBackend), ProxySettings.defaults(), false)) {
            for (Case example : CASES) {
                long handOffs = front.server.front.handOffs();
                long frontRecords = front.journal.count();
                long undertowRecords = undertow.journal.count();
                String viaFront = normalised(exchange(front, example.request), front);
                String viaUndertow = normalised(exchange(undertow, example.request), undertow);
                assertThat(viaFront).as(example.name).isEqualTo(viaUndertow);
                assertThat(front.server.front.handOffs() - handOffs).as(example.name + ": handed to Undertow")
                        .isEqualTo(example.servedByTheFront ? 0 : 1);
                if (example.servedByTheFront) {
                    assertThat(journaled(front, frontRecords)).as(example.name + ": journaled")
                            .isEqualTo(journaled(undertow, undertowRecords));
                }
            }
        }
    }

    @Test
    void aConnectionKeepsItsRequestsInOrderAcrossTheHandOver() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(ECHO);
             ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 3; i++) {
                out.write(bytes("GET /kept/" + i + " HTTP/1.1\r\n" + HOST + "\r\n"));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").contains("GET /kept/" + i + " HTTP/1.1");
            }
            // three at once (pipelined), then a request with a body, which Undertow takes over, then plain ones
            out.write(bytes("GET /p/1 HTTP/1.1\r\n" + HOST + "\r\nGET /p/2 HTTP/1.1\r\n" + HOST + "\r\n"
                    + "GET /p/3 HTTP/1.1\r\n" + HOST + "\r\n"));
            for (int i = 1; i <= 3; i++) {
                assertThat(readResponse(in)).contains("GET /p/" + i + " HTTP/1.1");
            }
            assertThat(proxy.server.front.handOffs()).isZero();
            out.write(bytes("POST /body HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello"
                    + "GET /after HTTP/1.1\r\n" + HOST + "\r\n"));
            assertThat(readResponse(in)).contains("POST /body HTTP/1.1");
            assertThat(readResponse(in)).contains("GET /after HTTP/1.1");
            assertThat(proxy.server.front.handOffs()).isEqualTo(1);
            assertThat(backend.connections.get()).as("the proxy's connections to the backend: the front's and"
                    + " the general path's").isLessThanOrEqualTo(2);
            assertThat(JournalWaits.awaitListed(proxy.journal, 8)).extracting(record -> record.method() + " " + record.target() + " "
                    + record.status() + " " + record.route()).allSatisfy(line -> assertThat(line)
                    .endsWith(" 200 default/web rule 0 path 0 (Prefix /) -> web:80"));
        }
    }

    @Test
    void aClientThatClosesItsSideWhileWaitingStillGetsItsAnswerThenTheConnectionCloses() throws Exception {
        Function<String, byte[]> slowEcho = head -> {
            try {
                Thread.sleep(200); // the client's end of input arrives while the request is in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ECHO.apply(head);
        };
        try (ScriptedBackend backend = new ScriptedBackend(slowEcho);
             ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /half-closed HTTP/1.1\r\n" + HOST + "\r\n"));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").contains("Connection: close\r\n")
                    .contains("GET /half-closed HTTP/1.1");
            assertThat(in.read()).as("closed after the answer").isEqualTo(-1);
            assertThat(proxy.server.front.handOffs()).isZero();
        }
    }

    @Test
    void aHeadThatArrivesInPiecesIsHandedToUndertowWhichWaitsForTheRest() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(ECHO);
             ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(bytes("GET /slow HTTP/1.1\r\nHo"));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (proxy.server.front.handOffs() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the front has read the piece and handed the connection over
            }
            out.write(bytes("st: web.example.com\r\n\r\n"));
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK")
                    .contains("GET /slow HTTP/1.1");
            assertThat(proxy.server.front.handOffs()).isEqualTo(1);
        }
    }

    @Test
    void aChunkedBodyIsRechunkedWholeForAClientThatReadsSlowly() throws Exception {
        StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            String piece = (i + ":" + "abcdefghij".repeat(100)).substring(0, 700 + i % 300);
            chunked.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
            expected.append(piece);
        }
        chunked.append("0\r\n\r\n");
        byte[] answer = bytes(chunked.toString());
        try (ScriptedBackend backend = new ScriptedBackend(head -> answer);
             ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), true);
             Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.server.httpPort()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes("GET /slow-reader HTTP/1.1\r\n" + HOST + "\r\n"));
            Thread.sleep(300); // the proxy meets a full socket buffer and must wait for the client
            InputStream in = socket.getInputStream();
            String head = readResponse(in, true);
            assertThat(head).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("Transfer-Encoding: chunked\r\n");
            assertThat(dechunked(in)).isEqualTo(expected.toString());
            assertThat(proxy.server.front.handOffs()).isZero();
        }
    }

    /** A chunked body read to its last chunk, decoded. */
    private static String dechunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                assertThat(line(in)).as("no trailers, then the end").isEmpty();
                return body.toString(StandardCharsets.ISO_8859_1);
            }
            body.write(in.readNBytes(size));
            assertThat(line(in)).isEmpty();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertThat(b).as("the body ended early").isNotEqualTo(-1);
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        ProxySettings quick = ProxySettings.defaults();
        quick = new ProxySettings(quick.bindAddresses(), 0, 1, true, quick.connectTimeout(), quick.upstreamTimeout(),
                quick.maxHeaderBytes(), Duration.ofMillis(300), quick.requestHeadTimeout(), quick.routeSource(), null);
        try (ScriptedBackend backend = new ScriptedBackend(ECHO);
             ProxyFixture proxy = new ProxyFixture(table(backend), quick, true);
             Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            // timed from before the request: the connection cannot be idle for 300 ms before the request was sent,
            // however late this thread runs, so the lower bound holds on a loaded machine too
            long sent = System.nanoTime();
            socket.getOutputStream().write(bytes("GET /once HTTP/1.1\r\n" + HOST + "\r\n"));
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK");
            assertThat(in.read()).as("closed by the proxy").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not at once, and not never")
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(20));
            assertThat(proxy.server.front.handOffs()).isZero();
        }
    }

    private static boolean published(ProxyFixture proxy, long before) {
        List<RequestRecord> newest = proxy.journal.recent(1);
        return !newest.isEmpty() && newest.get(0).sequence() >= before;
    }

    /** The record of the request after the first {@code before}, without what differs from run to run. */
    private static String journaled(ProxyFixture proxy, long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // a record is counted when its number is claimed and listed once published: wait for the listing
        while (!published(proxy, before) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        RequestRecord record = proxy.journal.recent(1).get(0);
        return String.join(" | ", record.client(), record.method(), record.scheme(), record.host(), record.target(),
                record.outcome(), record.route(), record.backend(), record.connector(), record.upstreamTarget(),
                Integer.toString(record.status()), Long.toString(record.bytesSent()), record.error(),
                record.requestId().length() == 32 ? "<generated>" : record.requestId());
    }

    /** Sends one request on a new connection; the answer, until the proxy closes or a response is complete. */
    private static String exchange(ProxyFixture proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.server.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String text = ScriptedBackend.readHead(in);
            if (text == null) {
                return "(closed without an answer)";
            }
            if (text.startsWith("HTTP/1.1 101 ")) {
                // after a 101 the connection is a tunnel that stays open: what crosses it in its first second is
                // compared (then "(no end)"), rather than waiting out 10 s of silence on each proxy
                socket.setSoTimeout(1_000);
            }
            return text + body(in, text, request.startsWith("HEAD"));
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        return readResponse(in, false);
    }

    /** One response: its head, then as many body bytes as its Content-Length says, or all until the end. */
    private static String readResponse(InputStream in, boolean head) throws IOException {
        String text = ScriptedBackend.readHead(in);
        if (text == null) {
            return "(closed without an answer)";
        }
        return text + body(in, text, head);
    }

    /** The body that follows {@code text}, a response head: its Content-Length's worth, or all until the end. */
    private static String body(InputStream in, String text, boolean head) throws IOException {
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)")
                .matcher(text);
        if (head) {
            return "";
        }
        if (length.find()) {
            return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1);
        }
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "(no end)";
        }
    }

    /**
     * A response as comparable text: header lines in lower case and sorted, without what differs from run to run
     * (Date, generated request ids, the proxy's port), and the same for the request head the backend echoed.
     */
    private static String normalised(String response, ProxyFixture proxy) {
        String port = Integer.toString(proxy.server.httpPort());
        int end = response.indexOf("\r\n\r\n");
        String head = end < 0 ? response : response.substring(0, end);
        String body = end < 0 ? "" : response.substring(end + 4);
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
        String statusLine = lines.remove(0);
        List<String> headers = new ArrayList<>();
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("date:")) {
                headers.add(lower);
            }
        }
        headers.sort(null);
        if (body.contains(" HTTP/1.1\r\n")) { // an echoed request head
            List<String> echoed = new ArrayList<>();
            for (String line : body.split("\r\n")) {
                echoed.add(line.toLowerCase(Locale.ROOT).replace(port, "<port>")
                        .replaceAll("^x-request-id: [0-9a-f]{32}$", "x-request-id: <generated>"));
            }
            String requestLine = echoed.remove(0);
            echoed.sort(null);
            body = requestLine + "\n" + String.join("\n", echoed);
            headers.removeIf(line -> line.startsWith("content-length:"));
        }
        return statusLine + "\n" + String.join("\n", headers) + "\n\n" + body;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
