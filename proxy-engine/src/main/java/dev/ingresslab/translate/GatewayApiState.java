package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the Gateway API processors of one compilation share: the GatewayClasses and Gateways of our controller with
 * their listeners (set by {@link GatewayProcessor}), the Routes attached to each listener and the HTTPRoutes' results
 * (set by {@link HttpRouteProcessor}). Used by one thread, for one run; {@link #results()} is the immutable outcome.
 */
final class GatewayApiState {

    /**
     * One listener of one of our Gateways.
     *
     * @param index         in {@code spec.listeners}
     * @param hostname      the listener's hostname, or null for any host
     * @param proxyListener the proxy listener it is served on ({@code http}/{@code https}), or null when it is not
     *                      served (not accepted, conflicted)
     * @param certificates  an HTTPS listener's certificates: those of its valid certificateRefs, in order; else empty
 * @param conditions    Accepted, Programmed, ResolvedRefs, Conflicted
     * @param attached      {@code namespace/name} of the HTTPRoutes accepted on it
     */
    record ListenerState(Gateway gateway, int index, String name, String protocol, int port, String hostname,
                         String proxyListener, AllowedNamespaces namespaces, List<String> supportedKinds,
                         List<dev.ingresslab.tls.TlsCertificate> certificates,
                         List<GatewayCondition> conditions, Set<String> attached) {

        /** Whether Routes can attach: served, and taking HTTPRoutes. */
        boolean routable() {
            return proxyListener != null && supportedKinds.contains("HTTPRoute");
        }

        String field() {
            return "spec.listeners[" + index + "]";
        }
    }

    /** One of our Gateways. */
    record GatewayState(Gateway gateway, GatewayCondition accepted, GatewayCondition programmed,
                        List<ListenerState> listeners) {

        String namespace() {
            return Metadata.namespaceOf(gateway);
        }

        String name() {
            return gateway.getMetadata().getName();
        }
    }

    private final List<GatewayApiResults.GatewayClassResult> classes = new ArrayList<>();
    private final List<GatewayState> gateways = new ArrayList<>();
    private final List<GatewayApiResults.HttpRouteResult> routes = new ArrayList<>();

    void addClass(GatewayApiResults.GatewayClassResult result) {
        classes.add(result);
    }

    void addGateway(GatewayState gateway) {
        gateways.add(gateway);
    }

    void addRoute(GatewayApiResults.HttpRouteResult result) {
        routes.add(result);
    }

    List<GatewayState> gateways() {
        return gateways;
    }

    Optional<GatewayState> gateway(String namespace, String name) {
        return gateways.stream().filter(g -> g.namespace().equals(namespace) && g.name().equals(name)).findFirst();
    }

    /** The immutable results, attached Route counts included. */
    GatewayApiResults results() {
        List<GatewayApiResults.GatewayResult> gatewayResults = new ArrayList<>();
        for (GatewayState gateway : gateways) {
            List<GatewayApiResults.ListenerResult> listeners = new ArrayList<>();
            for (ListenerState listener : gateway.listeners()) {
                listeners.add(new GatewayApiResults.ListenerResult(listener.name(), listener.attached().size(),
                        listener.supportedKinds(), listener.conditions()));
            }
            gatewayResults.add(new GatewayApiResults.GatewayResult(gateway.namespace(), gateway.name(),
                    gateway.accepted(), gateway.programmed(), listeners));
        }
        return new GatewayApiResults(classes, gatewayResults, routes);
    }

    static Set<String> newAttachedSet() {
        return new LinkedHashSet<>();
    }
}
