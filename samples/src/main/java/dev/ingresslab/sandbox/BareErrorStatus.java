package dev.ingresslab.sandbox;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The last word on an error that ended without a body: Undertow answers a handler that threw with a bare 500 (its
 * {@code Connectors.executeRootHandler}), which kubectl can only print as "an error on the server ("") has prevented
 * the request from succeeding". Wrapped around the API server's handlers, every such answer becomes a {@code Status}
 * for its code, as kube-apiserver answers its own failures (a 500 {@code InternalError}: k8s.io/apiserver
 * {@code pkg/server/filters/wrap.go}'s panic recovery). Answers that have a body are left as they are.
 */
final class BareErrorStatus implements HttpHandler {

    private final HttpHandler next;

    BareErrorStatus(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(BareErrorStatus::answer);
        next.handleRequest(exchange);
    }

    /** Undertow's default response listener: true when it answered. */
    private static boolean answer(HttpServerExchange exchange) {
        int code = exchange.getStatusCode();
        if (code < 400 || exchange.isResponseStarted()) {
            return false;
        }
        exchange.setPersistent(false);
        ApiStatus.forCode(code, "the sandbox's API server failed on " + exchange.getRequestMethod() + " "
                + exchange.getRequestPath() + " (" + code + ")\nhint: this is a fault of Ingress Lab's sandbox: try"
                + " again, and report it with this message if it fails again; the objects stored are unchanged")
                .sendTo(exchange);
        return true;
    }
}
