package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/** The chapter's routes through the real proxy to real backends over loopback. */
class ProxyRoutingTest {

    private EchoBackend alpaca;
    private EchoBackend bandicoot;
    private EchoBackend beDefault;
    private ProxyFixture proxy;
    private Cluster cluster;

    @BeforeEach
    void start() {
        alpaca = EchoBackend.start("alpaca");
        bandicoot = EchoBackend.start("bandicoot");
        beDefault = EchoBackend.start("be-default");
        cluster = new Cluster()
                .serviceAt("default", "alpaca", alpaca.port())
                .serviceAt("default", "bandicoot", bandicoot.port())
                .serviceAt("default", "be-default", beDefault.port())
                .add(TestIngress.named("host-ingress").createdAt(0).defaultBackend("be-default")
                        .rule("alpaca.example.com", p -> p.prefix("/", "alpaca")))
                .add(TestIngress.named("path-ingress").createdAt(1).rule("bandicoot.example.com",
                        p -> p.prefix("/", "bandicoot").prefix("/a/", "alpaca")))
                .add(TestIngress.named("app").createdAt(2).nginx("app-root", "/app1")
                        .rule("app.example.com", p -> p.prefix("/", "alpaca")))
                .add(TestIngress.named("exact").createdAt(4).rule("exact.example.com", p -> p.exact("/only", "alpaca")))
                .add(TestIngress.named("rewrite").createdAt(3).nginx("rewrite-target", "/$2")
                        .rule("rewrite.example.com", p -> p.implementationSpecific("/something(/|$)(.*)", "alpaca")));
        proxy = new ProxyFixture(cluster);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        alpaca.close();
        bandicoot.close();
        beDefault.close();
    }

    @Test
    void routesByHostAndPathAsTheChapterSays() throws Exception {
        assertThat(backendOf(proxy.get("alpaca.example.com", "/"))).isEqualTo("alpaca");
        assertThat(backendOf(proxy.get("bandicoot.example.com", "/"))).isEqualTo("bandicoot");
        assertThat(backendOf(proxy.get("bandicoot.example.com", "/a"))).isEqualTo("alpaca");
        assertThat(backendOf(proxy.get("bandicoot.example.com", "/a/deeper"))).isEqualTo("alpaca");
        assertThat(backendOf(proxy.get("unknown.example.com", "/"))).isEqualTo("be-default");
    }

    @Test
    void everyResponseSaysWhichRuleRoutedItAndTheBackendCannotSpoofThat() throws Exception {
        HttpResponse<String> response = proxy.get("bandicoot.example.com", "/a/x");

        assertThat(response.headers().allValues("X-Ingress-Lab-Route")).containsExactly(
                "default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:80");
    }

