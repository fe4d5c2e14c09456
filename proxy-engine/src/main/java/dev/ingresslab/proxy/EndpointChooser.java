package dev.ingresslab.proxy;

import dev.ingresslab.route.Endpoint;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which endpoint a request goes to: the next ready one in turn, skipping an endpoint that refused a connection in
 * the last seconds and the one the request just tried; if every endpoint is down, the next in turn anyway.
 */
final class EndpointChooser {

    private final EndpointPools pools;
    private final AtomicInteger next = new AtomicInteger();

    EndpointChooser(EndpointPools pools) {
        this.pools = pools;
    }

    /** The pool of the chosen endpoint, or null when the backend has none. */
    EndpointPools.Pool choose(ProxiedRequest request) {
        List<Endpoint> endpoints = request.decision.backend().endpoints();
        int size = endpoints.size();
        if (size == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        EndpointPools.Pool fallback = null;
        for (int i = 0; i < size; i++) {
            Endpoint endpoint = endpoints.get((start + i) % size);
            if (request.tried(endpoint) && size > 1) {
                continue;
            }
            EndpointPools.Pool pool = pools.poolFor(endpoint);
            if (!pool.isDown()) {
                return pool;
            }
            if (fallback == null) {
                fallback = pool;
            }
        }
        return fallback != null ? fallback : pools.poolFor(endpoints.get(start));
    }

    EndpointPools pools() {
        return pools;
    }
}
