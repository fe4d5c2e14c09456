package dev.ingresslab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
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

    /** The kinds translation reads. */
    private static final Map<String, Class<? extends HasMetadata>> READ = Map.of(
            "networking.k8s.io/v1 Ingress", Ingress.class,
            "networking.k8s.io/v1 IngressClass", IngressClass.class,
            "v1 Service", Service.class,
            "v1 Secret", Secret.class,
            "discovery.k8s.io/v1 EndpointSlice", EndpointSlice.class);

    /** Kinds worth recognising when a manifest spells them in the wrong case. */
    private static final List<String> COMMON_KINDS = List.of("Ingress", "IngressClass", "Service", "Secret",
            "EndpointSlice", "Endpoints", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Pod", "ConfigMap",
            "Namespace", "ServiceAccount", "Job", "CronJob");

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
