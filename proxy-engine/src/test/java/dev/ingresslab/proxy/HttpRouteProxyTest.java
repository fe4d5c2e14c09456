package dev.ingresslab.proxy;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPRoute decisions applied by the real proxy, over loopback, to real backends (ingress-semantics.md §9.4–9.5):
 * request and response header modifiers, URLRewrite of path and Host, redirects, weighted backends, and the 500 of
 * a backend that cannot be used.
 */
@Timeout(120)
class HttpRouteProxyTest {

    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nX-Drop: me\r\n\r\n";
    private static RecordingBackend a;
    private static RecordingBackend b;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        a = new RecordingBackend(head -> (ANSWER + "a").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b = new RecordingBackend(head -> (ANSWER + "b").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String yaml = GatewayFixtures.labGateway(GatewayFixtures.HTTP) + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: site, namespace: default}
                spec:
                  parentRefs: [{name: web}]
                  hostnames: [a.example]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /headers}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Set, value: set-by-route}]
                        add: [{name: X-Add, value: bar}]
                        remove: [X-Remove]
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        add: [{name: X-Route, value: site}]
                        remove: [X-Drop]
                    backendRefs: [{name: a, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /api}}]
                    filters:
                    - type: URLRewrite
                      urlRewrite: {hostname: internal.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}
                    backendRefs: [{name: a, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /plain/}}]
                    filters:
                    - type: URLRewrite
                      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
                    backendRefs: [{name: b, port: 80}]
                  - matches: [{path: {type: Exact, value: /old}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /new}, statusCode: 301}
                  - matches: [{path: {type: PathPrefix, value: /secure}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {scheme: https}
                  - matches: [{path: {type: PathPrefix, value: /port}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {scheme: https, port: 8443, statusCode: 308}
                  - matches: [{path: {type: PathPrefix, value: /split}}]
                    backendRefs: [{name: a, port: 80, weight: 1}, {name: b, port: 80, weight: 1}]
                  - matches: [{path: {type: PathPrefix, value: /broken}}]
                    backendRefs: [{name: missing, port: 80}]
                """ + service("a", a.port()) + service("b", b.port());
        ManifestReading reading = new ManifestLoader(new ByteArrayInputStream(new byte[0])).readText("gw.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        RouteTable table = RouteCompiler.standard(TranslatorSettings.defaults().withoutHttps())
                .compile(reading.set().toInput()).table();
        proxy = new ProxyFixture(table, ProxySettings.defaults());
    }

    static String service(String name, int port) {
        return """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: default}
                spec: {ports: [{port: 80, targetPort: %2$d}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-1, namespace: default, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{name: "", port: %2$d, protocol: TCP}]
                endpoints: [{addresses: [127.0.0.1]}]
                """.formatted(name, port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        a.close();
        b.close();
    }

    private static HttpResponse<String> send(String target, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri(target)).header("Host", "a.example")
                .timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return proxy.send(request.build());
    }

    private static String lastRequest(RecordingBackend backend) {
        return backend.requests.get(backend.requests.size() - 1).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void requestAndResponseHeaderModifiers() throws Exception {
        HttpResponse<String> response = send("/headers/x", "X-Add", "foo", "X-Remove", "gone", "X-Set", "client");
        assertThat(response.statusCode()).isEqualTo(200);
        String seen = lastRequest(a);
        assertThat(seen).contains("\r\nx-set: set-by-route\r\n", "\r\nx-add: foo,bar\r\n")
                .doesNotContain("x-remove", "x-set: client");
        assertThat(response.headers().firstValue("X-Route")).hasValue("site");
        assertThat(response.headers().firstValue("X-Drop")).isEmpty();
    }

    @Test
    void urlRewriteOfPathAndHost() throws Exception {
        HttpResponse<String> response = send("/api/users?id=7");
        assertThat(response.statusCode()).isEqualTo(200);
        String seen = lastRequest(a);
        assertThat(seen).startsWith("get /v2/users?id=7 http/1.1\r\n").contains("\r\nhost: internal.example\r\n");
    }

    /** A path-only rewrite changes no header field: the front's lean path forwards it, with the new path. */
    @Test
    void pathRewriteOnTheLeanPath() throws Exception {
        HttpResponse<String> response = send("/plain/x/y?z=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("b");
        assertThat(lastRequest(b)).startsWith("get /x/y?z=1 http/1.1\r\n").contains("\r\nhost: a.example\r\n");
    }

    @Test
    void redirects() throws Exception {
        HttpResponse<String> moved = send("/old?q=1");
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("http://a.example/new?q=1");

        HttpResponse<String> secure = send("/secure/page");
        assertThat(secure.statusCode()).as("the default status").isEqualTo(302);
        assertThat(secure.headers().firstValue("Location")).as("443 left out").hasValue("https://a.example/secure/page");

        HttpResponse<String> port = send("/port");
        assertThat(port.statusCode()).isEqualTo(308);
        assertThat(port.headers().firstValue("Location")).hasValue("https://a.example:8443/port");
    }

    /** 1:1 weights over 200 requests: each backend within about 4σ of 100 (σ ≈ 7.1). */
    @Test
    void weightedBackends() throws Exception {
        int before = a.requests.size() + b.requests.size();
        int aBefore = a.requests.size();
        for (int i = 0; i < 200; i++) {
            assertThat(send("/split").statusCode()).isEqualTo(200);
        }
        assertThat(a.requests.size() + b.requests.size() - before).isEqualTo(200);
        assertThat(a.requests.size() - aBefore).isBetween(70, 130);
    }

    @Test
    void unusableBackendIs500() throws Exception {
        HttpResponse<String> response = send("/broken");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("missing");
    }
}
