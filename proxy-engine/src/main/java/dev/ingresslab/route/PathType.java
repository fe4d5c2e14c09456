package dev.ingresslab.route;

/** The {@code pathType} of an Ingress path, as the API spells it. */
public enum PathType {
    EXACT("Exact"),
    PREFIX("Prefix"),
    IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

    private final String apiName;

    PathType(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling used in manifests and in every message we print. */
    public String apiName() {
        return apiName;
    }

    /** The type for an API spelling (case-sensitive, as the API server is), or null when there is none. */
    public static PathType fromApiName(String name) {
        for (PathType type : values()) {
            if (type.apiName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
