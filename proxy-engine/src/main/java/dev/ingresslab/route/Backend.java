package dev.ingresslab.route;

import java.util.List;
import java.util.Objects;

/**
 * A Service port an Ingress path points at, resolved against the Services and EndpointSlices seen.
 *
 * @param namespace the Ingress's namespace: a Service is only ever looked up there (§5.1)
 * @param service   the Service name
 * @param port      the port as the Ingress wrote it: a number ({@code 8080}) or a name ({@code http})
 * @param endpoints the ready endpoints (address and target port), in a stable order
 * @param state     whether requests can be forwarded
 * @param problem   why not, in plain words; empty when {@link BackendState#READY}
 * @param notReady  how many endpoints of that port the EndpointSlices list as not ready ({@code
 *                  conditions.ready: false}): counted, never routed to (ingress-nginx's rule, {@code
 *                  internal/ingress/controller/endpointslices.go}), so a view can say "1/3 ready"; 0 when unchecked
 */
public record Backend(String namespace, String service, String port, List<Endpoint> endpoints, BackendState state,
                      String problem, int notReady) {

    public Backend {
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(service);
        Objects.requireNonNull(port);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(state);
        problem = problem == null ? "" : problem;
        if (notReady < 0) {
            throw new IllegalArgumentException("notReady must be 0 or more, got " + notReady);
        }
    }

    /** A backend with no not-ready endpoints counted (files without EndpointSlices, ExternalName, problems). */
    public Backend(String namespace, String service, String port, List<Endpoint> endpoints, BackendState state,
                   String problem) {
        this(namespace, service, port, endpoints, state, problem, 0);
    }

    /** Ready and not-ready endpoints together: the "total" of "ready/total". */
    public int endpointsTotal() {
        return endpoints.size() + notReady;
    }

    public static Backend ready(String namespace, String service, String port, List<Endpoint> endpoints) {
        return new Backend(namespace, service, port, endpoints, BackendState.READY, "");
    }

    /** Ready endpoints to route to, and {@code notReady} more listed but not ready (counted, not routed to). */
    public static Backend ready(String namespace, String service, String port, List<Endpoint> endpoints,
                                int notReady) {
        return new Backend(namespace, service, port, endpoints, BackendState.READY, "", notReady);
    }

    public static Backend unavailable(String namespace, String service, String port, BackendState state,
                                      String problem) {
        return new Backend(namespace, service, port, List.of(), state, problem);
    }

    /** {@code alpaca:8080}. */
    public String display() {
        return service + ":" + port;
    }
}
