package dev.ingresslab.route;

/** What the proxy does with a request. The JSON names are the ones explain prints. */
public enum Outcome {
    ROUTED("routed"),
    REDIRECT("redirect"),
    NOT_FOUND("not_found"),
    NO_ENDPOINTS("no_endpoints"),
    BAD_REQUEST("bad_request");

    private final String jsonName;

    Outcome(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
