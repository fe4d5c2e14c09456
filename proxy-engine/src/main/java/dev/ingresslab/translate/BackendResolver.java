package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Endpoint;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves an Ingress backend to a {@link Backend}: the Service in the Ingress's own namespace (§5.1), its port by
 * number or name (§5.2), and the ready endpoints of that port from the EndpointSlices labelled with the Service
 * name. An unresolvable backend keeps its route and says why (§5.3). Results are cached per translation.
 */
final class BackendResolver {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, List<Service>> servicesByName = new HashMap<>();
    private final Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
    private final boolean servicesGiven;
    private final boolean endpointsGiven;
    private final Map<String, Backend> cache = new HashMap<>();

    BackendResolver(TranslationInput input) {
        for (Service service : input.services()) {
            String name = service.getMetadata().getName();
            services.put(Metadata.namespaceOf(service) + "/" + name, service);
            servicesByName.computeIfAbsent(name, n -> new ArrayList<>()).add(service);
        }
        for (EndpointSlice slice : input.endpointSlices()) {
            String service = Metadata.labelsOf(slice).get(SERVICE_NAME_LABEL);
            if (service != null) {
                slicesByService.computeIfAbsent(Metadata.namespaceOf(slice) + "/" + service, k -> new ArrayList<>())
                        .add(slice);
            }
        }
        this.servicesGiven = input.isGiven(InputKind.SERVICE);
        this.endpointsGiven = input.isGiven(InputKind.ENDPOINT_SLICE);
    }

    Backend resolve(String namespace, IngressBackend backend) {
        IngressServiceBackend service = backend.getService();
        if (service == null) {
            String kind = backend.getResource() == null ? "none" : backend.getResource().getKind();
            return Backend.unavailable(namespace, "(resource " + kind + ")", "-", BackendState.UNSUPPORTED,
                    "resource backends (" + kind + ") are not supported by Ingress Lab: point the path at a Service");
        }
        String port = portText(service.getPort());
        return cache.computeIfAbsent(namespace + "/" + service.getName() + ":" + port,
                key -> resolveService(namespace, service.getName(), service.getPort(), port));
    }

    private static String portText(ServiceBackendPort port) {
        if (port == null) {
            return "?";
        }
        if (port.getName() != null && !port.getName().isEmpty()) {
            return port.getName();
        }
        return String.valueOf(port.getNumber());
    }

    private Backend resolveService(String namespace, String name, ServiceBackendPort wanted, String port) {
        if (!servicesGiven) {
            return new Backend(namespace, name, port, List.of(), BackendState.UNCHECKED, "the Service " + namespace
                    + "/" + name + " was not checked: the manifests hold no Service (add them with -f)");
        }
        Service service = services.get(namespace + "/" + name);
        if (service == null) {
            return Backend.unavailable(namespace, name, port, BackendState.SERVICE_MISSING,
                    "the Service " + namespace + "/" + name + " does not exist" + elsewhere(namespace, name));
        }
        ServicePort servicePort = findPort(service, wanted);
        if (ExternalNameBackend.isExternalName(service)) { // needs no EndpointSlice; its ports may be unlisted
            return ExternalNameBackend.resolve(namespace, service, servicePort, wanted.getNumber(), port);
        }
        if (servicePort == null) {
            return Backend.unavailable(namespace, name, port, BackendState.PORT_MISSING, "the Service " + namespace
                    + "/" + name + " has no port " + port + " (its ports: " + describePorts(service) + ")");
        }
        if (!endpointsGiven) {
            return new Backend(namespace, name, port, List.of(), BackendState.UNCHECKED, "the endpoints of "
                    + namespace + "/" + name + " were not checked: the manifests hold no EndpointSlice");
        }
        SliceEndpoints found = endpointsOf(namespace + "/" + name, servicePort);
        if (found.ready().isEmpty()) {
            String notReady = found.notReady() == 0 ? "" : " (" + found.notReady() + " listed, none ready)";
            return new Backend(namespace, name, port, List.of(), BackendState.NO_ENDPOINTS, "the Service "
                    + namespace + "/" + name + " has no ready endpoints for port " + port + notReady + ": check that"
                    + " its Pods run and are ready (kubectl -n " + namespace + " get pods; kubectl -n " + namespace
                    + " rollout status deployment/<name>) and that its selector matches their labels",
                    found.notReady());
        }
        return Backend.ready(namespace, name, port, found.ready(), found.notReady());
    }

