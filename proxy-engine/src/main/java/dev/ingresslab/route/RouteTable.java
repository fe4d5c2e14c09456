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
 *
 * <p>HTTPRoute routes (ingress-semantics.md §9) are indexed apart ({@link GatewayHosts}); a table without them makes
 * no extra lookup. With them, the more specific host claim decides between an Ingress and an HTTPRoute, the
 * HTTPRoute first on an equally specific one, and a request one kind has nothing for goes to the other (routing.md
 * §10).
 */
public final class RouteTable {

    private static final RouteTable EMPTY = new RouteTableBuilder(List.of(Listener.http(80))).build();

    private final Map<String, VirtualHost> exactHosts;
    private final RegionKeyMap<VirtualHost> wildcardHosts;
    private final Map<String, VirtualHost> wildcardByHost;
    private final VirtualHost anyHost;
    private final Route catchAll;
    private final List<Listener> listeners;
    /** The https port redirects name, or -1 without an https listener (then nothing is redirected to https). */
    private final int httpsPort;
    private final Map<String, SecureVirtualHost> secureExact;
    /** Wildcard secure hosts by the suffix after {@code *.} ({@code example.com}). */
    private final Map<String, SecureVirtualHost> secureWildcard;
    private final List<SecureVirtualHost> secureHosts;
    /** A Gateway HTTPS listener without a hostname: its certificates serve every name no other secure host has. */
    private final SecureVirtualHost secureAnyHost;
    private final List<Route> allRoutes;
    private final List<Conflict> conflicts;
    private final List<IgnoredIngress> ignored;
    /** The HTTPRoute routes by host; null when the table has none (then matching is the Ingress one alone). */
    private final GatewayHosts gatewayHosts;
    /** {@link Route#describe()} of every route, computed once: the proxy sends it with every response. */
    private final Map<Route, String> descriptions = new IdentityHashMap<>();
    /** {@code namespace/service:port} of every backend, computed once, for request records. */
    private final Map<Backend, String> backendLabels = new IdentityHashMap<>();

