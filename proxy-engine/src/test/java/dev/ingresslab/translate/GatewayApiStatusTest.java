package dev.ingresslab.translate;

import dev.ingresslab.testing.GatewayFixtures;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.manifest.ManifestProblem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gateway API kinds read from files as kubectl would send them, and the per-object results the status writer
 * writes (Gateway API v1 GatewayStatus, ListenerStatus, RouteParentStatus; ingress-semantics.md §9).
 */
class GatewayApiStatusTest {

    static final String CLASS = GatewayFixtures.LAB_CLASS + """
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: other}
            spec: {controllerName: example.com/other}
            """;

    static final String GATEWAY = """
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: web, namespace: infra}
            spec:
              gatewayClassName: lab
              listeners:
              - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
              - {name: shop, protocol: HTTP, port: 80, hostname: "*.shop.example"}
              - {name: tcp, protocol: TCP, port: 9000}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: theirs, namespace: infra}
            spec:
              gatewayClassName: other
              listeners: [{name: http, protocol: HTTP, port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: alpaca, namespace: default}
            spec: {ports: [{port: 8080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: vault, namespace: secure}
            spec: {ports: [{port: 8080}]}
            """;

    private final ManifestLoader loader = new ManifestLoader(new ByteArrayInputStream(new byte[0]));

    private Translation compile(String yaml) {
        ManifestReading reading = loader.readText("gw.yaml", yaml);
        assertThat(reading.problems()).isEmpty();
        return RouteCompiler.standard(TranslatorSettings.defaults()).compile(reading.set().toInput());
    }

    private static String route(String name, String namespace, String parents, String extra) {
        return """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: %s}
                spec:
                  parentRefs: %s
                %s
                """.formatted(name, namespace, parents, extra.indent(2));
    }

    @Test
    void onlyOurClassAndItsGatewaysGetResults() {
        GatewayApiResults results = compile(CLASS + GATEWAY).gatewayApi();

        assertThat(results.gatewayClasses()).extracting(GatewayApiResults.GatewayClassResult::name)
                .containsExactly("lab");
        assertThat(results.gatewayClasses().get(0).accepted().status()).isTrue();
        assertThat(results.gateways()).extracting(GatewayApiResults.GatewayResult::name).containsExactly("web");
        GatewayApiResults.GatewayResult web = results.gateway("infra", "web").orElseThrow();
        assertThat(web.accepted().reason()).isEqualTo("ListenersNotValid");
        assertThat(web.programmed().status()).isTrue();
        assertThat(web.listener("http").orElseThrow().condition("Accepted").orElseThrow().status()).isTrue();
        GatewayCondition tcp = web.listener("tcp").orElseThrow().condition("Accepted").orElseThrow();
        assertThat(tcp.status()).isFalse();
        assertThat(tcp.reason()).isEqualTo("UnsupportedProtocol");
        assertThat(tcp.message()).contains("HTTP and HTTPS", "TCP");
    }

    /** Each reason of a parent's Accepted condition, one Route each. */
    @Test
    void routeParentReasons() {
        String yaml = CLASS + GATEWAY
                + route("ok", "default", "[{name: web, namespace: infra, sectionName: http}]",
                "rules: [{backendRefs: [{name: alpaca, port: 8080}]}]")
                + route("nosection", "default", "[{name: web, namespace: infra, sectionName: nope}]", "")
                + route("noport", "default", "[{name: web, namespace: infra, port: 8080}]", "")
                + route("notallowed", "default", "[{name: web, namespace: infra, sectionName: shop}]", "")
                + route("nohost", "infra", "[{name: web, sectionName: shop}]", "hostnames: [a.example.com]")
                + route("theirs", "default", "[{name: theirs, namespace: infra}]", "");
        GatewayApiResults results = compile(yaml).gatewayApi();

        assertThat(reason(results, "default", "ok")).isEqualTo("Accepted");
        assertThat(reason(results, "default", "nosection")).isEqualTo("NoMatchingParent");
        assertThat(reason(results, "default", "noport")).isEqualTo("NoMatchingParent");
        assertThat(reason(results, "default", "notallowed")).isEqualTo("NotAllowedByListeners");
        assertThat(reason(results, "infra", "nohost")).isEqualTo("NoMatchingListenerHostname");
        assertThat(results.httpRoute("default", "theirs")).as("another controller's Gateway").isEmpty();
        assertThat(results.gateway("infra", "web").orElseThrow().listener("http").orElseThrow().attachedRoutes())
                .isEqualTo(1);
    }

