package dev.ingresslab.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;

import java.util.concurrent.TimeUnit;

/**
 * Gives Undertow's proxy handler a connection to one ready endpoint of the decided backend, as {@link
 * EndpointChooser} chooses it (never the one that just failed when the handler retries). Connection pools are per
 * endpoint ({@link EndpointPools}).
 */
final class RoutingProxyClient implements ProxyClient {

    private static final ProxyTarget ROUTED = new ProxyTarget() {
        @Override
        public String toString() {
            return "the decided backend";
        }
    };

    private final EndpointChooser chooser;

    RoutingProxyClient(EndpointChooser chooser) {
        this.chooser = chooser;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return exchange.getAttachment(ProxiedRequest.KEY) == null ? null : ROUTED;
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange,
                              ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        ProxiedRequest request = exchange.getAttachment(ProxiedRequest.KEY);
        EndpointPools.Pool pool;
        try {
            pool = chooser.choose(request);
        } catch (IllegalStateException e) {
            request.connectFailure = e.getMessage(); // the connector cannot reach this endpoint at all
            callback.couldNotResolveBackend(exchange);
            return;
        }
        if (pool == null) {
            callback.couldNotResolveBackend(exchange);
            return;
        }
        request.attempt(pool);
        request.connecting();
        pool.client.getConnection(pool.client.findTarget(exchange), exchange, new Attempt(callback, request, pool,
                chooser.pools()), timeout, timeUnit);
    }

    /** Records the outcome of one connection attempt, then lets the proxy handler go on (or retry). */
    private static final class Attempt implements ProxyCallback<ProxyConnection> {
        private final ProxyCallback<ProxyConnection> delegate;
        private final ProxiedRequest request;
        private final EndpointPools.Pool pool;
        private final EndpointPools pools;

        Attempt(ProxyCallback<ProxyConnection> delegate, ProxiedRequest request, EndpointPools.Pool pool,
                EndpointPools pools) {
            this.delegate = delegate;
            this.request = request;
            this.pool = pool;
            this.pools = pools;
        }

        @Override
        public void completed(HttpServerExchange exchange, ProxyConnection connection) {
            request.connectedNanos = System.nanoTime();
            request.connectFailure = null;
            request.upstream = connection.getConnection();
            pool.markUp();
            // the handler sends the request head through this view, which restates the edge's fields on it
            delegate.completed(exchange, new ProxyConnection(new EdgeClientConnection(connection.getConnection(),
                    exchange, request), connection.getTargetPath()));
        }

        @Override
        public void failed(HttpServerExchange exchange) {
            request.connectFailure = "the connection to " + pool.label + " (" + pool.uri
                    + ") was refused or failed";
            pools.connectFailed(pool);
            delegate.failed(exchange);
        }

        @Override
        public void couldNotResolveBackend(HttpServerExchange exchange) {
            if (request.connectedNanos != 0 && request.attempts > 1) {
                // the retry of an attempt that did connect (its response failed): that failure is what happened
                delegate.failed(exchange);
                return;
            }
            request.connectFailure = "no connection to " + pool.label + " could be had: it refused one"
                    + " moments ago, or every pooled connection is busy and the queue is full";
            delegate.failed(exchange);
        }

        @Override
        public void queuedRequestFailed(HttpServerExchange exchange) {
            request.connectFailure = "no connection to " + pool.label + " became free in time";
            delegate.queuedRequestFailed(exchange);
        }
    }
}
