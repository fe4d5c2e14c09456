package dev.ingresslab.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The patch strategy of the list fields a strategic merge patch merges instead of replacing, for the kinds the
 * sandbox serves, taken from the Kubernetes API types' {@code patchMergeKey}/{@code patchStrategy} tags. Fields are
 * named by their path without indices ({@code spec.template.spec.containers.ports}); every list not named here is
 * replaced whole, as the API server replaces atomic lists (an Ingress's rules, for one).
 */
final class MergeKeys {

    /** Lists of primitives merged as sets ({@code patchStrategy:"merge"} without a key). */
    private static final Set<String> PRIMITIVE_SETS = Set.of("metadata.finalizers");

    private static final Map<String, String> POD_SPEC = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"),
            Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"),
            Map.entry("containers.ports", "containerPort"), Map.entry("initContainers.ports", "containerPort"),
            Map.entry("containers.env", "name"), Map.entry("initContainers.env", "name"),
            Map.entry("containers.volumeMounts", "mountPath"), Map.entry("initContainers.volumeMounts", "mountPath"),
            Map.entry("containers.volumeDevices", "devicePath"));

    /** Keyed lists: field path to merge key. Null keys means a JSON merge patch (RFC 7386): every list replaced. */
    private final Map<String, String> keys;

    private MergeKeys(Map<String, String> keys) {
        this.keys = keys;
    }

    /** JSON merge patch semantics: no list is merged, no directive is read. */
    static final MergeKeys NONE = new MergeKeys(null);

    /** Strategic merge patch semantics for a kind. */
    static MergeKeys forKind(String kind) {
        Map<String, String> keys = new HashMap<>();
        keys.put("metadata.ownerReferences", "uid");
        switch (kind) {
            case "Deployment", "ReplicaSet" -> {
                POD_SPEC.forEach((field, key) -> keys.put("spec.template.spec." + field, key));
                keys.put("status.conditions", "type");
            }
            case "Pod" -> {
                POD_SPEC.forEach((field, key) -> keys.put("spec." + field, key));
                keys.put("status.conditions", "type");
            }
            case "Service" -> keys.put("spec.ports", "port");
            default -> {
            }
        }
        return new MergeKeys(Map.copyOf(keys));
    }

    boolean strategic() {
        return keys != null;
    }

    /** The merge key of a list field, or null when the list is replaced whole. */
    String keyOf(String path) {
        return keys == null ? null : keys.get(path);
    }

    boolean mergesPrimitives(String path) {
        return keys != null && PRIMITIVE_SETS.contains(path);
    }
}
