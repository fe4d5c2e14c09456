package dev.ingresslab.core;

import dev.ingresslab.text.Plural;
import dev.ingresslab.text.ShellWords;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.SecretOutcome;
import dev.ingresslab.tls.local.TlsSecretIssuer;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies the chapter's samples to any cluster, labelled as ours, and deletes only what carries our label: a
 * user's own objects of the same name are never touched.
 */
public final class SampleDeployer {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "ingress-lab";
    public static final String STEP_LABEL = "ingress-lab.dev/sample-step";

    private final KubernetesClient client;
    private final Consumer<SessionEvent.SampleProgress> progress;
    private final LocalCa ca; // issues the TLS Secrets the steps' Ingresses name; null: they are the user's to make

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** kubectl compares the annotation as text: Go writes JSON objects with their keys sorted. */
    private static final tools.jackson.databind.json.JsonMapper SORTED = tools.jackson.databind.json.JsonMapper
            .builder().enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** Says each object applied or deleted, and the Deployments' progress, on {@code out}. */
    public SampleDeployer(KubernetesClient client, PrintStream out) {
        this(client, event -> out.println(event.text()));
    }

    /** Says each object applied or deleted, and the Deployments' progress, as events, on the caller's thread. */
    public SampleDeployer(KubernetesClient client, Consumer<SessionEvent.SampleProgress> progress) {
        this(client, progress, null);
    }

    private SampleDeployer(KubernetesClient client, Consumer<SessionEvent.SampleProgress> progress, LocalCa ca) {
        this.client = client;
        this.progress = progress;
        this.ca = ca;
    }

    /**
     * This deployer, issuing by {@code ca} each {@code kubernetes.io/tls} Secret that a step's Ingress names in
     * {@code spec.tls} and that is missing (or ours and due), before the Ingress is applied, so that the chapter's TLS
     * step answers over https at once ({@link TlsSecretIssuer#ensure}: a Secret we did not make is never touched).
     */
    public SampleDeployer issuingSecretsWith(LocalCa ca) {
        return new SampleDeployer(client, progress, java.util.Objects.requireNonNull(ca, "ca"));
    }

    /** Creates or updates the step's objects; returns them as applied. */
    public List<HasMetadata> deploy(SampleSteps.Step step) {
        List<HasMetadata> applied = new ArrayList<>();
        for (HasMetadata object : objectsOf(step)) {
            HasMetadata existing = client.resource(object).get();
            if (existing != null && !isOurs(existing)) {
                said(step, object, "kept", "  kept " + describe(object) + ": it exists and was not created by"
                        + " Ingress Lab");
                continue;
            }
            if (ca != null && object instanceof Ingress ingress) {
                issueSecrets(step, ingress);
            }
            rememberAsApplied(object);
            label(object, step);
            try {
                applied.add(client.resource(object).createOr(NonDeletingOperation::update));
            } catch (KubernetesClientException e) {
                // the kind's path is not served (a missing object's 404 names the object): no CRDs
                if (step.gatewayApi() && e.getCode() == 404 && String.valueOf(e.getMessage())
                        .contains("could not find the requested resource")) {
                    throw new KubernetesClientException(
                            dev.ingresslab.cluster.GatewayApiSupport.notInstalled("the step " + step.name()
                                    + " cannot be applied"), e);
                }
                throw e;
            }
            said(step, object, "applied", "  applied " + describe(object));
        }
        return applied;
    }

    /** The Secrets of the Ingress's {@code spec.tls}, in its own namespace, each for the hosts of its entry. */
    private void issueSecrets(SampleSteps.Step step, Ingress ingress) {
        if (ingress.getSpec() == null || ingress.getSpec().getTls() == null) {
            return;
        }
        String namespace = ingress.getMetadata().getNamespace() != null ? ingress.getMetadata().getNamespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        TlsSecretIssuer issuer = new TlsSecretIssuer(client, ca);
        for (IngressTLS tls : ingress.getSpec().getTls()) {
            if (tls.getSecretName() == null || tls.getHosts() == null || tls.getHosts().isEmpty()) {
                continue; // no Secret, or no host to issue for: the TLS diagnostics say so
            }
            String what = "Secret " + namespace + "/" + tls.getSecretName();
            try {
                SecretOutcome outcome = issuer.ensure(namespace, tls.getSecretName(), tls.getHosts());
                progress.accept(new SessionEvent.SampleObject(Instant.now(), step.name(), what,
                        outcome.action() == SecretOutcome.Action.NOT_OURS ? "kept" : "applied",
                        "  " + outcome.message()));
            } catch (IllegalArgumentException e) {
                progress.accept(new SessionEvent.SampleObject(Instant.now(), step.name(), what, "kept",
                        "  " + what + " not issued: " + e.getMessage()));
            }
        }
    }

    /** Deletes the step's objects that carry our label. */
    public void delete(SampleSteps.Step step) {
        List<HasMetadata> objects = objectsOf(step);
        for (int i = objects.size() - 1; i >= 0; i--) { // Ingresses before the Services they point at
            HasMetadata object = objects.get(i);
            HasMetadata existing = client.resource(object).get();
            if (existing == null) {
                continue;
            }
            if (!isOurs(existing)) {
                said(step, object, "kept", "  kept " + describe(object) + ": it was not created by Ingress Lab");
                continue;
            }
            client.resource(existing).delete();
            said(step, object, "deleted", "  deleted " + describe(object));
        }
    }

