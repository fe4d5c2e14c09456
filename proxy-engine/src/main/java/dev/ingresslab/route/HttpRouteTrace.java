package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Explains HTTPRoute decisions (ingress-semantics.md §9): every HTTPRoute candidate of the request's host with its
 * verdict, in precedence order ({@link GatewayPrecedence}), the filters the chosen rule applies, and the notes on
 * Ingress Lab's choices (routing.md, "Gateway API"). Slow on purpose; never on the request path.
 */
final class HttpRouteTrace {

    private HttpRouteTrace() {
    }

    /** One entry per HTTPRoute route: the host's candidates in precedence order, then the others (host mismatch). */
    static List<TraceEntry> entries(RouteTable table, RequestView request, String host, String path,
                                    Decision decision) {
        List<TraceEntry> entries = new ArrayList<>();
        if (!table.hasHttpRoutes() || host == null || path == null) {
            return entries;
        }
        NormalizedTarget target = PathNormalizer.normalize(request.target());
        String query = target.isOk() ? target.query() : null;
        Set<Route> seen = new HashSet<>();
        Route winner = decision.route();
        Route firstMatch = null;
        for (Route route : table.httpRouteCandidates(host)) {
            seen.add(route);
            String what = what(route);
            String miss = route.match().firstMiss(request, path, query);
            if (miss != null) {
                entries.add(entry(route, what, TraceEntry.Verdict.NOT_MATCHED, miss));
            } else if (route.equals(winner)) {
                firstMatch = route;
                entries.add(entry(route, what, TraceEntry.Verdict.CHOSEN, "first match in precedence order"
                        + filtersText(route)));
            } else if (firstMatch == null && (winner == null || !winner.isHttpRoute())) {
                firstMatch = route;
                entries.add(entry(route, what, TraceEntry.Verdict.LOST, "matches, but the Ingress host "
                        + (winner == null ? "" : winner.hostDisplay() + " ") + "is more specific than "
                        + route.hostDisplay() + " and has a route for this path (routing.md, Gateway API: Ingress"
                        + " and HTTPRoute on one host)"));
            } else {
                entries.add(entry(route, what, TraceEntry.Verdict.LOST, "matches, but "
                        + (firstMatch == null ? "another rule" : firstMatch.origin().displayWithKind())
                        + " comes first in precedence (" + precedenceText() + ")"));
            }
        }
        for (Route route : table.allRoutes()) {
            if (route.isHttpRoute() && !seen.contains(route)) {
                entries.add(entry(route, what(route), TraceEntry.Verdict.NOT_MATCHED, "hostname "
                        + route.hostDisplay() + " does not match " + host));
            }
        }
        return entries;
    }

    /** The decision's reason when an HTTPRoute rule took the request. */
    static String reason(Route route, Decision decision, VirtualHost group) {
        String why = route.origin().displayWithKind() + " (" + route.match().display() + ") is the first"
                + " match for host " + route.hostDisplay() + " in precedence order";
        if (group != null && !group.routes().isEmpty()) {
            why += "; the Ingress host " + (group.host().isEmpty() ? "*" : group.host()) + " is not more specific"
                    + " or has no route for this path, so the HTTPRoute decides";
        }
        return why + filtersText(route) + (decision.outcome() == Outcome.ROUTED ? ""
                : ": " + decision.reason());
    }

    /** Notes on Ingress Lab's choices that applied to this decision. */
    static List<String> notes(Decision decision) {
        List<String> notes = new ArrayList<>();
        Route route = decision.route();
        if (route == null || !route.isHttpRoute()) {
            return notes;
        }
        if (route.match().pathType().equals(RouteMatch.REGULAR_EXPRESSION)) {
            notes.add(ExplainNotes.DIFFERS + "RegularExpression paths are tried after Exact and before PathPrefix"
                    + " matches, longer pattern first, and must match the whole path (case-sensitive, RE2); the"
                    + " Gateway API leaves their precedence and dialect to the implementation");
        }
        hostSent(route.filters()).ifPresent(host -> notes.add(ExplainNotes.DIFFERS + "the backend is sent Host "
                + host + ", and X-Forwarded-Host the Host the client sent, as ingress-nginx sends $best_http_host"
                + " whatever upstream-vhost sets; Envoy-based controllers add it on a host rewrite only with"
                + " append_x_forwarded_host"));
        if (route.backends().size() > 1) {
            notes.add("the backend is chosen by weight for each request (" + String.join(", ", route.backends()
                    .stream().map(WeightedBackend::display).toList()) + "); explain shows one fixed draw, not the"
                    + " split");
        }
        return notes;
    }

    /** The Host a rule's filters send instead of the client's (URLRewrite hostname, or Host set), if any. */
    private static java.util.Optional<String> hostSent(RouteFilters filters) {
        String host = null;
        for (RouteFilters.Filter filter : filters.filters()) {
            if (filter instanceof RouteFilters.UrlRewrite rewrite && rewrite.hostname() != null) {
                host = rewrite.hostname();
            } else if (filter instanceof RouteFilters.HeaderModifier modifier && !modifier.response()) {
                for (RouteFilters.Header header : modifier.set()) {
                    if (header.name().equalsIgnoreCase("host")) {
                        host = header.value();
                    }
                }
            }
        }
        return java.util.Optional.ofNullable(host);
    }

    private static String what(Route route) {
        return "HTTPRoute host " + route.hostDisplay() + ", " + route.match().display();
    }

    private static String filtersText(Route route) {
        return route.filters().isEmpty() ? "" : "; filters applied in order: " + String.join(", ",
                route.filters().filters().stream().map(RouteFilters.Filter::display).toList());
    }

    private static String precedenceText() {
        return "hostname, Exact path, regex, longest PathPrefix, method, most headers, most query params, oldest"
                + " Route, namespace/name, rule order";
    }

    private static TraceEntry entry(Route route, String what, TraceEntry.Verdict verdict, String reason) {
        return new TraceEntry(route.origin(), route.origin().objectName(), what, verdict, reason);
    }
}
