package dev.ingresslab.sandbox;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI documents kubectl reads before it writes. kubectl's default validation ({@code --validate=strict})
 * first asks {@code /openapi/v3} whether the server validates fields itself: a PATCH operation of the kind with a
 * {@code fieldValidation} parameter says it does, and kubectl then leaves validation to the server, which refuses
 * unknown fields with the API server's own message ({@link WriteChecks}). For kinds the server does not have
 * ({@code kind: ingress}) kubectl falls back to the OpenAPI v2 schema: an empty one lets the request reach the
 * server, which answers as a real one does. The documents also hold the kinds' schemas ({@link OpenApiSchemas}) for
 * {@code kubectl explain}.
 */
final class OpenApiDocuments {

    /** What the API server answers the protobuf document with (Go cannot parse the "@" of the name kubectl asks by). */
    static final String V2_PROTOBUF = "application/octet-stream";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HASH = "ingress-lab-sandbox-1";

    private OpenApiDocuments() {
    }

    /** The v3 index: one document per group version. */
    static String v3Root() {
        Map<String, Object> paths = new LinkedHashMap<>();
        ApiResources.BY_GROUP_VERSION.keySet().forEach(gv -> paths.put(prefix(gv),
                Map.of("serverRelativeURL", "/openapi/v3/" + prefix(gv) + "?hash=" + HASH)));
        return JSON.writeValueAsString(Map.of("paths", paths));
    }

    /** The v3 document of {@code api/v1} or {@code apis/<group>/<version>}, or null for another path. */
    static String v3GroupVersion(String path) {
        String groupVersion = path.startsWith("api/") ? path.substring(4)
                : path.startsWith("apis/") ? path.substring(5) : null;
        if (groupVersion == null || (path.startsWith("api/") != groupVersion.equals("v1"))
                || !ApiResources.BY_GROUP_VERSION.containsKey(groupVersion)) {
            return null;
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ApiResources.Resource resource : ApiResources.BY_GROUP_VERSION.get(groupVersion)) {
            String collection = "/" + prefix(groupVersion) + (resource.namespaced() ? "/namespaces/{namespace}/" : "/")
                    + resource.name();
            Map<String, Object> gvk = Map.of("group", resource.group(), "version", resource.version(), "kind",
                    resource.kind());
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("description", "partially update the specified " + resource.kind());
            patch.put("operationId", "patch" + resource.kind());
            patch.put("parameters", List.of(queryParameter("dryRun"), queryParameter("fieldManager"),
                    queryParameter("fieldValidation"), queryParameter("force")));
            patch.put("x-kubernetes-action", "patch");
            patch.put("x-kubernetes-group-version-kind", gvk);
            paths.put(collection + "/{name}", Map.of("patch", patch));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.0");
        document.put("info", Map.of("title", "Kubernetes (Ingress Lab sandbox)", "version", "v1.32.0"));
        document.put("paths", paths);
        document.put("components", Map.of("schemas", OpenApiSchemas.forGroupVersion(groupVersion)));
        return JSON.writeValueAsString(document);
    }

    /** An OpenAPI v2 document without definitions, as JSON (the protobuf form of it is empty). */
    static String v2Json() {
        return JSON.writeValueAsString(Map.of("swagger", "2.0", "info", Map.of("title", "Kubernetes (Ingress Lab"
                + " sandbox)", "version", "v1.32.0"), "paths", Map.of()));
    }

    private static String prefix(String groupVersion) {
        return groupVersion.equals("v1") ? "api/v1" : "apis/" + groupVersion;
    }

    private static Map<String, Object> queryParameter(String name) {
        return Map.of("name", name, "in", "query", "schema", Map.of("type", "string", "uniqueItems", true));
    }
}
