package dev.ingresslab.cluster;

import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.List;

/** An immutable copy of what is watched in a cluster at one moment: the input of one translation. */
public record ClusterSnapshot(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                              List<EndpointSlice> endpointSlices, List<Secret> secrets) {

    public ClusterSnapshot {
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
    }

    /** A cluster is authoritative for every kind: an absent Service is a missing Service. */
    public TranslationInput toInput() {
        return TranslationInput.ofCluster(ingresses, ingressClasses, services, endpointSlices, secrets);
    }
}
