package dev.ingresslab.core;

import dev.ingresslab.manifest.ApiServerChecks;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The chapter's steps applied to and deleted from a cluster ({@link SampleDeployer}), and its mistakes shown: each
 * is sent to the API server as {@code kubectl apply} would send it, but as a dry run ({@code dryRun=All}, with
 * {@code fieldValidation=Strict} as kubectl's default validation asks), so that nothing is ever stored even by a
 * server that would accept it; the API server's refusal and our hint are the outcome.
 */
final class SampleOperations {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final java.util.function.Supplier<KubernetesClient> asKubectl;
    private final Consumer<SessionEvent> events;
    private final java.nio.file.Path dataDirectory;

    /**
     * @param client    applies and deletes the steps' objects
     * @param asKubectl a client that reaches the API server as kubectl does (the sandbox's own client bypasses the
     *                  checks kubectl's requests get); closed after each mistake
     * @param dataDirectory where the local CA is, which issues the TLS step's Secret ({@link
     *                      SampleDeployer#issuingSecretsWith})
     */
    SampleOperations(KubernetesClient client, java.util.function.Supplier<KubernetesClient> asKubectl,
                     Consumer<SessionEvent> events, java.nio.file.Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.client = client;
        this.asKubectl = asKubectl;
        this.events = events;
    }

    SampleOutcome apply(String name, Duration timeout) throws InterruptedException {
        Optional<SampleSteps.Mistake> mistake = SampleSteps.MISTAKES.stream()
                .filter(candidate -> candidate.file().equals(name)).findFirst();
        if (mistake.isPresent()) {
            return tryMistake(mistake.get());
        }
        SampleSteps.Step step = named(name);
        long started = System.nanoTime();
        events.accept(new SessionEvent.SampleStarted(Instant.now(), step.name(), step.description(), false));
        List<String> lines = new ArrayList<>();
        SampleDeployer deployer = new SampleDeployer(client, progress -> {
            if (progress instanceof SessionEvent.SampleObject object) {
                lines.add(object.action() + " " + object.object());
            }
            events.accept(progress);
        });
        try {
            deployer = deployer.issuingSecretsWith(dev.ingresslab.tls.local.LocalCa.loadOrCreate(dataDirectory,
                    dev.ingresslab.tls.local.LocalCa.defaultOwner()));
        } catch (dev.ingresslab.tls.local.LocalCaException e) {
            // the step is still applied; its Ingress then names a missing Secret, which the TLS diagnostics report
            events.accept(new SessionEvent.Problem(Instant.now(), "TLS Secrets are not issued: " + e.getMessage()));
        }
        List<HasMetadata> applied = deployer.deploy(step);
        boolean ready = deployer.awaitReady(applied, timeout);
        return finished(step.name(), ready, lines, started);
    }

    SampleOutcome delete(String name) {
        SampleSteps.Step step = named(name);
        long started = System.nanoTime();
        events.accept(new SessionEvent.SampleStarted(Instant.now(), step.name(), step.description(), true));
        List<String> lines = new ArrayList<>();
        new SampleDeployer(client, progress -> {
            if (progress instanceof SessionEvent.SampleObject object) {
                lines.add(object.action() + " " + object.object());
            }
            events.accept(progress);
        }).delete(step);
        return finished(step.name(), lines.stream().noneMatch(line -> line.startsWith("kept ")), lines, started);
    }

    private SampleOutcome finished(String step, boolean succeeded, List<String> lines, long started) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        events.accept(new SessionEvent.SampleFinished(Instant.now(), step, succeeded, took));
        return new SampleOutcome(step, succeeded, lines, Optional.empty(), Optional.empty(), took);
    }

    /** The step of that name; for an unknown name, the message lists the steps and the mistakes' files. */
    private static SampleSteps.Step named(String name) {
        try {
            return SampleSteps.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (name.equals("mistakes") ? "" : "; the mistakes are "
                    + String.join(", ", SampleSteps.MISTAKES.stream().map(SampleSteps.Mistake::file).toList())), e);
        }
    }

    /** Sends a mistake to the API server (a dry run) and returns its refusal with the fix. */
    private SampleOutcome tryMistake(SampleSteps.Mistake mistake) {
        long started = System.nanoTime();
        String text = resource("samples/ch8/" + mistake.file());
        events.accept(new SessionEvent.SampleStarted(Instant.now(), mistake.file(), mistake.what(), false));
        JsonNode object = new YAMLMapper().readTree(text);
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        String message;
        String fix;
        boolean refused;
        try (KubernetesClient kubectl = asKubectl.get()) {
            String namespace = object.path("metadata").path("namespace").asString(
                    kubectl.getNamespace() == null ? "default" : kubectl.getNamespace());
            APIResource resource = resourceOf(kubectl, apiVersion, kind);
            if (resource == null) {
                // kubectl maps the kind to a resource with the server's discovery documents before it sends anything
                var refusal = ApiServerChecks.kindMistake(apiVersion, kind);
                message = refusal.map(ApiServerChecks.Refusal::message)
                        .orElse("no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"");
                fix = refusal.map(ApiServerChecks.Refusal::hint).filter(hint -> !hint.isEmpty())
                        .orElse("kinds are case-sensitive: `kubectl api-resources` lists them as the API server"
                                + " spells them");
                refused = true;
            } else {
                HttpResponse<String> answer = send(kubectl, apiVersion, namespace, resource, object);
                refused = answer.code() >= 400;
                message = refused ? statusMessage(answer.body()) : "the API server accepted it (a dry run: nothing"
                        + " was stored)";
                fix = refused ? hintFor(kind, text) : "";
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        events.accept(new SessionEvent.MistakeRefused(Instant.now(), mistake.file(), message, fix));
        events.accept(new SessionEvent.SampleFinished(Instant.now(), mistake.file(), refused, took));
        return new SampleOutcome(mistake.file(), refused, List.of(), Optional.of(message),
                fix.isEmpty() ? Optional.empty() : Optional.of(fix), took);
    }

    /** The resource of that kind (case-sensitive, as the API server's discovery has it), or null. */
    static APIResource resourceOf(KubernetesClient client, String apiVersion, String kind) {
        APIResourceList resources = client.getApiResources(apiVersion);
        if (resources == null || resources.getResources() == null) {
            return null;
        }
        return resources.getResources().stream().filter(resource -> kind.equals(resource.getKind())
                && !resource.getName().contains("/")).findFirst().orElse(null);
    }

    private static HttpResponse<String> send(KubernetesClient client, String apiVersion, String namespace, APIResource resource, JsonNode object) {
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        String path = (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion
                + (Boolean.TRUE.equals(resource.getNamespaced()) ? "/namespaces/" + namespace : "") + "/"
                + resource.getName() + "?fieldValidation=Strict&dryRun=All";
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(base + path)
                .post("application/json", JsonMapper.builder().build().writeValueAsString(object)).build();
        try {
            return client.getHttpClient().sendAsync(request, String.class)
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while the API server was asked", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("the API server at " + base + " did not answer: " + e.getMessage(),
                    e);
        }
    }

    /** The {@code message} of a Kubernetes {@code Status}, or the body as it is. */
    static String statusMessage(String body) {
        try {
            JsonNode status = JsonMapper.builder().build().readTree(body);
            String message = status.path("message").asString("");
            return message.isEmpty() ? body : message;
        } catch (RuntimeException e) {
            return body;
        }
    }

    /** Our hint for the fields the API does not have, read from the object as the model decodes it. */
    private String hintFor(String kind, String text) {
        try {
            Object decoded = client.getKubernetesSerialization().unmarshal(text);
            if (decoded instanceof KubernetesResource resource) {
                List<String> unknown = ApiServerChecks.unknownFields(resource);
                if (!unknown.isEmpty()) {
                    return ApiServerChecks.unknownFieldHint(kind, unknown);
                }
            }
        } catch (RuntimeException e) {
            // no hint beyond the API server's message
        }
        return "";
    }

    private static String resource(String name) {
        try (InputStream in = SampleOperations.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the sample " + name + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
