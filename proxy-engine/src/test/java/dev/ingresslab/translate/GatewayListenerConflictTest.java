package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener conflicts (Gateway API v1 {@code ListenerConditionConflicted}): every Gateway of Ingress Lab's classes is
 * served on the proxy's one address and ports, so their listeners are merged; a listener that takes what an older
 * Gateway's listener holds (the same protocol and hostname: {@code HostnameConflict}; another protocol on the same
 * port: {@code ProtocolConflict}) is Conflicted and not served, and the older one is (creationTimestamp, then
 * namespace/name). In one Gateway, both conflicting listeners are left out.
 */
class GatewayListenerConflictTest {

    private static final String CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: lab}
            spec: {controllerName: ingress-lab.dev/controller}
            """;

    private static String gateway(String namespace, String name, String created, String listeners) {
        return """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: %s, creationTimestamp: "%s"}
                spec:
                  gatewayClassName: lab
                  listeners: %s
                """.formatted(name, namespace, created, listeners);
    }

    private static String route(String name, String gatewayNamespace, String gateway, String service) {
        return """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: %s, namespace: default}
                spec:
                  parentRefs: [{name: %s, namespace: %s}]
                  hostnames: [shop.example]
                  rules: [{backendRefs: [{name: %s, port: 80}]}]
                """.formatted(name, gateway, gatewayNamespace, service);
    }

    private static GatewayCondition condition(Translation translation, String namespace, String gateway,
                                              String listener, String type) {
        return translation.gatewayApi().gateway(namespace, gateway).orElseThrow().listener(listener).orElseThrow()
                .condition(type).orElseThrow();
    }

    @Test
    void theSameHostnameOnTwoGatewaysIsServedByTheOlderAndTheNewerIsConflicted() {
        Translation translation = HttpRouteMatchingTest.compile(CLASS
                + gateway("default", "newer", "2026-02-01T00:00:00Z",
                "[{name: web, protocol: HTTP, port: 80, hostname: shop.example, allowedRoutes: {namespaces: {from: All}}}]")
                + gateway("infra", "older", "2026-01-01T00:00:00Z",
                "[{name: http, protocol: HTTP, port: 8080, hostname: shop.example, allowedRoutes: {namespaces: {from: All}}}]")
                + route("to-older", "infra", "older", "old-shop") + route("to-newer", "default", "newer", "new-shop"));

        GatewayCondition conflicted = condition(translation, "default", "newer", "web", "Conflicted");
        assertThat(conflicted.status()).isTrue();
        assertThat(conflicted.reason()).isEqualTo("HostnameConflict");
        assertThat(conflicted.message()).contains("listener http of Gateway infra/older",
                "infra/older is older (created 2026-01-01T00:00:00Z", "give it another hostname");
        assertThat(condition(translation, "default", "newer", "web", "Programmed").status()).isFalse();
        assertThat(translation.gatewayApi().gateway("default", "newer").orElseThrow().programmed().status())
                .isFalse();
        assertThat(condition(translation, "infra", "older", "http", "Conflicted").status()).isFalse();
        assertThat(condition(translation, "infra", "older", "http", "Programmed").status()).isTrue();
        assertThat(translation.diagnosticsOf("default", "newer")).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("spec.listeners[0].hostname");
            assertThat(d.reason()).isEqualTo("HostnameConflict");
        });

        assertThat(translation.gatewayApi().httpRoute("default", "to-newer").orElseThrow().parents().get(0)
                .accepted().reason()).isEqualTo("NoMatchingParent");
        Decision decision = HttpRouteMatchingTest.get(translation.table(), "http://shop.example/");
        assertThat(decision.backend().service()).as("the older Gateway's Route serves the host").isEqualTo("old-shop");
    }

    @Test
    void anotherProtocolOnThePortOfAnOlderGatewayIsAProtocolConflict() {
        Translation translation = HttpRouteMatchingTest.compile(CLASS
                + gateway("default", "older", "2026-01-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 8080}]")
                + gateway("default", "newer", "2026-03-01T00:00:00Z",
                "[{name: tls, protocol: HTTPS, port: 8080, hostname: s.example, tls: {certificateRefs: [{name: c}]}},"
                        + " {name: other, protocol: HTTP, port: 80, hostname: o.example}]"));
        GatewayCondition conflicted = condition(translation, "default", "newer", "tls", "Conflicted");
        assertThat(conflicted.status()).isTrue();
        assertThat(conflicted.reason()).isEqualTo("ProtocolConflict");
        assertThat(conflicted.message()).contains("already serves HTTP on port 8080", "give it another port");
        assertThat(condition(translation, "default", "newer", "other", "Conflicted").status())
                .as("its listener on another port and hostname").isFalse();
        assertThat(condition(translation, "default", "newer", "other", "Programmed").status()).isTrue();
        assertThat(translation.gatewayApi().gateway("default", "newer").orElseThrow().accepted().reason())
                .isEqualTo("ListenersNotValid");
    }

    @Test
    void aTieInAgeIsBrokenByNamespaceAndName() {
        Translation translation = HttpRouteMatchingTest.compile(CLASS
                + gateway("default", "b", "2026-01-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 80}]")
                + gateway("default", "a", "2026-01-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 80}]"));
        assertThat(condition(translation, "default", "a", "http", "Programmed").status()).isTrue();
        assertThat(condition(translation, "default", "b", "http", "Conflicted").message())
                .contains("default/a comes first by namespace/name");
    }

    @Test
    void differentHostnamesOnOnePortAreNoConflict() {
        Translation translation = HttpRouteMatchingTest.compile(CLASS
                + gateway("default", "one", "2026-01-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 80, hostname: a.example}]")
                + gateway("default", "two", "2026-02-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 80, hostname: b.example}]"));
        assertThat(condition(translation, "default", "one", "http", "Programmed").status()).isTrue();
        assertThat(condition(translation, "default", "two", "http", "Programmed").status()).isTrue();
        assertThat(condition(translation, "default", "two", "http", "Conflicted").reason()).isEqualTo("NoConflicts");
    }

    @Test
    void twoProtocolsOnOnePortOfOneGatewayConflictAndNeitherIsServed() {
        Translation translation = HttpRouteMatchingTest.compile(CLASS
                + gateway("default", "web", "2026-01-01T00:00:00Z", "[{name: http, protocol: HTTP, port: 8443},"
                + " {name: tls, protocol: HTTPS, port: 8443, hostname: s.example, tls: {certificateRefs: [{name: c}]}}]"));
        for (String listener : new String[] {"http", "tls"}) {
            assertThat(condition(translation, "default", "web", listener, "Conflicted").reason())
                    .isEqualTo("ProtocolConflict");
            assertThat(condition(translation, "default", "web", listener, "Programmed").status()).isFalse();
        }
        assertThat(translation.diagnosticsOf("default", "web")).anySatisfy(d -> {
            assertThat(d.field()).isEqualTo("spec.listeners[1].port");
            assertThat(d.message()).contains("give each protocol its own port");
        });
    }
}
