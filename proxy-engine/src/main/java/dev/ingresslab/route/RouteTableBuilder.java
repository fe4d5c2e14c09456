package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collects compiled routes and builds a {@link RouteTable}: resolves every conflict by age (oldest wins, then
 * {@code namespace/name}, then order in the object; ingress-semantics.md §3.7) and indexes the winners by host
 * and path. Not thread-safe; used once per compilation.
 */
public final class RouteTableBuilder {

    private final List<Listener> listeners;
    private final Map<String, SecureVirtualHost> secureHosts = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Route> httpRoutes = new ArrayList<>();
    private final Set<String> declaredHosts = new LinkedHashSet<>();
    /** Per host, the Ingresses that declare it, by the origin of their object; the oldest owns the host. */
    private final Map<String, List<Origin>> declarers = new HashMap<>();
    /** The https redirect of each declaring Ingress ({@code namespace/name}), for the host's root location. */
    private final Map<String, HttpsRedirect> declarerRedirects = new HashMap<>();
    private final List<Route> rulesLessDefaults = new ArrayList<>();
    private final List<Route> ruleDefaults = new ArrayList<>();
    private final Map<String, List<VirtualHost.AppRoot>> appRoots = new HashMap<>();
    private final List<IgnoredIngress> ignored = new ArrayList<>();
    private Canary catchAllCanary;
    private final Set<Conflict> conflicts = new LinkedHashSet<>(); // a shared defaultBackend conflicts once per host

    /**
     * @param listeners the table's listeners ({@link Listener#http}, and {@link Listener#https} when the proxy
     *                  serves TLS: plain HTTP is redirected to https only then); names are unique
     */
    public RouteTableBuilder(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
        if (this.listeners.stream().map(Listener::name).distinct().count() != this.listeners.size()) {
            throw new IllegalArgumentException("listener names must be unique: " + listeners);
        }
    }

    /** The listeners the table is built for. */
    public List<Listener> listeners() {
        return listeners;
    }

    /**
     * Makes a host secure: served on the https listener with its certificate ({@code ""}: every name no other secure
     * host has, a Gateway HTTPS listener without a hostname). The first one given for a host is kept
     * (processors give them oldest Ingress first, as ingress-nginx's {@code createServers} keeps the first certificate
     * configured for a server); the one in force is returned, so the caller can report the one that lost.
     */
    public SecureVirtualHost addSecureVirtualHost(SecureVirtualHost host) {
        SecureVirtualHost kept = secureHosts.putIfAbsent(host.host(), Objects.requireNonNull(host));
        if (!host.host().isEmpty()) { // "" is a Gateway listener's any host: it declares no name
            declaredHosts.add(host.host()); // every secure host has its virtual host, so SNI and Host agree on names
        }
        return kept == null ? host : kept;
    }

    /** The secure host given for a host name as written ({@code *.example.com} included), if any yet. */
    public java.util.Optional<SecureVirtualHost> secureVirtualHost(String host) {
        return java.util.Optional.ofNullable(secureHosts.get(host));
    }

    /** Every host an Ingress rule or a processor declared so far, as written ({@code ""} for host-less rules). */
    public Set<String> declaredHosts() {
        return java.util.Collections.unmodifiableSet(declaredHosts);
    }

    /**
     * A rule path. Its host ({@code ""} for host-less rules) is declared with it. An HTTPRoute's route ({@link
     * Route#isHttpRoute()}) is indexed apart, by its own precedence ({@link GatewayHosts}), and declares no host.
     */
    public RouteTableBuilder addRoute(Route route) {
        if (route.isDefaultBackend()) {
            throw new IllegalArgumentException("a defaultBackend is added with addDefaultBackend: "
                    + route.origin().display());
        }
        if (route.isHttpRoute()) {
            httpRoutes.add(route); // its own index and precedence (§9.3); it declares no Ingress host
            return this;
        }
        routes.add(route);
        declaredHosts.add(route.host());
        return this;
    }

    /** A host an Ingress rule names, even without paths: requests for it are decided by that host's rules. */
    public RouteTableBuilder declareHost(String host) {
        declaredHosts.add(host);
        return this;
    }

    /**
     * A host an Ingress rule names, and the Ingress that names it. Of the Ingresses that declare a host, the oldest
     * ({@link Origin#PRECEDENCE}) owns it: its defaultBackend, and only its, serves the host's path misses (§11.2;
     * ingress-nginx {@code createServers} in {@code internal/ingress/controller/controller.go} makes the first
     * Ingress to name a host set the root location of that host's server, and skips the host for every later one).
     *
     * @param declarer any origin of the declaring object (only its kind, namespace, name and age are used)
     */
    public RouteTableBuilder declareHost(String host, Origin declarer) {
        return declareHost(host, declarer, HttpsRedirect.DEFAULT);
    }

