package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;

import java.util.Set;

/**
 * Forwards every routed request upstream over HTTP/1.1 on kept-alive connections of this IO thread ({@link
 * LeanConnection}), with none of a general proxy's per-request machinery: on loopback it costs about a third less
 * CPU per request than Undertow's proxy handler did (docs/benchmarks.md). The lean path is for the requests most
 * traffic is made of (no body, no upgrade: {@link #accepts}); requests with a body and upgrades take the same
 * connections, with their body streamed and their upgrade spliced. The behaviour is the same for all: round-robin
 * over ready endpoints, a refused connection retried once on another, a stale kept-alive connection retried on
 * another (but not once a request's body began to be read), 502 and 504 explained by {@link UpstreamFailurePage}.
 */
final class LeanForwarder implements LeanConnection.Owner {

    private static final Set<HttpString> METHODS = Set.of(Methods.GET, Methods.HEAD, Methods.OPTIONS,
            Methods.DELETE);
    /**
     * Room for what the forwarded head adds: the edge's fields ({@link ForwardingPolicy}; under 750 bytes even
     * with a 200-character request id, IPv6 addresses and a 253-character host) and HTTP/1.1 framing.
     */
    private static final int ADDED_HEAD_BYTES = 1024;
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final EndpointChooser chooser;
    private final long timeoutMillis;

    LeanForwarder(EndpointChooser chooser, long timeoutMillis) {
        this.chooser = chooser;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Whether the lean path takes this request: an idempotent method, no body, no upgrade, and a head that fits its
     * buffer with the headers the proxy adds.
     */
    static boolean accepts(HttpServerExchange exchange, long headBytes) {
        var headers = exchange.getRequestHeaders();
        return headBytes + ADDED_HEAD_BYTES <= LeanConnection.BUFFER_BYTES
                && METHODS.contains(exchange.getRequestMethod()) && exchange.getRequestContentLength() <= 0
                && !headers.contains(Headers.TRANSFER_ENCODING) && !headers.contains(Headers.UPGRADE)
                && !headers.contains(Headers.EXPECT);
    }

    /** Forwards an exchange {@link #accepts} takes; the response comes later, on this IO thread. */
    void forward(HttpServerExchange exchange, ProxiedRequest request) {
        // dispatched, so that the exchange does not end when the handler returns
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> forward(new ExchangeClient(exchange), request));
    }

    /**
     * Forwards any other exchange to a plain-HTTP endpoint: a body streamed after the head, an upgrade spliced after
     * the endpoint's 101 ({@link ExchangeClient}). The same pools, retries and pages as the lean path; the response
     * comes later, on this IO thread.
     */
    void forwardGeneral(HttpServerExchange exchange, ProxiedRequest request) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> forward(new ExchangeClient(exchange, request), request));
    }

    /** Forwards the client's request; the response comes later, on this IO thread. */
    void forward(LeanClient client, ProxiedRequest request) {
        EndpointPools.Pool pool;
        try {
            pool = chooser.choose(request);
        } catch (IllegalStateException e) {
            request.connectFailure = e.getMessage(); // the connector cannot reach this endpoint at all
            client.fail(503);
            return;
        }
        if (pool != null && pool.address == null && pool.names != null) {
            NameResolution names = pool.names;
            if (!names.answered() && !request.waitedForName) {
                // the name's first answer is not in: wait for it on this IO thread's timer, never blocking the thread
                request.waitedForName = true;
                names.whenAnswered(client.ioThread(), () -> forward(client, request));
                return;
            }
            if (pool.address == null) { // read again: the answer may just have come
                request.connectFailure = names.problem();
                client.fail(503);
                return;
            }
        }
        if (pool == null || pool.address == null) {
            client.fail(503);
            return;
        }
        request.attempt(pool);
        LeanPool connections = pool.lean.get();
        LeanConnection idle = connections.takeIdle();
        if (idle != null) {
            idle.send(client, request, true, timeoutMillis);
        } else if (connections.open < LeanPool.MAX_OPEN) {
            open(client, request, pool, connections);
        } else if (connections.waiting.size() < EndpointPools.QUEUE_PER_THREAD) {
            connections.waiting.addLast(connection -> connection.send(client, request, true, timeoutMillis));
        } else {
            request.connectFailure = "no connection to " + pool.label + " could be had: every pooled connection is"
                    + " busy and the queue is full";
            client.fail(503);
        }
    }

    private void open(LeanClient client, ProxiedRequest request, EndpointPools.Pool pool, LeanPool connections) {
        connections.open++;
        request.connecting();
        IoFuture<StreamConnection> future = client.ioThread().openStreamConnection(pool.address, connection -> {
            request.connectFailure = null;
            pool.markUp();
            new LeanConnection(pool, connection, this).send(client, request, false, timeoutMillis);
        }, OPTIONS);
        future.addNotifier((done, ignored) -> {
            if (done.getStatus() != IoFuture.Status.DONE) {
                connections.open--;
                request.connectFailure = "the connection to " + pool.label + " (" + pool.uri
                        + ") was refused or failed";
                chooser.pools().connectFailed(pool);
                if (request.attempts < 2 && request.decision.backend().endpoints().size() > 1) {
                    forward(client, request); // once more, on another endpoint
                } else {
                    client.fail(503);
                }
            }
        }, null);
    }

    @Override
    public void reusable(LeanConnection connection) {
        LeanPool connections = connection.pool.lean.get();
        if (connection.pool.retired) {
            connection.close();
        } else if (!connections.waiting.isEmpty()) {
            connections.waiting.pollFirst().accept(connection);
        } else {
            connections.idle.addFirst(connection);
        }
    }

    @Override
    public void failedBeforeResponse(LeanClient client, ProxiedRequest request, String why, boolean stale) {
        if (stale) {
            // a kept-alive connection the endpoint had closed meanwhile: the request never reached it, so it goes
            // out again (on the next idle connection, and in the end on a fresh one, which is never stale)
            request.attempts--;
            forward(client, request);
            return;
        }
        request.connectFailure = why;
        client.fail(502);
    }

    @Override
    public void closed(LeanConnection connection) {
        LeanPool connections = connection.pool.lean.get();
        connections.idle.remove(connection);
        connections.open--;
    }
}
