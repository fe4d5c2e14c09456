package dev.ingresslab.sandbox;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The sandbox's API server as kubectl and fabric8 see it: a front on 127.0.0.1 that routes each request. Documents
 * (discovery, OpenAPI) it answers itself; writes go through {@link WriteHandler} (the API server's checks and
 * patches), lists and tables through {@link ReadHandler}, plain-HTTP watches through {@link HttpWatch}, the scale
 * and log subresources to their own handlers; what is left (gets, deletes, WebSocket watches) goes to the object
 * store behind it, fabric8's mock server in CRUD mode. Paths of resources the sandbox does not serve never reach
 * the store.
 */
final class KubectlFront implements AutoCloseable {

    /** Each HTTP watch holds a worker thread while it lasts. */
    private static final int WORKERS = 64;

    private final Undertow server;
    /** The API server's limit on a request body (etcd's on an object is about the same). */
    static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

    private static final java.util.Set<String> HEALTH = java.util.Set.of("/healthz", "/livez", "/readyz");

    private final SimulatedWorkloads workloads;
    private final ScaleSubresource scale;
    private final WriteHandler writes;
    private final ReadHandler reads;
    private final HttpWatch watches;
    private final ProxyHandler store;

    KubectlFront(URI apiServer, io.fabric8.kubernetes.client.KubernetesClient client, SimulatedWorkloads workloads) {
        this.workloads = workloads;
        this.scale = new ScaleSubresource(client);
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
        H2cOffer.ignore(exchange); // before anything reads Upgrade: an h2c offer is not a WebSocket watch
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
            new ApiStatus(404, "NotFound", "the server could not find the requested resource (the sandbox serves "
                    + String.join(", ", ApiResources.BY_GROUP_VERSION.keySet()) + ")", null).sendTo(exchange);
            return;
        }
        ApiPath path = parsed.get();
        String subresource = path.subresource();
        if ("scale".equals(subresource) && path.resource().kind().equals("Deployment")) {
            exchange.getRequestReceiver().receiveFullString((ex, body) ->
                    ex.dispatch(() -> scale.answer(ex, path, body)));
        } else if ("log".equals(subresource) && path.resource().kind().equals("Pod") && method.equals("GET")) {
            answerLog(exchange, path);
        } else if (subresource != null && !subresource.equals("status")) {
            unsupported(path).sendTo(exchange);
        } else if (WriteHandler.handles(method, path)) {
            exchange.getRequestReceiver().receiveFullBytes((ex, body) -> ex.dispatch(() -> writes.handle(ex, path,
                    body)), (ex, error) -> new ApiStatus(413, "RequestEntityTooLarge",
                    "Request entity too large: limit is " + MAX_BODY_BYTES, null).sendTo(ex));
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
            ApiStatus.notFound(path.resource(), path.name()).sendTo(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(log.get().stream().map(line -> line + "\n")
                .collect(java.util.stream.Collectors.joining()));
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
            document = DiscoveryDocuments.forPath(path);
        }
        if (document == null) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(document);
        return true;
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

    @Override
    public void close() {
        server.stop();
    }
}
