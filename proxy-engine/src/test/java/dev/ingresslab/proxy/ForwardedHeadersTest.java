package dev.ingresslab.proxy;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.ProxyOwnedFields;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.TranslatorSettings;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the forwarding headers say when a route changes the request (docs/routing.md §7): the X-Forwarded-* fields
 * describe the request the client made (the Host it sent, the listener's port and scheme), the Host field the one
 * the backend is sent. Over real loopback to a backend that records the head it got, for an Ingress
 * {@code rewrite-target}, an HTTPRoute {@code URLRewrite} of hostname and path, a {@code RequestHeaderModifier} that
 * sets Host, and a rule without filters; with the client's own forwarding claims dropped and its X-Request-ID kept.
 */
@Timeout(120)
class ForwardedHeadersTest {

    private static RecordingBackend backend;
    private static ProxyFixture proxy;
    private static Explainer explainer;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        String yaml = GatewayFixtures.labGateway(GatewayFixtures.HTTP) + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: site, namespace: default}
                spec:
                  parentRefs: [{name: web}]
                  hostnames: [a.example]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /api}}]
                    filters:
                    - type: URLRewrite
                      urlRewrite: {hostname: internal.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}
                    backendRefs: [{name: echo, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /sethost}}]
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: host, value: other.example}], add: [{name: X-Tag, value: t}]}
                    backendRefs: [{name: echo, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /strip}}]
                    filters:
                    - type: URLRewrite
                      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
                    backendRefs: [{name: echo, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /}}]
                    backendRefs: [{name: echo, port: 80}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: legacy
                  namespace: default
                  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$2}
                spec:
                  rules:
                  - host: b.example
                    http:
                      paths:
                      - {path: /old(/|$)(.*), pathType: ImplementationSpecific, backend: {service: {name: echo, port: {number: 80}}}}
                """ + HttpRouteProxyTest.service("echo", backend.port());
        ManifestReading reading = new ManifestLoader(new ByteArrayInputStream(new byte[0])).readText("fw.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        RouteTable table = RouteCompiler.standard(TranslatorSettings.defaults().withoutHttps())
                .compile(reading.set().toInput()).table();
        proxy = new ProxyFixture(table, ProxySettings.defaults());
        explainer = new Explainer(table);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    /**
     * Sends {@code GET target} with {@code Host: host} and the client's own forwarding claims, and returns the head
     * the backend received.
     */
    private static String forward(String host, String target, String... fields) throws Exception {
        int before = backend.requests.size();
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String field : fields) {
            request.append(field).append("\r\n");
        }
        String answer = proxy.raw(request.append("Connection: close\r\n\r\n").toString());
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(backend.requests).hasSize(before + 1);
        return backend.requests.get(before);
    }

    /** Every value of the field {@code name} in a recorded head, in order. */
    private static List<String> values(String head, String name) {
        List<String> values = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static String port() {
        return Integer.toString(proxy.server.httpPort());
    }

    /** What every forwarded request says about the client's request, whatever the route did to it. */
    private static void describesTheClientsRequest(String head, String clientHost) {
        assertThat(values(head, "X-Forwarded-Host")).as(head).containsExactly(clientHost);
        assertThat(values(head, "X-Forwarded-Proto")).containsExactly("http");
        assertThat(values(head, "X-Forwarded-Port")).containsExactly(port());
        assertThat(values(head, "X-Forwarded-For")).as("the client's address, never its own claim")
                .containsExactly("127.0.0.1");
        assertThat(values(head, "X-Real-IP")).containsExactly("127.0.0.1");
        assertThat(values(head, "Forwarded")).as("not written, and the client's dropped").isEmpty();
        assertThat(values(head, "X-Original-URI")).as("not written (ingress-nginx's proxy-add-original-uri-header"
                + " is off by default), and the client's dropped").isEmpty();
        assertThat(values(head, "X-Forwarded-Prefix")).as("not written, and the client's dropped").isEmpty();
    }

    private static final String[] CLIENT_CLAIMS = {"X-Forwarded-For: 6.6.6.6", "X-Forwarded-Host: evil.example",
            "X-Forwarded-Proto: https", "X-Forwarded-Port: 1", "Forwarded: for=6.6.6.6;host=evil.example",
            "X-Original-URI: /evil", "X-Forwarded-Prefix: /evil", "X-Request-ID: client-id-1"};

    @Test
    void urlRewriteOfTheHostnameSendsTheNewHostAndForwardsTheClientsOne() throws Exception {
        String head = forward("a.example:" + port(), "/api/users?id=7", CLIENT_CLAIMS);

        assertThat(head).startsWith("GET /v2/users?id=7 HTTP/1.1\r\n");
        assertThat(values(head, "Host")).containsExactly("internal.example");
        describesTheClientsRequest(head, "a.example:" + port());
        assertThat(values(head, "X-Request-ID")).as("the client's own, kept, once").containsExactly("client-id-1");
    }

    @Test
    void explainSaysWhichHostIsSentAndThatXForwardedHostKeepsTheClients() {
        assertThat(explainer.explain(SimpleRequest.get("http://a.example/api/x")).notes())
                .anySatisfy(note -> assertThat(note).startsWith("implementation-defined:")
                        .contains("the backend is sent Host internal.example", "X-Forwarded-Host the Host the client"
                                + " sent", "append_x_forwarded_host"));
        assertThat(explainer.explain(SimpleRequest.get("http://a.example/sethost/x")).notes())
                .anySatisfy(note -> assertThat(note).contains("the backend is sent Host other.example"));
        assertThat(explainer.explain(SimpleRequest.get("http://a.example/strip/x")).notes())
                .noneSatisfy(note -> assertThat(note).contains("X-Forwarded-Host"));
    }

    @Test
    void aRequestHeaderModifierSettingHostIsAHostRewrite() throws Exception {
        String head = forward("a.example", "/sethost/x", CLIENT_CLAIMS);

        assertThat(values(head, "Host")).containsExactly("other.example");
        assertThat(values(head, "X-Tag")).containsExactly("t");
        describesTheClientsRequest(head, "a.example");
    }

    @Test
    void replacePrefixMatchChangesOnlyThePath() throws Exception {
        String head = forward("a.example", "/strip/deep/er", CLIENT_CLAIMS);

        assertThat(head).startsWith("GET /deep/er HTTP/1.1\r\n");
        assertThat(values(head, "Host")).containsExactly("a.example");
        describesTheClientsRequest(head, "a.example");
    }

    @Test
    void ingressRewriteTargetChangesOnlyThePath() throws Exception {
        String head = forward("b.example", "/old/thing", CLIENT_CLAIMS);

        assertThat(head).startsWith("GET /thing HTTP/1.1\r\n");
        assertThat(values(head, "Host")).containsExactly("b.example");
        describesTheClientsRequest(head, "b.example");
        assertThat(values(head, "X-Request-ID")).containsExactly("client-id-1");
    }

    @Test
    void aRuleWithoutFiltersForwardsTheSameFields() throws Exception {
        String head = forward("a.example", "/plain", CLIENT_CLAIMS);

        assertThat(values(head, "Host")).containsExactly("a.example");
        describesTheClientsRequest(head, "a.example");
        String generated = values(forward("a.example", "/plain"), "X-Request-ID").get(0);
        assertThat(generated).as("none sent: one is made").isNotBlank().isNotEqualTo("client-id-1");
    }

    /** Every field the forwarding policy writes or clears is one a route's filter may not touch. */
    @Test
    void filtersCannotTouchAnyFieldTheEdgeOwns() {
        List<String> names = new ArrayList<>(ForwardingPolicy.CLEARED);
        ForwardingPolicy.ADDED.stream().map(HttpString::toString).forEach(names::add);
        names.add("X-Forwarded-Anything");
        for (String name : names) {
            assertThat(ProxyOwnedFields.problem(name, false, "set")).as(name).isNotNull();
        }
        assertThat(ProxyOwnedFields.problem("X-Custom", false, "set")).isNull();
        assertThat(ProxyOwnedFields.problem("Host", false, "set")).isNull();
        assertThat(ProxyOwnedFields.problem("X-Forwarded-For", true, "set")).as("a response field").isNull();
        assertThat(names.stream().map(n -> n.toLowerCase(Locale.ROOT))).contains("x-original-uri", "forwarded");
    }
}