    /** A hint when the Service exists in another namespace: a common mistake (§5.1). */
    private String elsewhere(String namespace, String name) {
        List<String> namespaces = servicesByName.getOrDefault(name, List.of()).stream()
                .map(Metadata::namespaceOf).filter(ns -> !ns.equals(namespace)).sorted().toList();
        if (namespaces.isEmpty()) {
            return "";
        }
        return " (a Service " + name + " exists in " + String.join(", ", namespaces) + ", but an Ingress can only"
                + " reach Services in its own namespace, " + namespace + ")";
    }

    private static ServicePort findPort(Service service, ServiceBackendPort wanted) {
        // a Service from manifest files may have no spec at all (found by lint's mutated manifests)
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        for (ServicePort port : ports) {
            boolean byName = wanted.getName() != null && !wanted.getName().isEmpty()
                    && wanted.getName().equals(port.getName());
            boolean byNumber = wanted.getNumber() != null && wanted.getNumber().equals(port.getPort());
            if (byName || byNumber) {
                return port;
            }
        }
        return null;
    }

    private static String describePorts(Service service) {
        // a Service from manifest files may have no spec at all (found by lint's mutated manifests)
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        if (ports.isEmpty()) {
            return "none";
        }
        return ports.stream().map(p -> p.getPort() + (p.getName() == null || p.getName().isEmpty() ? ""
                : "/" + p.getName())).collect(Collectors.joining(", "));
    }

    /** {@code namespace/name} of the Pod an endpoint points at, or empty. */
    private static String podOf(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint) {
        var ref = endpoint.getTargetRef();
        if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null) {
            return "";
        }
        return (ref.getNamespace() == null ? "default" : ref.getNamespace()) + "/" + ref.getName();
    }

    /** The endpoints of one Service port: the ready ones, sorted, and how many more are listed as not ready. */
    private record SliceEndpoints(List<Endpoint> ready, int notReady) { }

    /**
     * The endpoints of a Service port. EndpointSlice ports carry the Service port's name (empty for a single
     * unnamed port); an endpoint whose {@code ready} condition is unset counts as ready, as the API documents
     * ({@code discovery.k8s.io/v1} EndpointConditions). Only ready ones are routed to; the others are counted.
     */
    private SliceEndpoints endpointsOf(String serviceKey, ServicePort servicePort) {
        String portName = servicePort.getName() == null ? "" : servicePort.getName();
        Set<Endpoint> ready = new LinkedHashSet<>();
        Set<Endpoint> notReady = new LinkedHashSet<>();
        for (EndpointSlice slice : slicesByService.getOrDefault(serviceKey, List.of())) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getPorts() == null || slice.getEndpoints() == null) {
                continue;
            }
            Integer number = null;
            for (EndpointPort port : slice.getPorts()) {
                String name = port.getName() == null ? "" : port.getName();
                if (name.equals(portName) && port.getPort() != null) {
                    number = port.getPort();
                }
            }
            if (number == null) {
                continue;
            }
            for (var endpoint : slice.getEndpoints()) {
                boolean isReady = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (endpoint.getAddresses() != null) {
                    for (String address : endpoint.getAddresses()) {
                        (isReady ? ready : notReady).add(new Endpoint(address, number, podOf(endpoint)));
                    }
                }
            }
        }
        notReady.removeAll(ready); // an address listed ready in one slice and not in another is ready
        List<Endpoint> sorted = new ArrayList<>(ready);
        sorted.sort(Comparator.comparing(Endpoint::address).thenComparingInt(Endpoint::port));
        return new SliceEndpoints(sorted, notReady.size());
    }
}
