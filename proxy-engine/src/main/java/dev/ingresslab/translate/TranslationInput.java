package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything translation reads, as fabric8 model objects. The lists are not modified.
 *
 * @param given         the kinds the input is authoritative for (see {@link InputKind})
 * @param fromManifests whether the objects come from files, not yet created, rather than from a cluster, where the
 *                      API server's admission has already acted on them (the default IngressClass: {@link
 *                      ClassSelector})
 * @param gatewayApi    the Gateway API objects (GatewayClasses, Gateways, HTTPRoutes, ReferenceGrants); {@link
 *                      GatewayApiInput#NONE} where there are none
 */
public record TranslationInput(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                               List<EndpointSlice> endpointSlices, List<Secret> secrets, Set<InputKind> given,
                               boolean fromManifests, GatewayApiInput gatewayApi) {

    public TranslationInput {
        java.util.Objects.requireNonNull(gatewayApi);
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
        given = given.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(given));
    }

    /** Objects without Gateway API objects. */
    public TranslationInput(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                            List<EndpointSlice> endpointSlices, List<Secret> secrets, Set<InputKind> given,
                            boolean fromManifests) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, given, fromManifests,
                GatewayApiInput.NONE);
    }

    /** This input with the Gateway API objects given (replacing any it had). */
    public TranslationInput withGatewayApi(GatewayApiInput objects) {
        return new TranslationInput(ingresses, ingressClasses, services, endpointSlices, secrets, given,
                fromManifests, objects);
    }

    /** Objects read from a cluster, authoritative for the kinds {@code given}. */
    public TranslationInput(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                            List<EndpointSlice> endpointSlices, List<Secret> secrets, Set<InputKind> given) {
        this(ingresses, ingressClasses, services, endpointSlices, secrets, given, false);
    }

    /** The objects of a cluster: every kind is authoritative, an absent Service is a missing Service. */
    public static TranslationInput ofCluster(List<Ingress> ingresses, List<IngressClass> ingressClasses,
                                             List<Service> services, List<EndpointSlice> endpointSlices,
                                             List<Secret> secrets) {
        return new TranslationInput(ingresses, ingressClasses, services, endpointSlices, secrets,
                EnumSet.allOf(InputKind.class));
    }

    /** The objects of manifest files: a kind is checked only when the files contain some of it. */
    public static TranslationInput ofManifests(List<Ingress> ingresses, List<IngressClass> ingressClasses,
                                               List<Service> services, List<EndpointSlice> endpointSlices,
                                               List<Secret> secrets) {
        Set<InputKind> given = EnumSet.noneOf(InputKind.class);
        if (!ingressClasses.isEmpty()) {
            given.add(InputKind.INGRESS_CLASS);
        }
        if (!services.isEmpty()) {
            given.add(InputKind.SERVICE);
        }
        if (!endpointSlices.isEmpty()) {
            given.add(InputKind.ENDPOINT_SLICE);
        }
        if (!secrets.isEmpty()) {
            given.add(InputKind.SECRET);
        }
        return new TranslationInput(ingresses, ingressClasses, services, endpointSlices, secrets, given, true);
    }

    public boolean isGiven(InputKind kind) {
        return given.contains(kind);
    }
}
