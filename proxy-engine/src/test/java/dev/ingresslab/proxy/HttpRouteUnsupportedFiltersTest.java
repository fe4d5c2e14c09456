package dev.ingresslab.proxy;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.GatewayApiResults;
import dev.ingresslab.translate.GatewayCondition;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter Ingress Lab cannot apply is never skipped (Gateway API v1 {@code HTTPRouteFilter.type}: "requests that
 * would have been processed by that filter MUST receive a HTTP error response"): the real proxy answers 500 for the
 * requests that filter would have processed, and only those, over loopback, while the Route's other rule reaches its
 * backend. The Route's status says why (an unknown or unimplemented type: Accepted False/UnsupportedValue; an
 * ExtensionRef: ResolvedRefs False/InvalidKind), with a diagnostic at the filter's field and explain's words.
 */
@Timeout(120)
class HttpRouteUnsupportedFiltersTest {

    private static final String ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
    private static RecordingBackend backend;
    private static Translation translation;
    private static ProxyFixture proxy;

    /** One Route per case: rule 0 on /bad holds the filter, rule 1 on /good is plain; its host is case.example. */
    private static final String[][] CASES = {
            {"mirror", "filters: [{type: RequestMirror, requestMirror: {backendRef: {name: a, port: 80}}}]", ""},
            {"cors", "filters: [{type: CORS, cors: {allowOrigins: ['https://x.example']}}]", ""},
            {"extauth", "filters: [{type: ExternalAuth, externalAuth: {protocol: HTTP, backendRef: {name: a, port: 80}}}]", ""},
            {"unknown", "filters: [{type: Compress}]", ""},
            {"extension", "filters: [{type: ExtensionRef, extensionRef: {group: example.com, kind: RateLimit, name: slow}}]", ""},
            {"backendfilter", "", ", filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: b}]}}]"},
    };

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend(head -> ANSWER.getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder yaml = new StringBuilder(GatewayFixtures.labGateway(GatewayFixtures.HTTP) + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: a, namespace: default}
                spec: {ports: [{port: 80, targetPort: %1$d}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: a-1, namespace: default, labels: {kubernetes.io/service-name: a}}
                addressType: IPv4
                ports: [{name: "", port: %1$d, protocol: TCP}]
                endpoints: [{addresses: [127.0.0.1]}]
                """.formatted(backend.port()));
        for (String[] c : CASES) {
            yaml.append("""
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: %1$s, namespace: default}
                    spec:
                      parentRefs: [{name: web}]
                      hostnames: [%1$s.example]
                      rules:
                      - matches: [{path: {type: PathPrefix, value: /bad}}]
                        %2$s
                        backendRefs: [{name: a, port: 80%3$s}]
                      - matches: [{path: {type: PathPrefix, value: /}}]
                        backendRefs: [{name: a, port: 80}]
                    """.formatted(c[0], c[1], c[2]));
        }
        ManifestReading reading = new ManifestLoader(new ByteArrayInputStream(new byte[0]))
                .readText("gw.yaml", yaml.toString());
        assertThat(reading.problems()).isEmpty();
        translation = RouteCompiler.standard(TranslatorSettings.defaults().withoutHttps())
                .compile(reading.set().toInput());
        proxy = new ProxyFixture(translation.table(), ProxySettings.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mirror        | spec.rules[0].filters[0]                       | Accepted     | UnsupportedValue | RequestMirror is not supported
            cors          | spec.rules[0].filters[0]                       | Accepted     | UnsupportedValue | CORS is not supported
            extauth       | spec.rules[0].filters[0]                       | Accepted     | UnsupportedValue | ExternalAuth is not supported
            unknown       | spec.rules[0].filters[0]                       | Accepted     | UnsupportedValue | Compress is not supported
            extension     | spec.rules[0].filters[0].extensionRef          | ResolvedRefs | InvalidKind      | example.com/RateLimit slow
            backendfilter | spec.rules[0].backendRefs[0].filters[0]        | Accepted     | UnsupportedValue | on a backendRef is not supported
            """)
    void theFilterIsNotSkippedItsRequestsAreAnswered500AndTheStatusSaysWhy(String name, String field,
                                                                          String conditionType, String reason,
                                                                          String words) throws Exception {
        int before = backend.requests.size();
        HttpResponse<String> bad = send(name + ".example", "/bad/x");
        assertThat(bad.statusCode()).as("the filter's requests").isEqualTo(500);
        assertThat(backend.requests).as("nothing reached the backend unfiltered").hasSize(before);
        assertThat(send(name + ".example", "/other").statusCode()).as("the Route's other rule").isEqualTo(200);

        assertThat(translation.diagnosticsOf("default", name)).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo(field);
            assertThat(d.reason()).isEqualTo(reason);
            assertThat(d.message()).contains(words).contains("answered 500").containsAnyOf("remove the filter",
                    "move it to");
        });

        GatewayApiResults.RouteParentResult parent = translation.gatewayApi().httpRoute("default", name)
                .orElseThrow().parents().get(0);
        GatewayCondition condition = conditionType.equals("Accepted") ? parent.accepted() : parent.resolvedRefs();
        assertThat(condition.status()).isFalse();
        assertThat(condition.reason()).isEqualTo(reason);
        assertThat(condition.message()).startsWith(field).contains(words);
        GatewayCondition other = conditionType.equals("Accepted") ? parent.resolvedRefs() : parent.accepted();
        assertThat(other.status()).as("the other condition").isTrue();
        assertThat(translation.gatewayApi().gateway("default", "web").orElseThrow().listeners().get(0)
                .attachedRoutes()).as("every Route is attached").isEqualTo(CASES.length);

        Decision explained = new Explainer(translation.table()).explain(SimpleRequest.get("http://" + name
                + ".example/bad/x"));
        assertThat(explained.status()).isEqualTo(500);
        assertThat(explained.reason()).contains("answered 500").contains(words);
    }

    private static HttpResponse<String> send(String host, String path) throws Exception {
        return proxy.send(HttpRequest.newBuilder(proxy.uri(path)).header("Host", host)
                .timeout(Duration.ofSeconds(20)).GET().build());
    }
}
