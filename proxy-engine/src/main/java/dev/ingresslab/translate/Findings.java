package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one translation. */
final class Findings {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    void warn(HasMetadata object, String field, String reason, String message) {
        add(Diagnostic.Severity.WARNING, object, field, reason, message);
    }

    void info(HasMetadata object, String field, String reason, String message) {
        add(Diagnostic.Severity.INFO, object, field, reason, message);
    }

    void warn(String namespace, String name, String field, String reason, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, namespace, name, field, reason, message));
    }

    private void add(Diagnostic.Severity severity, HasMetadata object, String field, String reason, String message) {
        diagnostics.add(new Diagnostic(severity, Metadata.namespaceOf(object), object.getMetadata().getName(), field,
                reason, message, HasMetadata.getKind(object.getClass())));
    }

    List<Diagnostic> all() {
        return List.copyOf(diagnostics);
    }
}
