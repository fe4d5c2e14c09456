package dev.ingresslab.route;

/** What the proxy does with a request. The JSON names are the ones explain prints. */
public enum Outcome {
    ROUTED("routed"),
    REDIRECT("redirect"),
    NOT_FOUND("not_found"),
    NO_ENDPOINTS("no_endpoints"),
    BAD_REQUEST("bad_request"),
    /** An HTTPRoute rule's chosen backend cannot be used (no such Service, a reference not permitted, all weights
     * 0): 500, as Gateway API v1 {@code HTTPBackendRef} requires (ingress-semantics.md §9.4). */
    INVALID_BACKEND("invalid_backend");

    private final String jsonName;

    Outcome(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
