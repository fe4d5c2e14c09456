package dev.ingresslab.convert;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The objects {@link IngressToGateway} writes, and what it lists instead of dropping. */
class IngressToGatewayTest {

    private static final String SERVICES = """
            apiVersion: v1
            kind: Service
            metadata: {name: alpaca}
            spec: {ports: [{name: http, port: 8080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: bandicoot}
            spec: {ports: [{name: http, port: 8080}]}
            """;

    static GatewayConversion convert(String yaml) throws Exception {
        var set = new ManifestLoader().loadText("test.yaml", SERVICES + "---\n" + yaml);
        return new IngressToGateway(TranslatorSettings.defaults()).convert(set.toInput());
    }

    static GatewayConversion convertFiles(String... files) throws Exception {
        var set = new ManifestLoader().load(List.of(files));
        return new IngressToGateway(TranslatorSettings.defaults()).convert(set.toInput());
    }

    private static HTTPRoute route(GatewayConversion conversion, String name) {
        return conversion.routes().stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no HTTPRoute " + name + " in " + conversion.routes().stream()
                        .map(r -> r.getMetadata().getName()).toList()));
    }

    private static List<String> paths(HTTPRoute route) {
        return route.getSpec().getRules().stream().flatMap(rule -> rule.getMatches().stream())
                .map(m -> m.getPath().getType() + " " + m.getPath().getValue()).toList();
    }

    private static List<String> backends(HTTPRouteRule rule) {
        return rule.getBackendRefs().stream().map(IngressToGatewayTest::backend).toList();
    }

    private static String backend(HTTPBackendRef ref) {
        return ref.getName() + ":" + ref.getPort() + (ref.getWeight() == null ? "" : " w" + ref.getWeight());
    }

    private static String ingress(String name, String annotations, String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name + "\n"
                + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations.indent(4)) + "spec:\n"
                + spec.indent(2);
    }

    private static String rule(String host, String path, String type, String service) {
        return "rules:\n- host: " + host + "\n  http:\n    paths:\n    - path: " + path + "\n      pathType: " + type
                + "\n      backend: {service: {name: " + service + ", port: {number: 8080}}}\n";
    }

    @Test
    void theChaptersThreeIngressesConvertWithNothingLeftOut() throws Exception {
        GatewayConversion simple = convertFiles("../samples/ch8/services.yaml", "../samples/ch8/simple-ingress.yaml");
        HTTPRoute catchAll = route(simple, "simple-ingress-default-backend");
        assertThat(catchAll.getSpec().getHostnames()).isNullOrEmpty();
        assertThat(paths(catchAll)).containsExactly("PathPrefix /");
        assertThat(backends(catchAll.getSpec().getRules().get(0))).containsExactly("alpaca:8080");
        assertThat(simple.untranslatable()).isEmpty();

        GatewayConversion host = convertFiles("../samples/ch8/services.yaml", "../samples/ch8/host-ingress.yaml");
        assertThat(route(host, "host-ingress").getSpec().getHostnames()).containsExactly("alpaca.example.com");
        assertThat(backends(route(host, "host-ingress-default-backend").getSpec().getRules().get(0)))
                .containsExactly("be-default:8080");
        assertThat(host.untranslatable()).isEmpty();

        GatewayConversion path = convertFiles("../samples/ch8/services.yaml", "../samples/ch8/path-ingress.yaml");
        HTTPRoute paths = route(path, "path-ingress");
        assertThat(paths.getSpec().getHostnames()).containsExactly("bandicoot.example.com");
        assertThat(paths(paths)).containsExactly("PathPrefix /", "PathPrefix /a/");
        assertThat(path.untranslatable()).isEmpty();

        Listener http = path.gateway().getSpec().getListeners().get(0);
        assertThat(path.gateway().getSpec().getGatewayClassName()).isEqualTo("ingress-lab");
        assertThat(List.of(http.getName(), http.getProtocol(), "" + http.getPort())).containsExactly("http", "HTTP",
                "80");
        assertThat(paths.getSpec().getParentRefs()).singleElement()
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("ingress-lab"));
    }

    @Test
    void theRewriteSampleBecomesReplacePrefixMatchAndSaysCaseSensitivityChanges() throws Exception {
        GatewayConversion conversion = convertFiles("../samples/ch8/services.yaml",
                "../samples/ch8/rewrite-ingress.yaml");
        List<HTTPRouteRule> rules = route(conversion, "rewrite-ingress").getSpec().getRules();
        assertThat(paths(route(conversion, "rewrite-ingress"))).containsExactly("Exact /sub-path",
                "PathPrefix /sub-path");
        assertThat(rules.get(0).getFilters()).singleElement().satisfies(filter -> {
            assertThat(filter.getType()).isEqualTo("URLRewrite");
            assertThat(filter.getUrlRewrite().getPath().getReplaceFullPath()).isEqualTo("/app-path/");
        });
        assertThat(rules.get(1).getFilters()).singleElement().satisfies(filter -> {
            assertThat(filter.getType()).isEqualTo("URLRewrite");
            assertThat(filter.getUrlRewrite().getPath().getReplacePrefixMatch()).isEqualTo("/app-path/");
        });
        assertThat(conversion.untranslatable()).singleElement()
                .satisfies(u -> assertThat(u.why()).contains("case-insensitively"));
    }

    @Test
    void aRewriteWithCapturesElsewhereIsListedAndTheRouteKeepsItsRegex() throws Exception {
        GatewayConversion conversion = convert(ingress("cap", """
                nginx.ingress.kubernetes.io/rewrite-target: /v2/$1
                """, rule("api.example.com", "/v1/(.*)", "ImplementationSpecific", "alpaca")));
        HTTPRouteRule rule = route(conversion, "cap").getSpec().getRules().get(0);
        assertThat(rule.getMatches().get(0).getPath().getType()).isEqualTo("RegularExpression");
        assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("(?i)/v1/(.*).*");
        assertThat(rule.getFilters()).isNullOrEmpty();
        assertThat(conversion.untranslatable()).anySatisfy(u -> {
            assertThat(u.field()).isEqualTo("spec.rules[0].http.paths[0]");
            assertThat(u.why()).contains("rewrite-target /v2/$1", "capture groups");
            assertThat(u.todo()).contains("ReplacePrefixMatch");
        });
    }

    @Test
    void aStaticRewriteIsReplaceFullPath() throws Exception {
        GatewayConversion conversion = convert(ingress("fixed", """
                nginx.ingress.kubernetes.io/rewrite-target: /
                """, rule("api.example.com", "/testpath", "Prefix", "alpaca")));
        HTTPRouteRule rule = route(conversion, "fixed").getSpec().getRules().get(0);
        assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("(?i)/testpath.*");
        assertThat(rule.getFilters().get(0).getUrlRewrite().getPath().getReplaceFullPath()).isEqualTo("/");
    }

    @Test
    void canaryWeightsBecomeBackendWeightsAndItsHeaderBecomesRules() throws Exception {
        GatewayConversion conversion = convert(ingress("main", "", rule("shop.example.com", "/", "Prefix",
                "alpaca")) + "---\n" + ingress("canary", """
                nginx.ingress.kubernetes.io/canary: "true"
                nginx.ingress.kubernetes.io/canary-weight: "20"
                nginx.ingress.kubernetes.io/canary-by-header: X-Canary
                nginx.ingress.kubernetes.io/canary-by-cookie: canary
                """, rule("shop.example.com", "/", "Prefix", "bandicoot")));
        List<HTTPRouteRule> rules = route(conversion, "main").getSpec().getRules();
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).getMatches().get(0).getHeaders()).singleElement()
                .satisfies(h -> assertThat(h.getName() + "=" + h.getValue()).isEqualTo("X-Canary=always"));
        assertThat(backends(rules.get(0))).containsExactly("bandicoot:8080");
        assertThat(rules.get(1).getMatches().get(0).getHeaders().get(0).getValue()).isEqualTo("never");
        assertThat(backends(rules.get(1))).containsExactly("alpaca:8080");
        assertThat(backends(rules.get(2))).containsExactly("alpaca:8080 w80", "bandicoot:8080 w20");
        assertThat(conversion.untranslatable()).singleElement().satisfies(u -> {
            assertThat(u.object()).isEqualTo("default/canary");
            assertThat(u.field()).contains("canary-by-cookie");
        });
    }

    @Test
    void sslRedirectPutsTheRoutesOnHttpsAndRedirectsPlainHttp() throws Exception {
        GatewayConversion conversion = convert(ingress("secure", "", """
                tls:
                - hosts: [alpaca.example.com]
                  secretName: alpaca-tls
                """ + rule("alpaca.example.com", "/", "Prefix", "alpaca")));
        assertThat(conversion.gateway().getSpec().getListeners()).extracting(Listener::getName)
                .containsExactly("http", "https-alpaca.example.com");
        Listener https = conversion.gateway().getSpec().getListeners().get(1);
        assertThat(https.getTls().getCertificateRefs().get(0).getName()).isEqualTo("alpaca-tls");
        assertThat(https.getHostname()).isEqualTo("alpaca.example.com");
        assertThat(route(conversion, "secure").getSpec().getParentRefs().get(0).getSectionName())
                .isEqualTo("https-alpaca.example.com");
        HTTPRoute redirect = route(conversion, "secure-https-redirect");
        assertThat(redirect.getSpec().getParentRefs().get(0).getSectionName()).isEqualTo("http");
        var filter = redirect.getSpec().getRules().get(0).getFilters().get(0);
        assertThat(filter.getRequestRedirect().getScheme()).isEqualTo("https");
        assertThat(filter.getRequestRedirect().getStatusCode()).isEqualTo(308);
        assertThat(redirect.getSpec().getRules().get(0).getBackendRefs()).isNullOrEmpty();
        assertThat(conversion.untranslatable()).singleElement()
                .satisfies(u -> assertThat(u.field()).contains("preserve-trailing-slash"));

        GatewayConversion served = convert(ingress("secure", """
                nginx.ingress.kubernetes.io/ssl-redirect: "false"
                """, """
                tls:
                - hosts: [alpaca.example.com]
                  secretName: alpaca-tls
                """ + rule("alpaca.example.com", "/", "Prefix", "alpaca")));
        assertThat(served.routes()).extracting(r -> r.getMetadata().getName()).containsExactly("secure");
        assertThat(route(served, "secure").getSpec().getParentRefs().get(0).getSectionName()).isNull();
    }

    @Test
    void useRegexPathsBecomeCaseInsensitiveRegularExpressions() throws Exception {
        GatewayConversion conversion = convert(ingress("regex", """
                nginx.ingress.kubernetes.io/use-regex: "true"
                """, rule("api.example.com", "/foo/[0-9]+", "ImplementationSpecific", "alpaca")));
        assertThat(paths(route(conversion, "regex"))).containsExactly("RegularExpression (?i)/foo/[0-9]+.*");
    }

    @Test
    void pathTypesConvertAndImplementationSpecificSaysHow() throws Exception {
        GatewayConversion conversion = convert(ingress("types", "", """
                rules:
                - host: a.example.com
                  http:
                    paths:
                    - {path: /exact, pathType: Exact, backend: {service: {name: alpaca, port: {number: 8080}}}}
                    - {path: /impl, pathType: ImplementationSpecific, backend: {service: {name: alpaca, port: {number: 8080}}}}
                    - {path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {name: http}}}}
                """));
        assertThat(paths(route(conversion, "types"))).containsExactly("Exact /exact", "PathPrefix /impl",
                "PathPrefix /");
        assertThat(backends(route(conversion, "types").getSpec().getRules().get(2))).containsExactly("alpaca:8080");
        assertThat(conversion.untranslatable()).singleElement().satisfies(u -> {
            assertThat(u.field()).isEqualTo("spec.rules[0].http.paths[1]");
            assertThat(u.why()).contains("ImplementationSpecific");
        });
    }

    @Test
    void aPortNameWithoutItsServiceIsListed() throws Exception {
        var set = new ManifestLoader().loadText("t.yaml", ingress("named", "", """
                rules:
                - host: a.example.com
                  http:
                    paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: elsewhere, port: {name: web}}}}
                """));
        GatewayConversion conversion = new IngressToGateway(TranslatorSettings.defaults()).convert(set.toInput());
        assertThat(conversion.routes()).isEmpty();
        assertThat(conversion.untranslatable()).singleElement().satisfies(u -> {
            assertThat(u.why()).contains("named web", "needs its number");
            assertThat(u.todo()).contains("-f");
        });
    }

    @Test
    void annotationsWithoutCounterpartAreListedAndPlainHttpBackendProtocolIsNot() throws Exception {
        GatewayConversion conversion = convert(ingress("annotated", """
                nginx.ingress.kubernetes.io/proxy-body-size: 8m
                nginx.ingress.kubernetes.io/backend-protocol: HTTP
                """, rule("a.example.com", "/", "Prefix", "alpaca")) + "---\n" + ingress("grpc", """
                nginx.ingress.kubernetes.io/backend-protocol: GRPC
                """, rule("b.example.com", "/", "Prefix", "alpaca")));
        assertThat(conversion.untranslatable()).extracting(Untranslatable::field).containsExactlyInAnyOrder(
                "metadata.annotations[nginx.ingress.kubernetes.io/proxy-body-size]",
                "metadata.annotations[nginx.ingress.kubernetes.io/backend-protocol]");
        assertThat(conversion.untranslatable()).anySatisfy(u -> {
            assertThat(u.object()).isEqualTo("default/grpc");
            assertThat(u.todo()).contains("GRPCRoute");
        });
    }

    @Test
    void anIngressOfAnotherClassAndAPathThatLostAConflictAreListedNotConverted() throws Exception {
        GatewayConversion conversion = convert(ingress("first", "", rule("a.example.com", "/", "Prefix", "alpaca"))
                + "---\n" + ingress("second", "", rule("a.example.com", "/", "Prefix", "bandicoot")) + "---\n"
                + ingress("nginx-only", "", "ingressClassName: nginx\n" + rule("b.example.com", "/", "Prefix",
                "alpaca")));
        assertThat(conversion.routes()).extracting(r -> r.getMetadata().getName()).containsExactly("second");
        assertThat(conversion.untranslatable()).anySatisfy(u -> {
            assertThat(u.object()).isEqualTo("default/first");
            assertThat(u.why()).contains("lost to default/second");
        }).anySatisfy(u -> {
            assertThat(u.object()).isEqualTo("default/nginx-only");
            assertThat(u.why()).contains("does not serve it");
        });
    }

    @Test
    void hostsOfOneIngressGetARouteEachAndTheirDifferencesAreListed() throws Exception {
        GatewayConversion conversion = convert(ingress("two-hosts", "", """
                defaultBackend: {service: {name: bandicoot, port: {number: 8080}}}
                rules:
                - host: "*.example.com"
                  http:
                    paths:
                    - {path: /, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                - host: api.example.org
                  http:
                    paths:
                    - {path: /v1, pathType: Prefix, backend: {service: {name: alpaca, port: {number: 8080}}}}
                """) + "---\n" + ingress("fallback", "", "defaultBackend: {service: {name: alpaca, port: {number:"
                + " 8080}}}\n"));
        assertThat(conversion.routes()).extracting(r -> r.getMetadata().getName()).containsExactly(
                "two-hosts-wildcard.example.com", "two-hosts-api.example.org", "fallback-default-backend");
        assertThat(paths(route(conversion, "two-hosts-api.example.org"))).containsExactly("PathPrefix /v1",
                "PathPrefix /");
        assertThat(backends(route(conversion, "two-hosts-api.example.org").getSpec().getRules().get(1)))
                .containsExactly("bandicoot:8080");
        assertThat(conversion.untranslatable()).singleElement()
                .satisfies(u -> assertThat(u.why()).contains("exactly one label", "a.b.example.com"));
    }

    @Test
    void aHostWhosePathMissesAre404OnIngressIsListedWhenACatchAllExists() throws Exception {
        GatewayConversion conversion = convert(ingress("narrow", "", rule("a.example.com", "/a", "Prefix",
                "alpaca")) + "---\n" + ingress("everything", "", "defaultBackend: {service: {name: bandicoot, port:"
                + " {number: 8080}}}\n"));
        assertThat(conversion.untranslatable()).singleElement().satisfies(u -> {
            assertThat(u.object()).isEqualTo("default/narrow");
            assertThat(u.why()).contains("gets 404 on Ingress");
        });
    }

    @Test
    void tlsSecretsInOtherNamespacesGetAReferenceGrant() throws Exception {
        GatewayConversion conversion = convert("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: one, namespace: team-a}
                spec:
                  tls: [{hosts: [a.example.com], secretName: a-tls}]
                  rules:
                  - host: a.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: two, namespace: team-b}
                spec:
                  rules:
                  - host: b.example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
                """);
        assertThat(conversion.gateway().getMetadata().getNamespace()).isEqualTo("default");
        assertThat(conversion.gateway().getSpec().getListeners().get(0).getAllowedRoutes().getNamespaces()
                .getFrom()).isEqualTo("All");
        assertThat(conversion.grants()).singleElement().satisfies(grant -> {
            assertThat(grant.getMetadata().getNamespace()).isEqualTo("team-a");
            assertThat(grant.getSpec().getFrom().get(0).getNamespace()).isEqualTo("default");
            assertThat(grant.getSpec().getTo().get(0).getName()).isEqualTo("a-tls");
        });
        assertThat(route(conversion, "two").getSpec().getParentRefs().get(0).getNamespace()).isEqualTo("default");
        assertThat(GatewayYaml.yaml(conversion.objects())).contains("kind: ReferenceGrant",
                "apiVersion: gateway.networking.k8s.io/v1beta1");
    }

    @Test
    void appRootIsAnExactSlashRedirect() throws Exception {
        GatewayConversion conversion = convert(ingress("root", """
                nginx.ingress.kubernetes.io/app-root: /app1
                """, rule("a.example.com", "/", "Prefix", "alpaca")));
        HTTPRouteRule first = route(conversion, "root").getSpec().getRules().get(0);
        assertThat(first.getMatches().get(0).getPath().getType()).isEqualTo("Exact");
        assertThat(first.getFilters().get(0).getRequestRedirect().getStatusCode()).isEqualTo(302);
        assertThat(first.getFilters().get(0).getRequestRedirect().getPath().getReplaceFullPath()).isEqualTo("/app1");
    }
}
