package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} on manifest files, through the real proxy to real loopback backends: canaries merge and decide as
 * ingress-nginx's (issue #14 §1), and ExternalName Services are proxied to their DNS name (§6).
 */
class ServeCanaryAndExternalNameTest {

    @TempDir
    Path dir;
    private final List<HttpServer> backends = new ArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    /** A backend that answers with its name and the Host header it received. */
    private int backend(String name) throws Exception {
        HttpServer server = ServeFixtures.backend(exchange -> name + " host="
                + exchange.getRequestHeaders().getFirst("Host"));
        backends.add(server);
        return server.getAddress().getPort();
    }

    @BeforeEach
    void noBackendsYet() {
        backends.clear();
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(server -> server.stop(0));
    }

    private static String service(String name, int port) {
        return ServeFixtures.service(name, 80, port) + "---\n";
    }

    private static String ingress(String name, String annotations, String host, String path, String type,
                                  String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: %s, annotations: {%s}}
                spec:
                  rules:
                    - host: %s
                      http:
                        paths: [{path: %s, pathType: %s, backend: {service: {name: %s, port: {number: 80}}}}]
                ---
                """.formatted(name, annotations, host, path, type, service);
    }

    private ServeSession serve(String manifests) throws Exception {
        Path file = dir.resolve("all.yaml");
        Files.writeString(file, manifests);
        ProxySettings settings = ServeFixtures.loopbackProxy();
        return ServeSession.start(List.of(file.toString()), settings, TranslatorSettings.defaults(), null,
                Duration.ofSeconds(5), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    @Test
    void canariesMergeOnlyOnTheSamePathTypeAndDecideByHeaderPatternCookieAndWeight() throws Exception {
        String canaryAnnotations = "nginx.ingress.kubernetes.io/canary: 'true',"
                + " nginx.ingress.kubernetes.io/canary-by-header: X-Canary";
        String manifests = service("web", backend("web")) + service("other", backend("other"))
                + service("pattern", backend("pattern")) + service("api", backend("api"))
                // the example: ImplementationSpecific main, Prefix canary: dropped
                + ingress("main", "", "app.example.com", "/api", "ImplementationSpecific", "web")
                + ingress("canary", canaryAnnotations, "app.example.com", "/api", "Prefix", "other")
                // the same pathType: merged, by header pattern, then cookie, then a weight of 0
                + ingress("shop", "", "shop.example.com", "/", "Prefix", "api")
                + ingress("shop-canary", "nginx.ingress.kubernetes.io/canary: 'true',"
                        + " nginx.ingress.kubernetes.io/canary-by-header: X-User,"
                        + " nginx.ingress.kubernetes.io/canary-by-header-pattern: '^(alice|bob)$',"
                        + " nginx.ingress.kubernetes.io/canary-by-cookie: beta", "shop.example.com", "/", "Prefix",
                        "pattern");
        try (ServeSession session = serve(manifests)) {
            int port = session.server().httpPort();

            assertThat(get(port, "app.example.com", "/api/x", "X-Canary", "always")).startsWith("200 web");
            assertThat(get(port, "shop.example.com", "/", "X-User", "bob")).startsWith("200 pattern");
            assertThat(get(port, "shop.example.com", "/", "X-User", "mallory")).startsWith("200 api");
            assertThat(get(port, "shop.example.com", "/", "X-User", "mallory", "Cookie", "beta=always"))
                    .startsWith("200 pattern");
            assertThat(get(port, "shop.example.com", "/", "Cookie", "beta=never")).startsWith("200 api");
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("unable to find real backend");
    }

    @Test
    void anExternalNameServiceIsProxiedToItsNameWithTheRequestsHost() throws Exception {
        int port = backend("outside");
        String manifests = """
                apiVersion: v1
                kind: Service
                metadata: {name: outside}
                spec: {type: ExternalName, externalName: localhost, ports: [{name: http, port: 80, targetPort: %d}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: nowhere}
                spec: {type: ExternalName, externalName: nope.invalid, ports: [{name: http, port: 80}]}
                ---
                """.formatted(port)
                + ingress("out", "", "out.example.com", "/", "Prefix", "outside")
                + ingress("lost", "", "lost.example.com", "/", "Prefix", "nowhere");
        try (ServeSession session = serve(manifests)) {
            int proxyPort = session.server().httpPort();

            // the lean path (no body) and Undertow's proxy handler (a body) both reach it
            assertThat(get(proxyPort, "out.example.com", "/x")).isEqualTo("200 outside host=out.example.com");
            assertThat(post(proxyPort, "out.example.com", "/x", "hello")).isEqualTo("200 outside host=out.example.com");
            String failed = get(proxyPort, "lost.example.com", "/");
            assertThat(failed).startsWith("502").contains("the ExternalName nope.invalid does not resolve")
                    .contains("spec.externalName").contains("getent hosts nope.invalid");
            assertThat(post(proxyPort, "lost.example.com", "/", "x")).startsWith("502")
                    .contains("the ExternalName nope.invalid does not resolve");
        }
    }

    private static String get(int port, String host, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String post(int port, String host, String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("Host", host)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
