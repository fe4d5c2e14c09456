package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks the API server makes on an object it is given, with its wording, and what we add to its answer: the
 * kind mistakes it refuses, the fields strict decoding refuses, and the hint that says what to do. {@link
 * ManifestLoader} uses them on files; the sandbox's API server uses them on what kubectl sends, so a mistake reads the
 * same wherever it is made.
 */
public final class ApiServerChecks {

    private static final KindRegistry KINDS = new KindRegistry(new KubernetesSerialization());
    private static final SourceLocation NOWHERE = new SourceLocation("", 0);

    private ApiServerChecks() {
    }

    /** A refusal: the API server's message, and our hint (may be empty). */
    public record Refusal(String message, String hint) {
    }

    /**
     * The API server's refusal of a kind it does not have in this version, when it is a mistake we recognise
     * ({@code kind: ingress}, a removed {@code v1beta1} Ingress).
     */
    public static Optional<Refusal> kindMistake(String apiVersion, String kind) {
        return Optional.ofNullable(KINDS.mistake(NOWHERE, apiVersion, kind))
                .map(problem -> new Refusal(problem.message(), problem.hint()));
    }

    /** The fields of a decoded model object that the API does not have, named as the API server names them. */
    public static List<String> unknownFields(KubernetesResource object) {
        return UnknownFields.of(object);
    }

    /** The API server's strict-decoding message for unknown fields, without the object's kind prefix. */
    public static String strictDecodingMessage(List<String> unknown) {
        return "strict decoding error: " + String.join(", ", unknown.stream()
                .map(field -> "unknown field \"" + field + "\"").toList());
    }

    /** What to do about unknown fields of a kind: the right field for the mistakes we know, else where to look. */
    public static String unknownFieldHint(String kind, List<String> unknown) {
        if (kind.equals("Ingress") && (unknown.contains("spec.service") || unknown.contains("spec.backend"))) {
            return "a catch-all backend is `spec.defaultBackend.service` (name and port), not `"
                    + (unknown.contains("spec.service") ? "spec.service" : "spec.backend") + "`";
        }
        if (unknown.stream().anyMatch(f -> f.endsWith(".serviceName") || f.endsWith(".servicePort"))) {
            return "`serviceName`/`servicePort` are the removed v1beta1 form: use"
                    + " `service: {name: …, port: {number: …}}`";
        }
        String parent = unknown.get(0).replaceAll("\\[\\d+]", "").replaceAll("\\.?[^.]+$", "");
        return "check the spelling and indentation; `kubectl explain " + kind.toLowerCase(Locale.ROOT)
                + (parent.isEmpty() ? "" : "." + parent) + "` lists the fields";
    }
}
