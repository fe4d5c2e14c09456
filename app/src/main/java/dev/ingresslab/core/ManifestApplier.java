package dev.ingresslab.core;

import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.LintReport;
import dev.ingresslab.lint.Linter;
import dev.ingresslab.lint.Severity;
import dev.ingresslab.manifest.ApiServerChecks;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Applies the documents of a manifest text to a cluster as {@code kubectl apply -f} sends them: each one POSTed to
 * its resource with {@code fieldValidation=Strict} (kubectl's default validation), and on {@code 409 AlreadyExists}
 * replaced (PUT with the stored {@code resourceVersion}). The kind is mapped to its resource by the API server's
 * discovery first, as kubectl does, so a kind in the wrong case is refused before anything is sent. A refusal is
 * the API server's own message with our hint: the hint of the lint finding that says the same (the sandbox's API
 * server runs lint's checks, so they match), else the hint for the unknown fields.
 */
final class ManifestApplier {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient kubectl;

    /** @param kubectl a client that reaches the API server as kubectl does; not closed here */
    ManifestApplier(KubernetesClient kubectl) {
        this.kubectl = kubectl;
    }

    /**
     * Applies every document of {@code text}, in order, going on after a refusal as kubectl does.
     *
     * @throws IllegalArgumentException when the text is not YAML (the message says where; lint says more)
     * @throws KubernetesClientException when the API server does not answer
     */
    ManifestApplyOutcome apply(String text) {
        List<JsonNode> documents = documents(text);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("there is nothing to apply: paste or open a manifest first");
        }
        LintReport lint = new Linter(new ManifestLoader(), TranslatorSettings.defaults()).lintText("<editor>", text);
        List<String> applied = new ArrayList<>();
        List<ManifestApplyOutcome.Refusal> refused = new ArrayList<>();
        for (JsonNode document : documents) {
            String apiVersion = document.path("apiVersion").asString("");
            String kind = document.path("kind").asString("");
            String name = document.path("metadata").path("name").asString("");
            String what = kind + " " + name;
            APIResource resource = apiVersion.isEmpty() || kind.isEmpty() ? null
                    : SampleOperations.resourceOf(kubectl, apiVersion, kind);
            if (resource == null) {
                var mistake = ApiServerChecks.kindMistake(apiVersion, kind);
                String message = mistake.map(ApiServerChecks.Refusal::message).orElse("no matches for kind \""
                        + kind + "\" in version \"" + apiVersion + "\"");
                refused.add(new ManifestApplyOutcome.Refusal(what, message, mistake.map(
                        ApiServerChecks.Refusal::hint).filter(hint -> !hint.isEmpty()).orElse(hintFor(message, lint))));
                continue;
            }
            String namespace = Boolean.TRUE.equals(resource.getNamespaced()) ? document.path("metadata")
                    .path("namespace").asString(kubectl.getNamespace() == null ? "default" : kubectl.getNamespace())
                    : null;
            String collection = path(apiVersion, namespace, resource);
            HttpResponse<String> answer = send("POST", collection + "?fieldValidation=Strict", document);
            String verb = "created";
            if (answer.code() == 409 && !name.isEmpty()) {
                HttpResponse<String> stored = send("GET", collection + "/" + name, null);
                if (stored.code() == 200) {
                    ObjectNode replacement = (ObjectNode) document.deepCopy();
                    replacement.withObject("metadata").put("resourceVersion",
                            JSON.readTree(stored.body()).path("metadata").path("resourceVersion").asString(""));
                    answer = send("PUT", collection + "/" + name + "?fieldValidation=Strict", replacement);
                    verb = "configured";
                }
            }
            if (answer.code() >= 400) {
                String message = SampleOperations.statusMessage(answer.body());
                refused.add(new ManifestApplyOutcome.Refusal(what, message, hintFor(message, lint)));
            } else {
                applied.add(kind + " " + (namespace == null ? "" : namespace + "/") + name + " " + verb);
            }
        }
        return new ManifestApplyOutcome(applied, refused);
    }

    /** The documents of a YAML stream, empty ones skipped. */
    private static List<JsonNode> documents(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the text is not YAML (" + e.getOriginalMessage() + "): the findings"
                    + " list says where; fix it before applying", e);
        }
        return documents;
    }

    /**
     * Our hint for a refusal: the hint of the error lint found that says the same as the API server (one set of
     * checks, one message), else of lint's first error.
     */
    private static String hintFor(String message, LintReport lint) {
        List<LintFinding> errors = lint.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        return errors.stream().filter(f -> message.contains(f.message()) || f.message().contains(message))
                .map(LintFinding::hint).filter(hint -> !hint.isEmpty()).findFirst()
                .orElse(errors.stream().map(LintFinding::hint).filter(hint -> !hint.isEmpty()).findFirst()
                        .orElse(""));
    }

    private static String path(String apiVersion, String namespace, APIResource resource) {
        return (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion
                + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource.getName();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        String base = kubectl.getMasterUrl().toString().replaceAll("/$", "");
        HttpRequest.Builder builder = kubectl.getHttpClient().newHttpRequestBuilder().uri(base + path);
        if (body != null) {
            builder.method(method, "application/json", JSON.writeValueAsString(body));
        }
        try {
            return kubectl.getHttpClient().sendAsync(builder.build(), String.class)
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while the API server was asked", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("the API server at " + base + " did not answer: " + e.getMessage(),
                    e);
        }
    }
}
