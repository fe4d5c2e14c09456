package dev.ingresslab.route;

/** Whether a backend can take requests, and if not, why (ingress-semantics.md §5.3). */
public enum BackendState {
    /** The Service and port exist and there is at least one ready endpoint. */
    READY,
    /** Endpoints were not given (a manifest set without EndpointSlices): routing is shown, health is unknown. */
    UNCHECKED,
    SERVICE_MISSING,
    PORT_MISSING,
    NO_ENDPOINTS,
    /** A backend the controller cannot serve (a {@code resource} backend, an ExternalName Service). */
    UNSUPPORTED;

    /** True when the proxy may forward to this backend. */
    public boolean servable() {
        return this == READY || this == UNCHECKED;
    }
}
