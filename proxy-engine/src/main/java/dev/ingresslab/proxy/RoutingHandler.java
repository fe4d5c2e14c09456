package dev.ingresslab.proxy;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.text.ShellWords;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The request path: match the request against the table in force, answer redirects and errors ourselves, and
 * forward routed requests with the request-target the decision names, upstream on our own connections ({@link
 * LeanForwarder}): those without a body on the lean path, the others with their body streamed or their upgrade
 * spliced. Runs on the IO thread
 * and never blocks. Requests in flight keep the table they started with: the table is read once per request.
 */
final class RoutingHandler implements HttpHandler {

    static final HttpString ROUTE_HEADER = new HttpString("X-Ingress-Lab-Route");
    static final HttpString REQUEST_ID = ForwardingPolicy.X_REQUEST_ID;

    private final AtomicReference<RouteTable> tables;
    private final LeanForwarder lean;
    private final JournalWriter journalWriter;
    private final boolean routeHeader;
    private final int maxHeaderBytes;
    private final RouteSource routeSource;

    RoutingHandler(AtomicReference<RouteTable> tables, LeanForwarder lean,
                   JournalWriter journalWriter, boolean routeHeader, int maxHeaderBytes, RouteSource routeSource) {
        this.tables = tables;
        this.lean = lean;
        this.journalWriter = journalWriter; // stateless: one serves every exchange
        this.routeHeader = routeHeader;
        this.maxHeaderBytes = maxHeaderBytes;
        this.routeSource = routeSource;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ErrorPage refused = RequestFraming.check(exchange);
        if (refused != null) {
            refuse(exchange, refused);
            return;
        }
        long targetBytes = targetBytes(exchange);
        if (targetBytes > ProxySettings.MAX_REQUEST_TARGET_BYTES) { // as nginx: the request line before the fields
            refuse(exchange, new ErrorPage(414, "URI Too Long", "the request-target is " + targetBytes
                    + " bytes; Ingress Lab accepts at most " + ProxySettings.MAX_REQUEST_TARGET_BYTES
                    + " (as nginx with ingress-nginx's default large-client-header-buffers of 4 8k)",
                    List.of("send long data in a request body (POST) rather than in the path or query")));
            return;
        }
        long headBytes = headBytes(exchange);
        if (headBytes > maxHeaderBytes) {
            refuse(exchange, new ErrorPage(431, "Request Header Fields Too Large", "the request head is " + headBytes
                    + " bytes; Ingress Lab accepts at most " + maxHeaderBytes, List.of()));
            return;
        }
        ForwardingPolicy.hostFromAbsoluteForm(exchange); // routed by, and forwarded with, the URI's host
        RouteTable table = tables.get();
        ExchangeRequest view = new ExchangeRequest(exchange);
        Decision decision = table.match(view, ThreadLocalRandom.current());
        ProxiedRequest request = new ProxiedRequest(table, decision, view.target(), requestId(exchange),
                ClientAddresses.of(exchange), System.nanoTime(), System.currentTimeMillis(), journalWriter);
        if (journalWriter.capturesDetails()) {
            request.received(ExchangeHeads.request(exchange, view.target()));
        }
        exchange.addExchangeCompleteListener(request);
        if (routeHeader) {
            exchange.getResponseHeaders().put(ROUTE_HEADER, request.route);
        }
        switch (decision.outcome()) {
            case ROUTED -> forward(exchange, request, headBytes);
            case REDIRECT -> redirect(exchange, decision);
            case NOT_FOUND -> new ErrorPage(404, "No Ingress rule matches this request", decision.reason(),
                    NearestRules.of(table, exchange.getRequestHeaders().getFirst(Headers.HOST))).send(exchange);
            case NO_ENDPOINTS -> unavailable(exchange, decision.backend(), decision.reason());
            case BAD_REQUEST -> new ErrorPage(400, "Bad request", decision.reason(), List.of()).send(exchange);
            case INVALID_BACKEND -> new ErrorPage(500, "The route's backend cannot be used", decision.reason(),
                    List.of("an HTTPRoute backendRef that is missing, not permitted (ReferenceGrant) or of weight 0"
                            + " is answered 500 (Gateway API): see the HTTPRoute's status or run"
                            + " `ingress-lab explain`")).send(exchange);
        }
    }

