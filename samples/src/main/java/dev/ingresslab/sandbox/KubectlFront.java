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

    /** One API resource as discovery lists it. */
    private record Resource(String name, String singular, String kind, boolean namespaced, List<String> shortNames) {
    }

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private static final Map<String, List<Resource>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("v1", List.of(
                new Resource("namespaces", "namespace", "Namespace", false, List.of("ns")),
                new Resource("services", "service", "Service", true, List.of("svc")),
                new Resource("endpoints", "endpoints", "Endpoints", true, List.of("ep")),
                new Resource("pods", "pod", "Pod", true, List.of("po")),
                new Resource("secrets", "secret", "Secret", true, List.of()),
                new Resource("configmaps", "configmap", "ConfigMap", true, List.of("cm")),
                new Resource("events", "event", "Event", true, List.of("ev"))));
        GROUPS.put("networking.k8s.io/v1", List.of(
                new Resource("ingresses", "ingress", "Ingress", true, List.of("ing")),
                new Resource("ingressclasses", "ingressclass", "IngressClass", false, List.of())));
        GROUPS.put("apps/v1", List.of(
                new Resource("deployments", "deployment", "Deployment", true, List.of("deploy")),
                new Resource("replicasets", "replicaset", "ReplicaSet", true, List.of("rs"))));
        GROUPS.put("discovery.k8s.io/v1", List.of(
                new Resource("endpointslices", "endpointslice", "EndpointSlice", true, List.of())));
        GROUPS.put("coordination.k8s.io/v1", List.of(
                new Resource("leases", "lease", "Lease", true, List.of())));
    }

    private final Undertow server;

    KubectlFront(URI apiServer) {
        LoadBalancingProxyClient backend = new LoadBalancingProxyClient().setConnectionsPerThread(8)
                .setMaxQueueSize(256).addHost(apiServer);
        ProxyHandler proxy = ProxyHandler.builder().setProxyClient(backend).setMaxRequestTime(-1).build();
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(4).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    String document = discovery(exchange.getRequestPath());
                    if (document != null && exchange.getRequestMethod().toString().equals("GET")) {
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                        exchange.getResponseSender().send(document);
                        return;
                    }
                    exchange.addResponseCommitListener(KubectlFront::ensureContentType);
                    proxy.handleRequest(exchange);
                }).build();
        server.start();
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
                yield groupVersion != null && GROUPS.containsKey(groupVersion) && !groupVersion.equals("v1")
                        || "v1".equals(groupVersion) && path.equals("/api/v1") ? resourceList(groupVersion) : null;
            }
        };
    }

    private static String groupList() {
        List<Map<String, Object>> groups = new ArrayList<>();
        GROUPS.keySet().stream().filter(gv -> !gv.equals("v1")).forEach(gv -> {
            String group = gv.substring(0, gv.indexOf('/'));
            Map<String, String> version = Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
            groups.add(Map.of("name", group, "versions", List.of(version), "preferredVersion", version));
        });
        return JSON.writeValueAsString(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    }

    private static String resourceList(String groupVersion) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Resource resource : GROUPS.get(groupVersion)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", resource.name());
            entry.put("singularName", resource.singular());
            entry.put("namespaced", resource.namespaced());
            entry.put("kind", resource.kind());
            entry.put("verbs", VERBS);
            if (!resource.shortNames().isEmpty()) {
                entry.put("shortNames", resource.shortNames());
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
