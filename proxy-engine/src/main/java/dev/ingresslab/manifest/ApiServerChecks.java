package dev.ingresslab.manifest;

import dev.ingresslab.translate.IngressValidator;
import dev.ingresslab.translate.Violation;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks the API server makes on an object it is given, with its wording, and what we add to its answer: the
 * kind mistakes it refuses, what it cannot decode, the fields strict decoding refuses, the name it requires, the
 * Ingress validation rules, and for each the hint that says what to do. The one copy of these checks: {@link
 * ManifestLoader} (so explain, up and lint) uses them on files, and the sandbox's API server on what kubectl sends, so
 * a mistake reads the same wherever it is made.
 */
public final class ApiServerChecks {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final KindRegistry KINDS = new KindRegistry(SERIALIZATION);
    private static final SourceLocation NOWHERE = new SourceLocation("", 0);

    private ApiServerChecks() {
    }

    /**
     * A refusal: the field it is about, the API server's message, and our hint.
     *
     * @param field   the field as the API server names it ({@code spec.rules[0].host}), or "" for the whole object
     * @param message the API server's words
     * @param hint    what to do next; may be empty
     */
    public record Refusal(String field, String message, String hint) {

        public Refusal {
            hint = hint == null ? "" : hint;
        }
    }

    /**
     * The outcome of decoding: the typed object, or why the API server could not decode it.
     *
     * @param object  the decoded object, or null when refused
     * @param refusal why it could not be decoded, or null
     */
    public record Decoded<T>(T object, Refusal refusal) {
    }

    /**
     * The API server's refusal of a kind it does not have in this version, when it is a mistake we recognise
     * ({@code kind: ingress}, a removed {@code v1beta1} Ingress).
     */
    public static Optional<Refusal> kindMistake(String apiVersion, String kind) {
        return Optional.ofNullable(KINDS.mistake(NOWHERE, apiVersion, kind))
                .map(problem -> new Refusal(problem.message().startsWith("no matches")
                        || problem.message().startsWith("Ingress Lab reads") ? "apiVersion" : "kind",
                        problem.message(), problem.hint()));
    }

    /** The API server's refusal of an object without {@code kind}: {@code Object 'Kind' is missing in '{…}'}. */
    public static Refusal missingKind(JsonNode object, String likelyKind) {
        String text = object.toString();
        String shown = text.length() > 120 ? text.substring(0, 117) + "..." : text;
        return new Refusal("kind", "Object 'Kind' is missing in '" + shown + "'",
                "every manifest needs `apiVersion` and `kind`, e.g. `kind: " + likelyKind + "`");
    }

    /**
     * Decodes {@code node} as the API server's JSON decoder would, into the model class of {@code apiVersion}/{@code
     * kind}: a value of the wrong type is refused with the decoder's words ({@code json: cannot unmarshal string into
     * Go struct field ServiceBackendPort.spec.defaultBackend.service.port.number of type int32}), and so is an int32
     * field given as a quoted string ({@code number: "80"}), which the model alone would coerce ({@link
     * QuotedIntegers}).
     */
    public static <T> Decoded<T> decode(JsonNode node, Class<T> type, String apiVersion, String kind) {
        Optional<DecodeErrors.Explained> quoted = QuotedIntegers.find(node, kind);
        if (quoted.isPresent()) { // the model would coerce "80"; the API server's decoder refuses it
            return new Decoded<>(null, new Refusal(quoted.get().field(), cannotBeHandled(apiVersion, kind)
                    + quoted.get().message(), quoted.get().hint()));
        }
        try {
            return new Decoded<>(SERIALIZATION.convertValue(node, type), null);
        } catch (RuntimeException e) {
            DecodeErrors.Explained explained = DecodeErrors.explain(e, node);
            return new Decoded<>(null, new Refusal(explained.field(), cannotBeHandled(apiVersion, kind)
                    + explained.message(), explained.hint().isEmpty() ? "compare the fields with `kubectl explain "
                    + kind.toLowerCase(Locale.ROOT) + "`" : explained.hint()));
        }
    }

    /**
     * The refusal of fields the API does not have under {@code fieldValidation=Strict} (what kubectl apply asks for),
     * with a hint that names the right field: the v1 form for the removed ones, else the nearest valid field by edit
     * distance and the valid fields beside it.
     */
    public static Optional<Refusal> strictDecoding(KubernetesResource typed, String apiVersion, String kind) {
        List<UnknownFields.Unknown> unknown = UnknownFields.find(typed);
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        List<String> fields = unknown.stream().map(UnknownFields.Unknown::field).toList();
        return Optional.of(new Refusal(fields.get(0), cannotBeHandled(apiVersion, kind)
                + strictDecodingMessage(fields), FieldSuggestions.hint(kind, unknown.get(0), fields)));
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

    /** The API server's refusal of an object without a name (its validation's words, 422). */
    public static Refusal nameRequired(String kind) {
        return new Refusal("metadata.name", "The " + kind + " \"\" is invalid: metadata.name: Required value: name"
                + " or generateName is required", "set `metadata.name` (lower case letters, digits, '-' and '.')");
    }

    /**
     * The API server's validation of an Ingress ({@link IngressValidator}), each violation as {@code kubectl apply}
     * prints it ({@code The Ingress "x" is invalid: spec.rules[0].host: Invalid value: …}) with its hint.
     */
    public static List<Refusal> ingressInvalid(Ingress ingress) {
        String name = ingress.getMetadata() == null || ingress.getMetadata().getName() == null ? ""
                : ingress.getMetadata().getName();
        return IngressValidator.validate(ingress).stream()
                .map(violation -> new Refusal(violation.field(), "The Ingress \"" + name + "\" is invalid: "
                        + violation.display(), ViolationHints.hint(violation)))
                .toList();
    }

    /** Our hint for one violation of the Ingress validation rules; empty when the message says it all. */
    public static String hintFor(Violation violation) {
        return ViolationHints.hint(violation);
    }

    /** The decoder's prefix: {@code Ingress in version "v1" cannot be handled as a Ingress: }. */
    public static String cannotBeHandled(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": ";
    }

    /** What to do about unknown fields of a kind: the right field for the mistakes we know, else where to look. */
    public static String unknownFieldHint(String kind, List<String> unknown) {
        return FieldSuggestions.hint(kind, new UnknownFields.Unknown(unknown.get(0), List.of()), unknown);
    }
}