    /**
     * Answers a request refused before routing (its framing, RFC 9112 §6.3: 400; its target: 414; its head: 431)
     * and journals it as any answered request is, with the refusal's reason as its route. The connection closes
     * after it: what follows the head cannot be read as a next request.
     */
    private void refuse(HttpServerExchange exchange, ErrorPage page) {
        exchange.setPersistent(false);
        Decision decision = new Decision(Outcome.BAD_REQUEST, page.status(), null, null, false, null, null, null,
                page.reason(), List.of(), List.of());
        String target = exchange.getRequestURI() + (exchange.getQueryString().isEmpty() ? ""
                : "?" + exchange.getQueryString());
        ProxiedRequest request = new ProxiedRequest(tables.get(), decision, target, requestId(exchange),
                ClientAddresses.of(exchange), System.nanoTime(), System.currentTimeMillis(), journalWriter);
        if (journalWriter.capturesDetails()) {
            request.received(ExchangeHeads.request(exchange, target));
        }
        exchange.addExchangeCompleteListener(request);
        page.send(exchange);
    }

    private void forward(HttpServerExchange exchange, ProxiedRequest request, long headBytes) throws Exception {
        Decision decision = request.decision;
        if (decision.backend().endpoints().isEmpty()) {
            unavailable(exchange, decision.backend(), decision.backend().problem().isEmpty()
                    ? "the Service has no known endpoints" : decision.backend().problem());
            return;
        }
        ForwardingPolicy.clear(exchange); // the edge's own fields are added as the request head is written
        HeaderModifiers.apply(exchange, decision.route(), request); // an HTTPRoute rule's header filters (§9.5)
        String upstream = decision.upstreamPath();
        int query = upstream.indexOf('?');
        exchange.setRequestURI(query < 0 ? upstream : upstream.substring(0, query), false);
        exchange.setQueryString(query < 0 ? "" : upstream.substring(query + 1));
        exchange.addDefaultResponseListener(request); // explains a failed forward
        if (LeanForwarder.accepts(exchange, headBytes)) {
            lean.forward(exchange, request); // it notes the first response byte itself
        } else {
            lean.forwardGeneral(exchange, request);
        }
    }

    private static void redirect(HttpServerExchange exchange, Decision decision) {
        exchange.setStatusCode(decision.status());
        exchange.getResponseHeaders().put(Headers.LOCATION, decision.location());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("Redirecting to " + decision.location() + "\n" + decision.reason() + "\n");
    }

    private void unavailable(HttpServerExchange exchange, Backend backend, String reason) {
        String service = "backend: Service " + backend.namespace() + "/" + backend.service() + " port "
                + backend.port();
        List<String> details = switch (routeSource) {
            case CLUSTER -> List.of(service, "check: " + ShellWords.command("kubectl", "get", "endpointslices", "-n",
                    backend.namespace(), "-l", "kubernetes.io/service-name=" + backend.service()));
            case MANIFEST_FILES -> List.of(service,
                    "serve routes only to the addresses of the EndpointSlices in its manifest files (nothing runs"
                            + " the Deployments): add one for this Service, labelled kubernetes.io/service-name="
                            + backend.service() + ", whose addresses answer from this machine (a local server)",
                    "for the chapter's samples with running pods, run `ingress-lab demo` instead");
        };
        new ErrorPage(503, "The backend has no ready endpoints", reason, details).send(exchange);
    }

    /** The length of the request-target as sent: the URI (with the scheme and authority of the absolute form), '?' and the query. */
    static long targetBytes(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        return exchange.getRequestURI().length() + (query == null || query.isEmpty() ? 0 : 1 + query.length());
    }

    /** The size of the request head as sent: request line and header lines. */
    static long headBytes(HttpServerExchange exchange) {
        long size = exchange.getRequestMethod().length() + exchange.getRequestURI().length()
                + exchange.getQueryString().length() + 14;
        HeaderMap headers = exchange.getRequestHeaders();
        for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
            io.undertow.util.HeaderValues values = headers.fiCurrent(cookie);
            int nameLength = values.getHeaderName().length();
            for (int i = 0; i < values.size(); i++) {
                size += nameLength + values.get(i).length() + 4;
            }
        }
        return size;
    }

    private static String requestId(HttpServerExchange exchange) {
        return RequestIds.keptOrNew(exchange.getRequestHeaders().getFirst(REQUEST_ID));
    }
}

