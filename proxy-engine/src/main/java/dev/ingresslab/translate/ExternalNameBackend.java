package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Endpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The backend of an ExternalName Service, as ingress-nginx builds it ({@code internal/ingress/controller/
 * endpointslices.go}): one endpoint, the Service's {@code spec.externalName} (a DNS name, kept as a name: the proxy
 * resolves it when it connects, never here) at the {@code targetPort} of the Service port the Ingress names (the
 * port itself when no targetPort is given, as the API server defaults it). The name must be a DNS-1123 subdomain,
 * one trailing dot allowed, or an IP address.
 */
final class ExternalNameBackend {

    /** RFC 1123 subdomain, as Kubernetes' {@code validation.IsDNS1123Subdomain}: at most 253 characters. */
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private ExternalNameBackend() {
    }

    static boolean isExternalName(Service service) {
        return service.getSpec() != null && "ExternalName".equals(service.getSpec().getType());
    }

    /**
     * The backend for a port of an ExternalName Service. The port follows ingress-nginx's {@code externalNamePorts}:
     * the Service port the Ingress names gives its numeric targetPort (its port when the targetPort is unset or a
     * name); a port number the Service does not list is used as it is.
     *
     * @param servicePort the Service port the Ingress names (by number or name), or null when the Service lists none
     * @param wanted      the port number the Ingress gives, or null when it names the port
     * @param port        the port as the Ingress writes it, for display
     */
    static Backend resolve(String namespace, Service service, ServicePort servicePort, Integer wanted, String port) {
        String name = service.getMetadata().getName();
        String where = "the ExternalName Service " + namespace + "/" + name;
        String externalName = service.getSpec().getExternalName();
        if (externalName == null || externalName.isEmpty()) {
            return Backend.unavailable(namespace, name, port, BackendState.UNSUPPORTED, where + " has no"
                    + " spec.externalName: set it to the DNS name requests should go to");
        }
        String host = externalName.endsWith(".") ? externalName.substring(0, externalName.length() - 1)
                : externalName;
        if (host.length() > 253 || !(DNS_1123_SUBDOMAIN.matcher(host).matches() || isIpAddress(host))) {
            return Backend.unavailable(namespace, name, port, BackendState.UNSUPPORTED, where + " names "
                    + dev.ingresslab.route.UntrustedText.printable(externalName) + ", which is neither a DNS name"
                    + " (lower-case letters, digits, '-' and '.') nor an IP address: fix its spec.externalName");
        }
        Integer target = servicePort != null ? targetPort(servicePort) : wanted;
        if (target == null || target <= 0 || target > 65535) {
            return Backend.unavailable(namespace, name, port, BackendState.PORT_MISSING, where + " has no port "
                    + port + ": list it in the Service's spec.ports, or give the Ingress a port number");
        }
        return Backend.ready(namespace, name, port, List.of(new Endpoint(host, target, "")));
    }

    /** The targetPort as a number; the port when it is unset or a name. */
    private static Integer targetPort(ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target != null && target.getIntVal() != null && target.getIntVal() > 0) {
            return target.getIntVal();
        }
        return servicePort.getPort();
    }

    private static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
