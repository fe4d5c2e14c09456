package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** An object read from a manifest, with the place it was read from. */
public record LoadedObject(HasMetadata object, SourceLocation location) {

    /** {@code Ingress default/host-ingress}. */
    public String display() {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
