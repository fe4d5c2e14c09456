package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-target limit ({@link ProxySettings#MAX_REQUEST_TARGET_BYTES}, 8 KiB, as nginx's request line buffer
 * under ingress-nginx's defaults): a target of exactly 8,192 bytes is served; one byte more is answered 414 on every
 * listener and path, the connection closes, and the backend never hears of it.
 */
class RequestTargetLimitTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String HOST = "Host: web.example.com\r\n";
    private static final int LIMIT = ProxySettings.MAX_REQUEST_TARGET_BYTES;

    @TempDir
    Path dir;

    private static RouteTable table(RecordingBackend backend) {
        return new Cluster().serviceAt("default", "web", backend.port())
                .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web"))).translate()
                .table();
    }

    /** A target of {@code length} bytes: a path of a's, or a path and a query when {@code query}. */
    private static String target(int length, boolean query) {
        return query ? "/q?x=" + "b".repeat(length - 5) : "/" + "a".repeat(length - 1);
    }

    @Test
    void theLimitIsEightKibibytes() {
        assertThat(LIMIT).isEqualTo(8192);
    }

    @Test
    void aTargetOfExactlyTheLimitIsServedOnTheFrontAndOnUndertowsPath() throws Exception {
        for (boolean front : List.of(true, false)) {
            try (RecordingBackend backend = RecordingBackend.answering(OK);
                 ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), front)) {
                String path = target(LIMIT, false);
                String query = target(LIMIT, true);
                long handOffs = front ? proxy.server.front.handOffs() : 0;

                String viaPath = proxy.raw("GET " + path + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
                String viaQuery = proxy.raw("GET " + query + " HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

                assertThat(viaPath).as("front " + front).startsWith("HTTP/1.1 200 ").endsWith("ok");
                assertThat(viaQuery).as("front " + front).startsWith("HTTP/1.1 200 ").endsWith("ok");
                assertThat(backend.requests).as("front " + front).hasSize(2);
                assertThat(backend.requests.get(0)).startsWith("GET " + path + " HTTP/1.1\r\n");
                assertThat(backend.requests.get(1)).startsWith("GET " + query + " HTTP/1.1\r\n");
                if (front) {
                    assertThat(proxy.server.front.handOffs() - handOffs).as("served by the front itself").isZero();
                }
            }
        }
    }

    @Test
    void oneByteMoreIsRefusedWith414OnEveryPathAndTheBackendNeverHearsOfIt() throws Exception {
        String path = target(LIMIT + 1, false);
        String query = target(LIMIT + 1, true);
        record Case(String name, String request, String version) {
        }
        List<Case> cases = List.of(
                new Case("GET, a long path", "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", "1.1"),
                new Case("GET, a long query", "GET " + query + " HTTP/1.1\r\n" + HOST + "\r\n", "1.1"),
                new Case("HTTP/1.0", "GET " + path + " HTTP/1.0\r\n" + HOST + "\r\n", "1.0"),
                new Case("a body", "POST " + path + " HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello",
                        "1.1"),
                new Case("a chunked body", "POST " + path + " HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "1.1"),
                new Case("absolute-form", "GET http://web.example.com" + path.substring(0, LIMIT - 21)
                        + " HTTP/1.1\r\n" + HOST + "\r\n", "1.1"));
        for (boolean front : List.of(false, true)) {
            try (RecordingBackend backend = RecordingBackend.answering(OK);
                 ProxyFixture proxy = new ProxyFixture(table(backend), ProxySettings.defaults(), front)) {
                for (Case example : cases) {
                    String label = example.name + (front ? " on the front" : " on Undertow's listener");
                    // no Connection: close: the proxy closes on its own; a request behind it is never read
                    String answer = proxy.raw(example.request + "GET /next HTTP/1.1\r\n" + HOST + "\r\n");

                    assertThat(answer).as(label).startsWith("HTTP/" + example.version + " 414 ")
                            .contains("414 URI Too Long")
                            .contains("the request-target is 8193 bytes; Ingress Lab accepts at most 8192")
                            .containsIgnoringCase("Connection: close")
                            .containsIgnoringCase("Content-Type: text/plain");
                    assertThat(answer.split("HTTP/1\\.[01] ", -1)).as(label + ": one answer").hasSize(2);
                }
                String browser = proxy.raw("GET " + path + " HTTP/1.1\r\n" + HOST + "Accept: text/html\r\n\r\n");
                assertThat(browser).startsWith("HTTP/1.1 414 ").containsIgnoringCase("Content-Type: text/html")
                        .contains("<h1>414 URI Too Long</h1>").contains("accepts at most 8192");

                assertThat(backend.requests).as("what reached the backend").isEmpty();
                assertThat(proxy.raw("GET /after HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200 ");
                assertThat(backend.requests).singleElement().satisfies(r -> assertThat(r).startsWith("GET /after "));
            }
        }
    }

    @Test
    void overTlsTooATargetOverTheLimitIsRefusedWith414() throws Exception {
        KeyStore keys = ProxyTlsTest.selfSigned(dir.resolve("proxy.p12"));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        try (RecordingBackend backend = RecordingBackend.answering(OK);
             RequestJournal journal = new RequestJournal(100)) {
            RouteTable table = new Cluster().serviceAt("default", "web", backend.port())
                    .add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web")))
                    .translate().table();
            ProxyServer proxy = ProxyServer.start(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(0).withIoThreads(1), new TlsListener(0, server), table, new DirectConnector(),
                    journal);
            try {
                String refused = overTls(client, proxy.httpsPort(), "GET " + target(LIMIT + 1, false)
                        + " HTTP/1.1\r\n" + HOST + "\r\n");
                String served = overTls(client, proxy.httpsPort(), "GET " + target(LIMIT, false) + " HTTP/1.1\r\n"
                        + HOST + "Connection: close\r\n\r\n");

                assertThat(refused).startsWith("HTTP/1.1 414 ").containsIgnoringCase("Connection: close")
                        .contains("the request-target is 8193 bytes; Ingress Lab accepts at most 8192");
                assertThat(served).startsWith("HTTP/1.1 200 ");
                assertThat(backend.requests).singleElement().satisfies(r -> assertThat(r)
                        .startsWith("GET " + target(LIMIT, false) + " HTTP/1.1\r\n"));
            } finally {
                proxy.close();
            }
        }
    }

    /** Sends a request over TLS (HTTP/1.1 by ALPN) and reads everything the proxy answers until it closes. */
    private static String overTls(SSLContext client, int port, String request) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            var parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readNBytes(1 << 20), StandardCharsets.ISO_8859_1);
        }
    }
}