    @Test
    void theBackendReceivesHostMethodPathQueryAndForwardedHeaders() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/a/b?x=1&y=%2F"))
                .header("Host", "bandicoot.example.com").header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Host", "evil.example").method("PUT", HttpRequest.BodyPublishers.ofString("hi"))
                .build());

        Map<String, Object> echo = echo(response.body());
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) echo.get("headers");
        assertThat(echo).containsEntry("method", "PUT").containsEntry("target", "/a/b?x=1&y=%2F")
                .containsEntry("bodyBytes", 2);
        assertThat(headers).containsEntry("Host", "bandicoot.example.com")
                .containsEntry("X-forwarded-for", "127.0.0.1")
                .containsEntry("X-forwarded-proto", "http")
                .containsEntry("X-forwarded-host", "bandicoot.example.com")
                .containsEntry("X-forwarded-port", String.valueOf(proxy.server.httpPort()));
        assertThat(headers.get("X-request-id")).matches("[0-9a-f]{32}");
    }

    @Test
    void aClientsRequestIdIsKept() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/"))
                .header("Host", "alpaca.example.com").header("X-Request-Id", "trace-42").build());

        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) echo(response.body()).get("headers");
        assertThat(headers).containsEntry("X-request-id", "trace-42");
    }

    @Test
    void theBackendReceivesTheNormalisedPathItIsRoutedBy() throws Exception {
        String answer = proxy.raw("GET /x/../a/%62?q=%2e HTTP/1.1\r\nHost: bandicoot.example.com\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"backend\":\"alpaca\"")
                .contains("\"target\":\"/a/b?q=%2e\"");
    }

    @Test
    void aPathThatClimbsAboveTheRootIsABadRequest() throws Exception {
        String answer = proxy.raw("GET /../etc/passwd HTTP/1.1\r\nHost: bandicoot.example.com\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("the path climbs above '/'");
    }

    @Test
    void rewriteTargetAndAppRootAreApplied() throws Exception {
        assertThat(echo(proxy.get("rewrite.example.com", "/something/new?id=7").body()))
                .containsEntry("target", "/new?id=7");
        HttpResponse<String> root = proxy.get("app.example.com", "/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("http://app.example.com/app1");
    }

    @Test
    void a404ExplainsItselfAsTextForCurlAndHtmlForBrowsers() throws Exception {
        HttpResponse<String> text = proxy.get("exact.example.com", "/missing");
        HttpResponse<String> html = proxy.send(HttpRequest.newBuilder(proxy.uri("/<script>"
                .replace("<", "%3C").replace(">", "%3E"))).header("Host", "exact.example.com")
                .header("Accept", "text/html,*/*").timeout(Duration.ofSeconds(10)).build());

        assertThat(text.statusCode()).isEqualTo(404);
        assertThat(text.body()).startsWith("404 No Ingress rule matches this request")
                .contains("why:     no rule matches host exact.example.com path /missing")
                .contains("a rule for this host: default/exact rule 0 path 0 (Exact /only) -> alpaca:80");
        assertThat(text.headers().firstValue("X-Ingress-Lab-Route")).hasValueSatisfying(v ->
                assertThat(v).startsWith("no rule matches host exact.example.com path /missing"));
        assertThat(html.statusCode()).isEqualTo(404);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).contains("<h1>404 No Ingress rule matches this request</h1>")
                .doesNotContain("<script>");
    }

    @Test
    void everyRequestIsRecordedInTheJournal() throws Exception {
        proxy.get("bandicoot.example.com", "/a/1");
        proxy.get("exact.example.com", "/x");

        awaitJournal(2);
        RequestRecord routed = proxy.journal.recent(2).get(0);
        RequestRecord missing = proxy.journal.recent(2).get(1);
        assertThat(routed.outcome()).isEqualTo("routed");
        assertThat(routed.route()).isEqualTo("default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:80");
        assertThat(routed.endpoint()).isEqualTo("127.0.0.1:" + alpaca.port());
        assertThat(routed.connector()).isEqualTo("direct");
        assertThat(routed.status()).isEqualTo(200);
        assertThat(routed.target()).isEqualTo("/a/1");
        assertThat(routed.bytesSent()).isPositive();
        assertThat(routed.totalMicros()).isPositive();
        assertThat(missing.outcome()).isEqualTo("not_found");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(AccessLog.text(routed)).contains(" 200 GET bandicoot.example.com/a/1  default/path-ingress")
                .contains("@ 127.0.0.1:" + alpaca.port());
    }

    @Test
    void withTheRouteHeaderTurnedOffTheJournalStillNamesTheRule() throws Exception {
        try (ProxyFixture quiet = new ProxyFixture(cluster.translate().table(),
                ProxySettings.defaults().withRouteHeader(false))) {
            HttpResponse<String> response = quiet.get("bandicoot.example.com", "/a/x");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Ingress-Lab-Route")).isEmpty();
            assertThat(JournalWaits.awaitListed(quiet.journal, 1)).singleElement().extracting(RequestRecord::route)
                    .isEqualTo("default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:80");
        }
    }

    private void awaitJournal(int count) throws InterruptedException {
        JournalWaits.awaitListed(proxy.journal, count);
        assertThat(proxy.journal.count()).isEqualTo(count);
    }

    private static String backendOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) echo(response.body()).get("backend");
    }
}
