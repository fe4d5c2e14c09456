package dev.ingresslab.translate;

import java.util.Objects;

/**
 * A finding about one object (an Ingress, or a Gateway API object) made while translating: it becomes a Kubernetes
 * Event on the object and is shown by the CLI and the GUI.
 *
 * @param severity  warning when traffic is affected, info otherwise
 * @param namespace the object's namespace
 * @param name      the object's name
 * @param field     the field concerned ({@code spec.rules[0].http.paths[1].backend}), or empty
 * @param reason    a short CamelCase reason, as Kubernetes Events have ({@code ServiceNotFound})
 * @param message   what is wrong and what to do, in plain words
 * @param kind      the object's kind ({@code Ingress}, {@code HTTPRoute}, {@code Gateway}…): an HTTPRoute converted
 *                  from an Ingress has its name, so the name alone does not say which object is meant
 */
public record Diagnostic(Severity severity, String namespace, String name, String field, String reason,
                         String message, String kind) {

    public enum Severity { WARNING, INFO }

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(name);
        field = field == null ? "" : field;
        Objects.requireNonNull(reason);
        Objects.requireNonNull(message);
        Objects.requireNonNull(kind);
    }

    /** A finding about an Ingress. */
    public Diagnostic(Severity severity, String namespace, String name, String field, String reason, String message) {
        this(severity, namespace, name, field, reason, message, "Ingress");
    }

    /** {@code namespace/name}: a key among objects of one kind; to show a person, use {@link #kindAndName()}. */
    public String objectName() {
        return namespace + "/" + name;
    }

    /** {@code Ingress default/web} or {@code HTTPRoute default/web}: the kind first, as {@code routes} writes it. */
    public String kindAndName() {
        return kind + " " + objectName();
    }

    /**
     * {@code warning Ingress default/host-ingress spec.rules[0]: …}: the kind is named because an HTTPRoute made by
     * {@code convert} keeps its Ingress's name.
     */
    public String display() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + kindAndName()
                + (field.isEmpty() ? "" : " " + field) + ": " + message;
    }
}
