package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Small readers of object metadata that tolerate what an untrusted object may lack. */
final class Metadata {

    /** What an object without a readable creationTimestamp counts as: newer than everything dated. */
    static final Instant UNDATED = dev.ingresslab.route.Origin.UNDATED;

    private Metadata() {
    }

    static String namespaceOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    static Instant createdOf(HasMetadata object) {
        String timestamp = object.getMetadata().getCreationTimestamp();
        if (timestamp == null) {
            return UNDATED;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return UNDATED;
        }
    }

    static Map<String, String> annotationsOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    static Map<String, String> labelsOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
