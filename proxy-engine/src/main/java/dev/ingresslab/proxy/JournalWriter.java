package dev.ingresslab.proxy;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.time.Instant;

/**
 * Turns a finished exchange into a {@link RequestRecord} in the journal. The texts a record keeps that repeat from
 * request to request (host, paths) are shared through the thread's {@link HeaderTexts}: the journal holds the last
 * ten thousand records, and every young collection copies what they hold.
 */
final class JournalWriter {

    private final RequestJournal journal;
    private final UpstreamConnector connector;

    JournalWriter(RequestJournal journal, UpstreamConnector connector) {
        this.journal = journal;
        this.connector = connector;
    }

    void write(HttpServerExchange exchange, ProxiedRequest request) {
        write(request, exchange.getRequestMethod().toString(), exchange.getRequestScheme(),
                exchange.getRequestHeaders().getFirst(Headers.HOST), exchange.getStatusCode(),
                exchange.getResponseBytesSent());
    }

    /** Journals a finished request: what was asked ({@code method}, {@code scheme}, {@code host}) and answered. */
    void write(ProxiedRequest request, String method, String scheme, String host, int status, long bytesSent) {
        journal.record(toRecord(request, method, scheme, host, status, bytesSent));
    }

    private RequestRecord toRecord(ProxiedRequest request, String method, String scheme, String host, int status,
                                   long bytesSent) {
        long now = System.nanoTime();
        Decision decision = request.decision;
        Backend backend = decision.backend();
        boolean proxied = decision.outcome() == Outcome.ROUTED && request.attempts > 0;
        HeaderTexts texts = HeaderTexts.ofThisThread();
        return new RequestRecord(journal.nextSequence(), request.requestId, Instant.ofEpochMilli(request.startMillis),
                request.client, method, scheme, texts.shared(host), texts.shared(request.target),
                decision.outcome().jsonName(), request.route,
                backend == null ? "" : request.table.backendLabel(backend),
                proxied && request.pool != null ? request.pool.label : "",
                proxied ? connector.name() : "",
                decision.upstreamPath() == null ? "" : texts.shared(decision.upstreamPath()),
                status, bytesSent, micros(now - request.startNanos),
                request.connectedNanos == 0 || request.connectStartNanos == 0 ? 0
                        : micros(request.connectedNanos - request.connectStartNanos),
                request.firstByteNanos == 0 ? 0 : micros(request.firstByteNanos - request.startNanos),
                request.connectFailure != null && status >= 500 ? request.connectFailure : "");
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
