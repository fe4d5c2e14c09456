package dev.ingresslab.cluster;

import dev.ingresslab.translate.GatewayApiInput;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers on the Gateway API's kinds (GatewayClass, Gateway, HTTPRoute, ReferenceGrant), started only for what
 * the cluster serves. The Gateway API is not part of Kubernetes: its kinds are CRDs a cluster may not have, and the
 * ReferenceGrant is served as {@code v1beta1} by the CRDs of Gateway API 1.0 to 1.2 and also as {@code v1} later
 * (one stored object, two versions: only one is watched). Discovery ({@code /apis/gateway.networking.k8s.io/v1})
 * decides, at the start and, while the CRDs are missing, again now and then ({@link #startIfInstalled}): a cluster without the CRDs, or a user whom RBAC does not let list them, still has its
 * Ingresses served, and {@link #availability()} says why there are no HTTPRoutes.
 */
final class GatewayApiInformers {

    static final String GROUP = GatewayApiSupport.GROUP;

    /** What the cluster lets us watch of the Gateway API. */
    enum Availability {
        /** The CRDs are installed and listed: HTTPRoutes are served. */
        SERVED,
        /** {@code gateway.networking.k8s.io/v1} is not served: the CRDs are not installed. */
        NOT_INSTALLED,
        /** The CRDs are installed, but RBAC does not let this user list their objects. */
        FORBIDDEN
    }

    private final List<SharedIndexInformer<GatewayClass>> gatewayClasses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<Gateway>> gateways = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<HTTPRoute>> httpRoutes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant>> grantsV1 =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant>>
            grantsV1beta1 = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Availability availability = Availability.NOT_INSTALLED;
    private volatile String forbidden = "";

    /**
     * Asks discovery again, when the CRDs were not installed at {@link #start}: once they are (a user ran {@code up},
     * then installed the Gateway API), starts the informers as {@code start} would, and returns true; they call
     * {@code changed} with their first lists. Meant to be called now and then, on one thread.
     *
     * @throws KubernetesClientException as {@link #start}
     */
    boolean startIfInstalled(KubernetesClient client, List<String> namespaces, Runnable changed) {
        if (availability != Availability.NOT_INSTALLED) {
            return false;
        }
        start(client, namespaces, changed);
        return availability == Availability.SERVED;
    }

    /**
     * Asks discovery what the cluster serves of the Gateway API and starts an informer per served kind and namespace
     * (a null namespace: all of them), each calling {@code changed}. Returns once their first lists are in.
     *
     * @throws KubernetesClientException when discovery or a list fails for another reason than 403/404
     */
    void start(KubernetesClient client, List<String> namespaces, Runnable changed) {
        Set<String> v1 = served(client, GROUP + "/v1");
        if (!v1.containsAll(Set.of("gatewayclasses", "gateways", "httproutes"))) {
            availability = Availability.NOT_INSTALLED;
            return;
        }
        boolean grantsInV1 = v1.contains("referencegrants");
        boolean grantsInV1beta1 = !grantsInV1 && served(client, GROUP + "/v1beta1").contains("referencegrants");
        try {
            gatewayClasses.add(client.resources(GatewayClass.class).inform(AnyChange.then(changed)));
            for (String namespace : namespaces) {
                gateways.add(scoped(client, Gateway.class, namespace).inform(AnyChange.then(changed)));
                httpRoutes.add(scoped(client, HTTPRoute.class, namespace).inform(AnyChange.then(changed)));
                if (grantsInV1) {
                    grantsV1.add(scoped(client, io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant.class,
                            namespace).inform(AnyChange.then(changed)));
                } else if (grantsInV1beta1) {
                    grantsV1beta1.add(scoped(client,
                            io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class, namespace)
                            .inform(AnyChange.then(changed)));
                }
            }
            availability = Availability.SERVED;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            stop(); // some kinds listed, another refused: none is served rather than half of them
            // nor counted as watches that dropped (the connection check reads every informer)
            List.of(gatewayClasses, gateways, httpRoutes, grantsV1, grantsV1beta1).forEach(List::clear);
            forbidden = ClusterErrors.describe(e);
            availability = Availability.FORBIDDEN;
        }
    }

    private static Set<String> served(KubernetesClient client, String groupVersion) {
        try {
            APIResourceList list = client.getApiResources(groupVersion);
            return list == null || list.getResources() == null ? Set.of()
                    : list.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 403) {
                return Set.of(); // not served, or discovery of it refused: the same for us
            }
            throw e;
        }
    }

    private static <T extends HasMetadata> io.fabric8.kubernetes.client.dsl.Informable<T> scoped(
            KubernetesClient client, Class<T> type, String namespace) {
        return namespace == null ? client.resources(type).inAnyNamespace() : client.resources(type)
                .inNamespace(namespace);
    }

    Availability availability() {
        return availability;
    }

    /**
     * What to tell the user once when HTTPRoutes cannot be served, with what to do; empty when they are.
     */
    String notice() {
        return switch (availability) {
            case SERVED -> "";
            case NOT_INSTALLED -> GatewayApiSupport.notInstalled("Ingresses are served, HTTPRoutes are not yet")
                    + "; they are watched as soon as they appear, without a restart";
            case FORBIDDEN -> "cannot watch the Gateway API's objects: " + forbidden + " Ingresses are served,"
                    + " HTTPRoutes are not";
        };
    }

    List<SharedIndexInformer<?>> informers() {
        List<SharedIndexInformer<?>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        all.addAll(gatewayClasses);
        all.addAll(gateways);
        all.addAll(httpRoutes);
        all.addAll(grantsV1);
        all.addAll(grantsV1beta1);
        return all;
    }

    /** What the informers hold now, as translation reads it. */
    GatewayApiInput objects() {
        if (availability != Availability.SERVED) {
            return GatewayApiInput.NONE;
        }
        return new GatewayApiInput(list(gatewayClasses), list(gateways), list(httpRoutes),
                GatewayApiInput.referenceGrants(list(grantsV1beta1), list(grantsV1)));
    }

    void stop() {
        informers().forEach(SharedIndexInformer::stop);
    }

    private static <T> List<T> list(List<SharedIndexInformer<T>> informers) {
        List<T> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        informers.forEach(informer -> all.addAll(informer.getStore().list()));
        return all;
    }
}
