package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pool of keep-alive connections per endpoint, kept across route-table swaps so a swap never drops pooled
 * connections, and closed when the endpoint leaves the table. Undertow's {@link LoadBalancingProxyClient} with a
 * single host does the pooling; choosing among endpoints is {@link RoutingProxyClient}'s job.
 */
final class EndpointPools implements AutoCloseable {

    /** A pool and whether its endpoint recently refused us. */
    static final class Pool {
        final Endpoint endpoint;
        /** {@link Endpoint#display()}, computed once: every request record names it. */
        final String label;
        final URI uri;
        final LoadBalancingProxyClient client;
        /** The lean path's connections to this endpoint, per IO thread (each thread owns its own). */
        final ThreadLocal<LeanPool> lean = ThreadLocal.withInitial(LeanPool::new);
        /** Where the lean path connects: {@link #uri}'s address, resolved once. */
        final java.net.InetSocketAddress address;
        /** Set when the endpoint left the table: the lean path then closes connections instead of keeping them. */
        volatile boolean retired;
        private volatile long downUntilNanos;

        Pool(Endpoint endpoint, URI uri, LoadBalancingProxyClient client) {
            this.endpoint = endpoint;
            this.label = endpoint.display();
            this.uri = uri;
            this.client = client;
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
    private final int connectionsPerThread;

    EndpointPools(UpstreamConnector connector, int connectionsPerThread) {
        this.connector = connector;
        this.connectionsPerThread = connectionsPerThread;
    }

    Pool poolFor(Endpoint endpoint) {
        Pool pool = pools.get(endpoint);
        return pool != null ? pool : pools.computeIfAbsent(endpoint, this::open);
    }

    private Pool open(Endpoint endpoint) {
        URI uri = connector.uriFor(endpoint);
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .setConnectionsPerThread(connectionsPerThread)
                .setSoftMaxConnectionsPerThread(connectionsPerThread)
                .setMaxQueueSize(QUEUE_PER_THREAD) // beyond the pool, requests wait for a connection
                .setProblemServerRetry(1)
                .setTtl(60_000)
                .addHost(uri);
        return new Pool(endpoint, uri, client);
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
            pool.client.closeCurrentConnections();
        }
    }

    /** Closes the pools of endpoints that are no longer in use. */
    void retainOnly(Set<Endpoint> live) {
        pools.entrySet().removeIf(entry -> {
            if (live.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().client.closeCurrentConnections();
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
