package dev.ingresslab.sandbox;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code DELETE} of a Namespace as the API server and the namespace controller carry it out together: the Namespace
 * goes {@code Terminating} ({@code status.phase}), every object in it is deleted (Ingresses first, so their routes
 * go; then the workloads, whose simulated Pods stop; then the rest), and then the Namespace itself. The answer is
 * the Namespace as it was marked, Terminating, as the API server answers; {@code kubectl delete namespace} then
 * waits until it is gone. {@code default}, {@code kube-system} and {@code kube-public} may not be deleted, with the
 * API server's words ({@code namespace/lifecycle} admission).
 */
final class NamespaceDeletion {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PROTECTED = Set.of("default", "kube-system", "kube-public");
    /** The order the contents go in: what routes first, the workloads before their Pods, then the rest. */
    private static final List<String> FIRST = List.of("Ingress", "Service", "Deployment", "ReplicaSet", "Pod");

    private final MockUpstream store;

    NamespaceDeletion(MockUpstream store) {
        this.store = store;
    }

    /** True for the deletes this handler takes: one Namespace. */
    static boolean handles(String method, ApiPath path) {
        return method.equals("DELETE") && path.resource().kind().equals("Namespace") && path.name() != null
                && path.subresource() == null;
    }

    /** Runs on a worker thread (the body, DeleteOptions, changes nothing here). */
    void handle(HttpServerExchange exchange, ApiPath path) {
        String name = path.name();
        try {
            MockUpstream.Answer current = store.send("GET", exchange.getRequestPath(), null);
            if (current.status() == 404) {
                ApiStatus.notFound(path.resource(), name).sendTo(exchange);
                return;
            }
            if (current.status() != 200) {
                answer(exchange, current);
                return;
            }
            if (PROTECTED.contains(name)) {
                new ApiStatus(403, "Forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not"
                        + " be deleted", null).sendTo(exchange);
                return;
            }
            ObjectNode namespace = (ObjectNode) JSON.readTree(current.body());
            ((ObjectNode) namespace.path("metadata")).put("deletionTimestamp",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            (namespace.get("status") instanceof ObjectNode status ? status : namespace.putObject("status"))
                    .put("phase", "Terminating");
            if (exchange.getQueryParameters().containsKey("dryRun")) {
                answer(exchange, new MockUpstream.Answer(200, JSON.writeValueAsBytes(namespace)));
                return;
            }
            ObjectNode marked = namespace.deepCopy();
            ((ObjectNode) marked.path("metadata")).remove("deletionTimestamp"); // the store would remove it at once
            store.send("PUT", exchange.getRequestPath(), JSON.writeValueAsBytes(marked)); // Terminating, for watchers
            for (ApiResources.Resource resource : contentsInOrder()) {
                MockUpstream.Answer deleted = store.send("DELETE", collection(resource, name), null);
                if (deleted.status() >= 500) {
                    answer(exchange, deleted);
                    return;
                }
            }
            MockUpstream.Answer deleted = store.send("DELETE", exchange.getRequestPath(), null);
            answer(exchange, deleted.status() == 200
                    ? new MockUpstream.Answer(200, JSON.writeValueAsBytes(namespace)) : deleted);
        } catch (IOException e) {
            ApiStatus.storeUnavailable(e).sendTo(exchange);
        }
    }

    private static List<ApiResources.Resource> contentsInOrder() {
        List<ApiResources.Resource> namespaced = new ArrayList<>();
        ApiResources.BY_GROUP_VERSION.values().forEach(resources -> resources.stream()
                .filter(ApiResources.Resource::namespaced).forEach(namespaced::add));
        namespaced.sort(java.util.Comparator.comparingInt(resource -> {
            int index = FIRST.indexOf(resource.kind());
            return index < 0 ? FIRST.size() : index;
        }));
        return namespaced;
    }

    /** {@code /apis/apps/v1/namespaces/shop/deployments}. */
    static String collection(ApiResources.Resource resource, String namespace) {
        String prefix = resource.groupVersion().contains("/") ? "/apis/" : "/api/";
        return prefix + resource.groupVersion() + "/namespaces/" + namespace + "/" + resource.name();
    }

    private static void answer(HttpServerExchange exchange, MockUpstream.Answer answer) {
        exchange.setStatusCode(answer.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
    }
}
