package dev.ingresslab.proxy;

import dev.ingresslab.route.RequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;

/** Lets the matcher read an Undertow exchange without copying its headers. */
final class ExchangeRequest implements RequestView {

    private final HttpServerExchange exchange;
    private String target;

    ExchangeRequest(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String scheme() {
        return exchange.getRequestScheme();
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public String authority() {
        return exchange.getRequestHeaders().getFirst(Headers.HOST);
    }

    /** The request-target as received: the raw path (never decoded) and the raw query. */
    @Override
    public String target() {
        if (target == null) {
            target = rawTarget(exchange);
        }
        return target;
    }

    /** The request-target as it is now: path and query. */
    static String rawTarget(HttpServerExchange exchange) {
        String path = rawPath(exchange);
        String query = exchange.getQueryString();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    static String rawPath(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int authority = uri.indexOf("//");
            int path = authority < 0 ? -1 : uri.indexOf('/', authority + 2);
            return path < 0 ? "/" : uri.substring(path);
        }
        return uri;
    }

    @Override
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public String cookie(String name) {
        Cookie cookie = exchange.getRequestCookie(name);
        return cookie == null ? null : cookie.getValue();
    }
}
