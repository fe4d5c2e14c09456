package dev.ingresslab.cluster;

import dev.ingresslab.translate.GatewayApiInput;
import dev.ingresslab.translate.InputKind;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.List;

/**
 * An immutable copy of what is watched in a cluster at one moment: the input of one translation.
 *
 * @param ingressClassesVisible false when RBAC hides IngressClasses (a user limited to some namespaces): classes are
 *                              then unknown, our own class name is trusted and others are not served
 * @param gatewayApi            the Gateway API's objects; {@link GatewayApiInput#NONE} where the cluster does not
 *                              serve them
 */
public record ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                              List<EndpointSlice> endpointSlices, List<Secret> secrets,
                              boolean ingressClassesVisible, GatewayApiInput gatewayApi) {

    /** A snapshot without Gateway API objects. */
    public ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                           List<EndpointSlice> endpointSlices, List<Secret> secrets, boolean ingressClassesVisible) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, ingressClassesVisible,
                GatewayApiInput.NONE);
    }

    public ClusterSnapshot {
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
        java.util.Objects.requireNonNull(gatewayApi);
    }

    /** A cluster is authoritative for every kind it lets us see: an absent Service is a missing Service. */
    public TranslationInput toInput() {
        java.util.Set<InputKind> given = java.util.EnumSet.allOf(InputKind.class);
        if (!ingressClassesVisible) {
            given.remove(InputKind.INGRESS_CLASS);
        }
        return new TranslationInput(ingresses, ingressClasses, services, endpointSlices, secrets, given)
                .withGatewayApi(gatewayApi);
    }
}
