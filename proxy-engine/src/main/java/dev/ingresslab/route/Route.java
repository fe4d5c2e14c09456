package dev.ingresslab.route;

import java.util.Objects;

/**
 * One path of one Ingress rule (or an Ingress's defaultBackend), compiled.
 *
 * @param origin        where it comes from
 * @param host          the rule host as written: {@code alpaca.example.com}, {@code *.example.com}, or empty for
 *                      a rule without host (and for a defaultBackend)
 * @param path          how the path matches; null for a defaultBackend, which matches whatever reaches it
 * @param backend       where requests go
 * @param rewriteTarget ingress-nginx {@code rewrite-target}, or null (§6.1)
 * @param httpsRedirect when plain-HTTP requests are redirected to https with 308 (§6.3)
 * @param canary        a canary Ingress sharing this host and path, or null (§6.5)
 */
public record Route(Origin origin, String host, PathMatch path, Backend backend, String rewriteTarget,
                    HttpsRedirect httpsRedirect, Canary canary) {

    public Route {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(host);
        Objects.requireNonNull(backend);
        Objects.requireNonNull(httpsRedirect);
        if ((path == null) != origin.isDefaultBackend()) {
            throw new IllegalArgumentException("only a defaultBackend has no path: " + origin.display());
        }
    }

    public static Route defaultBackend(Origin origin, Backend backend) {
        return new Route(origin, "", null, backend, null, HttpsRedirect.NEVER, null);
    }

    public boolean isDefaultBackend() {
        return origin.isDefaultBackend();
    }

    public Route withCanary(Canary canary) {
        return new Route(origin, host, path, backend, rewriteTarget, httpsRedirect, canary);
    }

    /** The host for display: {@code *} for "any host". */
    public String hostDisplay() {
        return host.isEmpty() ? "*" : host;
    }

    /**
     * The value of the {@code X-Ingress-Lab-Route} response header for requests this route serves:
     * {@code default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:8080}.
     */
    public String describe() {
        String where = isDefaultBackend() ? origin.display() : origin.display() + " (" + path.display() + ")";
        return where + " -> " + backend.display();
    }
}
