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
    /** The API server's limit on a request body (etcd's on an object is about the same). */
    static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

    private static final java.util.Set<String> HEALTH = java.util.Set.of("/healthz", "/livez", "/readyz");

    private final io.fabric8.kubernetes.client.KubernetesClient client;
    private final SimulatedWorkloads workloads;
    private final WriteHandler writes;
    private final ReadHandler reads;
    private final HttpWatch watches;
    private final ProxyHandler store;

    KubectlFront(URI apiServer, io.fabric8.kubernetes.client.KubernetesClient client, SimulatedWorkloads workloads) {
        this.client = client;
        this.workloads = workloads;
        MockUpstream upstream = new MockUpstream(apiServer);
        writes = new WriteHandler(upstream);
        reads = new ReadHandler(upstream);
        watches = new HttpWatch(client);
        LoadBalancingProxyClient backend = new LoadBalancingProxyClient().setConnectionsPerThread(8)
                .setMaxQueueSize(256).addHost(apiServer);
        store = ProxyHandler.builder().setProxyClient(backend).setMaxRequestTime(-1).build();
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(WORKERS).addHttpListener(0, "127.0.0.1")
                .setServerOption(io.undertow.UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
                .setHandler(this::route).build();
        server.start();
    }

    /**
     * Where each request goes. Only paths of the resources the sandbox serves reach the store: it answers other
     * paths by dumping every object it holds, or not at all.
     */
    private void route(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        if (method.equals("GET") && answerDocument(exchange)) {
            return;
        }
        if (HEALTH.contains(exchange.getRequestPath())) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send("ok");
            return;
        }
        var parsed = ApiPath.parse(exchange.getRequestPath());
        if (parsed.isEmpty()) {
            answer(exchange, new ApiStatus(404, "NotFound", "the server could not find the requested resource"
                    + " (the sandbox serves " + String.join(", ", ApiResources.BY_GROUP_VERSION.keySet()) + ")", null));
            return;
        }
        ApiPath path = parsed.get();
        String subresource = path.subresource();
        if ("scale".equals(subresource) && path.resource().kind().equals("Deployment")) {
            exchange.getRequestReceiver().receiveFullString((ex, body) ->
                    ex.dispatch(() -> answerScale(ex, client, path.namespace(), path.name(), body)));
        } else if ("log".equals(subresource) && path.resource().kind().equals("Pod") && method.equals("GET")) {
            answerLog(exchange, path);
        } else if (subresource != null && !subresource.equals("status")) {
            answer(exchange, unsupported(path));
        } else if (WriteHandler.handles(method, path)) {
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> writes.handle(ex, path,
                    body)), (ex, error) -> answer(ex, new ApiStatus(413, "RequestEntityTooLarge",
                    "Request entity too large: limit is " + MAX_BODY_BYTES, null)));
        } else if (method.equals("GET") && subresource == null && HttpWatch.wanted(exchange)) {
            exchange.dispatch(() -> watches.stream(exchange, path, ReadHandler.wantsTable(exchange)));
        } else if (method.equals("GET") && ReadHandler.handles(exchange, path)) {
            exchange.dispatch(() -> reads.answer(exchange, path));
        } else {
            exchange.addResponseCommitListener(KubectlFront::ensureContentType);
            store.handleRequest(exchange);
        }
    }

    /** What a simulated pod cannot do, said plainly, with what to do instead. */
    private static ApiStatus unsupported(ApiPath path) {
        String what = path.resource().name() + "/" + path.subresource();
        if (path.resource().kind().equals("Pod")) {
            return ApiStatus.badRequest("the sandbox's pods are simulated: there is no container for " + what
                    + " (exec, attach and port-forward need a real cluster)", "reach the pod's server through its"
                    + " Service and the proxy: curl -H 'Host: …' http://127.0.0.1:8080/");
        }
        return new ApiStatus(404, "NotFound", "the sandbox does not serve " + what, null);
    }

    /** {@code kubectl logs}: the requests the pod's sample backend answered, one line each. */
    private void answerLog(HttpServerExchange exchange, ApiPath path) {
        var log = workloads.logOf(path.namespace(), path.name());
        if (log.isEmpty()) {
            answer(exchange, ApiStatus.notFound(path.resource(), path.name()));
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(log.get().stream().map(line -> line + "\n")
                .collect(java.util.stream.Collectors.joining()));
    }

    private static void answer(HttpServerExchange exchange, ApiStatus status) {
        exchange.setStatusCode(status.code());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(status.json());
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
