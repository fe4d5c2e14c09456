package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lean path against a backend that answers with exactly the bytes each test gives: every way HTTP/1.1 frames a
 * response body, interim responses, connections the backend closes between requests, and responses the proxy must
 * refuse or break rather than pass on.
 */
class LeanPathTest {

    /**
     * A backend on 127.0.0.1 that reads each request head on a connection and writes what {@code answer} returns
     * for it (the request head as text); a null answer closes the connection.
     */
    static final class ScriptedBackend implements AutoCloseable {
        final ServerSocket socket;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        ScriptedBackend(Function<String, byte[]> answer) throws IOException {
            this(answer, head -> false);
        }

        /** {@code closeAfter}: the requests after whose answer the backend closes the connection. */
        ScriptedBackend(Function<String, byte[]> answer, java.util.function.Predicate<String> closeAfter)
                throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread serving = new Thread(() -> serve(connection, answer, closeAfter));
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

        private void serve(Socket connection, Function<String, byte[]> answer,
                           java.util.function.Predicate<String> closeAfter) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    requests.add(head);
                    // a Content-Length body is read (and dropped) as a server does, so it is not taken for the
                    // start of the next request on the connection
                    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)\r?$")
                            .matcher(head);
                    if (length.find()) {
                        in.readNBytes(Integer.parseInt(length.group(1)));
                    }
                    byte[] bytes = answer.apply(head);
                    if (bytes == null) {
                        return;
                    }
                    out.write(bytes);
                    out.flush();
                    if (closeAfter.test(head)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        /** A message head up to its empty line, or null when the stream ends first. */
        static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b != -1; b = in.read()) {
                head.write(b);
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ProxyFixture proxyTo(ScriptedBackend backend) {
        return new ProxyFixture(new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))));
    }

    @Test
    void chunkedBodiesAreDecodedWithExtensionsAndTrailersAndTheConnectionIsKept() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                + "chunked\r\nX-Kind: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n,\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n"
                + "\r\n"));
             ProxyFixture proxy = proxyTo(backend)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = proxy.get("web.example.com", "/c" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello, world");
                assertThat(response.headers().firstValue("X-Kind")).hasValue("chunked");
            }
            assertThat(backend.connections.get()).as("one kept-alive connection").isEqualTo(1);
        }
    }

    @Test
    void theForwardedRequestIsHttp11WithoutHopByHopHeaders() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> bytes("HTTP/1.1 204 No Content\r\n"
                + "Connection: X-Hop\r\nX-Hop: this hop only\r\nX-End: to the client\r\n\r\n"));
             ProxyFixture proxy = proxyTo(backend)) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/x?a=1"))
                    .header("Host", "web.example.com").header("X-Custom", "kept").header("Keep-Alive", "300")
                    .GET().build());
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("X-End")).hasValue("to the client");
            assertThat(response.headers().firstValue("X-Hop")).as("named by the backend's Connection header").isEmpty();
            String head = backend.requests.get(0);
            assertThat(head).startsWith("GET /x?a=1 HTTP/1.1\r\nHost: web.example.com\r\n")
                    .contains("X-Custom: kept\r\n").contains("X-Forwarded-For: 127.0.0.1\r\n")
                    .contains("X-Forwarded-Proto: http\r\n").containsPattern("X-Request-Id: [0-9a-f]{32}\r\n")
                    .doesNotContain("Keep-Alive").doesNotContain("Connection:");
        }
    }

    @Test
    void aHeadTooLargeForTheLeanPathTakesTheGeneralOne() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> bytes("HTTP/1.1 200 OK\r\nContent-Length: "
                + head.length() + "\r\n\r\n" + head));
             ProxyFixture proxy = proxyTo(backend)) {
            String cookie = "c".repeat(32_000); // under the proxy's 32 KiB limit, over the lean path's buffer
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/big"))
                    .header("Host", "web.example.com").header("Cookie", cookie).GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Cookie: " + cookie);
        }
    }

    @Test
    void aBodyFramedByTheConnectionsEndIsPassedOnWhole() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> bytes("HTTP/1.0 200 OK\r\n\r\nuntil the end"),
                head -> true);
             ProxyFixture proxy = proxyTo(backend)) {
            assertThat(proxy.get("web.example.com", "/a").body()).isEqualTo("until the end");
            assertThat(proxy.get("web.example.com", "/b").body()).isEqualTo("until the end");
            assertThat(backend.connections.get()).as("never reused").isEqualTo(2);
        }
    }

    @Test
    void headAndNoContentAnswersHaveNoBodyAndInterimAnswersAreSkipped() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> head.startsWith("HEAD")
                ? bytes("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
                : bytes("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
                        + "ok"));
             ProxyFixture proxy = proxyTo(backend)) {
            HttpResponse<String> head = proxy.send(HttpRequest.newBuilder(proxy.uri("/"))
                    .header("Host", "web.example.com").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue("1234");
            HttpResponse<String> get = proxy.get("web.example.com", "/");
            assertThat(get.body()).isEqualTo("ok");
            assertThat(backend.connections.get()).as("HEAD left the connection usable").isEqualTo(1);
        }
    }

    @Test
    void aKeptAliveConnectionTheBackendClosedIsReplacedUnnoticed() throws Exception {
        AtomicInteger served = new AtomicInteger();
        // every connection serves one response, then the backend closes it without saying so
        try (ScriptedBackend backend = new ScriptedBackend(head -> served.getAndIncrement() % 2 == 0
                ? bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none") : null);
             ProxyFixture proxy = proxyTo(backend)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = proxy.get("web.example.com", "/" + i);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("one");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void malformedResponsesAre502AndTruncatedBodiesBreakTheResponse() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head -> head.contains("/garbage")
                ? bytes("SMTP ready\r\n\r\n")
                : head.contains("/huge-head") ? bytes("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n")
                : head.contains("/bad-length") ? bytes("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n")
                : bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"), head -> head.contains("/short"));
             ProxyFixture proxy = proxyTo(backend)) {
            HttpResponse<String> garbage = proxy.get("web.example.com", "/garbage");
            assertThat(garbage.statusCode()).isEqualTo(502);
            assertThat(garbage.body()).contains("malformed").contains("is not HTTP/1.x");
            HttpResponse<String> huge = proxy.get("web.example.com", "/huge-head");
            assertThat(huge.statusCode()).isEqualTo(502);
            assertThat(huge.body()).contains("larger than");
            assertThat(proxy.get("web.example.com", "/bad-length").body()).contains("is not a length");

            // the backend promised 100 bytes, sent 9 and closed: the client's response must break, not end short
            assertThatThrownBy(() -> proxy.get("web.example.com", "/short")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBackendThatStallsInTheMiddleOfABodyBreaksTheResponseAfterTheUpstreamTimeout() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(head ->
                bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes."));
             ProxyFixture proxy = new ProxyFixture(new Cluster().serviceAt("default", "web", backend.port())
                     .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                     .table(), ProxySettings.defaults().withUpstreamTimeout(Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> proxy.get("web.example.com", "/stall")).isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theUpstreamTimeoutCountsFromEachRequestOnAKeptAliveConnection() throws Exception {
        // one timer per connection, re-armed while requests keep it busy: a request sent late on a connection must
        // get the whole timeout, and one whose backend never answers must still get its 504. The backend's 1 s
        // leaves the right timer 1 s to spare on a loaded machine; a timer counting from the connection's first
        // request (2.4 s before the answer) fires 0.6 s into /slow.
        try (ScriptedBackend backend = new ScriptedBackend(head -> {
            sleep(head.contains("/slow") ? 1_000 : head.contains("/never") ? 10_000 : 0);
            return bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
             ProxyFixture proxy = new ProxyFixture(new Cluster().serviceAt("default", "web", backend.port())
                     .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                     .table(), ProxySettings.defaults().withUpstreamTimeout(Duration.ofMillis(2_000)))) {
            assertThat(proxy.get("web.example.com", "/fast").statusCode()).isEqualTo(200);
            Thread.sleep(1_400);
            HttpResponse<String> slow = proxy.get("web.example.com", "/slow");
            assertThat(slow.statusCode()).as("2.4 s after the connection's first request, 1 s after its own")
                    .isEqualTo(200);
            long start = System.nanoTime();
            HttpResponse<String> never = proxy.get("web.example.com", "/never");
            // a 504 is the timer's: the backend would answer 200 after its 10 s
            assertThat(never.statusCode()).isEqualTo(504);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
            assertThat(backend.connections.get()).as("the first two shared a connection").isEqualTo(1);

            RequestRecord record = JournalWaits.awaitListed(proxy.journal, 3).stream()
                    .filter(candidate -> candidate.target().equals("/slow")).findFirst().orElseThrow();
            assertThat(record.connectMicros()).as("a pooled connection costs no connect time").isZero();
            assertThat(record.firstByteMicros()).as("the backend's 1 s").isGreaterThanOrEqualTo(1_000_000);
            assertThat(record.totalMicros()).isGreaterThanOrEqualTo(record.firstByteMicros());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
