package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EndpointSlice and Endpoints controllers of the sandbox: each Service with a selector lists the ready Pods it
 * selects. Each simulated Pod listens on its own loopback port, so each Pod is a slice (and an Endpoints subset) of
 * its own, with that port under each of the Service's port names. Slices and Endpoints the sandbox wrote for a
 * Service that is gone are deleted.
 */
final class ServiceEndpoints {

    private final KubernetesClient client;

    ServiceEndpoints(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param serving the ready Pods, each with its server's port in {@code ports} (by namespace/name)
     */
    void reconcile(List<Service> services, List<Pod> serving, Map<String, Integer> ports) {
        reconcileEndpoints(services, serving, ports);
        Map<String, EndpointSlice> wanted = new HashMap<>();
        for (Service service : services) {
            for (Pod pod : selected(service, serving)) {
                EndpointSlice slice = slice(service, pod, ports.get(key(pod)));
                wanted.put(slice.getMetadata().getNamespace() + "/" + slice.getMetadata().getName(), slice);
            }
        }
        Set<String> existing = new HashSet<>();
        for (EndpointSlice slice : client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(SimulatedWorkloads.SANDBOX_LABEL).list().getItems()) {
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

    /** The ready pods a Service selects, by name; none for a Service without a selector. */
    private static List<Pod> selected(Service service, List<Pod> serving) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        List<Pod> selected = new ArrayList<>();
        if (selector == null || selector.isEmpty()) {
            return selected;
        }
        for (Pod pod : serving) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()) && labels != null
                    && labels.entrySet().containsAll(selector.entrySet())) {
                selected.add(pod);
            }
        }
        selected.sort(Comparator.comparing(pod -> pod.getMetadata().getName()));
        return selected;
    }

    /**
     * The v1 Endpoints of each Service with a selector, as the endpoints controller keeps them: {@code kubectl
     * describe ingress} reads them to show a backend's addresses.
     */
    private void reconcileEndpoints(List<Service> services, List<Pod> serving, Map<String, Integer> ports) {
        for (Service service : services) {
            if (service.getSpec() == null || service.getSpec().getSelector() == null
                    || service.getSpec().getSelector().isEmpty()) {
                continue;
            }
            List<EndpointSubset> subsets = new ArrayList<>();
            for (Pod pod : selected(service, serving)) {
                List<io.fabric8.kubernetes.api.model.EndpointPort> endpointPorts = new ArrayList<>();
                for (ServicePort port : service.getSpec().getPorts()) {
                    endpointPorts.add(new io.fabric8.kubernetes.api.model.EndpointPortBuilder()
                            .withName(port.getName()).withProtocol("TCP").withPort(ports.get(key(pod))).build());
                }
                subsets.add(new EndpointSubsetBuilder().addNewAddress().withIp(SandboxNode.ADDRESS)
                        .withNodeName(SandboxNode.NAME).withNewTargetRef().withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid()).endTargetRef().endAddress().withPorts(endpointPorts)
                        .build());
            }
            var resource = client.endpoints().inNamespace(service.getMetadata().getNamespace())
                    .withName(service.getMetadata().getName());
            Endpoints existing = resource.get();
            if (existing == null) {
                resource.create(new EndpointsBuilder().withNewMetadata().withName(service.getMetadata().getName())
                        .withNamespace(service.getMetadata().getNamespace())
                        .addToLabels(SimulatedWorkloads.SANDBOX_LABEL, "true").endMetadata().withSubsets(subsets)
                        .build());
            } else if (!subsets.equals(existing.getSubsets())) {
                resource.edit(endpoints -> new EndpointsBuilder(endpoints).withSubsets(subsets).build());
            }
        }
        Set<String> serviceKeys = new HashSet<>();
        services.forEach(service -> serviceKeys.add(key(service)));
        for (Endpoints endpoints : client.endpoints().inAnyNamespace().withLabel(SimulatedWorkloads.SANDBOX_LABEL)
                .list().getItems()) {
            if (!serviceKeys.contains(key(endpoints))) {
                client.resource(endpoints).delete();
            }
        }
    }

    private static EndpointSlice slice(Service service, Pod pod, int port) {
        List<EndpointPort> endpointPorts = new ArrayList<>();
        for (ServicePort servicePort : service.getSpec().getPorts()) {
            // an unnamed port is named "" in a slice, as the EndpointSlice controller writes it (kubectl matches names)
            endpointPorts.add(new EndpointPortBuilder().withName(servicePort.getName() == null ? ""
                    : servicePort.getName()).withProtocol("TCP").withPort(port).build());
        }
        return new EndpointSliceBuilder().withNewMetadata()
                .withName(service.getMetadata().getName() + "-" + pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .addToLabels("kubernetes.io/service-name", service.getMetadata().getName())
                .addToLabels("endpointslice.kubernetes.io/managed-by", "ingress-lab-sandbox")
                .addToLabels(SimulatedWorkloads.SANDBOX_LABEL, "true").endMetadata()
                .withAddressType("IPv4").withPorts(endpointPorts)
                .addNewEndpoint().withAddresses(SandboxNode.ADDRESS).withNodeName(SandboxNode.NAME)
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef()
                .endEndpoint().build();
    }

    private static String key(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
