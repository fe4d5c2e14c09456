package dev.ingresslab.proxy;

import dev.ingresslab.text.Plural;
import io.undertow.server.HttpServerExchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Explains a proxied request that failed before the backend answered. {@link ExchangeClient} ends such an exchange
 * with a bare 502 (the connection broke, or the response cannot be forwarded), 503 (no connection could be had),
 * 504 (timeout) or 408 (the client stopped sending its body); this turns them into the statuses a reverse proxy owes
 * its client, 502 and 504 (and the 408), with what was tried; and into a 400 when the forward failed because the
 * client's own body was malformed ({@link ChunkedFramingConduit}).
 */
final class UpstreamFailurePage {

    private UpstreamFailurePage() {
    }

    /**
     * Sends the page when the exchange is ending with a bare failure status and no response yet (Undertow's
     * default-response hook, through {@link ProxiedRequest}); false when there is nothing to explain.
     */
    static boolean explain(HttpServerExchange exchange, ProxiedRequest request) {
        int status = exchange.getStatusCode();
        if ((status < 500 && status != 408) || exchange.isResponseStarted()) {
            return false;
        }
        if (status == 408) { // the client stalled mid-body (LeanConnection): its connection cannot go on
            exchange.setPersistent(false);
            new ErrorPage(408, "Request Timeout", "no more of the request's body came within the upstream timeout",
                    List.of("the backend got the request's head and part of its body, then the connection was cut:"
                            + " it received no whole request", "send the body without pauses")).send(exchange);
            return true;
        }
        if (request.requestFault != null) { // the client's body was malformed: its fault, not the backend's
            exchange.setPersistent(false);
            new ErrorPage(400, "Bad request", request.requestFault, List.of("the backend got the request's head and"
                    + " the part of its body before the fault, then the connection was cut: it received no whole"
                    + " request")).send(exchange);
            return true;
        }
        page(status, request).send(exchange);
        return true;
    }

    /** The page for a failed forward: 504 for a timeout, else 502 (503, "no connection could be had", too). */
    static ErrorPage page(int status, ProxiedRequest request) {
        List<String> details = new ArrayList<>();
        String backend = request.decision.backend().display();
        details.add("backend: Service " + request.decision.backend().namespace() + "/" + backend + " with "
                + Plural.of(request.decision.backend().endpoints().size(), "ready endpoint"));
        if (request.pool != null) {
            details.add("last endpoint tried: " + request.pool.label
                    + " (" + Plural.of(request.attempts, "attempt") + ")");
        }
        if (status == 504) {
            return new ErrorPage(504, "The backend did not answer in time", "no response from " + backend
                    + " before the upstream timeout", details);
        }
        if (request.connectedNanos == 0) {
            details.add("is the Pod running and listening on that port?");
            return new ErrorPage(502, "The backend could not be reached", request.connectFailure != null
                    ? request.connectFailure : "no connection to " + backend + " could be made", details);
        }
        if (request.responseMalformed) {
            return new ErrorPage(502, "The backend sent a response that cannot be forwarded", "the endpoint "
                    + request.pool.label + ": " + request.connectFailure, details);
        }
        // a failure without its reason recorded: both a close and an unparsable head are named, rather than
        // blaming a close that may not have happened
        return new ErrorPage(502, request.connectFailure != null ? "The backend closed the connection without an"
                + " answer" : "The backend did not send a usable response", "the endpoint " + request.pool.label
                + (request.connectFailure != null ? ": " + request.connectFailure : " closed or reset the"
                + " connection, or sent a response head that could not be parsed, before any response was"
                + " forwarded"), details);
    }
}
