package dev.ingresslab.translate;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.TraceEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPRoute matching, table-driven, one row per rule of ingress-semantics.md §9.1–9.4: path types, headers, query
 * parameters, method, the full precedence order (with ties across Routes by creationTimestamp, then
 * namespace/name), hostnames, weights, ReferenceGrant, and what happens when an Ingress claims the same host.
 */
class HttpRouteMatchingTest {

    static final String GATEWAY = GatewayFixtures.labGateway(GatewayFixtures.HTTP_FROM_ALL);

    private static final ManifestLoader LOADER = new ManifestLoader(new ByteArrayInputStream(new byte[0]));

    static Translation compile(String yaml) {
        ManifestReading reading = LOADER.readText("routes.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        return RouteCompiler.standard(TranslatorSettings.defaults()).compile(reading.set().toInput());
    }

    /** An HTTPRoute on Gateway default/web with the given hostnames and rules (YAML flow or block text). */
    static String route(String name, String created, String hostnames, String rules) {
        return """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: default%s}
                spec:
                  parentRefs: [{name: web}]
                  hostnames: %s
                  rules:
                %s
                """.formatted(name, created.isEmpty() ? "" : ", creationTimestamp: \"" + created + "\"", hostnames,
                rules.indent(2));
    }

    static String routed(Decision decision) {
        return decision.outcome() == Outcome.ROUTED ? decision.backend().service() : decision.outcome().jsonName();
    }

    static Decision get(RouteTable table, String url) {
        return table.match(SimpleRequest.get(url), new SplittableRandom(1));
    }

    /** Precedence (§9.3), one row per criterion: the two rules, then which backend serves the request. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Exact over a longer PathPrefix      | {path: {type: Exact, value: /a}}                  | {path: {type: PathPrefix, value: /a}}               | /a       | first
            longest PathPrefix                  | {path: {type: PathPrefix, value: /a}}             | {path: {type: PathPrefix, value: /a/b}}             | /a/b/c   | second
            PathPrefix is element-wise          | {path: {type: PathPrefix, value: /a}}             | {path: {type: PathPrefix, value: /}}                | /ab      | second
            trailing slash of a prefix ignored  | {path: {type: PathPrefix, value: /a/}}            | {path: {type: PathPrefix, value: /}}                | /a       | first
            Exact is exact                      | {path: {type: Exact, value: /a}}                  | {path: {type: PathPrefix, value: /}}                | /a/      | second
            regex after Exact                   | {path: {type: RegularExpression, value: /a.*}}    | {path: {type: Exact, value: /ab}}                   | /ab      | second
            regex before PathPrefix             | {path: {type: RegularExpression, value: /a.*}}    | {path: {type: PathPrefix, value: /ab}}              | /ab      | first
            regex must match the whole path     | {path: {type: RegularExpression, value: /a}}      | {path: {type: PathPrefix, value: /}}                | /ab      | second
            regex is case-sensitive             | {path: {type: RegularExpression, value: /A}}      | {path: {type: PathPrefix, value: /}}                | /a       | second
            method over none                    | {path: {value: /}}                                | {path: {value: /}, method: GET}                     | /        | second
            more headers                        | {headers: [{name: x-a, value: '1'}]}              | {headers: [{name: x-a, value: '1'}, {name: X-B, value: '2'}]} | /  | second
            more query params                   | {queryParams: [{name: q, value: '1'}]}            | {queryParams: [{name: q, value: '1'}, {name: r, value: '2'}]} | /?q=1&r=2 | second
            fewer conditions when more miss     | {queryParams: [{name: q, value: '1'}]}            | {queryParams: [{name: q, value: '1'}, {name: r, value: '2'}]} | /?q=1&r=3 | first
            path before method                  | {path: {value: /a}}                               | {path: {value: /}, method: GET}                     | /a       | first
            method before headers               | {headers: [{name: x-a, value: '1'}]}              | {method: GET}                                       | /        | second
            headers before query                | {queryParams: [{name: q, value: '1'}]}            | {headers: [{name: x-a, value: '1'}]}                | /?q=1    | second
            first query value counts            | {queryParams: [{name: q, value: '2'}]}            | {path: {value: /}}                                  | /?q=1&q=2 | second
            header regex                        | {headers: [{name: x-a, type: RegularExpression, value: '[0-9]+'}]} | {path: {value: /}}  | /        | first
            method mismatch                     | {method: POST}                                    | {path: {value: /}}                                  | /        | second
            """)
    void precedenceWithinOneRoute(String criterion, String first, String second, String target, String expected) {
        String yaml = GATEWAY + route("r", "", "[a.example]", """
                - matches: [%s]
                  backendRefs: [{name: first, port: 80}]
                - matches: [%s]
                  backendRefs: [{name: second, port: 80}]
                """.formatted(first, second));
        RouteTable table = compile(yaml).table();
        var request = SimpleRequest.of("GET", "http://a.example" + target, Map.of("X-A", List.of("1"),
                "x-b", List.of("2")));
        assertThat(routed(table.match(request, new SplittableRandom(1)))).as(criterion).isEqualTo(expected);
    }

    @Test
    void noMatchIs404() {
        RouteTable table = compile(GATEWAY + route("r", "", "[a.example]",
                "- matches: [{path: {type: Exact, value: /a}}]\n  backendRefs: [{name: s, port: 80}]")).table();
        assertThat(get(table, "http://a.example/b").status()).isEqualTo(404);
        assertThat(get(table, "http://other.example/a").status()).isEqualTo(404);
    }

    /** Ties across Routes: the oldest by creationTimestamp, then the first by namespace/name (§9.3 6–7). */
    @Test
    void tiesAcrossRoutes() {
        String rule = "- backendRefs: [{name: %s, port: 80}]";
        String older = GATEWAY + route("zeta", "2024-01-01T00:00:00Z", "[a.example]", rule.formatted("zeta"))
                + route("alpha", "2025-01-01T00:00:00Z", "[a.example]", rule.formatted("alpha"));
        assertThat(routed(get(compile(older).table(), "http://a.example/"))).isEqualTo("zeta");

        String sameAge = GATEWAY + route("zeta", "2024-01-01T00:00:00Z", "[a.example]", rule.formatted("zeta"))
                + route("alpha", "2024-01-01T00:00:00Z", "[a.example]", rule.formatted("alpha"));
        assertThat(routed(get(compile(sameAge).table(), "http://a.example/"))).isEqualTo("alpha");
    }

    @Test
    void firstRuleWinsWithinARoute() {
        RouteTable table = compile(GATEWAY + route("r", "", "[a.example]", """
                - backendRefs: [{name: one, port: 80}]
                - backendRefs: [{name: two, port: 80}]
                """)).table();
        assertThat(routed(get(table, "http://a.example/x"))).isEqualTo("one");
    }

    /** Hostnames (§9.3): precise over wildcard; wildcard any depth, not the bare domain; rules merge across hosts. */
    @Test
    void hostnames() {
        String yaml = GATEWAY
                + route("exact", "", "[a.example.com]",
                "- matches: [{path: {type: PathPrefix, value: /only}}]\n  backendRefs: [{name: exact, port: 80}]")
                + route("wild", "", "['*.example.com']", "- backendRefs: [{name: wild, port: 80}]")
                + route("any", "", "[]", "- matches: [{path: {value: /any}}]\n  backendRefs: [{name: any, port: 80}]");
        RouteTable table = compile(yaml).table();
        assertThat(routed(get(table, "http://a.example.com/only"))).isEqualTo("exact");
        assertThat(routed(get(table, "http://a.example.com/other"))).as("merged with the wildcard's rules")
                .isEqualTo("wild");
        assertThat(routed(get(table, "http://x.y.example.com/"))).as("any depth").isEqualTo("wild");
        assertThat(routed(get(table, "http://example.com/any"))).as("not the bare domain").isEqualTo("any");
        assertThat(routed(get(table, "http://example.com/"))).isEqualTo("not_found");
    }

    /** Weights (§9.4): 10,000 draws with a fixed seed land within 3σ of weight / Σweights. */
    @Test
    void weightsWithinThreeSigma() {
        RouteTable table = compile(GATEWAY + route("r", "", "[a.example]", """
                - backendRefs: [{name: a, port: 80, weight: 1}, {name: b, port: 80, weight: 3}, {name: z, port: 80, weight: 0}]
                """)).table();
        SplittableRandom random = new SplittableRandom(42);
        int draws = 10_000;
        int b = 0;
        for (int i = 0; i < draws; i++) {
            Decision decision = table.match(SimpleRequest.get("http://a.example/"), random);
            assertThat(decision.backend().service()).isNotEqualTo("z");
            if (decision.backend().service().equals("b")) {
                b++;
            }
        }
        double p = 0.75;
        double sigma = Math.sqrt(draws * p * (1 - p));
        assertThat((double) b).isBetween(draws * p - 3 * sigma, draws * p + 3 * sigma);
    }

    @Test
    void allWeightsZeroOrNoBackendsIs500() {
        RouteTable table = compile(GATEWAY + route("r", "", "[a.example]", """
                - matches: [{path: {value: /zero}}]
                  backendRefs: [{name: a, port: 80, weight: 0}]
                - matches: [{path: {value: /none}}]
                """)).table();
        assertThat(get(table, "http://a.example/zero").status()).isEqualTo(500);
        assertThat(get(table, "http://a.example/none").status()).isEqualTo(500);
    }

    /** An invalid backend's share is 500, a backend without ready endpoints 503 (§9.4). */
    @Test
    void invalidBackendShareIs500AndNoEndpoints503() {
        String yaml = GATEWAY + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: empty, namespace: default}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: other, namespace: default, labels: {kubernetes.io/service-name: unrelated}}
                addressType: IPv4
                endpoints: []
                """ + route("r", "", "[a.example]", """
                - matches: [{path: {value: /missing}}]
                  backendRefs: [{name: nowhere, port: 80}]
                - matches: [{path: {value: /empty}}]
                  backendRefs: [{name: empty, port: 80}]
                - matches: [{path: {value: /cross}}]
                  backendRefs: [{name: empty, namespace: other, port: 80}]
                """);
        RouteTable table = compile(yaml).table();
        assertThat(get(table, "http://a.example/missing").status()).isEqualTo(500);
        assertThat(get(table, "http://a.example/missing").outcome()).isEqualTo(Outcome.INVALID_BACKEND);
        assertThat(get(table, "http://a.example/empty").status()).isEqualTo(503);
        assertThat(get(table, "http://a.example/cross").status()).as("no ReferenceGrant").isEqualTo(500);
        assertThat(get(table, "http://a.example/cross").reason()).contains("ReferenceGrant");
    }

    @Test
    void referenceGrantLetsACrossNamespaceBackendServe() {
        String yaml = GATEWAY + route("r", "", "[a.example]",
                "- backendRefs: [{name: vault, namespace: secure, port: 80}]") + """
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: secure}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service, name: vault}]
                """;
        Decision decision = get(compile(yaml).table(), "http://a.example/");
        assertThat(decision.outcome()).isEqualTo(Outcome.ROUTED);
        assertThat(decision.backend().namespace()).isEqualTo("secure");
    }

    /**
     * Ingress and HTTPRoute on one host (routing.md, Gateway API): the more specific host claim decides; on the same
     * host the HTTPRoute first; whichever has nothing for the request leaves it to the other.
     */
    @Test
    void ingressAndHttpRouteOnOneHost() {
        String ingress = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: ing, namespace: default}
                spec:
                  ingressClassName: ingress-lab
                  rules:
                  - host: a.example
                    http:
                      paths:
                      - {path: /ing, pathType: Prefix, backend: {service: {name: ingress-svc, port: {number: 80}}}}
                      - {path: /both, pathType: Prefix, backend: {service: {name: ingress-svc, port: {number: 80}}}}
                  - host: b.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: ingress-b, port: {number: 80}}}}
                """;
        String yaml = GATEWAY + ingress + route("r", "", "[a.example]", """
                - matches: [{path: {value: /both}}, {path: {value: /gw}}]
                  backendRefs: [{name: route-svc, port: 80}]
                """) + route("wild", "", "['*.example']", "- backendRefs: [{name: route-wild, port: 80}]");
        RouteTable table = compile(yaml).table();
        assertThat(routed(get(table, "http://a.example/both"))).as("same host: HTTPRoute first").isEqualTo("route-svc");
        assertThat(routed(get(table, "http://a.example/gw"))).isEqualTo("route-svc");
        assertThat(routed(get(table, "http://a.example/ing"))).as("the wildcard Route is less specific")
                .isEqualTo("ingress-svc");
        assertThat(routed(get(table, "http://a.example/nothing"))).as("the Ingress has no route: the HTTPRoute's")
                .isEqualTo("route-wild");
        assertThat(routed(get(table, "http://b.example/x"))).isEqualTo("ingress-b");
    }

    /** explain: the origin kind, every candidate's verdict in precedence order, the filters applied. */
    @Test
    void explainShowsCandidatesInPrecedenceOrder() {
        RouteTable table = compile(GATEWAY + route("r", "", "[a.example]", """
                - matches: [{path: {type: PathPrefix, value: /}}]
                  backendRefs: [{name: root, port: 80}]
                - matches: [{path: {type: PathPrefix, value: /a}}]
                  filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-a, value: '1'}]}}]
                  backendRefs: [{name: a, port: 80}]
                - matches: [{path: {type: Exact, value: /b}}]
                  backendRefs: [{name: b, port: 80}]
                """)).table();
        Decision explained = new Explainer(table).explain(SimpleRequest.get("http://a.example/a/x"));
        assertThat(explained.route().origin().kind()).isEqualTo("HTTPRoute");
        assertThat(explained.reason()).contains("HTTPRoute default/r rule 1 match 0", "RequestHeaderModifier set x-a=1");
        List<TraceEntry> trace = explained.trace();
        assertThat(trace).extracting(TraceEntry::verdict).containsExactly(TraceEntry.Verdict.CHOSEN,
                TraceEntry.Verdict.LOST, TraceEntry.Verdict.NOT_MATCHED);
        assertThat(trace.get(1).what()).contains("PathPrefix /");
        assertThat(trace.get(1).reason()).contains("comes first in precedence");
        assertThat(trace.get(2).reason()).contains("does not match Exact /b");
    }

    /**
     * explain across kinds: a losing Ingress rule gives the rule that beat it (routing.md §10, host claims, never path
     * lengths), not a path comparison with the HTTPRoute's shorter prefix.
     */
    @ParameterizedTest(name = "Ingress on {0}")
    @CsvSource(delimiter = '|', textBlock = """
            w.example   | on an equally specific host claim the HTTPRoute rules are tried before the Ingress rules
            '*.example' | claims the more specific host w.example, and the more specific host claim decides
            """)
    void explainSaysWhyAnHttpRouteBeatsALongerIngressPrefix(String ingressHost, String why) {
        String ingress = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: default}
                spec:
                  ingressClassName: ingress-lab
                  rules:
                  - host: "%s"
                    http:
                      paths:
                      - {path: /ing, pathType: Prefix, backend: {service: {name: ingress-svc, port: {number: 80}}}}
                """.formatted(ingressHost);
        RouteTable table = compile(GATEWAY + ingress + route("web", "", "[w.example]", """
                - matches: [{path: {type: PathPrefix, value: /}}]
                  backendRefs: [{name: route-svc, port: 80}]
                """)).table();
        Decision explained = new Explainer(table).explain(SimpleRequest.get("http://w.example/ing/x"));
        assertThat(routed(explained)).isEqualTo("route-svc");
        TraceEntry lost = explained.trace().stream().filter(e -> e.origin().kind().equals("Ingress")).findFirst()
                .orElseThrow();
        assertThat(lost.verdict()).isEqualTo(TraceEntry.Verdict.LOST);
        assertThat(lost.reason()).startsWith("HTTPRoute default/web rule 0 match 0 (PathPrefix /")
                .contains(why, "routing.md §10").doesNotContain("longer", "characters");
    }
}
