package dev.ingresslab.sandbox;

import dev.ingresslab.concurrent.DaemonThreads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.ingresslab.cluster.AnyChange;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox's stand-in for kubelets and controllers: every Deployment gets its replicas as Pods, each served by
 * a {@link SampleBackend} on loopback; Deployment status follows; EndpointSlices and Endpoints follow Services by selector
 * (one slice per Pod, as each simulated Pod listens on its own port). Scaling changes the Pods, a deleted Pod is
 * replaced, a deleted Deployment takes its Pods with it. Works on the sandbox's own API server.
 */
public final class SimulatedWorkloads implements AutoCloseable {

    static final String SANDBOX_LABEL = "ingress-lab.dev/sandbox";
    static final String DEPLOYMENT_LABEL = "ingress-lab.dev/deployment";

    /** A Pod we run: its object's identity and the backend serving it. */
    private record SimulatedPod(String namespace, String name, String deployment, Map<String, String> labels,
                                SampleBackend backend) {
    }

    private final KubernetesClient client;
    private final ScheduledExecutorService reconciler = DaemonThreads.scheduler("ingress-lab-sandbox-workloads");
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Map<String, List<SimulatedPod>> pods = new HashMap<>();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    public SimulatedWorkloads(KubernetesClient client) {
        this.client = client;
    }