    /**
     * As {@link #declareHost(String, Origin)}, with the declaring Ingress's https redirect: the owner's applies to the
     * host's path misses.
     */
    public RouteTableBuilder declareHost(String host, Origin declarer, HttpsRedirect redirect) {
        declarerRedirects.putIfAbsent(declarer.objectName(), Objects.requireNonNull(redirect));
        declaredHosts.add(host);
        declarers.computeIfAbsent(host, h -> new ArrayList<>()).add(Objects.requireNonNull(declarer));
        return this;
    }

    /**
     * The defaultBackend of an Ingress. With rules, it serves the path misses of the hosts its Ingress owns (see
     * {@link #declareHost(String, Origin)}) and is a catch-all candidate when no Ingress without rules has one
     * (§11.3); without rules, it is a catch-all candidate of the first rank (§4.2).
     *
     * @param hosts the hosts of the Ingress's rules; empty for an Ingress without rules
     */
    public RouteTableBuilder addDefaultBackend(Route route, Set<String> hosts) {
        if (!route.isDefaultBackend()) {
            throw new IllegalArgumentException("not a defaultBackend: " + route.origin().display());
        }
        if (hosts.isEmpty()) {
            rulesLessDefaults.add(route);
        } else {
            ruleDefaults.add(route);
        }
        return this;
    }

    public RouteTableBuilder addAppRoot(String host, VirtualHost.AppRoot appRoot) {
        appRoots.computeIfAbsent(host, h -> new ArrayList<>()).add(Objects.requireNonNull(appRoot));
        return this;
    }

    /**
     * A canary Ingress's defaultBackend, for the catch-all set by an Ingress without rules (ingress-nginx merges it
     * into its default server's root location; {@code mergeAlternativeBackends}). The first one given is kept, as
     * the balancer uses the first alternative backend.
     */
    public RouteTableBuilder addCatchAllCanary(Canary canary) {
        if (catchAllCanary == null) {
            catchAllCanary = Objects.requireNonNull(canary);
        }
        return this;
    }

    public RouteTableBuilder addIgnored(IgnoredIngress ingress) {
        ignored.add(ingress);
        return this;
    }

    public RouteTable build() {
        Map<String, List<Route>> byHost = new LinkedHashMap<>();
        declaredHosts.forEach(host -> byHost.put(host, new ArrayList<>()));
        routes.forEach(route -> byHost.get(route.host()).add(route));

        Map<String, VirtualHost> exact = new HashMap<>();
        Map<String, VirtualHost> wildcard = new HashMap<>();
        VirtualHost anyHost = null;
        for (Map.Entry<String, List<Route>> entry : byHost.entrySet()) {
            String host = entry.getKey();
            VirtualHost group = buildHost(host, entry.getValue());
            if (host.isEmpty()) {
                anyHost = group;
            } else if (host.startsWith("*.")) {
                wildcard.put(host, group);
            } else {
                exact.put(host, group);
            }
        }
        if (catchAllCanary != null && !rulesLessDefaults.isEmpty()) {
            Route first = rulesLessDefaults.stream().min(Comparator.comparing(Route::origin, Origin.PRECEDENCE))
                    .orElseThrow();
            rulesLessDefaults.set(rulesLessDefaults.indexOf(first), first.withCanary(catchAllCanary));
        }
        Route catchAll = oldest(rulesLessDefaults, true);
        if (catchAll == null) {
            catchAll = oldest(ruleDefaults, false);
        }
        List<Route> sorted = new ArrayList<>(routes); // each route and defaultBackend is added exactly once
        sorted.addAll(httpRoutes);
        sorted.addAll(rulesLessDefaults);
        sorted.addAll(ruleDefaults);
        sorted.sort(Comparator.comparing(Route::origin, Origin.PRECEDENCE));
        ignored.sort(Comparator.comparing(IgnoredIngress::objectName));
        return new RouteTable(exact, wildcard, anyHost, catchAll, listeners, secureHosts.values(), sorted,
                List.copyOf(conflicts), ignored, GatewayHosts.of(httpRoutes));
    }

