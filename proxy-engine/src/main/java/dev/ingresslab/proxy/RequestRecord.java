package dev.ingresslab.proxy;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * One request as the proxy handled it: what came in, which rule decided, where it went, what came back, and how
 * long each part took. Shown by the access log, the CLI and the GUI.
 *
 * @param sequence        the journal's running number
 * @param requestId       the {@code X-Request-Id} sent to the backend (the client's, or ours)
 * @param time            when the request arrived
 * @param client          the client's address
 * @param method          the request method
 * @param scheme          http or https
 * @param host            the Host header as received
 * @param target          the request-target as received
 * @param outcome         routed, redirect, not_found, no_endpoints, bad_request
 * @param route           the rule that decided ({@code X-Ingress-Lab-Route}), or the reason there was none
 * @param backend         {@code namespace/service:port}, or empty
 * @param endpoint        the endpoint that answered ({@code 10.0.0.7:8080}), or empty
 * @param connector       how the endpoint was reached ({@code direct}), or empty
 * @param upstreamTarget  the request-target the backend received, or empty
 * @param status          the status sent to the client
 * @param bytesSent       response body bytes sent
 * @param totalMicros     from the request head to the end of the response
 * @param connectMicros   getting a connection to the endpoint (0 when pooled or not proxied)
 * @param firstByteMicros from the request head to the first response byte
 * @param error           what went wrong, or empty
 * @param details         the heads and the decision, when a subscriber asked for them
 *                        ({@link JournalSubscriber#wantsDetails}); null otherwise. Not in the JSON access log.
 * @param certificate     on https, the certificate the connection was served ({@code default/alpaca-tls}, {@code
 *                        fallback ingress-lab.invalid}; {@link dev.ingresslab.tls.SniKeyManager#servedBy}); empty
 *                        on http
 */
public record RequestRecord(long sequence, String requestId, Instant time, String client, String method,
                            String scheme, String host, String target, String outcome, String route,
                            String backend, String endpoint, String connector, String upstreamTarget, int status,
                            long bytesSent, long totalMicros, long connectMicros, long firstByteMicros,
                            String error, @JsonIgnore RequestDetails details, String certificate) {

    /** A record served without a certificate of the SNI key manager (plain HTTP). */
    public RequestRecord(long sequence, String requestId, Instant time, String client, String method, String scheme,
                         String host, String target, String outcome, String route, String backend, String endpoint,
                         String connector, String upstreamTarget, int status, long bytesSent, long totalMicros,
                         long connectMicros, long firstByteMicros, String error, RequestDetails details) {
        this(sequence, requestId, time, client, method, scheme, host, target, outcome, route, backend, endpoint,
                connector, upstreamTarget, status, bytesSent, totalMicros, connectMicros, firstByteMicros, error,
                details, "");
    }

    /** A record without {@link RequestDetails}. */
    public RequestRecord(long sequence, String requestId, Instant time, String client, String method, String scheme,
                         String host, String target, String outcome, String route, String backend, String endpoint,
                         String connector, String upstreamTarget, int status, long bytesSent, long totalMicros,
                         long connectMicros, long firstByteMicros, String error) {
        this(sequence, requestId, time, client, method, scheme, host, target, outcome, route, backend, endpoint,
                connector, upstreamTarget, status, bytesSent, totalMicros, connectMicros, firstByteMicros, error, null,
                "");
    }

    /** True when the backend received another path than the client sent (normalisation or rewrite). */
    public boolean rewritten() {
        return !upstreamTarget.isEmpty() && !upstreamTarget.equals(target);
    }
}
