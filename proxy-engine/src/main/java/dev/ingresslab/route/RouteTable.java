package dev.ingresslab.route;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The immutable result of compiling the served Ingresses: built once per change and swapped in whole, so a
 * request in flight keeps the table it started with. {@link #match} is the proxy's hot path: a hash lookup for
 * the host and one per path element, no locks, no scanning of routes.
 *
 * <p>Host precedence (ingress-semantics.md §2.5): precise host, then the one-label wildcard, then the host-less
 * rules. There is no fall-through between them (§11.2): a host group decides, then falls back to the
 * defaultBackend of an Ingress declaring that host, else 404. The host-less group, like nginx's default
 * server, falls back to the catch-all. Unknown hosts go to the catch-all (§11.3), else 404.
 */
public final class RouteTable {

    private static final RouteTable EMPTY = new RouteTableBuilder(443).build();

    private final Map<String, HostRoutes> exactHosts;
    private final RegionKeyMap<HostRoutes> wildcardHosts;
    private final Map<String, HostRoutes> wildcardByHost;
    private final HostRoutes anyHost;
    private final Route catchAll;
    private final int httpsPort;
    private final List<Route> allRoutes;
    private final List<Conflict> conflicts;
    private final List<IgnoredIngress> ignored;
    /** {@link Route#describe()} of every route, computed once: the proxy sends it with every response. */
    private final Map<Route, String> descriptions = new IdentityHashMap<>();
    /** {@code namespace/service:port} of every backend, computed once, for request records. */
    private final Map<Backend, String> backendLabels = new IdentityHashMap<>();

    RouteTable(Map<String, HostRoutes> exactHosts, Map<String, HostRoutes> wildcardHosts, HostRoutes anyHost,
               Route catchAll, int httpsPort, List<Route> allRoutes, List<Conflict> conflicts,
               List<IgnoredIngress> ignored) {
        this.exactHosts = Map.copyOf(exactHosts);
        this.wildcardByHost = Map.copyOf(wildcardHosts);
        Map<String, HostRoutes> bySuffix = new java.util.HashMap<>();
        wildcardHosts.forEach((host, routes) -> bySuffix.put(host.substring(2), routes));
        this.wildcardHosts = new RegionKeyMap<>(bySuffix);
        this.anyHost = anyHost;
        this.catchAll = catchAll;
        this.httpsPort = httpsPort;
        this.allRoutes = List.copyOf(allRoutes);
        this.conflicts = List.copyOf(conflicts);
        this.ignored = List.copyOf(ignored);
        for (Route route : this.allRoutes) {
            descriptions.put(route, route.describe());
            backendLabels.put(route.backend(), label(route.backend()));
            if (route.canary() != null) {
                backendLabels.put(route.canary().backend(), label(route.canary().backend()));
            }
        }
    }

    /** A table with no routes: every request is a 404. */
    public static RouteTable empty() {
        return EMPTY;
    }

    /**
     * Decides what happens to a request. The decision carries no trace; {@link Explainer} adds one.
     *
     * @param random rolls the dice for weighted canaries
     */
    public Decision match(RequestView request, RandomGenerator random) {
        String host = HostNormalizer.normalize(request.authority());
        if (host == null) {
            return Decisions.badRequest("the Host header is not a valid host name: "
                    + UntrustedText.printable(request.authority()));
        }
        NormalizedTarget target = PathNormalizer.normalize(request.target());
        if (!target.isOk()) {
            return Decisions.badRequest(target.error());
        }
        String path = target.path();
        HostRoutes group = groupFor(host);
        Route route;
        if (group == null) {
            route = catchAll;
        } else {
            HostRoutes.AppRoot appRoot = group.appRoot();
            if (appRoot != null && path.equals("/")) {
                return Decisions.appRootRedirect(request, path, appRoot);
            }
            route = group.match(path);
            if (route == null) {
                route = group.fallback();
            }
            if (route == null && group == anyHost) {
                route = catchAll;
            }
        }
        if (route == null) {
            return Decisions.notFound(host, path);
        }
        if (route.sslRedirect() && "http".equals(request.scheme())) {
            return Decisions.sslRedirect(route, host, httpsPort, target);
        }
        return Decisions.forward(route, request, target, random);
    }

    /** The host group that decides for a normalised host, or null when only the catch-all applies. */
    public HostRoutes groupFor(String host) {
        HostRoutes group = exactHosts.get(host);
        if (group != null) {
            return group;
        }
        int dot = host.indexOf('.');
        if (dot > 0) {
            group = wildcardHosts.get(host, dot + 1, host.length());
            if (group != null) {
                return group;
            }
        }
        return anyHost;
    }

    /** The backend for requests that no host group takes; null when they are 404s. */
    public Route catchAll() {
        return catchAll;
    }

    /** The host-less rules, or null when there are none. */
    public HostRoutes anyHost() {
        return anyHost;
    }

    /** The precise and wildcard host groups, by host as written. */
    public Collection<HostRoutes> hostGroups() {
        List<HostRoutes> groups = new java.util.ArrayList<>(exactHosts.values());
        groups.addAll(wildcardByHost.values());
        if (anyHost != null) {
            groups.add(anyHost);
        }
        groups.sort(java.util.Comparator.comparing(HostRoutes::host));
        return groups;
    }

    /** Every compiled route, the ones that lost a conflict included, oldest first. */
    public List<Route> allRoutes() {
        return allRoutes;
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    public List<IgnoredIngress> ignored() {
        return ignored;
    }

    /**
     * The {@code X-Ingress-Lab-Route} value of a decision: the route's description (computed once per table), or
     * the reason there is no route.
     */
    public String routeHeader(Decision decision) {
        Route route = decision.route();
        if (route == null) {
            return decision.reason();
        }
        String description = descriptions.get(route);
        if (description == null) {
            description = route.describe();
        }
        return decision.canary() ? description + " (canary " + decision.backend().display() + ")" : description;
    }

    /** {@code namespace/service:port}, computed once per backend of this table. */
    public String backendLabel(Backend backend) {
        String label = backendLabels.get(backend);
        return label != null ? label : label(backend);
    }

    private static String label(Backend backend) {
        return backend.namespace() + "/" + backend.display();
    }

    /** The port redirects to https name (443 is left out of the URL). */
    public int httpsPort() {
        return httpsPort;
    }

    /** The conflict a route lost, or null when it won its place. */
    public Conflict conflictLostBy(Route route) {
        for (Conflict conflict : conflicts) {
            if (conflict.loser().equals(route)) {
                return conflict;
            }
        }
        return null;
    }
}
