package dev.ingresslab.translate;

import java.util.Objects;

/**
 * A finding about one Ingress made while translating: it becomes a Kubernetes Event on the Ingress and is shown by
 * the CLI and the GUI.
 *
 * @param severity  warning when traffic is affected, info otherwise
 * @param namespace the Ingress's namespace
 * @param name      the Ingress's name
 * @param field     the field concerned ({@code spec.rules[0].http.paths[1].backend}), or empty
 * @param reason    a short CamelCase reason, as Kubernetes Events have ({@code ServiceNotFound})
 * @param message   what is wrong and what to do, in plain words
 */
public record Diagnostic(Severity severity, String namespace, String name, String field, String reason,
                         String message) {

    public enum Severity { WARNING, INFO }

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(name);
        field = field == null ? "" : field;
        Objects.requireNonNull(reason);
        Objects.requireNonNull(message);
    }

    public String objectName() {
        return namespace + "/" + name;
    }

    /** {@code warning default/host-ingress spec.rules[0]: ServiceNotFound: …}. */
    public String display() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + objectName()
                + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
