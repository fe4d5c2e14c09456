package dev.ingresslab.route;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The {@link Decision} for a request an HTTPRoute rule took (ingress-semantics.md §9.4–9.5): its redirect, else one
 * of its weighted backends with the path its URLRewrite gives. Header modifiers and a Host rewrite are the proxy's
 * to apply, from {@link Route#filters()}.
 */
final class HttpRouteDecisions {

    private HttpRouteDecisions() {
    }

    static Decision decide(Route route, RequestView request, String host, NormalizedTarget target,
                           RandomGenerator random) {
        String path = target.path();
        RouteFilters.Unapplied unapplied = route.filters().isEmpty() ? null : route.filters().unapplied();
        if (unapplied != null) {
            return new Decision(Outcome.INVALID_BACKEND, 500, route, route.backend(), false, path, null, null,
                    "answered 500: " + unapplied.field() + ": " + unapplied.problem(), List.of(), List.of());
        }
        RouteFilters.RequestRedirect redirect = route.filters().redirect();
        if (redirect != null) {
            String location = location(redirect, route.match(), request, host, target);
            return new Decision(Outcome.REDIRECT, redirect.statusCode(), route, null, false, path, null, location,
                    "RequestRedirect of " + route.origin().displayWithKind() + " answers " + redirect.statusCode(),
                    List.of(), List.of());
        }
        WeightedBackend chosen = WeightedBackend.choose(route.backends(), random);
        if (chosen == null) {
            return new Decision(Outcome.INVALID_BACKEND, 500, route, route.backend(), false, path, null, null,
                    route.backends().isEmpty() ? "the rule has no backendRefs (and no redirect): answered 500"
                            : "every backendRef of the rule has weight 0: answered 500", List.of(), List.of());
        }
        Backend backend = chosen.backend();
        if (!backend.state().servable()) {
            if (backend.state() == BackendState.NO_ENDPOINTS) {
                return new Decision(Outcome.NO_ENDPOINTS, 503, route, backend, false, path, null, null,
                        backend.problem(), List.of(), List.of());
            }
            return new Decision(Outcome.INVALID_BACKEND, 500, route, backend, false, path, null, null,
                    "backendRef " + backend.display() + " cannot be used (its share of requests is answered 500): "
                            + backend.problem(), List.of(), List.of());
        }
        RouteFilters.UrlRewrite rewrite = route.filters().rewrite();
        String upstreamPath = rewrite == null || rewrite.path() == null ? path
                : rewrite.path().apply(path, route.match().prefixKey());
        return new Decision(Outcome.ROUTED, 200, route, backend, false, path, target.withQuery(upstreamPath), null,
                "routed", List.of(), List.of());
    }

    /**
     * The Location of a redirect: each part of the request's URL replaced where the filter gives one; the port is the
     * filter's, else the well-known one of a changed scheme, else the request's; left out when it is the scheme's
     * default (http 80, https 443). The query is kept.
     */
    static String location(RouteFilters.RequestRedirect redirect, RouteMatch match, RequestView request, String host,
                           NormalizedTarget target) {
        String scheme = redirect.scheme() != null ? redirect.scheme() : request.scheme();
        String hostname = redirect.hostname() != null ? redirect.hostname() : host;
        int port;
        if (redirect.port() != null) {
            port = redirect.port();
        } else if (redirect.scheme() != null) {
            port = defaultPort(scheme);
        } else {
            port = authorityPort(request.authority());
            if (port < 0) {
                port = defaultPort(scheme);
            }
        }
        String path = redirect.path() == null ? target.path()
                : redirect.path().apply(target.path(), match.prefixKey());
        String name = hostname.indexOf(':') >= 0 && hostname.charAt(0) != '[' ? "[" + hostname + "]" : hostname;
        String authority = port == defaultPort(scheme) ? name : name + ":" + port;
        return scheme + "://" + authority + target.withQuery(path);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** The port of a Host header value ({@code a.example:8080}, {@code [::1]:8080}), or -1 when it names none. */
    static int authorityPort(String authority) {
        if (authority == null) {
            return -1;
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.indexOf(']', colon) >= 0 || (authority.charAt(0) != '['
                && authority.indexOf(':') != colon)) {
            return -1;
        }
        try {
            return Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
