package dev.ingresslab.proxy;

import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteFilters;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Applies an HTTPRoute rule's header filters on the proxy's general path (Gateway API v1 {@code HTTPHeaderFilter},
 * ingress-semantics.md §9.5): the {@code RequestHeaderModifier}s and a {@code URLRewrite} hostname before the request
 * is forwarded, the {@code ResponseHeaderModifier}s just before the response head is sent, all in the rule's order.
 * {@code set} replaces every value of a name, {@code add} appends to the existing value with a comma ({@code
 * foo,bar}), {@code remove} deletes the name; names are case-insensitive. The framing fields are never written from
 * the exchange's map (the forwarder writes its own), so a filter cannot break a message's framing.
 */
final class HeaderModifiers {

    private HeaderModifiers() {
    }

    /**
     * Changes the request's fields and registers the response's changes, for a route that has such filters. When the
     * filters change the Host, the client's is kept on {@code request} ({@link ProxiedRequest#clientHost}): the
     * X-Forwarded-* fields describe the request the client made, the Host the one the backend is sent (Envoy appends
     * the original Host to X-Forwarded-Host on a host rewrite, {@code append_x_forwarded_host}; ingress-nginx sends
     * {@code $best_http_host} as X-Forwarded-Host whatever {@code upstream-vhost} sets the Host to).
     */
    static void apply(HttpServerExchange exchange, Route route, ProxiedRequest request) {
        RouteFilters filters = route.filters();
        if (filters.isEmpty()) {
            return;
        }
        String clientHost = exchange.getRequestHeaders().getFirst(Headers.HOST);
        for (RouteFilters.Filter filter : filters.filters()) {
            if (filter instanceof RouteFilters.HeaderModifier modifier && !modifier.response()) {
                apply(modifier, exchange.getRequestHeaders());
            } else if (filter instanceof RouteFilters.UrlRewrite rewrite && rewrite.hostname() != null) {
                exchange.getRequestHeaders().put(Headers.HOST, rewrite.hostname());
            }
        }
        String sentHost = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (clientHost != null && !clientHost.equals(sentHost)) {
            request.clientHost = clientHost;
        }
        if (!filters.headerModifiers(true).isEmpty()) {
            exchange.addResponseCommitListener(committed -> {
                for (RouteFilters.HeaderModifier modifier : filters.headerModifiers(true)) {
                    apply(modifier, committed.getResponseHeaders());
                }
            });
        }
    }

    /** One modifier on one header map: set, then add, then remove, as the API lists them. */
    static void apply(RouteFilters.HeaderModifier modifier, HeaderMap headers) {
        for (RouteFilters.Header header : modifier.set()) {
            headers.put(HttpString.tryFromString(header.name()), header.value());
        }
        for (RouteFilters.Header header : modifier.add()) {
            HttpString name = HttpString.tryFromString(header.name());
            HeaderValues existing = headers.get(name);
            if (existing == null || existing.isEmpty()) {
                headers.put(name, header.value());
            } else {
                headers.put(name, String.join(",", existing) + "," + header.value());
            }
        }
        for (String name : modifier.remove()) {
            headers.remove(name);
        }
    }
}
