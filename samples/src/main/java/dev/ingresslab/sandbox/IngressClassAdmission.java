package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-apiserver does to an Ingress's class when the Ingress is created, and only then:
 * <ul>
 *   <li>the {@code DefaultIngressClass} admission plugin (kubernetes {@code plugin/pkg/admission/network/
 *       defaultingressclass/admission.go}, enabled by default) sets {@code spec.ingressClassName} when the Ingress
 *       has neither that field nor the {@code kubernetes.io/ingress.class} annotation (present at all, whatever its
 *       value), to the IngressClass annotated {@code ingressclass.kubernetes.io/is-default-class: "true"}; when
 *       several are, to the newest ({@code getDefaultClass}: latest creationTimestamp, of equal ones the first name;
 *       since Kubernetes 1.28, before which several defaults refused the create). The plugin handles CREATE only: an
 *       update never gains a class;</li>
 *   <li>{@code ValidateIngressCreate} (kubernetes {@code pkg/apis/networking/validation/validation.go}) refuses an
 *       Ingress whose annotation and {@code ingressClassName} are both set and differ: 422, {@code
 *       annotations.kubernetes.io/ingress.class: Invalid value: "a": must match `ingressClassName` when both are
 *       specified}. An update is not checked so (ValidateIngressUpdate skips it).</li>
 * </ul>
 */
final class IngressClassAdmission {

    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
    static final String DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    private static final String CLASSES = "/apis/networking.k8s.io/v1/ingressclasses";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ApiResources.Resource INGRESSES =
            ApiResources.find("networking.k8s.io/v1", "ingresses").orElseThrow();

    private IngressClassAdmission() {
    }

    /**
     * Admits an Ingress being created: refuses the annotation and field that disagree, else sets the default class
     * where the plugin would.
     *
     * @param ingress the decoded Ingress, changed in place
     * @param store   where the IngressClasses are read
     * @return the refusal, or empty when the Ingress may be stored
     * @throws IOException when the store cannot be read
     */
    static Optional<ApiStatus> admitCreate(ObjectNode ingress, MockUpstream store) throws IOException {
        JsonNode annotations = ingress.path("metadata").path("annotations");
        JsonNode field = ingress.path("spec").path("ingressClassName");
        boolean annotated = annotations.has(CLASS_ANNOTATION);
        if (annotated && field.isString() && !annotations.path(CLASS_ANNOTATION).asString("")
                .equals(field.asString())) {
            String value = annotations.path(CLASS_ANNOTATION).asString("");
            String message = "Invalid value: \"" + value + "\": must match `ingressClassName` when both are specified";
            String path = "annotations." + CLASS_ANNOTATION;
            return Optional.of(ApiStatus.invalid(INGRESSES, ingress.path("metadata").path("name").asString(""),
                    List.of(Map.of("reason", "FieldValueInvalid", "message", message, "field", path)),
                    path + ": " + message + "\nhint: keep one of them: spec.ingressClassName (the annotation is"
                            + " deprecated since Kubernetes 1.18)"));
        }
        if (annotated || (!field.isMissingNode() && !field.isNull())) {
            return Optional.empty();
        }
        Optional<String> defaultClass = defaultClass(store);
        if (defaultClass.isPresent() && ingress.get("spec") instanceof ObjectNode spec) {
            spec.put("ingressClassName", defaultClass.get());
        }
        return Optional.empty();
    }

    /** The default IngressClass as {@code getDefaultClass} picks it: the newest of those marked default. */
    static Optional<String> defaultClass(MockUpstream store) throws IOException {
        MockUpstream.Answer answer = store.send("GET", CLASSES, null);
        if (answer.status() != 200) {
            throw new IOException("the IngressClasses could not be listed (HTTP " + answer.status() + ")");
        }
        List<JsonNode> defaults = new ArrayList<>();
        JSON.readTree(answer.body()).path("items").forEach(item -> {
            if ("true".equals(item.path("metadata").path("annotations").path(DEFAULT_ANNOTATION).asString(""))) {
                defaults.add(item);
            }
        });
        return defaults.stream().min(Comparator.comparing(IngressClassAdmission::created).reversed()
                        .thenComparing(c -> c.path("metadata").path("name").asString("")))
                .map(c -> c.path("metadata").path("name").asString(""));
    }

    private static Instant created(JsonNode object) {
        try {
            return Instant.parse(object.path("metadata").path("creationTimestamp").asString(""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
