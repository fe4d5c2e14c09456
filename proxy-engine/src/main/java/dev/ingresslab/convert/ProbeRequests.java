package dev.ingresslab.convert;

import dev.ingresslab.route.Canary;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.VirtualHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The requests a conversion is checked with, generated from the compiled Ingresses: for every host (a precise host as
 * written; a wildcard host as one label, two labels and its bare suffix; a host no rule names), the edges around
 * every path of that host and of the host-less rules (for {@code /a}: {@code /a}, {@code /a/}, {@code /ab},
 * {@code /a/b}, {@code /a/b?q=1}; for a regex path, its literal start and an upper-case variant), {@code /} and a path
 * no rule names (with and without a trailing slash); each over http, and over https too for the hosts with a TLS entry; and with the canary headers and
 * cookies the Ingresses name. Deterministic: the same table gives the same requests in the same order.
 *
 * <p>Hosts without a TLS entry are not asked over https: Ingress Lab answers them with its fallback certificate, which
 * no client trusts for them, and a Gateway has no HTTPS listener for them at all; neither is a service to compare.
 */
public final class ProbeRequests {

    /** A host that no rule names: what the catch-all and the host-less rules see. */
    public static final String UNKNOWN_HOST = "unknown-host.example";
    /** A path that no rule is expected to name. */
    static final String UNKNOWN_PATH = "/no-such-path";
    private static final String REGEX_META = ".[]()*+?{}|^$\\";

    private ProbeRequests() {
    }

    /** The requests for a compiled Ingress table, GETs, over http (and https for TLS hosts) for each host and path. */
    public static List<SimpleRequest> of(RouteTable table) {
        Map<String, Set<String>> pathsByHost = new LinkedHashMap<>();
        Set<String> anyHostPaths = new LinkedHashSet<>();
        if (table.anyHost() != null) {
            table.anyHost().routes().forEach(route -> anyHostPaths.addAll(edges(route.path())));
        }
        Set<String> everyPath = new LinkedHashSet<>(anyHostPaths);
        for (VirtualHost group : table.virtualHosts()) {
            if (group.host().isEmpty()) {
                continue;
            }
            Set<String> paths = new LinkedHashSet<>(List.of("/", UNKNOWN_PATH, UNKNOWN_PATH + "/"));
            group.routes().forEach(route -> paths.addAll(edges(route.path())));
            paths.addAll(anyHostPaths);
            everyPath.addAll(paths);
            for (String host : hostsFor(group.host())) {
                pathsByHost.computeIfAbsent(host, h -> new LinkedHashSet<>()).addAll(paths);
            }
        }
        Set<String> unknown = new LinkedHashSet<>(List.of("/", UNKNOWN_PATH, UNKNOWN_PATH + "/"));
        unknown.addAll(everyPath);
        pathsByHost.put(UNKNOWN_HOST, unknown);
        List<SimpleRequest> requests = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : pathsByHost.entrySet()) {
            for (String path : entry.getValue()) {
                requests.add(SimpleRequest.get("http://" + entry.getKey() + path));
                if (table.secureVirtualHostFor(entry.getKey()).isPresent()) {
                    requests.add(SimpleRequest.get("https://" + entry.getKey() + path));
                }
            }
        }
        requests.addAll(canaryRequests(table));
        return List.copyOf(requests);
    }

    /** A precise host as it is; {@code *.example.com} as {@code one.example.com}, {@code a.b.example.com}, {@code example.com}. */
    static List<String> hostsFor(String host) {
        if (!host.startsWith("*.")) {
            return List.of(host);
        }
        String suffix = host.substring(2);
        return List.of("one." + suffix, "a.b." + suffix, suffix);
    }

    /** The paths around one rule's path. */
    static List<String> edges(PathMatch match) {
        if (match == null) {
            return List.of();
        }
        String base = match.mode() == PathMatch.Mode.REGEX ? literalStart(match.path()) : match.path();
        String key = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        List<String> paths = new ArrayList<>();
        if (key.isEmpty()) {
            paths.add("/");
            paths.add("/x");
        } else {
            paths.addAll(List.of(key, key + "/", key + "x", key + "/b", key + "/b?q=1"));
        }
        if (match.mode() == PathMatch.Mode.REGEX && !key.isEmpty()) {
            paths.add(key.toUpperCase(Locale.ROOT) + "/b");
        }
        return paths;
    }

    /** The text of a regex path before its first metacharacter: {@code /sub-path} of {@code /sub-path(/|$)(.*)}. */
    static String literalStart(String regex) {
        int end = 0;
        while (end < regex.length() && REGEX_META.indexOf(regex.charAt(end)) < 0) {
            end++;
        }
        String start = regex.substring(0, end);
        return start.startsWith("/") ? start : "/" + start;
    }

    /** For each path with a canary: the header's always, never and value, and the cookie's always and never. */
    private static List<SimpleRequest> canaryRequests(RouteTable table) {
        List<SimpleRequest> requests = new ArrayList<>();
        for (Route route : table.allRoutes()) {
            Canary canary = route.canary();
            if (canary == null || route.path() == null) {
                continue;
            }
            String host = route.host().isEmpty() ? UNKNOWN_HOST : hostsFor(route.host()).get(0);
            List<String> edges = edges(route.path());
            String url = "http://" + host + edges.get(edges.size() > 3 ? 3 : 0);
            List<Map<String, List<String>>> headerSets = new ArrayList<>();
            if (canary.header() != null) {
                for (String value : List.of("always", "never", "other")) {
                    headerSets.add(Map.of(canary.header(), List.of(value)));
                }
                if (canary.headerValue() != null) {
                    headerSets.add(Map.of(canary.header(), List.of(canary.headerValue())));
                }
            }
            if (canary.cookie() != null) {
                for (String value : List.of("always", "never")) {
                    headerSets.add(Map.of("Cookie", List.of(canary.cookie() + "=" + value)));
                }
            }
            headerSets.forEach(headers -> requests.add(SimpleRequest.of("GET", url, headers)));
        }
        return requests;
    }
}
