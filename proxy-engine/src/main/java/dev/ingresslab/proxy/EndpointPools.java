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
        /**
         * Where connections go: {@link #uri}'s address, resolved once; for an ExternalName endpoint the last answer
         * of its {@link #names}, null before the first; null for a URI that is not plain HTTP.
         */
        volatile java.net.InetSocketAddress address;
        /** The DNS name of an ExternalName endpoint, resolved in the background; null for an IP endpoint. */
        NameResolution names;
        /** Set when the endpoint left the table: the lean path then closes connections instead of keeping them. */
        volatile boolean retired;
        private volatile long downUntilNanos;

        Pool(Endpoint endpoint, URI uri) {
            this.endpoint = endpoint;
            this.label = endpoint.display();
            this.uri = uri;
            this.address = "http".equals(uri.getScheme()) && !endpoint.byName()
                    ? new java.net.InetSocketAddress(uri.getHost(), uri.getPort()) : null;
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

    /** Names looked up at once at most (a lookup blocks its thread until the resolver answers or gives up). */
    static final int RESOLVER_THREADS = 4;

    /** How long an endpoint that refused a connection is skipped when another is available. */
    static final long DOWN_NANOS = 2_000_000_000L;

    private final ConcurrentHashMap<Endpoint, Pool> pools = new ConcurrentHashMap<>();
    private final UpstreamConnector connector;
    private final NameResolver names;
    private java.util.concurrent.ExecutorService resolver;

    EndpointPools(UpstreamConnector connector) {
        this(connector, NameResolver.SYSTEM);
    }

    /** With the lookup ExternalName endpoints' names are resolved with (tests slow it down). */
    EndpointPools(UpstreamConnector connector, NameResolver names) {
        this.connector = connector;
        this.names = names;
    }

    /**
     * The pool of an endpoint, opened on first use; never waits. For an ExternalName endpoint its {@link Pool#address}
     * is null until its name first resolves (the forwarder then waits for {@link Pool#names} without blocking).
     *
     * @throws IllegalStateException when the connector cannot reach the endpoint at all; the message says why
     */
    Pool poolFor(Endpoint endpoint) {
        Pool pool = pools.get(endpoint);
        if (pool == null) {
            pool = pools.computeIfAbsent(endpoint, this::open);
        }
        if (pool.names != null) {
            pool.names.refreshIfDue(); // an IP endpoint pays one null check
        }
        return pool;
    }

    private Pool open(Endpoint endpoint) {
        Pool pool = new Pool(endpoint, connector.uriFor(endpoint));
        if (endpoint.byName() && "http".equals(pool.uri.getScheme())) {
            pool.names = new NameResolution(endpoint.address(), endpoint.port(), resolver(), names,
                    resolved -> pool.address = resolved);
        }
        return pool;
    }

    /**
     * The threads that resolve ExternalName hosts, started with the first one: up to {@link #RESOLVER_THREADS}, so
     * that a name whose server never answers delays no other name's lookups; each name has at most one lookup queued
     * or running ({@link NameResolution}), and idle threads end after 30 s.
     */
    private synchronized java.util.concurrent.ExecutorService resolver() {
        if (resolver == null) {
            var pool = new java.util.concurrent.ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, 30,
                    java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                    runnable -> {
                        Thread thread = new Thread(runnable, "ingress-lab-dns");
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            resolver = pool;
        }
        return resolver;
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

    /**
     * Closes the pools of endpoints that are no longer in use, and opens those of new ExternalName endpoints, so that
     * their names are being resolved before the first request needs them.
     */
    void retainOnly(Set<Endpoint> live) {
        for (Endpoint endpoint : live) {
            if (endpoint.byName()) {
                try {
                    pools.computeIfAbsent(endpoint, this::open);
                } catch (IllegalStateException unreachable) {
                    // the connector cannot reach it: the first request says why
                }
            }
        }
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
        synchronized (this) {
            if (resolver != null) {
                resolver.shutdownNow();
            }
        }
    }
}
