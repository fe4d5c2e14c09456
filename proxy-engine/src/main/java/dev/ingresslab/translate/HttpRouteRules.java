package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Listener;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteFilters;
import dev.ingresslab.route.RouteMatch;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.route.WeightedBackend;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the rules of accepted HTTPRoutes into routes of the table (ingress-semantics.md §9): resolves their
 * {@code backendRefs} (a Service in the Route's namespace, or in another one a ReferenceGrant allows; GEP-709) and
 * compiles each {@code matches[]} entry of each rule, under each hostname it is served under, into a route of
 * kind {@code HTTPRoute}.
 */
final class HttpRouteRules {

    private final Compilation compilation;
    private final BackendResolver backends;
    private final ReferenceGrants grants;

    HttpRouteRules(Compilation compilation, BackendResolver backends, ReferenceGrants grants) {
        this.compilation = compilation;
        this.backends = backends;
        this.grants = grants;
    }

    /**
     * The backendRefs of one Route, resolved.
     *
     * @param backends  by field ({@code spec.rules[0].backendRefs[1]}): the resolved Service port, or an unavailable
     *                  {@link Backend} saying why it cannot be used (its share of requests is answered 500, §9.4)
     * @param condition the Route's {@code ResolvedRefs} condition: the first problem found, in spec order
     */
    record Resolution(Map<String, Backend> backends, GatewayCondition condition) {
    }

    Resolution resolve(HTTPRoute route) {
        String namespace = Metadata.namespaceOf(route);
        Map<String, Backend> resolved = new LinkedHashMap<>();
        GatewayCondition condition = HttpRouteProcessor.resolvedRefsOk();
        for (Map.Entry<String, HTTPBackendRef> entry : HttpRouteProcessor.backendRefs(route).entrySet()) {
            String field = entry.getKey();
            HTTPBackendRef ref = entry.getValue();
            String group = ref.getGroup() == null ? "" : ref.getGroup();
            String kind = ref.getKind() == null ? "Service" : ref.getKind();
            String refNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace
                    : ref.getNamespace();
            String name = ref.getName() == null ? "" : ref.getName();
            String port = ref.getPort() == null ? "-" : String.valueOf(ref.getPort());
            String reason = null;
            String message = null;
            Backend backend;
            if (!group.isEmpty() || !kind.equals("Service")) {
                reason = GatewayApiResults.REASON_INVALID_KIND;
                message = "backendRefs name core Services (group \"\", kind Service), not "
                        + (group.isEmpty() ? "" : group + "/") + kind;
                backend = Backend.unavailable(refNamespace, name, port, BackendState.UNSUPPORTED, message);
            } else if (!grants.permits(GatewayProcessor.GROUP, HttpRouteProcessor.KIND, namespace, "", "Service",
                    refNamespace, name)) {
                reason = GatewayApiResults.REASON_REF_NOT_PERMITTED;
                message = "Service " + refNamespace + "/" + name + " is in another namespace and no ReferenceGrant"
                        + " there allows HTTPRoutes from " + namespace + ": add one in " + refNamespace
                        + " (from: HTTPRoute in " + namespace + "; to: Service)";
                backend = Backend.unavailable(refNamespace, name, port, BackendState.UNSUPPORTED, message);
            } else if (ref.getPort() == null) {
                reason = GatewayApiResults.REASON_UNSUPPORTED_VALUE;
                message = "a backendRef to a Service needs its port: add `port:` (the Service port's number)";
                backend = Backend.unavailable(refNamespace, name, port, BackendState.PORT_MISSING, message);
            } else {
                backend = backends.resolve(refNamespace, new IngressBackendBuilder().withNewService()
                        .withName(name).withNewPort().withNumber(ref.getPort()).endPort().endService().build());
                if (backend.state() == BackendState.SERVICE_MISSING || backend.state() == BackendState.PORT_MISSING) {
                    reason = GatewayApiResults.REASON_BACKEND_NOT_FOUND;
                    message = backend.problem();
                }
            }
            if (reason != null) {
                compilation.warn(route, field, reason, message);
                if (condition.status()) {
                    condition = GatewayCondition.failed(GatewayApiResults.RESOLVED_REFS,
                            reason.equals(GatewayApiResults.REASON_UNSUPPORTED_VALUE)
                                    ? GatewayApiResults.REASON_BACKEND_NOT_FOUND : reason, message);
                }
            }
            resolved.put(field, backend);
        }
        if (condition.status()) {
            // an ExtensionRef names a kind Ingress Lab does not know: reported where it is, by RuleCompiler
            Optional<FilterSupport.Unapplied> extension = FilterSupport.of(route).stream()
                    .filter(u -> u.reason().equals(GatewayApiResults.REASON_INVALID_KIND)).findFirst();
            if (extension.isPresent()) {
                condition = GatewayCondition.failed(GatewayApiResults.RESOLVED_REFS,
                        GatewayApiResults.REASON_INVALID_KIND, extension.get().field() + ": "
                        + extension.get().message());
            }
        }
        return new Resolution(resolved, condition);
    }

    /**
     * Adds the rules of an accepted Route to the table: one route per {@code matches[]} entry (the default match,
     * PathPrefix {@code /}, when there is none) per hostname it is served under. A route attached to both an HTTP
     * and an HTTPS listener under one hostname serves both schemes; to one only, that scheme. An invalid match or
     * filter drops its rule, with a diagnostic at its field.
     *
     * @param attachments the listeners the Route is accepted on, and the hostnames it is served under on each
     */
    void add(HTTPRoute route, Resolution resolution, Map<GatewayApiState.ListenerState, List<String>> attachments) {
        Map<String, java.util.Set<String>> schemesByHost = new LinkedHashMap<>();
        attachments.forEach((listener, hostnames) -> {
            for (String hostname : hostnames) {
                schemesByHost.computeIfAbsent(hostname, h -> new java.util.LinkedHashSet<>())
                        .add(listener.proxyListener());
                if (Listener.HTTPS.equals(listener.proxyListener()) && !hostname.isEmpty()
                        && listener.hostname() == null) {
                    compilation.builder().addSecureVirtualHost(new SecureVirtualHost(hostname,
                            listener.certificates(), new Origin("Gateway", Metadata.namespaceOf(listener.gateway()),
                            listener.gateway().getMetadata().getName(), Metadata.createdOf(listener.gateway()),
                            listener.index(), 0), ""));
                }
            }
        });
        List<HTTPRouteRule> rules = route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
        for (int r = 0; r < rules.size(); r++) {
            Optional<CompiledRule> compiled = new RuleCompiler(compilation, route, r, resolution).compile(rules.get(r));
            if (compiled.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, java.util.Set<String>> host : schemesByHost.entrySet()) {
                String scheme = host.getValue().size() > 1 ? null : host.getValue().iterator().next();
                List<RouteMatch> matches = compiled.get().matches();
                for (int m = 0; m < matches.size(); m++) {
                    Origin origin = new Origin(Origin.HTTP_ROUTE, Metadata.namespaceOf(route),
                            route.getMetadata().getName(), Metadata.createdOf(route), r, m);
                    compilation.builder().addRoute(Route.httpRoute(origin, host.getKey(),
                            matches.get(m).withScheme(scheme), compiled.get().filters(), compiled.get().backends()));
                }
            }
        }
    }

    /** One rule, compiled: its matches, filters and weighted backends. */
    record CompiledRule(List<RouteMatch> matches, RouteFilters filters, List<WeightedBackend> backends) {
    }
}
