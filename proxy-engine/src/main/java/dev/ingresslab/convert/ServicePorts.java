package dev.ingresslab.convert;

import dev.ingresslab.route.Backend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.List;
import java.util.Optional;

/**
 * The number of a Service port a backend names, as written or by its name ({@code spec.ports[].name}) in the given
 * Services: an Ingress may name a port ({@code port.name}), a Gateway API backendRef needs its number ({@code
 * BackendObjectReference.port}), and the two reach the same port.
 */
final class ServicePorts {

    private final List<Service> services;

    ServicePorts(List<Service> services) {
        this.services = List.copyOf(services);
    }

    /** The port number, or empty when it is named and no given Service in the backend's namespace has that name. */
    Optional<Integer> number(Backend backend) {
        try {
            return Optional.of(Integer.valueOf(backend.port()));
        } catch (NumberFormatException e) {
            for (Service service : services) {
                String namespace = service.getMetadata().getNamespace();
                if (backend.service().equals(service.getMetadata().getName())
                        && backend.namespace().equals(namespace == null || namespace.isEmpty() ? "default" : namespace)
                        && service.getSpec() != null && service.getSpec().getPorts() != null) {
                    for (ServicePort port : service.getSpec().getPorts()) {
                        if (backend.port().equals(port.getName()) && port.getPort() != null) {
                            return Optional.of(port.getPort());
                        }
                    }
                }
            }
            return Optional.empty();
        }
    }
}
