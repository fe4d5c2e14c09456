package dev.ingresslab.route;

import java.util.Comparator;

/**
 * The order HTTPRoute routes are tried in for one request host, first match wins (Gateway API v1 {@code
 * HTTPRouteRule}; ingress-semantics.md §9.3): the hostname (a precise name, then wildcards by length, then
 * host-less), then an Exact path, a RegularExpression path (Ingress Lab's choice: after Exact, before PathPrefix,
 * longer pattern first), the longest PathPrefix, a method match, the most header matches, the most query matches,
 * the oldest Route by creationTimestamp, the first by {@code namespace/name}, then the order of rules and matches
 * within the Route.
 */
final class GatewayPrecedence {

    static final Comparator<Route> ORDER = Comparator
            .comparingInt((Route r) -> hostRank(r.host())).reversed()
            .thenComparing(Comparator.comparingInt((Route r) -> r.host().length()).reversed())
            .thenComparingInt(r -> pathRank(r.match()))
            .thenComparing(Comparator.comparingInt((Route r) -> pathLength(r.match())).reversed())
            .thenComparingInt(r -> r.match().method() == null ? 1 : 0)
            .thenComparing(Comparator.comparingInt((Route r) -> r.match().headers().size()).reversed())
            .thenComparing(Comparator.comparingInt((Route r) -> r.match().queryParams().size()).reversed())
            .thenComparing(r -> r.origin().created())
            .thenComparing(r -> r.origin().objectName())
            .thenComparingInt(r -> r.origin().ruleIndex())
            .thenComparingInt(r -> r.origin().pathIndex());

    private GatewayPrecedence() {
    }

    /** 3 for a precise host, 2 for a wildcard, 1 for any host ({@code ""}). */
    static int hostRank(String host) {
        return host.isEmpty() ? 1 : host.startsWith("*.") ? 2 : 3;
    }

    private static int pathRank(RouteMatch match) {
        return switch (match.pathType()) {
            case RouteMatch.EXACT -> 0;
            case RouteMatch.REGULAR_EXPRESSION -> 1;
            default -> 2;
        };
    }

    private static int pathLength(RouteMatch match) {
        return match.pathType().equals(RouteMatch.PATH_PREFIX) ? match.prefixKey().length() : match.path().length();
    }
}
