package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object read from a manifest, with the place it was read from.
 *
 * @param object    the decoded object
 * @param location  where its document (or {@code v1 List} item) starts
 * @param positions where each of its fields is written, for findings about one field
 */
public record LoadedObject(HasMetadata object, SourceLocation location, FieldPositions positions) {

    /** An object whose fields' places are not known: they are all at {@code location}. */
    public LoadedObject(HasMetadata object, SourceLocation location) {
        this(object, location, FieldPositions.none(location));
    }

    /** {@code Ingress default/host-ingress}. */
    public String display() {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
