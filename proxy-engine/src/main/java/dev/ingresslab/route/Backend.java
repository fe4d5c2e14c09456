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
 */
public record Backend(String namespace, String service, String port, List<Endpoint> endpoints, BackendState state,
                      String problem) {

    public Backend {
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(service);
        Objects.requireNonNull(port);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(state);
        problem = problem == null ? "" : problem;
    }

    public static Backend ready(String namespace, String service, String port, List<Endpoint> endpoints) {
        return new Backend(namespace, service, port, endpoints, BackendState.READY, "");
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
