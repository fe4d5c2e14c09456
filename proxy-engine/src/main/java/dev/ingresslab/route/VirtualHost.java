package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtual host: the routes of one host (a precise host, a wildcard host, or the host-less rules), merged across
 * every served Ingress (Contour's DAG {@code VirtualHost}; its TLS side is the {@link SecureVirtualHost} of the same
 * name), indexed so that a match costs one hash lookup per path element, whatever the number of rules.
 *
 * <p>Precedence (ingress-semantics.md §3.6): the longest matching path wins, and on equal length Exact beats
 * Prefix. An Exact match covers the whole request path, so it is never shorter than a matching Prefix: the
 * Exact map is tried first, then Prefix keys from the longest to the shortest element boundary. In regex mode
 * (§6.2) the paths are tried in descending length of their text and the first match wins.
 */
public final class VirtualHost {

    private final String host;
    private final Map<String, Route> exact;
    private final RegionKeyMap<Route> prefixes;
    private final Route[] regexes;
    private final Route fallback;
    private final Origin owner;
    private final AppRoot appRoot;
    private final boolean secure;
    private final HttpsRedirect rootRedirect;
    private final List<Route> all;

    /** ingress-nginx {@code app-root}: {@code GET /} on this host is redirected there (§6.4). */
    public record AppRoot(String path, Origin origin) {
    }

    VirtualHost(String host, Map<String, Route> exact, Map<String, Route> prefixes, List<Route> regexes,
               Route fallback, Origin owner, AppRoot appRoot, boolean secure, HttpsRedirect rootRedirect) {
        this.host = host;
        this.exact = Map.copyOf(exact);
        this.prefixes = new RegionKeyMap<>(new HashMap<>(prefixes));
        this.regexes = regexes.toArray(Route[]::new);
        this.fallback = fallback;
        this.owner = owner;
        this.appRoot = appRoot;
        this.secure = secure;
        this.rootRedirect = rootRedirect;
        List<Route> every = new ArrayList<>(regexes);
        every.addAll(exact.values());
        every.addAll(prefixes.values());
        every.sort(Comparator.comparing(Route::origin, Origin.PRECEDENCE));
        this.all = List.copyOf(every);
    }

    /** The host as the rules write it; empty for the host-less rules. */
    public String host() {
        return host;
    }

    public boolean regexMode() {
        return regexes.length > 0;
    }

    /**
     * The defaultBackend of the Ingress that owns this host, for paths no rule matches (§11.2); null when the owner
     * has none (those requests are 404s) and for the host-less rules (whose misses go to the catch-all).
     */
    public Route fallback() {
        return fallback;
    }

    /**
     * The oldest Ingress that declares this host (any origin of that object), or null when no declarer was named:
     * only its defaultBackend can serve this host's path misses.
     */
    public Origin owner() {
        return owner;
    }

    /**
     * Whether a certificate is configured for the requests this host takes: a {@link SecureVirtualHost} of this name,
     * or, for a precise host, the wildcard one label up (as ingress-nginx's {@code certificate.lua} finds the
     * certificate of a request's host). Plain HTTP to a secure host is redirected unless {@code ssl-redirect: "false"}.
     */
    public boolean secure() {
        return secure;
    }

    /**
     * How the host's path misses (its root location on ingress-nginx, which carries the annotations of the Ingress
     * that owns the host: {@code createServers}, {@code locationApplyAnnotations}) are redirected to https.
     */
    public HttpsRedirect rootRedirect() {
        return rootRedirect;
    }

    public AppRoot appRoot() {
        return appRoot;
    }

    /** Every route that won its place on this host, oldest first. */
    public List<Route> routes() {
        return all;
    }

    /** The route for a normalised path, or null when no path of this host matches. */
    public Route match(String path) {
        if (regexes.length > 0) {
            for (Route route : regexes) {
                if (route.path().regex().matcher(path).lookingAt()) {
                    return route;
                }
            }
            return null;
        }
        Route route = exact.get(path);
        if (route != null) {
            return route;
        }
        int end = path.endsWith("/") ? path.length() - 1 : path.length();
        while (true) {
            route = prefixes.get(path, 0, end);
            if (route != null || end <= 0) {
                return route;
            }
            end = path.lastIndexOf('/', end - 1);
        }
    }

    @Override
    public String toString() {
        return "VirtualHost[" + host + ", exact=" + exact.keySet() + ", regexes=" + Arrays.toString(regexes) + "]";
    }
}