    @Test
    void crossNamespaceBackendNeedsAReferenceGrant() {
        String refused = CLASS + GATEWAY + route("cross", "default", "[{name: web, namespace: infra}]",
                "rules: [{backendRefs: [{name: vault, namespace: secure, port: 8080}]}]");
        GatewayApiResults.RouteParentResult parent = compile(refused).gatewayApi().httpRoute("default", "cross")
                .orElseThrow().parents().get(0);
        assertThat(parent.accepted().status()).isTrue();
        assertThat(parent.resolvedRefs().status()).isFalse();
        assertThat(parent.resolvedRefs().reason()).isEqualTo("RefNotPermitted");
        assertThat(parent.resolvedRefs().message()).contains("ReferenceGrant", "secure");

        String granted = refused + """
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: allow, namespace: secure}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service}]
                """;
        assertThat(compile(granted).gatewayApi().httpRoute("default", "cross").orElseThrow().parents().get(0)
                .resolvedRefs().reason()).isEqualTo("ResolvedRefs");
    }

    @Test
    void backendRefProblems() {
        String yaml = CLASS + GATEWAY
                + route("missing", "default", "[{name: web, namespace: infra}]",
                "rules: [{backendRefs: [{name: nobody, port: 8080}]}]")
                + route("kind", "default", "[{name: web, namespace: infra}]",
                "rules: [{backendRefs: [{kind: Bucket, group: example.com, name: b}]}]");
        Translation translation = compile(yaml);
        assertThat(translation.gatewayApi().httpRoute("default", "missing").orElseThrow().parents().get(0)
                .resolvedRefs().reason()).isEqualTo("BackendNotFound");
        assertThat(translation.gatewayApi().httpRoute("default", "kind").orElseThrow().parents().get(0)
                .resolvedRefs().reason()).isEqualTo("InvalidKind");
        assertThat(translation.diagnosticsOf("default", "kind")).extracting(Diagnostic::field)
                .containsExactly("spec.rules[0].backendRefs[0]");
    }

    @Test
    void strictDecodingOfGatewayApiKinds() {
        ManifestReading reading = loader.readText("gw.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: typo}
                spec:
                  parentRef: [{name: web}]
                """);
        assertThat(reading.problems()).hasSize(1);
        ManifestProblem problem = reading.problems().get(0);
        assertThat(problem.message()).contains("unknown field \"spec.parentRef\"");
        assertThat(problem.hint()).contains("parentRefs");
    }

    @Test
    void wrongTypeAndWrongVersion() {
        ManifestReading wrongType = loader.readText("gw.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: web}
                spec: {gatewayClassName: lab, listeners: [{name: http, protocol: HTTP, port: eighty}]}
                """);
        assertThat(wrongType.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("Gateway in version \"v1\" cannot be handled as a Gateway"));

        ManifestReading beta = loader.readText("gw.yaml", """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: HTTPRoute
                metadata: {name: old}
                spec: {}
                """);
        assertThat(beta.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("gateway.networking.k8s.io/v1");
            assertThat(p.hint()).contains("apiVersion: gateway.networking.k8s.io/v1");
        });

        ManifestReading lower = loader.readText("gw.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HttpRoute
                metadata: {name: lower}
                """);
        assertThat(lower.problems()).singleElement().satisfies(p -> assertThat(p.hint())
                .contains("kind: HTTPRoute"));
    }

    private static String reason(GatewayApiResults results, String namespace, String name) {
        List<GatewayApiResults.RouteParentResult> parents = results.httpRoute(namespace, name).orElseThrow()
                .parents();
        assertThat(parents).hasSize(1);
        return parents.get(0).accepted().reason();
    }
}
