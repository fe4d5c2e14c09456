package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pool of keep-alive connections per endpoint (per IO thread, {@link LeanPool}), kept across route-table swaps
 * so a swap never drops pooled connections, and retired when the endpoint leaves the table: its connections then
 * close as their requests end (each is its IO thread's to close). Choosing among endpoints is {@link
 * EndpointChooser}'s job.
 */
final class EndpointPools implements AutoCloseable {

    /** A pool and whether its endpoint recently refused us. */
    static final class Pool {
        final Endpoint endpoint;
        /** {@link Endpoint#display()}, computed once: every request record names it. */
        final String label;
        final URI uri;
        /** The lean path's connections to this endpoint, per IO thread (each thread owns its own). */
        final ThreadLocal<LeanPool> lean = ThreadLocal.withInitial(LeanPool::new);
        /** Where connections go: {@link #uri}'s address, resolved once; null for a URI that is not plain HTTP. */
        final java.net.InetSocketAddress address;
        /** Set when the endpoint left the table: the lean path then closes connections instead of keeping them. */
        volatile boolean retired;
        private volatile long downUntilNanos;

        Pool(Endpoint endpoint, URI uri) {
            this.endpoint = endpoint;
            this.label = endpoint.display();
            this.uri = uri;
            this.address = "http".equals(uri.getScheme()) ? new java.net.InetSocketAddress(uri.getHost(),
                    uri.getPort()) : null;
        }

        /** Whether the endpoint refused a connection in the last seconds (no clock is read while it has not). */
        boolean isDown() {
            long until = downUntilNanos;
            return until != 0 && until - System.nanoTime() > 0;
        }

        void markDown(long now) {
            downUntilNanos = (now + DOWN_NANOS) | 1; // never 0, which means up
        }

        void markUp() {
            downUntilNanos = 0;
        }
    }

    /** Requests that may wait for a pooled connection, per IO thread and endpoint, before a 502. */
    static final int QUEUE_PER_THREAD = 4096;

    /** How long an endpoint that refused a connection is skipped when another is available. */
    static final long DOWN_NANOS = 2_000_000_000L;

    private final ConcurrentHashMap<Endpoint, Pool> pools = new ConcurrentHashMap<>();
    private final UpstreamConnector connector;

    EndpointPools(UpstreamConnector connector) {
        this.connector = connector;
    }

    Pool poolFor(Endpoint endpoint) {
        Pool pool = pools.get(endpoint);
        return pool != null ? pool : pools.computeIfAbsent(endpoint, this::open);
    }

    private Pool open(Endpoint endpoint) {
        return new Pool(endpoint, connector.uriFor(endpoint));
    }

    UpstreamConnector connector() {
        return connector;
    }

    /**
     * A connection to the pool's endpoint failed: the endpoint is skipped for a while, and when the connector
     * dropped its way there (a broken port-forward), the pool is closed so the next request opens a new one.
     */
    void connectFailed(Pool pool) {
        pool.markDown(System.nanoTime());
        if (connector.failed(pool.endpoint) && pools.remove(pool.endpoint, pool)) {
            pool.retired = true;
        }
    }

    /** Closes the pools of endpoints that are no longer in use. */
    void retainOnly(Set<Endpoint> live) {
        pools.entrySet().removeIf(entry -> {
            if (live.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().retired = true;
            connector.release(entry.getKey());
            return true;
        });
    }

    int size() {
        return pools.size();
    }

    @Override
    public void close() {
        retainOnly(Set.of());
    }
}
