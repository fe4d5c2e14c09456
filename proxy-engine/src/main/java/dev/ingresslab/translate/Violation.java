package dev.ingresslab.translate;

/**
 * A rule of the Kubernetes API server that an object breaks: such an object could never be stored in a cluster.
 *
 * @param field   the field, as the API server names it: {@code spec.rules[0].http.paths[0].pathType}
 * @param message the API server's wording where we know it
 */
public record Violation(String field, String message) {

    public String display() {
        return field + ": " + message;
    }
}
