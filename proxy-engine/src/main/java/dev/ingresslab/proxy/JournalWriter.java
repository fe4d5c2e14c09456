package dev.ingresslab.proxy;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.time.Instant;

/** Turns a finished exchange into a {@link RequestRecord} in the journal. */
final class JournalWriter implements ExchangeCompletionListener {

    private final RequestJournal journal;
    private final UpstreamConnector connector;

    JournalWriter(RequestJournal journal, UpstreamConnector connector) {
        this.journal = journal;
        this.connector = connector;
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
        try {
            ProxiedRequest request = exchange.getAttachment(ProxiedRequest.KEY);
            if (request != null) {
                journal.record(toRecord(exchange, request));
            }
        } finally {
            next.proceed();
        }
    }

    private RequestRecord toRecord(HttpServerExchange exchange, ProxiedRequest request) {
        long now = System.nanoTime();
        Decision decision = request.decision;
        Backend backend = decision.backend();
        boolean proxied = decision.outcome() == Outcome.ROUTED && request.attempts > 0;
        InetSocketAddress client = exchange.getSourceAddress();
        String route = exchange.getResponseHeaders().getFirst(RoutingHandler.ROUTE_HEADER);
        return new RequestRecord(journal.nextSequence(), request.requestId, Instant.ofEpochMilli(request.startMillis),
                client == null ? "" : client.getAddress().getHostAddress(), exchange.getRequestMethod().toString(),
                exchange.getRequestScheme(), exchange.getRequestHeaders().getFirst(Headers.HOST),
                request.target,
                decision.outcome().jsonName(), route == null ? decision.reason() : route,
                backend == null ? "" : request.table.backendLabel(backend),
                proxied && request.pool != null ? request.pool.label : "",
                proxied ? connector.name() : "",
                decision.upstreamPath() == null ? "" : decision.upstreamPath(),
                exchange.getStatusCode(), exchange.getResponseBytesSent(), micros(now - request.startNanos),
                request.connectedNanos == 0 ? 0 : micros(request.connectedNanos - request.connectStartNanos),
                request.firstByteNanos == 0 ? 0 : micros(request.firstByteNanos - request.startNanos),
                request.connectFailure != null && exchange.getStatusCode() >= 500 ? request.connectFailure : "");
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
