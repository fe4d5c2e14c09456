package dev.ingresslab.sandbox;

import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The discovery documents kubectl reads first: {@code /version}, {@code /api}, {@code /apis} and each group
 * version's resource list, with the short names ({@code ing}, {@code svc}), the {@code all} category and the
 * subresources the sandbox serves.
 */
final class DiscoveryDocuments {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** The kinds {@code kubectl get all} lists, as on a real server. */
    private static final Set<String> ALL_CATEGORY = Set.of("Pod", "Service", "Deployment", "ReplicaSet");

    private DiscoveryDocuments() {
    }

    /** The discovery document for a path, or null when the path is not a discovery path. */
    static String forPath(String path) {
        return switch (path) {
            case "/version" -> JSON.writeValueAsString(Map.of("major", "1", "minor", "32",
                    "gitVersion", "v1.32.0-ingress-lab-sandbox", "platform", "linux/amd64"));
            case "/api" -> JSON.writeValueAsString(Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of()));
            case "/apis" -> groupList();
            case "/apis/" + AccessReviews.GROUP_VERSION -> reviewList();
            default -> {
                String groupVersion = path.startsWith("/api/") ? path.substring(5)
                        : path.startsWith("/apis/") ? path.substring(6) : null;
                yield groupVersion != null && ApiResources.BY_GROUP_VERSION.containsKey(groupVersion)
                        && !groupVersion.equals("v1")
                        || "v1".equals(groupVersion) && path.equals("/api/v1") ? resourceList(groupVersion) : null;
            }
        };
    }

    /**
     * One entry per group, its versions newest first and the first preferred (a group served in several versions,
     * the Gateway API's, lists {@code v1} then {@code v1beta1}, as the API server orders a CRD's versions).
     */
    private static String groupList() {
        Map<String, List<Map<String, String>>> versionsByGroup = new LinkedHashMap<>();
        java.util.stream.Stream.concat(ApiResources.BY_GROUP_VERSION.keySet().stream(),
                java.util.stream.Stream.of(AccessReviews.GROUP_VERSION)).filter(gv -> !gv.equals("v1")).forEach(gv ->
                versionsByGroup.computeIfAbsent(gv.substring(0, gv.indexOf('/')), group -> new ArrayList<>())
                        .add(Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1))));
        List<Map<String, Object>> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> groups.add(Map.of("name", group, "versions", versions,
                "preferredVersion", versions.get(0))));
        return JSON.writeValueAsString(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    }

    private static String resourceList(String groupVersion) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ApiResources.Resource resource : ApiResources.BY_GROUP_VERSION.get(groupVersion)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", resource.name());
            entry.put("singularName", resource.singular());
            entry.put("namespaced", resource.namespaced());
            entry.put("kind", resource.kind());
            entry.put("verbs", VERBS);
            if (!resource.shortNames().isEmpty()) {
                entry.put("shortNames", resource.shortNames());
            }
            if (ALL_CATEGORY.contains(resource.kind())) {
                entry.put("categories", List.of("all"));
            } else if (ApiResources.isGatewayApi(resource)) {
                entry.put("categories", List.of("gateway-api")); // the CRDs': kubectl get gateway-api
            }
            resources.add(entry);
            if (!resource.kind().equals("ReferenceGrant")) { // the one Gateway API kind without a status
                resources.add(subresource(resource, "status", resource.kind(), List.of("get", "patch", "update")));
            }
            if (resource.kind().equals("Deployment")) {
                resources.add(subresource(resource, "scale", "Scale", List.of("get", "patch", "update")));
            } else if (resource.kind().equals("Pod")) {
                resources.add(subresource(resource, "log", "Pod", List.of("get")));
            }
        }
        return JSON.writeValueAsString(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion",
                groupVersion, "resources", resources));
    }

    /** The authorization group: its reviews can only be created ({@link AccessReviews}). */
    private static String reviewList() {
        List<Map<String, Object>> resources = new ArrayList<>();
        AccessReviews.RESOURCES.forEach((name, kind) -> resources.add(Map.of("name", name, "singularName", "",
                "namespaced", false, "kind", kind, "verbs", List.of("create"))));
        return JSON.writeValueAsString(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion",
                AccessReviews.GROUP_VERSION, "resources", resources));
    }

    private static Map<String, Object> subresource(ApiResources.Resource resource, String name, String kind,
                                                   List<String> verbs) {
        return Map.of("name", resource.name() + "/" + name, "singularName", "", "namespaced", resource.namespaced(),
                "kind", kind, "verbs", verbs);
    }
}
