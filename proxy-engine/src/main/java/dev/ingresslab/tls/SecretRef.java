package dev.ingresslab.tls;

import java.util.Objects;

/**
 * The Kubernetes Secret a certificate was read from. An Ingress's {@code spec.tls[].secretName} has no namespace:
 * the Secret is always the one in the Ingress's own namespace (ingress-semantics.md §7.3).
 *
 * @param namespace the Secret's namespace
 * @param name      the Secret's name
 */
public record SecretRef(String namespace, String name) {

    public SecretRef {
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(name);
    }

    /** {@code namespace/name}, as kubectl names an object. */
    public String display() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return display();
    }
}