    private VirtualHost buildHost(String host, List<Route> hostRoutes) {
        boolean regexMode = hostRoutes.stream().anyMatch(r -> r.path().mode() == PathMatch.Mode.REGEX);
        if (regexMode && !hostRoutes.stream().allMatch(r -> r.path().mode() == PathMatch.Mode.REGEX)) {
            throw new IllegalStateException("host " + host + " mixes regex and plain paths");
        }
        Map<String, List<Route>> claims = new LinkedHashMap<>();
        for (Route route : hostRoutes) {
            claims.computeIfAbsent(route.path().mode() + " " + route.path().key(), k -> new ArrayList<>()).add(route);
        }
        Map<String, Route> exactPaths = new HashMap<>();
        Map<String, Route> prefixes = new HashMap<>();
        List<Route> regexes = new ArrayList<>();
        for (List<Route> claimants : claims.values()) {
            Route winner = first(claimants, SAME_PLACE);
            switch (winner.path().mode()) {
                case EXACT -> exactPaths.put(winner.path().key(), winner);
                case PREFIX -> prefixes.put(winner.path().key(), winner);
                case REGEX -> regexes.add(winner);
            }
        }
        // ingress-nginx orders regex locations by the length of the path text, longest first (§6.2).
        regexes.sort(Comparator.comparingInt((Route r) -> r.path().path().length()).reversed()
                .thenComparing(Route::origin, Origin.PRECEDENCE));
        Origin owner = declarers.getOrDefault(host, List.of()).stream().min(Origin.PRECEDENCE).orElse(null);
        VirtualHost.AppRoot appRoot = appRoots.getOrDefault(host, List.of()).stream()
                .min(Comparator.comparing(VirtualHost.AppRoot::origin, Origin.PRECEDENCE)).orElse(null);
        HttpsRedirect rootRedirect = owner == null ? HttpsRedirect.NEVER
                : declarerRedirects.getOrDefault(owner.objectName(), HttpsRedirect.DEFAULT);
        return new VirtualHost(host, exactPaths, prefixes, regexes, fallbackOf(host, owner), owner, appRoot,
                secure(host), rootRedirect);
    }

    /**
     * Whether a certificate is configured for the requests a virtual host takes. A precise host takes only its own
     * name: its secure host, else the wildcard one label up. A wildcard host takes names that no precise host
     * declares, and every secure host is declared, so only its own secure host can apply. The host-less rules take
     * names no host declares: none.
     */
    private boolean secure(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (secureHosts.containsKey(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        return !host.startsWith("*.") && dot > 0 && secureHosts.containsKey("*" + host.substring(dot));
    }

    /**
     * The defaultBackend that serves a host's path misses: the owner's, or none (a 404) when the owner has none,
     * even if a newer Ingress declaring the host has one. The host-less rules have no fallback of their own: as on
     * ingress-nginx's default server, their path misses go to the catch-all.
     */
    private Route fallbackOf(String host, Origin owner) {
        if (owner == null || host.isEmpty()) {
            return null;
        }
        return ruleDefaults.stream().filter(route -> route.origin().sameObject(owner)).findFirst().orElse(null);
    }

    /**
     * Who wins one host and path: a Prefix path beats an ImplementationSpecific one of the same text, whatever their
     * ages, as on ingress-nginx, where the two are separate locations ("same paths but different types are allowed",
     * {@code getBackendServers}) and the Prefix one's {@code location /p/} and {@code = /p} are longer or exact
     * wherever both match; else the oldest ({@link Origin#PRECEDENCE}).
     */
    private static final Comparator<Route> SAME_PLACE = Comparator
            .comparingInt((Route r) -> r.path() != null && r.path().mode() == PathMatch.Mode.PREFIX
                    && r.path().declared() == PathType.IMPLEMENTATION_SPECIFIC ? 1 : 0)
            .thenComparing(Route::origin, Origin.PRECEDENCE);

    /** The oldest of the candidates, recording the others as conflicts it won when asked to; null for none. */
    private Route oldest(List<Route> candidates, boolean recordConflicts) {
        if (candidates.isEmpty()) {
            return null;
        }
        return recordConflicts ? first(candidates, Comparator.comparing(Route::origin, Origin.PRECEDENCE))
                : candidates.stream().min(Comparator.comparing(Route::origin, Origin.PRECEDENCE)).orElseThrow();
    }

    /** The first of the candidates in an order, recording the others as conflicts it won. */
    private Route first(List<Route> candidates, Comparator<Route> order) {
        Route winner = candidates.stream().min(order).orElseThrow();
        candidates.stream().filter(r -> r != winner).forEach(r -> conflicts.add(new Conflict(r, winner)));
        return winner;
    }
}
