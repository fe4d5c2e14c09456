package dev.ingresslab.proxy;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.text.Plural;
import dev.ingresslab.tls.ServedCertificate;
import dev.ingresslab.tls.SniKeyManager;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.Headers;

import java.time.Instant;

/**
 * Turns a finished exchange into a {@link RequestRecord} in the journal, on the IO thread that served it. It only
 * gathers values the request already holds (texts shared, numbers) and appends the record; formatting happens on
 * the subscribers' threads. The texts a record keeps that repeat from request to request (host, paths) are shared
 * through the thread's {@link HeaderTexts}: the journal holds the last ten thousand records, and every young
 * collection copies what they hold. {@link RequestDetails} are built only for requests whose heads were captured
 * (a subscriber asked for them when the request started).
 */
final class JournalWriter {

    private final RequestJournal journal;
    private final UpstreamConnector connector;

    JournalWriter(RequestJournal journal, UpstreamConnector connector) {
        this.journal = journal;
        this.connector = connector;
    }

    /** Whether requests starting now should capture their heads: a subscriber wants {@link RequestDetails}. */
    boolean capturesDetails() {
        return journal.capturesDetails();
    }

    void write(HttpServerExchange exchange, ProxiedRequest request) {
        if (request.capturing() && !request.sentKept()) {
            request.sent(ExchangeHeads.response(exchange));
        }
        if (request.responseBreak == null && request.firstByteNanos != 0) {
            request.responseBreak = clientWentAway(exchange);
        }
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        ServedCertificate served = tls == null ? null : SniKeyManager.served(tls.getSSLSession());
        write(request, exchange.getRequestMethod().toString(), exchange.getRequestScheme(),
                exchange.getRequestHeaders().getFirst(Headers.HOST), exchange.getStatusCode(),
                exchange.getResponseBytesSent(), served);
    }

    /**
     * The note for a forwarded response Undertow ended short of its length (the client's connection closed under it,
     * and Undertow ended the exchange before the forwarder heard of it), else null. A HEAD's, a 204's and a 304's
     * length promises no body (RFC 9110 §8.6).
     */
    private static String clientWentAway(HttpServerExchange exchange) {
        long length = exchange.getResponseContentLength();
        int status = exchange.getStatusCode();
        boolean bodiless = exchange.getRequestMethod().equalToString("HEAD") || status == 204 || status == 304
                || status / 100 == 1;
        long sent = exchange.getResponseBytesSent();
        if (bodiless || length < 0 || sent >= length) {
            return null;
        }
        return "the client went away after " + sent + " of " + Plural.of(length, "byte");
    }

    /** Journals a finished request: what was asked ({@code method}, {@code scheme}, {@code host}) and answered. */
    void write(ProxiedRequest request, String method, String scheme, String host, int status, long bytesSent) {
        write(request, method, scheme, host, status, bytesSent, null);
    }

    /**
     * As above, with what the TLS connection was served ({@link RequestRecord#certificate}; in the details, the SNI
     * name and certificate), null on plain HTTP.
     */
    void write(ProxiedRequest request, String method, String scheme, String host, int status, long bytesSent,
               ServedCertificate served) {
        String certificate = served == null ? "" : served.label();
        long now = System.nanoTime();
        Decision decision = request.decision;
        Backend backend = decision.backend();
        boolean proxied = decision.outcome() == Outcome.ROUTED && request.attempts > 0;
        HeaderTexts texts = HeaderTexts.ofThisThread();
        String sharedHost = texts.shared(host);
        String target = texts.shared(request.target);
        String backendLabel = backend == null ? "" : request.table.backendLabel(backend);
        String upstreamTarget = decision.upstreamPath() == null ? "" : texts.shared(decision.upstreamPath());
        RequestDetails details = request.details(served);
        long sequence = journal.claim(); // claimed last: nothing may fail between the claim and the publish
        journal.publish(sequence, new RequestRecord(sequence, request.requestId,
                Instant.ofEpochMilli(request.startMillis), request.client, method, scheme, sharedHost, target,
                decision.outcome().jsonName(), request.route, backendLabel,
                proxied && request.pool != null ? request.pool.label : "",
                proxied ? connector.name() : "", upstreamTarget, status, bytesSent, micros(now - request.startNanos),
                request.connectedNanos == 0 || request.connectStartNanos == 0 ? 0
                        : micros(request.connectedNanos - request.connectStartNanos),
                request.firstByteNanos == 0 ? 0 : micros(request.firstByteNanos - request.startNanos),
                note(request, status), details, certificate));
    }

    /**
     * The record's {@code !} note: why a response broke off after its head (it says who cut it, whatever the status
     * sent), else why a 5xx the proxy answered happened; empty for a request that went well.
     */
    private static String note(ProxiedRequest request, int status) {
        if (request.responseBreak != null) {
            return request.responseBreak;
        }
        return request.connectFailure != null && status >= 500 ? request.connectFailure : "";
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
