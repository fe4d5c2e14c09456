package dev.ingresslab.sandbox;

import dev.ingresslab.cluster.AnyChange;
import dev.ingresslab.concurrent.DaemonThreads;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox's stand-in for the kubelet and the controllers, on the sandbox's own API server:
 * <ul>
 * <li>the deployment controller: each Deployment gets a ReplicaSet per pod template ({@link PodNames}), the current
 *     one scaled to the Deployment's replicas and older ones to 0, and a status that counts a replica as available
 *     only once its Pod is in the Service's endpoints (so {@code kubectl rollout status} ends when traffic can flow);
 * <li>the ReplicaSet controller: each ReplicaSet gets its replicas as Pods, owned by it; extra ones are deleted;
 * <li>the garbage collector: a ReplicaSet whose Deployment is gone, and a Pod whose ReplicaSet is gone, are deleted
 *     (the API server's default, background propagation);
 * <li>the kubelet: each Pod, a Deployment's or one created alone ({@code kubectl run}), is served by a
 *     {@link SampleBackend} on loopback; it is Pending for {@link #STARTING}, then Running; a deleted one is
 *     Terminating for {@link #STOPPING} (its server stopped, out of the endpoints), then gone;
 * <li>the EndpointSlice and Endpoints controllers: each Service with a selector lists its Running Pods (one slice
 *     per Pod, as each simulated Pod listens on its own port).
 * </ul>
 * Each step records the Event the real component records ({@link ClusterEvents}). What the simulation makes (the
 * ReplicaSets, Pods, EndpointSlices, Endpoints and the Node) is labelled {@value #SANDBOX_LABEL}: it is made again
 * at each start rather than kept between runs, the ReplicaSets under the same names (the template hash is stable),
 * their revisions counted afresh.
 */
public final class SimulatedWorkloads implements AutoCloseable {

    static final String SANDBOX_LABEL = "ingress-lab.dev/sandbox";
    static final String PORT_ANNOTATION = "ingress-lab.dev/sandbox-port";
    /**
     * Holds a deleted Pod in the store while its simulated container stops, as the kubelet holds it until the
     * container has exited; the object store would otherwise remove an object the moment it is marked deleted.
     */
    static final String KUBELET_FINALIZER = "ingress-lab.dev/simulated-kubelet";
    static final String TEMPLATE_HASH = "pod-template-hash";
    /** How long a new Pod is Pending: long enough to be seen in {@code kubectl get -w}. */
    static final Duration STARTING = Duration.ofSeconds(1);
    /** How long a deleted Pod is Terminating. */
    static final Duration STOPPING = Duration.ofSeconds(1);
    private static final String REVISION = "deployment.kubernetes.io/revision";

    /** A Pod this process serves: its server, and when it was scheduled. */
    private record SimulatedPod(String namespace, String name, SampleBackend backend, Instant scheduled) {
    }

    private final KubernetesClient client;
    private final ClusterEvents events;
    private final ServiceEndpoints endpoints;
    private final ScheduledExecutorService reconciler = DaemonThreads.scheduler("ingress-lab-sandbox-workloads");
    private final AtomicBoolean pending = new AtomicBoolean();
    /** By namespace/name. */
    private final Map<String, SimulatedPod> pods = new HashMap<>();
    /** Terminating pods, by namespace/name: when their container will have stopped. */
    private final Map<String, Instant> stopping = new HashMap<>();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    /**
     * Deployments held below their replicas by {@link PodLimits}, by namespace/name: the words their status
     * carries. Filled by the ReplicaSet and Deployment parts of a pass, read by its status part.
     */
    private final Map<String, String> limited = new HashMap<>();
    /** Warnings already recorded, so that each is recorded once per cause, not once per pass. */
    private final Set<String> warned = new HashSet<>();

    public SimulatedWorkloads(KubernetesClient client) {
        this.client = client;
        this.events = new ClusterEvents(client);
        this.endpoints = new ServiceEndpoints(client);
    }

    public void start() {
        SandboxNode.register(client);
        informers.add(client.apps().deployments().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        informers.add(client.apps().replicaSets().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        informers.add(client.pods().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        informers.add(client.services().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        schedule();
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            reconciler.schedule(this::reconcile, 30, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleAt(Instant when) {
        long delay = Math.max(0, Duration.between(Instant.now(), when).toMillis());
        reconciler.schedule(this::schedule, delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void reconcile() {
        pending.set(false);
        try {
            Instant now = Instant.now();
            Map<String, Pod> stored = new LinkedHashMap<>();
            client.pods().inAnyNamespace().list().getItems().forEach(pod -> stored.put(key(pod), pod));
            forgetDeleted(stored);
            stopTerminating(stored, now);
            adoptOrReplace(stored, now);
            List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems().stream()
                    .filter(deployment -> deployment.getSpec() != null && deployment.getSpec().getTemplate() != null)
                    .toList(); // the API server refuses others; one restored or written behind it is left alone
            reconcileReplicaSets(deployments);
            List<ReplicaSet> replicaSets = client.apps().replicaSets().inAnyNamespace().list().getItems();
            reconcilePods(replicaSets, stored, now);
            startPending(stored, now);
            Map<String, Integer> ports = new HashMap<>();
            pods.forEach((key, pod) -> ports.put(key, pod.backend().port()));
            List<Pod> serving = stored.values().stream().filter(SimulatedWorkloads::ready)
                    .filter(pod -> ports.containsKey(key(pod))).toList();
            List<io.fabric8.kubernetes.api.model.Service> services = client.services().inAnyNamespace().list()
                    .getItems();
            ClusterIps.assignMissing(client, services);
            endpoints.reconcile(services, serving, ports);
            reconcileDeploymentStatus(deployments, replicaSets, stored.values(), serving);
        } catch (RuntimeException e) {
            scheduleAt(Instant.now().plusMillis(200)); // the API server was busy or changed under us: try again
        }
    }

    /** Pods removed from the store (deleted at once, or their termination done): their servers stop. */
    private void forgetDeleted(Map<String, Pod> stored) {
        pods.entrySet().removeIf(entry -> {
            if (stored.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().backend().close();
            return true;
        });
        stopping.keySet().retainAll(stored.keySet());
    }

    /** Deleted Pods: their server stops at once, and the object goes once {@link #STOPPING} has passed. */
    private void stopTerminating(Map<String, Pod> stored, Instant now) {
        for (Pod pod : stored.values()) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                continue;
            }
            Instant done = stopping.computeIfAbsent(key(pod), key -> {
                SimulatedPod running = pods.get(key);
                if (running != null) {
                    running.backend().close();
                    for (String container : containerNames(pod.getSpec())) {
                        events.normal(pod, "spec.containers{" + container + "}", "Killing",
                                "Stopping container " + container, "kubelet");
                    }
                }
                return now.plus(STOPPING);
            });
            if (now.isBefore(done)) {
                scheduleAt(done);
            } else if (pod.getMetadata().getFinalizers() != null
                    && pod.getMetadata().getFinalizers().contains(KUBELET_FINALIZER)) {
                // without our finalizer the store removes the object marked deleted; other finalizers keep it
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .edit(p -> new PodBuilder(p).editMetadata().removeFromFinalizers(KUBELET_FINALIZER)
                                .endMetadata().build());
            }
        }
    }

    /**
     * Pods in the store this process does not serve: one created alone ({@code kubectl run}, or restored) gets a
     * server here; one a ReplicaSet made in an earlier run is deleted, and its ReplicaSet makes a new one.
     */
    private void adoptOrReplace(Map<String, Pod> stored, Instant now) {
        for (Pod pod : List.copyOf(stored.values())) {
            String key = key(pod);
            if (pods.containsKey(key) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (owner(pod, "ReplicaSet").isPresent()) {
                client.resource(pod).withGracePeriod(0).delete();
                stored.remove(key);
                continue;
            }
            SampleBackend backend = SampleBackend.start(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getName());
            pods.put(key, new SimulatedPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), backend,
                    now));
            Pod scheduled = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).edit(p -> new PodBuilder(p).editMetadata()
                            .addToAnnotations(PORT_ANNOTATION, String.valueOf(backend.port())).endMetadata()
                            .editOrNewSpec().withNodeName(SandboxNode.NAME).endSpec()
                            .withStatus(PodStatuses.pending(now)).build());
            stored.put(key, scheduled);
            events.normal(scheduled, null, "Scheduled", "Successfully assigned " + key + " to " + SandboxNode.NAME,
                    "default-scheduler");
        }
    }

    /** The deployment controller's part: one ReplicaSet per template, the current one at the wanted replicas. */
    private void reconcileReplicaSets(List<Deployment> deployments) {
        Map<String, Deployment> byUid = new HashMap<>();
        deployments.forEach(deployment -> byUid.put(deployment.getMetadata().getUid(), deployment));
        List<ReplicaSet> existing = client.apps().replicaSets().inAnyNamespace().list().getItems();
        for (ReplicaSet replicaSet : existing) {
            Optional<OwnerReference> owner = owner(replicaSet, "Deployment");
            if (owner.isPresent() && !byUid.containsKey(owner.get().getUid())) {
                client.resource(replicaSet).withGracePeriod(0).delete(); // garbage: its Deployment is gone
            }
        }
        limited.clear();
        for (Deployment deployment : deployments) {
            try {
                reconcileReplicaSets(deployment, existing);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() == 409 || e.getCode() == 404 || e.getCode() == 0) {
                    schedule(); // changed under us, or the store is busy: the next pass tries again
                } else {
                    cannotRun(deployment, e);
                }
            } catch (RuntimeException e) {
                cannotRun(deployment, e);
            }
        }
    }

    /**
     * One Deployment that cannot be run (a field the simulation cannot follow, stored behind the API server's checks
     * or restored): a Warning Event on it, once per version of it; the other Deployments go on.
     */
    private void cannotRun(Deployment deployment, RuntimeException e) {
        String because = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        if (warned.add("failed/" + deployment.getMetadata().getUid() + "/"
                + deployment.getMetadata().getResourceVersion())) {
            events.warning(deployment, null, "FailedSimulation", "the sandbox cannot run this Deployment's pods ("
                    + because + "); fix it with kubectl edit or kubectl apply, or delete it", "deployment-controller");
        }
    }

    private void reconcileReplicaSets(Deployment deployment, List<ReplicaSet> existing) {
        {
            String hash = PodNames.templateHash(deployment.getSpec().getTemplate());
            String name = deployment.getMetadata().getName() + "-" + hash;
            int asked = replicas(deployment);
            int wanted = PodLimits.perDeployment(asked);
            if (asked > wanted) {
                String message = PodLimits.perDeploymentMessage(asked);
                limited.put(key(deployment), message);
                if (warned.add("limit/" + deployment.getMetadata().getUid() + "/" + asked)) {
                    events.warning(deployment, null, PodLimits.REASON, message, "deployment-controller");
                }
            }
            ReplicaSet found = null;
            int revision = 0;
            for (ReplicaSet replicaSet : existing) {
                if (!owned(replicaSet, deployment)) {
                    continue;
                }
                revision = Math.max(revision, revisionOf(replicaSet));
                boolean isCurrent = replicaSet.getMetadata().getName().equals(name);
                found = isCurrent ? replicaSet : found;
                int target = isCurrent ? wanted : 0;
                int current = replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas();
                if (current != target) {
                    client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace())
                            .withName(replicaSet.getMetadata().getName()).edit(rs -> new ReplicaSetBuilder(rs)
                                    .editSpec().withReplicas(target).endSpec().build());
                    events.normal(deployment, null, "ScalingReplicaSet", "Scaled " + (target > current ? "up"
                            : "down") + " replica set " + replicaSet.getMetadata().getName() + " from " + current
                            + " to " + target, "deployment-controller");
                }
            }
            int currentRevision;
            if (found == null) {
                currentRevision = revision + 1;
                createReplicaSet(deployment, name, hash, wanted, currentRevision);
            } else if (revisionOf(found) < revision) {
                // back to an older template (rollout undo): its ReplicaSet becomes the newest revision
                currentRevision = revision + 1;
                client.apps().replicaSets().inNamespace(found.getMetadata().getNamespace())
                        .withName(found.getMetadata().getName()).edit(rs -> new ReplicaSetBuilder(rs).editMetadata()
                                .addToAnnotations(REVISION, String.valueOf(currentRevision)).endMetadata().build());
            } else {
                currentRevision = revisionOf(found);
            }
            annotateRevision(deployment, currentRevision);
        }
    }

    /**
     * The Deployment's {@code deployment.kubernetes.io/revision}, its current ReplicaSet's: {@code describe} shows
     * it, {@code rollout history} and {@code rollout undo} read it.
     */
    private void annotateRevision(Deployment deployment, int revision) {
        String value = String.valueOf(revision);
        var annotations = deployment.getMetadata().getAnnotations();
        if (annotations != null && value.equals(annotations.get(REVISION))) {
            return;
        }
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName()).edit(d -> new DeploymentBuilder(d).editMetadata()
                        .addToAnnotations(REVISION, value).endMetadata().build());
    }

    private void createReplicaSet(Deployment deployment, String name, String hash, int replicas, int revision) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(deployment.getSpec().getTemplate()).editOrNewMetadata()
                .addToLabels(TEMPLATE_HASH, hash).endMetadata().build();
        Map<String, String> selector = new LinkedHashMap<>();
        if (deployment.getSpec().getSelector() != null && deployment.getSpec().getSelector().getMatchLabels() != null) {
            selector.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        selector.put(TEMPLATE_HASH, hash);
        ReplicaSet replicaSet = new ReplicaSetBuilder().withNewMetadata().withName(name)
                .withNamespace(deployment.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels()).addToLabels(SANDBOX_LABEL, "true")
                .addToAnnotations(REVISION, String.valueOf(revision))
                .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas))
                .withOwnerReferences(ownerReference(deployment)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(selector)
                .withMatchExpressions(deployment.getSpec().getSelector() == null ? List.of()
                        : deployment.getSpec().getSelector().getMatchExpressions()).endSelector()
                .withTemplate(template).endSpec().build();
        client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).resource(replicaSet).create();
        events.normal(deployment, null, "ScalingReplicaSet", "Scaled up replica set " + name + " from 0 to "
                + replicas, "deployment-controller");
    }

    /** The ReplicaSet controller's part, and the garbage collector's for Pods whose ReplicaSet is gone. */
    private void reconcilePods(List<ReplicaSet> replicaSets, Map<String, Pod> stored, Instant now) {
        Set<String> owners = new HashSet<>();
        replicaSets.forEach(replicaSet -> owners.add(replicaSet.getMetadata().getUid()));
        for (Pod pod : stored.values()) {
            Optional<OwnerReference> owner = owner(pod, "ReplicaSet");
            if (owner.isPresent() && !owners.contains(owner.get().getUid())
                    && pod.getMetadata().getDeletionTimestamp() == null) {
                terminate(pod, now);
            }
        }
        for (ReplicaSet replicaSet : replicaSets) {
            List<Pod> owned = stored.values().stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                    .filter(pod -> owner(pod, "ReplicaSet").map(OwnerReference::getUid)
                            .filter(replicaSet.getMetadata().getUid()::equals).isPresent())
                    .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(),
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(pod -> pod.getMetadata().getName()))
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
            int wanted = Math.max(0, replicaSet.getSpec().getReplicas() == null ? 1
                    : replicaSet.getSpec().getReplicas());
            while (owned.size() < wanted && pods.size() < PodLimits.TOTAL) {
                owned.add(startPod(replicaSet, now));
            }
            if (owned.size() < wanted) {
                String message = PodLimits.totalMessage(owned.size(), wanted);
                Optional<OwnerReference> deployment = owner(replicaSet, "Deployment");
                deployment.ifPresent(reference -> limited.putIfAbsent(replicaSet.getMetadata().getNamespace() + "/"
                        + reference.getName(), message));
                if (warned.add("total/" + replicaSet.getMetadata().getUid() + "/" + wanted)) {
                    HasMetadata about = deployment.<HasMetadata>map(reference -> new DeploymentBuilder()
                            .withApiVersion("apps/v1").withKind("Deployment").withNewMetadata()
                            .withName(reference.getName()).withNamespace(replicaSet.getMetadata().getNamespace())
                            .withUid(reference.getUid()).endMetadata().build()).orElse(replicaSet);
                    events.warning(about, null, PodLimits.REASON, message, "replicaset-controller");
                }
            }
            while (owned.size() > wanted) {
                Pod newest = owned.remove(owned.size() - 1); // the controller deletes the youngest first
                terminate(newest, now);
                events.normal(replicaSet, null, "SuccessfulDelete", "Deleted pod: " + newest.getMetadata().getName(),
                        "replicaset-controller");
            }
            int ready = (int) owned.stream().filter(SimulatedWorkloads::ready).count();
            var status = replicaSet.getStatus();
            if (status == null || !Objects.equals(status.getReplicas(), owned.size())
                    || !Objects.equals(status.getReadyReplicas(), ready)
                    || !Objects.equals(status.getObservedGeneration(), replicaSet.getMetadata().getGeneration())) {
                client.apps().replicaSets().inNamespace(replicaSet.getMetadata().getNamespace())
                        .resource(new ReplicaSetBuilder(replicaSet).withNewStatus().withReplicas(owned.size())
                                .withFullyLabeledReplicas(owned.size()).withReadyReplicas(ready)
                                .withAvailableReplicas(ready)
                                .withObservedGeneration(replicaSet.getMetadata().getGeneration()).endStatus().build())
                        .updateStatus();
            }
        }
    }

    private Pod startPod(ReplicaSet replicaSet, Instant now) {
        String namespace = replicaSet.getMetadata().getNamespace();
        String name = replicaSet.getMetadata().getName() + "-" + PodNames.randomSuffix();
        PodTemplateSpec template = replicaSet.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        if (template != null && template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(SANDBOX_LABEL, "true");
        String app = owner(replicaSet, "Deployment").map(OwnerReference::getName)
                .orElse(replicaSet.getMetadata().getName());
        SampleBackend backend = SampleBackend.start(namespace, app, name);
        pods.put(namespace + "/" + name, new SimulatedPod(namespace, name, backend, now));
        PodSpec spec = new PodSpecBuilder(template == null || template.getSpec() == null ? new PodSpec()
                : template.getSpec()).withNodeName(SandboxNode.NAME).build();
        Pod pod = client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).withLabels(labels)
                .withAnnotations(template != null && template.getMetadata() != null
                        ? template.getMetadata().getAnnotations() : null)
                .addToAnnotations(PORT_ANNOTATION, String.valueOf(backend.port()))
                .withOwnerReferences(ownerReference(replicaSet)).endMetadata()
                .withSpec(spec).withStatus(PodStatuses.pending(now)).build()).create();
        events.normal(replicaSet, null, "SuccessfulCreate", "Created pod: " + name, "replicaset-controller");
        events.normal(pod, null, "Scheduled", "Successfully assigned " + namespace + "/" + name + " to "
                + SandboxNode.NAME, "default-scheduler");
        return pod;
    }

    /** Pending pods whose {@link #STARTING} time has passed start their containers. */
    private void startPending(Map<String, Pod> stored, Instant now) {
        for (SimulatedPod simulated : pods.values()) {
            Pod pod = stored.get(simulated.namespace() + "/" + simulated.name());
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || ready(pod)) {
                continue;
            }
            Instant due = simulated.scheduled().plus(STARTING);
            if (now.isBefore(due)) {
                scheduleAt(due);
                continue;
            }
            for (String container : containerNames(pod.getSpec())) {
                String fieldPath = "spec.containers{" + container + "}";
                events.normal(pod, fieldPath, "Pulled", "Container image \"" + image(pod.getSpec(), container)
                        + "\" already present on machine", "kubelet");
                events.normal(pod, fieldPath, "Created", "Created container: " + container, "kubelet");
                events.normal(pod, fieldPath, "Started", "Started container " + container, "kubelet");
            }
            client.pods().inNamespace(simulated.namespace()).resource(new PodBuilder(pod)
                    .withStatus(PodStatuses.running(pod.getSpec(), simulated.scheduled(), now)).build()).updateStatus();
        }
    }

    /** Marks a Pod deleted, as the API server does for a graceful delete; the kubelet part above ends it. */
    private void terminate(Pod pod, Instant now) {
        long grace = pod.getSpec() != null && pod.getSpec().getTerminationGracePeriodSeconds() != null
                ? pod.getSpec().getTerminationGracePeriodSeconds() : 30;
        try {
            // a PUT: the store keeps a deletionTimestamp written so, where a patch's is dropped
            Pod latest = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).get();
            if (latest != null) {
                client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .resource(GracefulDeletion.markDeleted(latest, grace, now)).update();
            }
        } catch (RuntimeException e) {
            schedule(); // changed under us: the next pass tries again
        }
    }

    /**
     * The deployment controller's status: replicas and updatedReplicas count the Pods that exist (of any template
     * and of the current one), readyReplicas and availableReplicas the ones in the endpoints; Available and
     * Progressing as the controller words them. Written after the endpoints, so that a Deployment is complete only
     * once its Pods receive traffic.
     */
    private void reconcileDeploymentStatus(List<Deployment> deployments, List<ReplicaSet> replicaSets,
                                           java.util.Collection<Pod> stored, List<Pod> serving) {
        Set<String> servingKeys = new HashSet<>();
        serving.forEach(pod -> servingKeys.add(key(pod)));
        for (Deployment deployment : deployments) {
            String current;
            try {
                current = deployment.getMetadata().getName() + "-"
                        + PodNames.templateHash(deployment.getSpec().getTemplate());
            } catch (RuntimeException e) {
                continue; // told by a Warning Event already (cannotRun)
            }
            Map<String, String> ownerByUid = new HashMap<>();
            replicaSets.stream().filter(rs -> owned(rs, deployment))
                    .forEach(rs -> ownerByUid.put(rs.getMetadata().getUid(), rs.getMetadata().getName()));
            int total = 0;
            int updated = 0;
            int available = 0;
            for (Pod pod : stored) {
                String replicaSet = owner(pod, "ReplicaSet").map(ref -> ownerByUid.get(ref.getUid())).orElse(null);
                if (replicaSet == null || pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                total++;
                if (replicaSet.equals(current)) {
                    updated++;
                    available += servingKeys.contains(key(pod)) ? 1 : 0;
                }
            }
            try {
                writeDeploymentStatus(deployment, current, total, updated, available);
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                schedule(); // changed under us: the next pass writes it
            }
        }
    }

    private void writeDeploymentStatus(Deployment deployment, String replicaSet, int total, int updated,
                                       int available) {
        int wanted = replicas(deployment);
        String limit = limited.get(key(deployment));
        boolean complete = updated == wanted && total == wanted && available == wanted;
        String availableCondition = available >= wanted ? "True" : "False";
        var status = deployment.getStatus();
        if (status != null && Objects.equals(status.getReplicas(), total)
                && Objects.equals(status.getUpdatedReplicas(), updated)
                && Objects.equals(status.getAvailableReplicas(), available)
                && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
                && status.getConditions() != null && status.getConditions().stream().anyMatch(condition ->
                "Available".equals(condition.getType()) && availableCondition.equals(condition.getStatus()))
                && status.getConditions().stream().anyMatch(condition -> "Progressing".equals(condition.getType())
                && Objects.equals(condition.getReason(), complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated"))
                && Objects.equals(limit, status.getConditions().stream()
                .filter(condition -> "ReplicaFailure".equals(condition.getType()))
                .map(DeploymentCondition::getMessage).findFirst().orElse(null))) {
            return;
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        DeploymentCondition availability = new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Available").withStatus(availableCondition)
                .withReason(available >= wanted ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(available >= wanted ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability.")
                .withLastTransitionTime(now).withLastUpdateTime(now).build();
        DeploymentCondition progress = new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Progressing").withStatus("True")
                .withReason(complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                .withMessage("ReplicaSet \"" + replicaSet + "\" " + (complete ? "has successfully progressed."
                        : "is progressing."))
                .withLastTransitionTime(now).withLastUpdateTime(now).build();
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .resource(new DeploymentBuilder(deployment).withNewStatus().withReplicas(total)
                        .withUpdatedReplicas(updated).withReadyReplicas(available).withAvailableReplicas(available)
                        .withUnavailableReplicas(Math.max(0, wanted - available) == 0 ? null
                                : Math.max(0, wanted - available))
                        .withObservedGeneration(deployment.getMetadata().getGeneration())
                        .withConditions(limit == null ? List.of(availability, progress)
                                : List.of(availability, progress, limitCondition(limit, now))).endStatus().build())
                .updateStatus();
    }

    /**
     * The condition the deployment controller sets when its ReplicaSet cannot create Pods ({@code ReplicaFailure},
     * True), here with the reason {@link PodLimits#REASON}: {@code kubectl describe deployment} lists it.
     */
    private static DeploymentCondition limitCondition(String message, String now) {
        return new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder().withType("ReplicaFailure")
                .withStatus("True").withReason(PodLimits.REASON).withMessage(message).withLastTransitionTime(now)
                .withLastUpdateTime(now).build();
    }

    /** The request log of a running simulated pod, or empty when no such pod runs here. */
    public synchronized Optional<List<String>> logOf(String namespace, String pod) {
        return Optional.ofNullable(pods.get(namespace + "/" + pod)).map(running -> running.backend().log());
    }

    static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(condition ->
                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    private static int replicas(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : Math.max(0, deployment.getSpec().getReplicas());
    }

    private static int revisionOf(ReplicaSet replicaSet) {
        try {
            return Integer.parseInt(replicaSet.getMetadata().getAnnotations().getOrDefault(REVISION, "0"));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean owned(ReplicaSet replicaSet, Deployment deployment) {
        return owner(replicaSet, "Deployment").map(OwnerReference::getUid)
                .filter(deployment.getMetadata().getUid()::equals).isPresent();
    }

    private static Optional<OwnerReference> owner(HasMetadata object, String kind) {
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        return references == null ? Optional.empty() : references.stream()
                .filter(reference -> kind.equals(reference.getKind()) && Boolean.TRUE.equals(reference.getController()))
                .findFirst();
    }

    private static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    private static List<String> containerNames(PodSpec spec) {
        return spec == null || spec.getContainers() == null ? List.of()
                : spec.getContainers().stream().map(Container::getName).toList();
    }

    private static String image(PodSpec spec, String container) {
        return spec.getContainers().stream().filter(c -> Objects.equals(c.getName(), container)).map(Container::getImage)
                .filter(Objects::nonNull).findFirst().orElse("");
    }

    private static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    /** Stops, letting a pass under way end first, so that no request of ours is in flight when the store stops. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        reconciler.shutdownNow();
        try {
            reconciler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            pods.values().forEach(pod -> pod.backend().close());
        }
    }
}
