package dev.ingresslab.sandbox;

import java.util.Optional;

/**
 * A request path of the Kubernetes API, taken apart: {@code /apis/networking.k8s.io/v1/namespaces/default/ingresses/
 * simple-ingress/status} is group version {@code networking.k8s.io/v1}, namespace {@code default}, resource {@code
 * ingresses}, name {@code simple-ingress}, subresource {@code status}. Name and subresource may be null (a
 * collection); the namespace is null for cluster-scoped resources and lists across all namespaces.
 */
record ApiPath(ApiResources.Resource resource, String namespace, String name, String subresource) {

    /**
     * The path of a watch in the deprecated form that kube-apiserver still serves ({@code /api/v1/watch/namespaces/
     * default/configmaps}, {@code /apis/networking.k8s.io/v1/watch/ingresses}) without its {@code watch} segment;
     * null for any other path.
     */
    static String watchPath(String path) {
        int at;
        if (path.startsWith("/api/")) {
            at = path.indexOf('/', "/api/".length());
        } else if (path.startsWith("/apis/")) {
            int group = path.indexOf('/', "/apis/".length());
            at = group < 0 ? -1 : path.indexOf('/', group + 1);
        } else {
            return null;
        }
        return at > 0 && path.startsWith("/watch/", at) ? path.substring(0, at) + path.substring(at + "/watch".length())
                : null;
    }

    static Optional<ApiPath> parse(String path) {
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        int at;
        String groupVersion;
        if (parts.length >= 3 && parts[0].equals("api")) {
            groupVersion = parts[1];
            at = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            groupVersion = parts[1] + "/" + parts[2];
            at = 3;
        } else {
            return Optional.empty();
        }
        String namespace = null;
        // namespaces/{ns}/{resource}… is a namespaced path; namespaces/{name}[/status] is the Namespace itself
        if (parts.length >= at + 3 && parts[at].equals("namespaces")) {
            namespace = parts[at + 1];
            at += 2;
        }
        var resource = ApiResources.find(groupVersion, parts[at]);
        if (resource.isEmpty() || parts.length > at + 3) {
            return Optional.empty();
        }
        String name = parts.length > at + 1 ? parts[at + 1] : null;
        String subresource = parts.length > at + 2 ? parts[at + 2] : null;
        if (name != null && name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiPath(resource.get(), namespace, name, subresource));
    }
}
