package dev.ingresslab.convert;

import java.util.Objects;

/**
 * Something of an Ingress that the Gateway API output does not carry, or carries with a different behaviour: never
 * dropped silently, always listed with what to do about it.
 *
 * @param object the Ingress, {@code namespace/name}
 * @param field  where in it, or empty for the whole object: {@code metadata.annotations[nginx.ingress.kubernetes.io/canary-by-cookie]},
 *               {@code spec.rules[0].http.paths[1]}, {@code spec.tls[0]}
 * @param why    what is lost or changes, in plain words
 * @param todo   what the user can do next
 */
public record Untranslatable(String object, String field, String why, String todo) {

    public Untranslatable {
        Objects.requireNonNull(object);
        Objects.requireNonNull(field);
        Objects.requireNonNull(why);
        Objects.requireNonNull(todo);
    }

    /** {@code Ingress default/x spec.rules[0]: why; todo}. */
    public String display() {
        return "Ingress " + object + (field.isEmpty() ? "" : " " + field) + ": " + why + " (" + todo + ")";
    }
}