    /** Waits until the Deployments among the objects have their replicas available, saying how far they are. */
    public boolean awaitReady(List<HasMetadata> objects, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (HasMetadata object : objects) {
            if (!(object instanceof Deployment deployment)) {
                continue;
            }
            String name = deployment.getMetadata().getName();
            String namespace = deployment.getMetadata().getNamespace();
            int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int lastShown = -1;
            while (true) {
                Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
                int available = current == null || current.getStatus() == null
                        || current.getStatus().getAvailableReplicas() == null ? 0
                        : current.getStatus().getAvailableReplicas();
                if (available != lastShown) {
                    progress.accept(new SessionEvent.DeploymentProgress(Instant.now(), stepOf(deployment), namespace,
                            name, available, wanted, false, "  deployment " + namespace + "/" + name + ": "
                            + available + " of " + Plural.of(wanted, "replica") + " available"));
                    lastShown = available;
                }
                if (available >= wanted) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    progress.accept(new SessionEvent.DeploymentProgress(Instant.now(), stepOf(deployment), namespace,
                            name, available, wanted, true, "  deployment " + namespace + "/" + name + " is not ready"
                            + " after " + (timeout.toSeconds() == 0 ? timeout.toMillis() + " ms"
                            : timeout.toSeconds() + " s") + ": `" + ShellWords.command("kubectl", "describe",
                            "deployment", name, "-n", namespace) + "` says why (an image that cannot be pulled, not"
                            + " enough resources?)"));
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        return true;
    }

    private void said(SampleSteps.Step step, HasMetadata object, String action, String text) {
        progress.accept(new SessionEvent.SampleObject(Instant.now(), step.name(), describe(object), action, text));
    }

    /** The step a Deployment was applied by (our label), or empty. */
    private static String stepOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(STEP_LABEL, "");
    }

    private List<HasMetadata> objectsOf(SampleSteps.Step step) {
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(step.manifest()
                .getBytes(StandardCharsets.UTF_8))).items();
        Map<String, Boolean> namespacedKinds = new HashMap<>();
        for (HasMetadata object : objects) {
            if (object.getMetadata().getNamespace() == null && namespacedKinds.computeIfAbsent(
                    object.getApiVersion() + " " + object.getKind(), key -> namespaced(object))) {
                object.getMetadata().setNamespace(client.getNamespace() == null ? "default" : client.getNamespace());
            }
        }
        return objects;
    }

    /**
     * Whether the object's kind lives in a namespace: for a kind the client's model knows, its {@code Namespaced}
     * marker (Namespace and IngressClass have none); for another (a Gateway API kind, read as a generic resource), the
     * API server's discovery ({@code namespaced} of its APIResource), as kubectl decides. A cluster-scoped object
     * (GatewayClass) is sent without one, as kubectl sends it (an API server clears it anyway). A kind discovery does not
     * list (a Gateway API kind without its CRDs) counts as namespaced: its create then fails with the API server's
     * own 404, which says so.
     */
    private boolean namespaced(HasMetadata object) {
        if (!(object instanceof GenericKubernetesResource)) {
            return object instanceof Namespaced;
        }
        APIResource resource;
        try {
            resource = SampleOperations.resourceOf(client, object.getApiVersion(), object.getKind());
        } catch (KubernetesClientException e) {
            resource = null; // the group is not served: the create says so
        }
        return resource == null || Boolean.TRUE.equals(resource.getNamespaced());
    }

    /**
     * Writes the annotation {@code kubectl apply} keeps, holding the object as the sample file has it, so that a
     * later {@code kubectl apply -f} of the same file is an update without a warning. Our labels are added after, so
     * that such an apply leaves them (it removes only what the annotation names and the file no longer has).
     */
    private void rememberAsApplied(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(object.getMetadata().getAnnotations());
        annotations.remove(LAST_APPLIED);
        object.getMetadata().setAnnotations(annotations);
        var asApplied = (tools.jackson.databind.node.ObjectNode) client.getKubernetesSerialization()
                .convertValue(object, tools.jackson.databind.JsonNode.class);
        // kubectl writes the annotations it leaves, {} when none, and compares with that
        ((tools.jackson.databind.node.ObjectNode) asApplied.get("metadata")).putPOJO("annotations", annotations);
        annotations.put(LAST_APPLIED, SORTED.writeValueAsString(SORTED.convertValue(asApplied, Map.class)) + "\n");
        object.getMetadata().setAnnotations(annotations);
    }

    private static void label(HasMetadata object, SampleSteps.Step step) {
        Map<String, String> labels = object.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(object.getMetadata().getLabels());
        labels.put(MANAGED_BY, MANAGER);
        labels.put(STEP_LABEL, step.name());
        object.getMetadata().setLabels(labels);
    }

    static boolean isOurs(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY));
    }

    private static String describe(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
