package dev.ingresslab.route;

import java.util.List;
import java.util.Objects;

/**
 * One path of one Ingress rule (or an Ingress's defaultBackend), or one {@code matches[]} entry of one HTTPRoute rule
 * under one of its hostnames, compiled.
 *
 * @param origin        where it comes from
 * @param host          the rule host as written: {@code alpaca.example.com}, {@code *.example.com}, or empty for
 *                      a rule without host (and for a defaultBackend)
 * @param path          how the path matches; null for a defaultBackend, which matches whatever reaches it
 * @param backend       where requests go
 * @param rewriteTarget ingress-nginx {@code rewrite-target}, or null (§6.1)
 * @param httpsRedirect when plain-HTTP requests are redirected to https with 308 (§6.3)
 * @param canary        a canary Ingress sharing this host and path, or null (§6.5)
 * @param match         an HTTPRoute's match (path, headers, query, method), or null for an Ingress route; {@code
 *                      path} then carries the same path for views that show paths
 * @param filters       an HTTPRoute rule's filters, in order; {@link RouteFilters#NONE} for an Ingress route
 * @param backends      an HTTPRoute rule's weighted backendRefs (§9.4); empty for an Ingress route, whose one
 *                      backend is {@code backend}
 */
public record Route(Origin origin, String host, PathMatch path, Backend backend, String rewriteTarget,
                    HttpsRedirect httpsRedirect, Canary canary, RouteMatch match, RouteFilters filters,
                    List<WeightedBackend> backends) {

    public Route {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(filters);
        backends = List.copyOf(backends);
        Objects.requireNonNull(host);
        Objects.requireNonNull(backend);
        Objects.requireNonNull(httpsRedirect);
        if ((path == null) != origin.isDefaultBackend()) {
            throw new IllegalArgumentException("only a defaultBackend has no path: " + origin.display());
        }
    }

    /** An Ingress route. */
    public Route(Origin origin, String host, PathMatch path, Backend backend, String rewriteTarget,
                 HttpsRedirect httpsRedirect, Canary canary) {
        this(origin, host, path, backend, rewriteTarget, httpsRedirect, canary, null, RouteFilters.NONE, List.of());
    }

    /**
     * An HTTPRoute route: one match of one rule under one hostname ({@code ""} for any host).
     *
     * @param backends its weighted backends; {@link #backend()} is the first (or, for a rule without backendRefs,
     *                 an unavailable placeholder), for views that show one backend
     */
    public static Route httpRoute(Origin origin, String host, RouteMatch match, RouteFilters filters,
                                  List<WeightedBackend> backends) {
        PathMatch path = switch (match.pathType()) {
            case RouteMatch.EXACT -> PathMatch.exact(match.path());
            case RouteMatch.PATH_PREFIX -> PathMatch.prefix(match.path());
            default -> PathMatch.regex(match.path(), PathType.IMPLEMENTATION_SPECIFIC, match.pathRegex());
        };
        Backend first = backends.isEmpty()
                ? Backend.unavailable(origin.namespace(), "(none)", "-", BackendState.UNSUPPORTED,
                "the rule has no backendRefs")
                : backends.get(0).backend();
        return new Route(origin, host, path, first, null, HttpsRedirect.NEVER, null, match, filters, backends);
    }

    /** Whether this route comes from an HTTPRoute (it has a {@link #match()}). */
    public boolean isHttpRoute() {
        return match != null;
    }

    public static Route defaultBackend(Origin origin, Backend backend) {
        return new Route(origin, "", null, backend, null, HttpsRedirect.NEVER, null);
    }

    public boolean isDefaultBackend() {
        return origin.isDefaultBackend();
    }

    public Route withCanary(Canary canary) {
        return new Route(origin, host, path, backend, rewriteTarget, httpsRedirect, canary, match, filters,
                backends);
    }

    /** The host for display: {@code *} for "any host". */
    public String hostDisplay() {
        return host.isEmpty() ? "*" : host;
    }

    /**
     * The value of the {@code X-Ingress-Lab-Route} response header for requests this route serves:
     * {@code default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:8080}; for an HTTPRoute, {@code HTTPRoute
     * default/site rule 0 match 1 (PathPrefix /a) -> alpaca:8080 (weight 3), beta:8080 (weight 1)}.
     */
    public String describe() {
        if (match != null) {
            String to = filters.redirect() != null ? "redirect"
                    : backends.isEmpty() ? "no backend" : String.join(", ", backends.stream()
                    .map(b -> backends.size() == 1 ? b.backend().display() : b.display()).toList());
            return "HTTPRoute " + origin.display() + " (" + match.display() + ") -> " + to;
        }
        String where = isDefaultBackend() ? origin.display() : origin.display() + " (" + path.display() + ")";
        return where + " -> " + backend.display();
    }
}
