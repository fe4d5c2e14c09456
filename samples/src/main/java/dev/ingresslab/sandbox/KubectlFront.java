package dev.ingresslab.sandbox;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kubectl needs beyond the mock API server, in front of it: discovery documents ({@code /version},
 * {@code /api}, {@code /apis}, the resource lists with short names such as {@code ing} and {@code svc}) and a
 * {@code Content-Type} on every answer. Everything else goes to the mock server unchanged. A first step toward the
 * full kubectl support the sandbox needs (apply with validation, strategic merge, tables, chunked watches).
 */
final class KubectlFront implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** The kinds {@code kubectl get all} lists, as on a real server. */
    private static final java.util.Set<String> ALL_CATEGORY = java.util.Set.of("Pod", "Service", "Deployment",
            "ReplicaSet");

    /** Each HTTP watch holds a worker thread while it lasts. */
    private static final int WORKERS = 64;

    private final Undertow server;

    private static final java.util.regex.Pattern SCALE_PATH = java.util.regex.Pattern.compile(
            "/apis/apps/v1/namespaces/([a-z0-9-]+)/deployments/([a-z0-9.-]+)/scale");

    KubectlFront(URI apiServer, io.fabric8.kubernetes.client.KubernetesClient client) {
        MockUpstream store = new MockUpstream(apiServer);
        WriteHandler writes = new WriteHandler(store);
        ReadHandler reads = new ReadHandler(store);
        HttpWatch watches = new HttpWatch(client);
        LoadBalancingProxyClient backend = new LoadBalancingProxyClient().setConnectionsPerThread(8)
                .setMaxQueueSize(256).addHost(apiServer);
        ProxyHandler proxy = ProxyHandler.builder().setProxyClient(backend).setMaxRequestTime(-1).build();
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(WORKERS).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    String method = exchange.getRequestMethod().toString();
                    if (method.equals("GET") && answerDocument(exchange)) {
                        return;
                    }
                    var apiPath = ApiPath.parse(exchange.getRequestPath());
                    if (apiPath.isPresent() && WriteHandler.handles(method, apiPath.get())) {
                        exchange.getRequestReceiver().receiveFullBytes((ex, body) ->
                                ex.dispatch(() -> writes.handle(ex, apiPath.get(), body)));
                        return;
                    }
                    var scale = SCALE_PATH.matcher(exchange.getRequestPath());
                    if (scale.matches()) {
                        String namespace = scale.group(1);
                        String deployment = scale.group(2);
                        exchange.getRequestReceiver().receiveFullString((ex, body) ->
                                ex.dispatch(() -> answerScale(ex, client, namespace, deployment, body)));
                        return;
                    }
                    if (method.equals("GET") && apiPath.isPresent() && apiPath.get().subresource() == null) {
                        if (HttpWatch.wanted(exchange)) {
                            exchange.dispatch(() -> watches.stream(exchange, apiPath.get(),
                                    ReadHandler.wantsTable(exchange)));
                            return;
                        }
                        if (ReadHandler.handles(exchange, apiPath.get())) {
                            exchange.dispatch(() -> reads.answer(exchange, apiPath.get()));
                            return;
                        }
                    }
                    exchange.addResponseCommitListener(KubectlFront::ensureContentType);
                    proxy.handleRequest(exchange);
                }).build();
        server.start();
    }

    /** Discovery and OpenAPI documents; false when the path is neither. */
    private static boolean answerDocument(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        String document;
        String contentType = "application/json";
        if (path.equals("/openapi/v3")) {
            document = OpenApiDocuments.v3Root();
        } else if (path.startsWith("/openapi/v3/")) {
            document = OpenApiDocuments.v3GroupVersion(path.substring("/openapi/v3/".length()));
        } else if (path.equals("/openapi/v2")) {
            String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
            boolean protobuf = accept != null && accept.contains("protobuf");
            document = protobuf ? "" : OpenApiDocuments.v2Json(); // the protobuf form of an empty document is empty
            contentType = protobuf ? OpenApiDocuments.V2_PROTOBUF : contentType;
        } else {
            document = discovery(path);
        }
        if (document == null) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(document);
        return true;
    }

    /**
     * The scale subresource, which the mock lacks: GET reads it, PUT and PATCH (kubectl scale sends a merge patch
     * of {@code spec.replicas}) set the Deployment's replicas.
     */
    private static void answerScale(HttpServerExchange exchange, io.fabric8.kubernetes.client.KubernetesClient client,
                                    String namespace, String name, String body) {
        var deployments = client.apps().deployments().inNamespace(namespace);
        var deployment = deployments.withName(name).get();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (deployment == null) {
            exchange.setStatusCode(404);
            exchange.getResponseSender().send(JSON.writeValueAsString(Map.of("kind", "Status", "apiVersion", "v1",
                    "status", "Failure", "reason", "NotFound", "code", 404,
                    "message", "deployments.apps \"" + name + "\" not found")));
            return;
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        if (!exchange.getRequestMethod().toString().equals("GET")) {
            var wanted = JSON.readTree(body).path("spec").path("replicas");
            if (!wanted.isInt() || wanted.asInt() < 0) {
                exchange.setStatusCode(422);
                exchange.getResponseSender().send(JSON.writeValueAsString(Map.of("kind", "Status", "apiVersion",
                        "v1", "status", "Failure", "reason", "Invalid", "code", 422,
                        "message", "spec.replicas: Invalid value: must be a whole number, 0 or more")));
                return;
            }
            replicas = wanted.asInt();
            deployments.withName(name).scale(replicas);
        }
        Map<String, Object> metadata = Map.of("name", name, "namespace", namespace);
        exchange.getResponseSender().send(JSON.writeValueAsString(Map.of("kind", "Scale", "apiVersion",
                "autoscaling/v1", "metadata", metadata, "spec", Map.of("replicas", replicas),
                "status", Map.of("replicas", replicas))));
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** client-go does not decode a body without a Content-Type; the mock server sends none. */
    private static void ensureContentType(HttpServerExchange exchange) {
        if (!exchange.getResponseHeaders().contains(Headers.CONTENT_TYPE)) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        }
    }

    /** The discovery document for a path, or null when the path is not a discovery path. */
    static String discovery(String path) {
        return switch (path) {
            case "/version" -> JSON.writeValueAsString(Map.of("major", "1", "minor", "32",
                    "gitVersion", "v1.32.0-ingress-lab-sandbox", "platform", "linux/amd64"));
            case "/api" -> JSON.writeValueAsString(Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of()));
            case "/apis" -> groupList();
            default -> {
                String groupVersion = path.startsWith("/api/") ? path.substring(5)
                        : path.startsWith("/apis/") ? path.substring(6) : null;
                yield groupVersion != null && ApiResources.BY_GROUP_VERSION.containsKey(groupVersion)
                        && !groupVersion.equals("v1")
                        || "v1".equals(groupVersion) && path.equals("/api/v1") ? resourceList(groupVersion) : null;
            }
        };
    }

    private static String groupList() {
        List<Map<String, Object>> groups = new ArrayList<>();
        ApiResources.BY_GROUP_VERSION.keySet().stream().filter(gv -> !gv.equals("v1")).forEach(gv -> {
            String group = gv.substring(0, gv.indexOf('/'));
            Map<String, String> version = Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
            groups.add(Map.of("name", group, "versions", List.of(version), "preferredVersion", version));
        });
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
            }
            resources.add(entry);
            resources.add(Map.of("name", resource.name() + "/status", "singularName", "", "namespaced",
                    resource.namespaced(), "kind", resource.kind(), "verbs", List.of("get", "patch", "update")));
        }
        return JSON.writeValueAsString(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion",
                groupVersion, "resources", resources));
    }

    @Override
    public void close() {
        server.stop();
    }
}