    public void start() {
        informers.add(client.apps().deployments().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        informers.add(client.pods().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        informers.add(client.services().inAnyNamespace().inform(AnyChange.then(this::schedule)));
        schedule();
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            reconciler.schedule(this::reconcile, 30, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void reconcile() {
        pending.set(false);
        try {
            reconcileDeployments();
            reconcileEndpointSlices();
        } catch (RuntimeException e) {
            schedule(); // the API server was busy or changed under us: try again shortly
        }
    }

    private void reconcileDeployments() {
        Set<String> alive = new HashSet<>();
        for (Pod pod : client.pods().inAnyNamespace().withLabel(SANDBOX_LABEL).list().getItems()) {
            alive.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        }
        Set<String> deployments = new HashSet<>();
        for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
            String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
            deployments.add(key);
            List<SimulatedPod> running = pods.computeIfAbsent(key, k -> new ArrayList<>());
            running.removeIf(pod -> {
                boolean gone = !alive.contains(pod.namespace() + "/" + pod.name());
                if (gone) {
                    pod.backend().close(); // deleted by someone: a replacement follows below
                }
                return gone;
            });
            int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            while (running.size() < wanted) {
                running.add(startPod(deployment));
            }
            while (running.size() > wanted) {
                stopPod(running.remove(running.size() - 1));
            }
            updateStatus(deployment, running.size());
        }
        pods.entrySet().removeIf(entry -> {
            if (deployments.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(this::stopPod);
            return true;
        });
    }

    private SimulatedPod startPod(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName() + "-" + Integer.toString(
                ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36), 36);
        Map<String, String> labels = new HashMap<>();
        if (deployment.getSpec().getTemplate() != null && deployment.getSpec().getTemplate().getMetadata() != null
                && deployment.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(deployment.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(SANDBOX_LABEL, "true");
        labels.put(DEPLOYMENT_LABEL, deployment.getMetadata().getName());
        SampleBackend backend = SampleBackend.start(namespace, deployment.getMetadata().getName(), name);
        // The pod has the template's containers, as a real one has; all of them are the one sample backend.
        List<Container> containers = new ArrayList<>();
        List<ContainerStatus> statuses = new ArrayList<>();
        var template = deployment.getSpec().getTemplate() == null ? null : deployment.getSpec().getTemplate().getSpec();
        for (Container container : template == null || template.getContainers() == null ? List.<Container>of()
                : template.getContainers()) {
            containers.add(new ContainerBuilder(container).build());
            statuses.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withReady(true).withStarted(true).withRestartCount(0).build());
        }
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).withLabels(labels)
                .addToAnnotations("ingress-lab.dev/sandbox-port", String.valueOf(backend.port())).endMetadata()
                .withNewSpec().withContainers(containers).endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().withContainerStatuses(statuses).endStatus().build()).create();
        return new SimulatedPod(namespace, name, deployment.getMetadata().getName(), Map.copyOf(labels), backend);
    }

    /** The request log of a running simulated pod, or empty when no such pod runs here. */
    public synchronized java.util.Optional<List<String>> logOf(String namespace, String pod) {
        return pods.values().stream().flatMap(List::stream)
                .filter(running -> running.namespace().equals(namespace) && running.name().equals(pod))
                .findFirst().map(running -> running.backend().log());
    }

    private void stopPod(SimulatedPod pod) {
        pod.backend().close();
        client.pods().inNamespace(pod.namespace()).withName(pod.name()).delete();
    }

    private void updateStatus(Deployment deployment, int ready) {
        var status = deployment.getStatus();
        if (status != null && Integer.valueOf(ready).equals(status.getAvailableReplicas())
                && Integer.valueOf(ready).equals(status.getReadyReplicas()) && status.getConditions() != null
                && !status.getConditions().isEmpty()) {
            return;
        }
        // The conditions the deployment controller writes; kubectl wait --for=condition=Available reads them.
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        boolean available = ready >= wanted;
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .resource(new DeploymentBuilder(deployment).withNewStatus().withReplicas(ready)
                        .withReadyReplicas(ready).withAvailableReplicas(ready).withUpdatedReplicas(ready)
                        .withObservedGeneration(deployment.getMetadata().getGeneration())
                        .addNewCondition().withType("Available").withStatus(available ? "True" : "False")
                        .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                        .withMessage(available ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability.")
                        .withLastTransitionTime(now).withLastUpdateTime(now).endCondition()
                        .addNewCondition().withType("Progressing").withStatus("True")
                        .withReason("NewReplicaSetAvailable").withMessage("ReplicaSet \"" + deployment.getMetadata()
                                .getName() + "\" has successfully progressed.")
                        .withLastTransitionTime(now).withLastUpdateTime(now).endCondition().endStatus().build())
                .updateStatus();
    }

    /** The running pods a Service selects; none for a Service without a selector. */
    private List<SimulatedPod> selected(Service service) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        List<SimulatedPod> selected = new ArrayList<>();
        if (selector == null || selector.isEmpty()) {
            return selected;
        }
        for (List<SimulatedPod> running : pods.values()) {
            for (SimulatedPod pod : running) {
                if (pod.namespace().equals(service.getMetadata().getNamespace())
                        && pod.labels().entrySet().containsAll(selector.entrySet())) {
                    selected.add(pod);
                }
            }
        }
        selected.sort(java.util.Comparator.comparing(SimulatedPod::name));
        return selected;
    }

    /**
     * The v1 Endpoints of each Service with a selector, as the endpoints controller keeps them: {@code kubectl
     * describe ingress} reads them to show a backend's addresses. Each simulated pod listens on its own port, so
     * each pod is a subset of its own.
     */
    private void reconcileEndpoints(List<Service> services) {
        for (Service service : services) {
            if (service.getSpec() == null || service.getSpec().getSelector() == null
                    || service.getSpec().getSelector().isEmpty()) {
                continue;
            }
            List<EndpointSubset> subsets = new ArrayList<>();
            for (SimulatedPod pod : selected(service)) {
                List<io.fabric8.kubernetes.api.model.EndpointPort> ports = new ArrayList<>();
                for (ServicePort port : service.getSpec().getPorts()) {
                    ports.add(new io.fabric8.kubernetes.api.model.EndpointPortBuilder().withName(port.getName())
                            .withProtocol("TCP").withPort(pod.backend().port()).build());
                }
                subsets.add(new EndpointSubsetBuilder().addNewAddress().withIp("127.0.0.1").withNewTargetRef()
                        .withKind("Pod").withNamespace(pod.namespace()).withName(pod.name()).endTargetRef()
                        .endAddress().withPorts(ports).build());
            }
            var resource = client.endpoints().inNamespace(service.getMetadata().getNamespace())
                    .withName(service.getMetadata().getName());
            Endpoints existing = resource.get();
            if (existing == null) {
                resource.create(new EndpointsBuilder().withNewMetadata().withName(service.getMetadata().getName())
                        .withNamespace(service.getMetadata().getNamespace()).addToLabels(SANDBOX_LABEL, "true")
                        .endMetadata().withSubsets(subsets).build());
            } else if (!subsets.equals(existing.getSubsets())) {
                resource.edit(endpoints -> new EndpointsBuilder(endpoints).withSubsets(subsets).build());
            }
        }
        Set<String> serviceKeys = new HashSet<>();
        services.forEach(service -> serviceKeys.add(service.getMetadata().getNamespace() + "/"
                + service.getMetadata().getName()));
        for (Endpoints endpoints : client.endpoints().inAnyNamespace().withLabel(SANDBOX_LABEL).list().getItems()) {
            if (!serviceKeys.contains(endpoints.getMetadata().getNamespace() + "/" + endpoints.getMetadata().getName())) {
                client.resource(endpoints).delete();
            }
        }
    }

    private void reconcileEndpointSlices() {
        List<Service> services = client.services().inAnyNamespace().list().getItems();
        reconcileEndpoints(services);
        Map<String, EndpointSlice> wanted = new HashMap<>();
        for (Service service : services) {
            for (SimulatedPod pod : selected(service)) {
                EndpointSlice slice = slice(service, pod);
                wanted.put(slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName(), slice);
            }
        }
        Set<String> existing = new HashSet<>();
        for (EndpointSlice slice : client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(SANDBOX_LABEL).list().getItems()) {
            String key = slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName();
            if (wanted.containsKey(key)) {
                existing.add(key);
            } else {
                client.resource(slice).delete();
            }
        }
        wanted.forEach((key, slice) -> {
            if (!existing.contains(key)) {
                client.resource(slice).create();
            }
        });
    }

    private static EndpointSlice slice(Service service, SimulatedPod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            // an unnamed port is named "" in a slice, as the EndpointSlice controller writes it (kubectl matches names)
            ports.add(new EndpointPortBuilder().withName(port.getName() == null ? "" : port.getName()).withProtocol("TCP")
                    .withPort(pod.backend().port()).build());
        }
        return new EndpointSliceBuilder().withNewMetadata()
                .withName(service.getMetadata().getName() + "-" + pod.name())
                .withNamespace(pod.namespace())
                .addToLabels("kubernetes.io/service-name", service.getMetadata().getName())
                .addToLabels("endpointslice.kubernetes.io/managed-by", "ingress-lab-sandbox")
                .addToLabels(SANDBOX_LABEL, "true").endMetadata()
                .withAddressType("IPv4").withPorts(ports)
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace(pod.namespace()).withName(pod.name())
                .endTargetRef().endEndpoint().build();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        reconciler.shutdownNow();
        pods.values().forEach(running -> running.forEach(pod -> pod.backend().close()));
    }
}
