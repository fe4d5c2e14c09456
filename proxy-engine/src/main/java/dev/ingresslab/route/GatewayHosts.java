package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTPRoute routes of a table, indexed by host so that a request looks up one list and tries it in {@link
 * GatewayPrecedence} order. A host's list holds the routes of that precise host, then those of every wildcard that
 * covers it (any depth: {@code *.example.com} covers {@code a.b.example.com}), then the host-less ones: rules of
 * matching wildcard and host-less Routes are merged with the precise host's (ingress-semantics.md §9.3; conformance
 * HTTPRouteMatchingAcrossRoutes). Only built for tables that have HTTPRoutes: Ingress-only tables pay nothing.
 */
final class GatewayHosts {

    private final Map<String, Route[]> exact;
    /** By the wildcard's suffix after {@code *.} ({@code example.com}). */
    private final RegionKeyMap<Route[]> wildcard;
    private final Route[] any;
    private final List<Route> all;

    private GatewayHosts(Map<String, Route[]> exact, Map<String, Route[]> wildcard, Route[] any, List<Route> all) {
        this.exact = Map.copyOf(exact);
        this.wildcard = new RegionKeyMap<>(wildcard);
        this.any = any;
        this.all = List.copyOf(all);
    }

    /** The index of some HTTPRoute routes; null when there are none. */
    static GatewayHosts of(List<Route> routes) {
        if (routes.isEmpty()) {
            return null;
        }
        List<Route> anyHost = routes.stream().filter(r -> r.host().isEmpty()).toList();
        List<Route> wildcards = routes.stream().filter(r -> r.host().startsWith("*.")).toList();
        Map<String, Route[]> exact = new HashMap<>();
        Map<String, Route[]> wildcard = new HashMap<>();
        for (Route route : routes) {
            String host = route.host();
            if (host.isEmpty() || exact.containsKey(host) || wildcard.containsKey(suffix(host))) {
                continue;
            }
            List<Route> candidates = new ArrayList<>();
            for (Route other : routes) {
                if (other.host().equals(host) || covers(other.host(), host)) {
                    candidates.add(other);
                }
            }
            Route[] sorted = sort(candidates);
            if (host.startsWith("*.")) {
                wildcard.put(suffix(host), sorted);
            } else {
                exact.put(host, sorted);
            }
        }
        assert wildcards.stream().allMatch(w -> wildcard.containsKey(suffix(w.host())));
        return new GatewayHosts(exact, wildcard, sort(anyHost), routes);
    }

    /**
     * The candidates for a normalised request host, in precedence order: its precise host's list, else the list of
     * the narrowest wildcard that covers it, else the host-less routes. Allocation-free.
     */
    Route[] candidates(String host) {
        Route[] routes = exact.get(host);
        if (routes != null) {
            return routes;
        }
        int dot = host.indexOf('.');
        while (dot > 0 && dot < host.length() - 1) {
            routes = wildcard.get(host, dot + 1, host.length());
            if (routes != null) {
                return routes;
            }
            dot = host.indexOf('.', dot + 1);
        }
        return any;
    }

    /** The first candidate that matches the request, or null. */
    Route match(String host, RequestView request, String path, String query) {
        for (Route route : candidates(host)) {
            if (route.match().matches(request, path, query)) {
                return route;
            }
        }
        return null;
    }

    /** Every HTTPRoute route. */
    List<Route> all() {
        return all;
    }

    private static Route[] sort(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(GatewayPrecedence.ORDER);
        return sorted.toArray(Route[]::new);
    }

    /** Whether a route's host takes requests for {@code host}: host-less always, a wildcard by suffix. */
    private static boolean covers(String routeHost, String host) {
        if (routeHost.isEmpty()) {
            return true;
        }
        if (!routeHost.startsWith("*.")) {
            return false;
        }
        String dotted = routeHost.substring(1);
        String subject = host.startsWith("*.") ? host.substring(1) : host;
        return subject.endsWith(dotted) && subject.length() > dotted.length();
    }

    private static String suffix(String wildcardHost) {
        return wildcardHost.substring(2);
    }
}
