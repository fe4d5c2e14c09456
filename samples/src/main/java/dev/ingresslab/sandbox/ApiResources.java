package dev.ingresslab.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resources the sandbox's API server serves, by group version, as discovery lists them. */
final class ApiResources {

    /** One API resource. */
    record Resource(String groupVersion, String name, String singular, String kind, boolean namespaced,
                    List<String> shortNames) {

        String group() {
            int slash = groupVersion.indexOf('/');
            return slash < 0 ? "" : groupVersion.substring(0, slash);
        }

        String version() {
            return groupVersion.substring(groupVersion.indexOf('/') + 1);
        }

        /** {@code ingresses.networking.k8s.io}, or {@code services} in the core group: how messages name it. */
        String qualifiedName() {
            return group().isEmpty() ? name : name + "." + group();
        }

        /** {@code Ingress.networking.k8s.io}: how validation messages name the kind. */
        String qualifiedKind() {
            return group().isEmpty() ? kind : kind + "." + group();
        }
    }

    /** The Gateway API's group version; its kinds are custom resources on a real cluster (CRDs). */
    static final String GATEWAY_V1 = "gateway.networking.k8s.io/v1";

    /**
     * The Gateway API's older group version, which the standard channel's CRDs still serve for ReferenceGrant (its
     * CRD lists {@code v1} as the storage version and {@code v1beta1} as served, with the same schema).
     */
    static final String GATEWAY_V1BETA1 = "gateway.networking.k8s.io/v1beta1";

    static final Map<String, List<Resource>> BY_GROUP_VERSION = new LinkedHashMap<>();

    static {
        add("v1", "namespaces", "namespace", "Namespace", false, "ns");
        add("v1", "nodes", "node", "Node", false, "no");
        add("v1", "services", "service", "Service", true, "svc");
        add("v1", "endpoints", "endpoints", "Endpoints", true, "ep");
        add("v1", "pods", "pod", "Pod", true, "po");
        add("v1", "secrets", "secret", "Secret", true);
        add("v1", "configmaps", "configmap", "ConfigMap", true, "cm");
        add("v1", "events", "event", "Event", true, "ev");
        add("networking.k8s.io/v1", "ingresses", "ingress", "Ingress", true, "ing");
        add("networking.k8s.io/v1", "ingressclasses", "ingressclass", "IngressClass", false);
        add("apps/v1", "deployments", "deployment", "Deployment", true, "deploy");
        add("apps/v1", "replicasets", "replicaset", "ReplicaSet", true, "rs");
        add("discovery.k8s.io/v1", "endpointslices", "endpointslice", "EndpointSlice", true);
        add("coordination.k8s.io/v1", "leases", "lease", "Lease", true);
        // Gateway API (gateway-api's standard-channel CRDs: their names, scopes and short names)
        add(GATEWAY_V1, "gatewayclasses", "gatewayclass", "GatewayClass", false, "gc");
        add(GATEWAY_V1, "gateways", "gateway", "Gateway", true, "gtw");
        add(GATEWAY_V1, "httproutes", "httproute", "HTTPRoute", true);
        add(GATEWAY_V1, "referencegrants", "referencegrant", "ReferenceGrant", true, "refgrant");
        add(GATEWAY_V1BETA1, "referencegrants", "referencegrant", "ReferenceGrant", true, "refgrant");
    }

    /**
     * The group version an object of {@code resource} is stored in: one stored object is seen through every served
     * version, as a CRD with conversion strategy {@code None} does (only {@code apiVersion} differs). Every resource
     * is stored in the version it is served in, but for the v1beta1 ReferenceGrant, stored as v1.
     */
    static String storageVersion(Resource resource) {
        return resource.groupVersion().equals(GATEWAY_V1BETA1) ? GATEWAY_V1 : resource.groupVersion();
    }

    /** The kinds of the Gateway API's CRDs, which have a status subresource and a generation (not ReferenceGrant). */
    static boolean isGatewayApi(Resource resource) {
        return resource.group().equals("gateway.networking.k8s.io");
    }

    private ApiResources() {
    }

    private static void add(String groupVersion, String name, String singular, String kind, boolean namespaced,
                            String... shortNames) {
        BY_GROUP_VERSION.computeIfAbsent(groupVersion, gv -> new java.util.ArrayList<>())
                .add(new Resource(groupVersion, name, singular, kind, namespaced, List.of(shortNames)));
    }

    static Optional<Resource> find(String groupVersion, String name) {
        return BY_GROUP_VERSION.getOrDefault(groupVersion, List.of()).stream()
                .filter(resource -> resource.name().equals(name)).findFirst();
    }
}
