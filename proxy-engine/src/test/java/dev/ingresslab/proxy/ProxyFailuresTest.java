package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy answers when backends are missing, dead, slow or rude, and when clients are. */
class ProxyFailuresTest {

    private static Cluster oneHost(Cluster cluster) {
        return cluster.add(TestIngress.named("web").rule("web.example.com", p -> p.prefix("/", "web")));
    }

    /** A port on which nothing listens: bound, then released. */
    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aServiceWithoutReadyEndpointsIs503WithTheReason() throws Exception {
        try (ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().service("default", "web", 0)))) {
            HttpResponse<String> response = proxy.get("web.example.com", "/");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("the Service default/web has no ready endpoints")
                    .contains("kubectl get endpointslices -n default -l kubernetes.io/service-name=web");
        }
    }

    @Test
    void aRefusedConnectionIs502NamingTheEndpoint() throws Exception {
        int dead = deadPort();
        try (ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", dead)))) {
            HttpResponse<String> response = proxy.get("web.example.com", "/");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("The backend could not be reached")
                    .contains("127.0.0.1:" + dead);
        }
    }

    @Test
    void aConnectFailureIsRetriedOnAnotherEndpoint() throws Exception {
        int dead = deadPort();
        try (EchoBackend alive = EchoBackend.start("alive");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", dead,
                     alive.port())))) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = proxy.get("web.example.com", "/" + i);
                assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void aBackendThatHangsUpIs502() throws Exception {
        try (EchoBackend rude = EchoBackend.start("rude");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", rude.port())))) {
            HttpResponse<String> response = proxy.get("web.example.com", "/hang-up");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("127.0.0.1:" + rude.port());
        }
    }

    @Test
    void aSlowBackendIs504AfterTheUpstreamTimeout() throws Exception {
        try (EchoBackend slow = EchoBackend.start("slow");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", slow.port()))
                     .translate().table(), ProxySettings.defaults().withUpstreamTimeout(Duration.ofMillis(300)))) {
            HttpResponse<String> response = proxy.get("web.example.com", "/slow?ms=3000");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("The backend did not answer in time");
        }
    }

    @Test
    void aBackendThatDiesMidTestTurnsInto502sAndBackInto200s() throws Exception {
        EchoBackend backend = EchoBackend.start("mortal");
        int port = backend.port();
        try (ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", port)))) {
            assertThat(proxy.get("web.example.com", "/").statusCode()).isEqualTo(200);
            backend.close();

            assertThat(proxy.get("web.example.com", "/").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void requestsAreSpreadOverEveryReadyEndpoint() throws Exception {
        try (EchoBackend a = EchoBackend.start("a"); EchoBackend b = EchoBackend.start("b");
             EchoBackend c = EchoBackend.start("c");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", a.port(),
                     b.port(), c.port())))) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                String backend = (String) echo(proxy.get("web.example.com", "/").body()).get("backend");
                seen.merge(backend, 1, Integer::sum);
            }

            assertThat(seen).containsOnlyKeys("a", "b", "c");
            assertThat(seen.values()).allSatisfy(count -> assertThat(count).isBetween(5, 15));
        }
    }

    @Test
    void hugeHeadersAreRefusedWith431() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", web.port())))) {
            String answer = proxy.raw("GET / HTTP/1.1\r\nHost: web.example.com\r\nX-Big: " + "a".repeat(64 * 1024)
                    + "\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 431");
        }
    }

    /** Each refusal answered before routing (431, 414, a framing 400) is journaled, so the access log has its line. */
    @Test
    void refusalsBeforeRoutingReachTheAccessLog() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", web.port())))) {
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            AccessLog log = new AccessLog(new java.io.PrintStream(printed, true,
                    java.nio.charset.StandardCharsets.UTF_8), AccessLog.Format.TEXT);
            try (AutoCloseable subscription = proxy.journal.subscribe(log)) {
                assertThat(proxy.raw("GET /big HTTP/1.1\r\nHost: web.example.com\r\nX-Big: "
                        + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 431");
                assertThat(proxy.raw("GET /" + "l".repeat(ProxySettings.MAX_REQUEST_TARGET_BYTES + 10)
                        + " HTTP/1.1\r\nHost: web.example.com\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 414");
                // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 cannot be trusted (RequestFraming's 400)
                assertThat(proxy.raw("POST /framed HTTP/1.0\r\nHost: web.example.com\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).startsWith("HTTP/1.0 400");

                // journaled as each exchange completes, which may be after the client has read the answer
                Map<Integer, RequestRecord> byStatus = new HashMap<>();
                JournalWaits.awaitListed(proxy.journal, 3).forEach(record -> byStatus.put(record.status(), record));
                assertThat(byStatus).containsOnlyKeys(431, 414, 400);
                assertThat(byStatus.get(431).host()).isEqualTo("web.example.com");
                assertThat(byStatus.get(431).target()).isEqualTo("/big");
                assertThat(byStatus.get(431).route()).contains("the request head is").contains("at most");
                assertThat(byStatus.get(400).method()).isEqualTo("POST");
            }
            assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains(" 431 GET web.example.com/big ").contains(" 414 GET web.example.com/lll")
                    .contains(" 400 POST web.example.com/framed ");
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", web.port())))) {
            String answer = proxy.raw("POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n"
                    + "Host: web.example.com\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("/smuggled");
        }
    }

    @Test
    void aHostHeaderThatIsNoHostIs400() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(oneHost(new Cluster().serviceAt("default", "web", web.port())))) {
            String answer = proxy.raw("GET / HTTP/1.1\r\nHost: web.example.com:80:80\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }
}
