package dev.ingresslab.sandbox;

import dev.ingresslab.manifest.ApiServerChecks;
import dev.ingresslab.translate.IngressValidator;
import dev.ingresslab.translate.Violation;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API server checks before it stores an object, with its messages: the kind (case-sensitive), strict
 * decoding by the {@code fieldValidation} the client asks for (kubectl asks for {@code Strict}; an unknown field is
 * then refused, with {@code Warn} it becomes a warning), the name, and the Ingress validation rules. A refusal carries
 * our hint on its second line.
 */
final class WriteChecks {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WriteChecks() {
    }

    /**
     * The refusal of {@code object} written to {@code path}, or empty when it may be stored; warnings (unknown fields
     * under {@code Warn}) are added to {@code warnings}.
     */
    static Optional<ApiStatus> check(ApiPath path, JsonNode object, String fieldValidation, List<String> warnings) {
        ApiResources.Resource resource = path.resource();
        if (!object.isObject()) {
            return Optional.of(ApiStatus.badRequest("the body of the request was in an unknown format - accepted"
                    + " media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
                    ""));
        }
        String kind = object.path("kind").asString("");
        String apiVersion = object.path("apiVersion").asString("");
        if (kind.isEmpty()) {
            ApiServerChecks.Refusal missing = ApiServerChecks.missingKind(object, resource.kind());
            return Optional.of(ApiStatus.badRequest(missing.message(), missing.hint()));
        }
        if (!kind.equals(resource.kind()) || !apiVersion.equals(resource.groupVersion())) {
            return Optional.of(ApiServerChecks.kindMistake(apiVersion, kind)
                    .map(mistake -> ApiStatus.badRequest(mistake.message(), mistake.hint()))
                    .orElseGet(() -> ApiStatus.badRequest("the API version in the data (" + apiVersion + ") and kind ("
                            + kind + ") do not match the resource " + resource.qualifiedName() + " ("
                            + resource.groupVersion() + " " + resource.kind() + ")", "")));
        }
        Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        ApiServerChecks.Decoded<? extends KubernetesResource> decoded = ApiServerChecks.decode(object, type,
                apiVersion, kind);
        if (decoded.refusal() != null) {
            return Optional.of(ApiStatus.badRequest(decoded.refusal().message(), decoded.refusal().hint()));
        }
        KubernetesResource typed = decoded.object();
        if ("Strict".equals(fieldValidation)) {
            Optional<ApiServerChecks.Refusal> strict = ApiServerChecks.strictDecoding(typed, apiVersion, kind);
            if (strict.isPresent()) {
                return Optional.of(ApiStatus.badRequest(strict.get().message(), strict.get().hint()));
            }
        } else if (!"Ignore".equals(fieldValidation)) {
            ApiServerChecks.unknownFields(typed).forEach(field -> warnings.add("unknown field \"" + field + "\""));
        }
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty() && path.name() != null) {
            name = path.name();
        }
        if (name.isEmpty()) {
            return Optional.of(ApiStatus.invalid(resource, "", List.of(cause("metadata.name",
                    "Required value: name or generateName is required")),
                    "metadata.name: Required value: name or generateName is required"));
        }
        String namespace = object.path("metadata").path("namespace").asString("");
        if (path.namespace() != null && !namespace.isEmpty() && !namespace.equals(path.namespace())) {
            return Optional.of(ApiStatus.badRequest("the namespace of the provided object does not match the"
                    + " namespace sent on the request", ""));
        }
        if (path.name() != null && !name.equals(path.name())) {
            return Optional.of(ApiStatus.badRequest("the name of the object (" + name
                    + ") does not match the name on the URL (" + path.name() + ")", ""));
        }
        Optional<ApiStatus> replicas = negativeReplicas(resource, name, object);
        if (replicas.isPresent() && path.subresource() == null) {
            return replicas;
        }
        if (typed instanceof Ingress ingress && path.subresource() == null) {
            List<Violation> violations = IngressValidator.validate(ingress);
            if (!violations.isEmpty()) {
                List<Map<String, String>> causes = new ArrayList<>();
                violations.forEach(violation -> causes.add(cause(violation.field(), violation.message())));
                String summary = violations.size() == 1 ? violations.get(0).display()
                        : "[" + String.join(", ", violations.stream().map(Violation::display).toList()) + "]";
                String hint = ApiServerChecks.hintFor(violations.get(0));
                if (!hint.isEmpty()) {
                    // kubectl prints an Invalid status from its causes, not its message: the hint rides on the last
                    Violation last = violations.get(violations.size() - 1);
                    causes.set(causes.size() - 1, cause(last.field(), last.message() + "\nhint: " + hint));
                    summary = summary + "\nhint: " + hint;
                }
                return Optional.of(ApiStatus.invalid(resource, name, causes, summary));
            }
        }
        if (ApiResources.isGatewayApi(resource) && path.subresource() == null) {
            List<GatewayApiValidation.Finding> findings = GatewayApiValidation.validate(kind, object);
            if (!findings.isEmpty()) {
                return Optional.of(invalid(resource, name, findings));
            }
        }
        return Optional.empty();
    }

    /**
     * The checks of a replace or patch against the stored object ({@link GatewayApiValidation#validateUpdate}): the
     * 422 the API server answers, or empty.
     */
    static Optional<ApiStatus> checkUpdate(ApiPath path, JsonNode stored, JsonNode updated) {
        List<GatewayApiValidation.Finding> findings = GatewayApiValidation.validateUpdate(path.resource().kind(),
                stored, updated);
        return findings.isEmpty() ? Optional.empty() : Optional.of(invalid(path.resource(),
                updated.path("metadata").path("name").asString(""), findings));
    }

    /**
     * The 422 for a Gateway API object its CRD's schema refuses: every violation as a cause (kubectl prints them one
     * a line under "is invalid:"), the first hint on the last cause, where kubectl prints it last.
     */
    private static ApiStatus invalid(ApiResources.Resource resource, String name,
                                     List<GatewayApiValidation.Finding> findings) {
        List<Map<String, String>> causes = new ArrayList<>();
        findings.forEach(finding -> causes.add(cause(finding.violation().field(), finding.violation().message())));
        List<String> shown = findings.stream().map(finding -> finding.violation().display()).toList();
        String summary = shown.size() == 1 ? shown.get(0) : "[" + String.join(", ", shown) + "]";
        String hint = findings.stream().map(GatewayApiValidation.Finding::hint).filter(h -> !h.isEmpty())
                .findFirst().orElse("");
        if (!hint.isEmpty()) {
            Violation last = findings.get(findings.size() - 1).violation();
            causes.set(causes.size() - 1, cause(last.field(), last.message() + "\nhint: " + hint));
            summary = summary + "\nhint: " + hint;
        }
        return ApiStatus.invalid(resource, name, causes, summary);
    }

    /**
     * A Deployment's or ReplicaSet's {@code spec.replicas} below 0, refused as the API server's validation refuses it
     * ({@code apps/validation ValidateNonnegativeField}): {@code spec.replicas: Invalid value: -1: must be greater
     * than or equal to 0}, 422.
     */
    static Optional<ApiStatus> negativeReplicas(ApiResources.Resource resource, String name, JsonNode object) {
        JsonNode replicas = object.path("spec").path("replicas");
        if (!(resource.kind().equals("Deployment") || resource.kind().equals("ReplicaSet"))
                || !replicas.isIntegralNumber() || replicas.asLong() >= 0) {
            return Optional.empty();
        }
        String message = invalidReplicas(replicas.asLong());
        return Optional.of(ApiStatus.invalid(resource, name, List.of(cause("spec.replicas", message)),
                "spec.replicas: " + message));
    }

    /** The API server's words for a negative replica count. */
    static String invalidReplicas(long replicas) {
        return "Invalid value: " + replicas + ": must be greater than or equal to 0";
    }

    private static Map<String, String> cause(String field, String message) {
        return Map.of("reason", "FieldValueInvalid", "message", message, "field", field);
    }
}