    RouteTable(Map<String, VirtualHost> exactHosts, Map<String, VirtualHost> wildcardHosts, VirtualHost anyHost,
               Route catchAll, List<Listener> listeners, Collection<SecureVirtualHost> secureHosts,
               List<Route> allRoutes, List<Conflict> conflicts, List<IgnoredIngress> ignored,
               GatewayHosts gatewayHosts) {
        this.gatewayHosts = gatewayHosts;
        this.exactHosts = Map.copyOf(exactHosts);
        this.wildcardByHost = Map.copyOf(wildcardHosts);
        Map<String, VirtualHost> bySuffix = new java.util.HashMap<>();
        wildcardHosts.forEach((host, routes) -> bySuffix.put(host.substring(2), routes));
        this.wildcardHosts = new RegionKeyMap<>(bySuffix);
        this.anyHost = anyHost;
        this.catchAll = catchAll;
        this.listeners = List.copyOf(listeners);
        this.httpsPort = this.listeners.stream().filter(l -> l.name().equals(Listener.HTTPS)).mapToInt(Listener::port)
                .findFirst().orElse(-1);
        Map<String, SecureVirtualHost> exactSecure = new java.util.HashMap<>();
        Map<String, SecureVirtualHost> wildcardSecure = new java.util.HashMap<>();
        SecureVirtualHost anySecure = null;
        List<SecureVirtualHost> named = new java.util.ArrayList<>();
        for (SecureVirtualHost secure : secureHosts) {
            if (secure.host().isEmpty()) {
                anySecure = anySecure == null ? secure : anySecure;
                continue;
            }
            named.add(secure);
            if (secure.wildcard()) {
                wildcardSecure.put(secure.host().substring(2), secure);
            } else {
                exactSecure.put(secure.host(), secure);
            }
        }
        this.secureExact = Map.copyOf(exactSecure);
        this.secureWildcard = Map.copyOf(wildcardSecure);
        this.secureAnyHost = anySecure;
        List<SecureVirtualHost> sortedSecure = new java.util.ArrayList<>(named);
        sortedSecure.sort(java.util.Comparator.comparing(SecureVirtualHost::host));
        this.secureHosts = List.copyOf(sortedSecure);
        this.allRoutes = List.copyOf(allRoutes);
        this.conflicts = List.copyOf(conflicts);
        this.ignored = List.copyOf(ignored);
        for (Route route : this.allRoutes) {
            descriptions.put(route, route.describe());
            backendLabels.put(route.backend(), label(route.backend()));
            if (route.canary() != null) {
                backendLabels.put(route.canary().backend(), label(route.canary().backend()));
            }
            for (WeightedBackend weighted : route.backends()) {
                backendLabels.put(weighted.backend(), label(weighted.backend()));
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
        VirtualHost group = virtualHostFor(host);
        Route gateway = null;
        if (gatewayHosts != null) {
            gateway = gatewayHosts.match(host, request, path, target.query());
            if (gateway != null && (group == null
                    || GatewayPrecedence.hostRank(gateway.host()) >= GatewayPrecedence.hostRank(group.host()))) {
                return Decisions.httpRoute(gateway, request, host, target, random);
            }
        }
        Route route;
        HttpsRedirect redirect = HttpsRedirect.NEVER;
        if (group == null) {
            route = catchAll;
        } else {
            VirtualHost.AppRoot appRoot = group.appRoot();
            if (appRoot != null && path.equals("/")) {
                return Decisions.appRootRedirect(request, path, appRoot);
            }
            route = group.match(path);
            if (route != null) {
                redirect = route.httpsRedirect();
            } else {
                route = group.fallback();
                redirect = group.rootRedirect(); // ingress-nginx's root location carries the host owner's annotations
            }
            if (route == null && group == anyHost) {
                route = catchAll;
            }
        }
        if (httpsPort > 0 && redirect.applies(group != null && group.secure()) && "http".equals(request.scheme())) {
            return Decisions.sslRedirect(route, redirect, group, host, httpsPort, request, target);
        }
        if (route == null) {
            return gateway != null ? Decisions.httpRoute(gateway, request, host, target, random)
                    : Decisions.notFound(host, path);
        }
        return Decisions.forward(route, request, target, random);
    }

    /** The host group that decides for a normalised host, or null when only the catch-all applies. */
    public VirtualHost virtualHostFor(String host) {
        VirtualHost group = exactHosts.get(host);
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

    /**
     * The HTTPRoute routes a request host is matched against, in precedence order (ingress-semantics.md §9.3); empty
     * when the table has none. For explain.
     */
    public List<Route> httpRouteCandidates(String host) {
        return gatewayHosts == null ? List.of() : List.of(gatewayHosts.candidates(host));
    }

    /** Whether the table has HTTPRoute routes. */
    public boolean hasHttpRoutes() {
        return gatewayHosts != null;
    }

    /** The backend for requests that no host group takes; null when they are 404s. */
    public Route catchAll() {
        return catchAll;
    }

    /** The host-less rules, or null when there are none. */
    public VirtualHost anyHost() {
        return anyHost;
    }

    /** The precise and wildcard host groups, by host as written. */
    public Collection<VirtualHost> virtualHosts() {
        List<VirtualHost> groups = new java.util.ArrayList<>(exactHosts.values());
        groups.addAll(wildcardByHost.values());
        if (anyHost != null) {
            groups.add(anyHost);
        }
        groups.sort(java.util.Comparator.comparing(VirtualHost::host));
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

    /**
     * The port redirects to https name (443 is left out of the URL), or -1 when the table has no https listener.
     */
    public int httpsPort() {
        return httpsPort;
    }

    /** The listeners this table is served on ({@code http}, and {@code https} when the proxy serves TLS). */
    public List<Listener> listeners() {
        return listeners;
    }

    /** The listener of a name ({@link Listener#HTTP}, {@link Listener#HTTPS}), if the table has it. */
    public java.util.Optional<Listener> listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * Every secure host (served on https with a certificate) that names a host, by host name; not the one of a
     * Gateway HTTPS listener without a hostname, which {@link #secureVirtualHostFor} gives every other name.
     */
    public List<SecureVirtualHost> secureVirtualHosts() {
        return secureHosts;
    }

    /**
     * The secure host of a Gateway HTTPS listener without a {@code hostname} (the oldest Gateway's, when several
     * have one): it serves every server name no other secure host names (Gateway API spec, {@code Listener.hostname}:
     * an unset hostname matches all). Empty when no such listener is served.
     */
    public java.util.Optional<SecureVirtualHost> secureAnyHost() {
        return java.util.Optional.ofNullable(secureAnyHost);
    }

    /**
     * The secure host a TLS handshake's server name (SNI) selects: the exact host first, then the wildcard one label
     * deep ({@code *.example.com} for {@code a.example.com}; an Ingress's never for {@code a.b.example.com}, and
     * none for {@code example.com}; RFC 6125 §6.4.3, ingress-semantics.md §7.1); the wildcard hostname of a Gateway listener
     * also selects names more labels deep, the nearest first ({@code *.example.com} for {@code a.b.example.com}: the
     * Gateway API's {@code Listener.hostname} matches any number of labels, and the listener's certificates may name
     * such a host); a name none of these names gets the secure host of a Gateway HTTPS listener without a hostname,
     * if there is one (its hostname matches every name). An exact secure host wins over a wildcard
     * even when it has no certificate of its own, as ingress-nginx's {@code certificate.lua} looks the exact name up
     * first. Once per handshake (and per {@code explain}), never per request.
     *
     * @param sniHost the server name as the client sent it (any case, one trailing dot allowed); null or empty when
     *                the client sent none
     */
    public java.util.Optional<SecureVirtualHost> secureVirtualHostFor(String sniHost) {
        if (sniHost == null || sniHost.isEmpty()) {
            return java.util.Optional.empty();
        }
        String host = dev.ingresslab.tls.HostNames.canonical(sniHost);
        SecureVirtualHost secure = secureExact.get(host);
        if (secure == null) {
            int dot = host.indexOf('.');
            if (dot > 0) {
                secure = secureWildcard.get(host.substring(dot + 1));
                for (int next = host.indexOf('.', dot + 1); secure == null && next > 0;
                     next = host.indexOf('.', next + 1)) {
                    SecureVirtualHost deeper = secureWildcard.get(host.substring(next + 1));
                    if (deeper != null && deeper.origin().kind().equals("Gateway")) {
                        secure = deeper; // a Gateway listener's wildcard hostname matches any number of labels
                    }
                }
            }
        }
        return java.util.Optional.ofNullable(secure == null ? secureAnyHost : secure);
    }

    /**
     * The certificate the https listener presents for a TLS handshake's server name (SNI), selected as {@link
     * #secureVirtualHostFor} selects the host; empty when no secure host names it or the one that does has no usable
     * certificate: the listener then presents its fallback certificate.
     */
    public java.util.Optional<dev.ingresslab.tls.TlsCertificate> certificateFor(String sniHost) {
        return secureVirtualHostFor(sniHost).flatMap(SecureVirtualHost::certificate);
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
