package dev.ingresslab.sandbox;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * The sandbox's API server as kubectl and fabric8 see it: a front on 127.0.0.1, over TLS, that routes each
 * request. Documents (discovery, OpenAPI) it answers itself; writes go through {@link WriteHandler} (the API
 * server's checks and patches), lists and tables through {@link ReadHandler}, watches (chunked HTTP or WebSocket)
 * through {@link HttpWatch}, Pod deletes through {@link GracefulDeletion}, {@code auth can-i}'s reviews to
 * {@link AccessReviews}, the scale and log subresources to their own handlers; what is left (gets, deletes) goes to
 * the object store behind it, fabric8's mock server in CRUD mode ({@link MockUpstream}), and any other method gets
 * 405. Paths of resources the sandbox does not serve never reach the store. Every failure is answered with a
 * {@code Status}, as kube-apiserver answers, for kubectl to print {@code Error from server (Reason): message}.
 *
 * <p>Every request first passes {@link ApiServerDoor} (loopback Host, no web page's Origin, the kubeconfig's token,
 * a body type the API server reads); bodies are read within {@link #MAX_BODY_BYTES} and a time limit
 * ({@link RequestBodies}); watches, chunked or over a WebSocket, are served by {@link HttpWatch} within its limits.
 * What goes on to the store carries the store's token.
 */
final class KubectlFront implements AutoCloseable {

    /** Each watch holds a worker thread while it lasts. */
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
    private final GracefulDeletion deletions;
    private final NamespaceDeletion namespaceDeletions;
    private final RequestBodies bodies;
    private final MockUpstream upstream;

    /** How long a request's head, then its body, may take to arrive. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);
    /** How long the server's stop waits for requests still running, the watches being ended first ({@link #close}). */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    /**
     * @param apiServer  the object store's address
     * @param tokens     the kubeconfig's token, which the front requires, and the store's, which it sends on
     * @param certificate the front's TLS identity
     * @param kubeconfig where the kubeconfig is, for the hint of a 401
     * @param client     the sandbox's own client of the store
     * @param workloads  the simulated pods, for their logs
     * @param bodyTimeout how long a request's head, then its body, may take to arrive
     * @param watchLimits what the watches may hold
     */
    KubectlFront(URI apiServer, AccessTokens tokens, ServingCertificate certificate, String kubeconfig,
                 io.fabric8.kubernetes.client.KubernetesClient client, SimulatedWorkloads workloads,
                 Duration bodyTimeout, HttpWatch.Limits watchLimits) {
        this.workloads = workloads;
        this.scale = new ScaleSubresource(client);
        upstream = new MockUpstream(apiServer, AccessTokens.authorization(tokens.store()));
        writes = new WriteHandler(upstream);
        reads = new ReadHandler(upstream);
        deletions = new GracefulDeletion(upstream);
        namespaceDeletions = new NamespaceDeletion(upstream);
        watches = new HttpWatch(client, watchLimits);
        bodies = new RequestBodies(MAX_BODY_BYTES, bodyTimeout);
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(WORKERS)
                .addHttpsListener(0, "127.0.0.1", certificate.serverContext())
                // no entity limit here (Undertow's ends a chunked body over it by closing the connection, with no
                // answer): RequestBodies counts every body the front reads, and answers 413
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) bodyTimeout.toMillis())
                // an idle keep-alive connection is closed after two minutes, so idle ones cannot pile up
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                // the watches are ended first (close); this bounds the wait for anything else still running
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, (int) SHUTDOWN_TIMEOUT.toMillis())
                .setHandler(new BareErrorStatus(new ApiServerDoor(tokens.client(), kubeconfig, this::route))).build();
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
        if (AccessReviews.handles(method, exchange.getRequestPath())) {
            bodies.read(exchange, AccessReviews::answer);
            return;
        }
        String watchPath = ApiPath.watchPath(exchange.getRequestPath());
        var parsed = ApiPath.parse(watchPath != null ? watchPath : exchange.getRequestPath());
        if (parsed.isEmpty()) {
            new ApiStatus(404, "NotFound", "the server could not find the requested resource (the sandbox serves "
                    + String.join(", ", ApiResources.BY_GROUP_VERSION.keySet()) + ")", null).sendTo(exchange);
            return;
        }
        ApiPath path = parsed.get();
        String subresource = path.subresource();
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if ("scale".equals(subresource) && path.resource().kind().equals("Deployment")) {
            bodies.read(exchange, (ex, body) -> scale.answer(ex, path,
                    new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        } else if ("log".equals(subresource) && path.resource().kind().equals("Pod") && method.equals("GET")) {
            answerLog(exchange, path);
        } else if (subresource != null && !subresource.equals("status")) {
            unsupported(path).sendTo(exchange);
        } else if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
            upgrade(exchange, path);
        } else if (watchPath != null && !(method.equals("GET") && subresource == null)) {
            new ApiStatus(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"
                    + " (a /watch/ path is for GET only)", null).sendTo(exchange);
        } else if (WriteHandler.handles(method, path)) {
            bodies.read(exchange, (ex, body) -> writes.handle(ex, path, body));
        } else if (GracefulDeletion.handles(method, path)) {
            bodies.read(exchange, (ex, body) -> deletions.handle(ex, path, body));
        } else if (NamespaceDeletion.handles(method, path)) {
            bodies.read(exchange, (ex, body) -> namespaceDeletions.handle(ex, path));
        } else if (method.equals("GET") && subresource == null && HttpWatch.wanted(exchange)) {
            // dispatched as a handler, not a Runnable: Undertow then answers a handler that throws (BareErrorStatus),
            // where a Runnable that throws leaves the client waiting for an answer that never comes
            exchange.dispatch(ex -> watches.stream(ex, path, ReadHandler.wantsTable(ex)));
        } else if (method.equals("GET") && ReadHandler.handles(exchange, path)) {
            exchange.dispatch(ex -> reads.answer(ex, path));
        } else if (method.equals("GET") || method.equals("DELETE")) {
            // a get of one object, a delete (with its DeleteOptions, if any): read within the limits, then sent on
            bodies.read(exchange, this::forward);
        } else {
            // fabric8's store takes a PUT on a collection or a POST on an object and answers "Invalid", and never
            // answers OPTIONS or TRACE: kube-apiserver answers 405 to a method a path does not take
            exchange.setPersistent(false);
            ApiStatus.methodNotAllowed(method, exchange.getRequestPath(), path.name() == null
                    ? "a collection takes GET (list, watch), POST (create) and DELETE (delete all of it)"
                    : "an object takes GET, PUT (replace), PATCH and DELETE").sendTo(exchange);
        }
    }

    /**
     * Sends a request (and its body, if it had one) to the store, and its answer back, an error as a {@code Status}
     * ({@link MockUpstream#send}). Runs on a worker thread.
     */
    private void forward(HttpServerExchange exchange, byte[] body) {
        String query = exchange.getQueryString();
        try {
            MockUpstream.Answer answer = upstream.send(exchange.getRequestMethod().toString(),
                    exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query), body.length == 0 ? null : body);
            exchange.setStatusCode(answer.status());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(answer.body()));
        } catch (java.io.IOException e) {
            ApiStatus.storeUnavailable(e).sendTo(exchange);
        }
    }

    /**
     * A WebSocket upgrade: a watch ({@link HttpWatch#upgrade}), as fabric8's client asks for one first; no other
     * request opens a WebSocket (an {@code Upgrade: h2c}, which vert.x's client offers, is ignored before this, as
     * Undertow ignores it without HTTP/2), and none reaches the store.
     */
    private void upgrade(HttpServerExchange exchange, ApiPath path) throws Exception {
        if (exchange.getRequestMethod().toString().equals("GET") && path.subresource() == null
                && HttpWatch.wanted(exchange)) {
            watches.upgrade(exchange, path, ReadHandler.wantsTable(exchange));
            return;
        }
        exchange.setPersistent(false);
        ApiStatus.badRequest("the sandbox opens a WebSocket only for a watch (GET with ?watch=true); "
                + exchange.getRequestMethod() + " " + exchange.getRequestPath() + " is not one",
                "send the request without Upgrade").sendTo(exchange);
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

    @Override
    public void close() {
        watches.closeAll();
        server.stop();
    }
}
