package dev.ingresslab.proxy;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Endpoint;
import dev.ingresslab.route.RouteTable;
import io.undertow.util.AttachmentKey;

/**
 * What the proxy knows about one request while it is in flight: the decision, the endpoints tried, and the
 * timings. Confined to its exchange (Undertow runs an exchange's callbacks one at a time), so it needs no locks.
 */
final class ProxiedRequest {

    static final AttachmentKey<ProxiedRequest> KEY = AttachmentKey.create(ProxiedRequest.class);

    /** The table the request was decided by: it stays in force for this request, whatever swaps happen. */
    final RouteTable table;
    final Decision decision;
    /** The request-target as the client sent it. */
    final String target;
    final String requestId;
    final long startNanos;
    final long startMillis;
    /** The pool of the endpoint tried last; null before the first attempt. */
    EndpointPools.Pool pool;
    int attempts;
    long connectStartNanos;
    long connectedNanos;
    long firstByteNanos;
    /** Why the last connection attempt failed, in words; null when none failed. */
    String connectFailure;

    ProxiedRequest(RouteTable table, Decision decision, String target, String requestId, long startNanos,
                   long startMillis) {
        this.table = table;
        this.decision = decision;
        this.target = target;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
    }

    boolean tried(Endpoint candidate) {
        return pool != null && candidate.equals(pool.endpoint);
    }

    void attempt(EndpointPools.Pool next) {
        pool = next;
        attempts++;
        connectStartNanos = System.nanoTime();
    }
}
