package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return new Resolution(resolved, condition);
    }

    /**
     * Adds the rules of an accepted Route to the table, under each listener's hostnames.
     *
     * @param attachments the listeners the Route is accepted on, and the hostnames it is served under on each
     */
    void add(HTTPRoute route, Resolution resolution, Map<GatewayApiState.ListenerState, List<String>> attachments) {
        // The rules are compiled into routes by the matching work (next commit).
    }
}
