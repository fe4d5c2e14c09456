package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Map;

/**
 * Which {@code apiVersion}/{@code kind} pairs Ingress Lab reads, which it knows but skips (a Deployment), and the
 * mistakes users make with them, answered as the API server does and followed by what to do.
 */
final class KindRegistry {

    /** The Gateway API's group. */
    static final String GATEWAY_API = "gateway.networking.k8s.io";

    /**
     * The kinds translation reads. The Gateway API kinds are the standard channel's v1 ones; ReferenceGrant is read
     * at v1beta1 (its version in every release up to 1.2) and at v1 (from 1.3), both as the v1beta1 model.
     */
    private static final Map<String, Class<? extends HasMetadata>> READ = Map.ofEntries(
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1 IngressClass", IngressClass.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("discovery.k8s.io/v1 EndpointSlice", EndpointSlice.class),
            Map.entry(GATEWAY_API + "/v1 GatewayClass", GatewayClass.class),
            Map.entry(GATEWAY_API + "/v1 Gateway", Gateway.class),
            Map.entry(GATEWAY_API + "/v1 HTTPRoute", HTTPRoute.class),
            Map.entry(GATEWAY_API + "/v1beta1 ReferenceGrant", ReferenceGrant.class),
            Map.entry(GATEWAY_API + "/v1 ReferenceGrant",
                    io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant.class));

    /** Kinds worth recognising when a manifest spells them in the wrong case. */
    private static final List<String> COMMON_KINDS = List.of("Ingress", "IngressClass", "Service", "Secret",
            "EndpointSlice", "Endpoints", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Pod", "ConfigMap",
            "Namespace", "ServiceAccount", "Job", "CronJob", "GatewayClass", "Gateway", "HTTPRoute",
            "ReferenceGrant");

    private final KubernetesSerialization serialization;

    KindRegistry(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /** The model class for a kind translation reads, or null. */
    Class<? extends HasMetadata> readable(String apiVersion, String kind) {
        return READ.get(apiVersion + " " + kind);
    }

    /** True for a kind the Kubernetes API has (fabric8 knows it) but translation does not read. */
    boolean known(String apiVersion, String kind) {
        Class<? extends KubernetesResource> type = serialization.getRegisteredKubernetesResource(apiVersion, kind);
        return type != null;
    }

    /**
     * The problem with a kind that is neither read nor known, when it is a mistake we recognise; null otherwise
     * (a custom resource, say, which is skipped).
     */
    ManifestProblem mistake(SourceLocation location, String apiVersion, String kind) {
        if (apiVersion.startsWith(GATEWAY_API + "/") && readable(apiVersion, kind) == null
                && (kind.equals("GatewayClass") || kind.equals("Gateway") || kind.equals("HTTPRoute"))) {
            return new ManifestProblem(location, "Ingress Lab reads " + kind + " at version \"" + GATEWAY_API
                    + "/v1\", not \"" + apiVersion + "\"", "use `apiVersion: " + GATEWAY_API + "/v1` (the"
                    + " standard channel's version; v1beta1 has the same fields for " + kind + ")");
        }
        if (kind.equals("Ingress") && (apiVersion.equals("networking.k8s.io/v1beta1")
                || apiVersion.equals("extensions/v1beta1"))) {
            return new ManifestProblem(location, "no matches for kind \"Ingress\" in version \"" + apiVersion + "\"",
                    apiVersion + " Ingress was removed in Kubernetes 1.22: use `apiVersion: networking.k8s.io/v1`;"
                            + " `backend.serviceName`/`servicePort` become `backend.service.name` and"
                            + " `backend.service.port.number`, and every path needs a `pathType`");
        }
        for (String candidate : COMMON_KINDS) {
            if (candidate.equalsIgnoreCase(kind) && !candidate.equals(kind)
                    && (readable(apiVersion, candidate) != null || known(apiVersion, candidate))) {
                return new ManifestProblem(location, "no kind \"" + kind + "\" is registered for version \""
                        + apiVersion + "\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"",
                        "kinds are case-sensitive: use `kind: " + candidate + "`");
            }
        }
        for (String candidate : COMMON_KINDS) {
            if (candidate.equals(kind) && !known(apiVersion, kind) && readable(apiVersion, kind) == null) {
                String right = READ.keySet().stream().filter(key -> key.endsWith(" " + kind)).findFirst()
                        .map(key -> key.substring(0, key.indexOf(' '))).orElse(null);
                if (right != null) {
                    return new ManifestProblem(location, "no matches for kind \"" + kind + "\" in version \""
                            + apiVersion + "\"", "use `apiVersion: " + right + "`");
                }
            }
        }
        return null;
    }
}
