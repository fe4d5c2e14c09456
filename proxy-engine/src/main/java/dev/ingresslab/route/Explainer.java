package dev.ingresslab.route;

import dev.ingresslab.text.Plural;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Explains a decision: asks the table for its answer (the very code the proxy runs) and then classifies every
 * other candidate against it, so the trace can never disagree with what the proxy does. Slow on purpose
 * (it looks at every route); never on the request path.
 */
public final class Explainer {

    /** Explain is deterministic: a weighted canary is described, not rolled, and shown as not taken. */
    private static final RandomGenerator NEVER_BY_WEIGHT = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public int nextInt(int bound) {
            return bound - 1;
        }
    };

    private final RouteTable table;

    public Explainer(RouteTable table) {
        this.table = table;
    }

    public Decision explain(RequestView request) {
        Decision decision = table.match(request, NEVER_BY_WEIGHT);
        if (decision.outcome() == Outcome.BAD_REQUEST) {
            return decision;
        }
        String host = HostNormalizer.normalize(request.authority());
        String path = decision.routingPath();
        VirtualHost group = table.virtualHostFor(host);
        List<TraceEntry> trace = new ArrayList<>();
        for (Route route : table.allRoutes()) {
            if (route.isHttpRoute()) {
                continue; // traced below, in their own precedence order
            }
            trace.add(route.isDefaultBackend()
                    ? defaultBackendEntry(route, decision, group)
                    : ruleEntry(route, decision, group, host, path));
            if (route.canary() != null) {
                trace.add(canaryEntry(route, decision, request));
            }
        }
        HttpRouteTrace.entries(table, request, host, path, decision).forEach(trace::add);
        for (IgnoredIngress ignored : table.ignored()) {
            trace.add(new TraceEntry(null, ignored.objectName(), "the whole Ingress", TraceEntry.Verdict.IGNORED,
                    ignored.reason()));
        }
        trace.sort(Comparator.comparing(TraceEntry::verdict)); // chosen, lost, not matched, ignored; stable
        List<String> notes = new ArrayList<>(ExplainNotes.collect(table, request, decision, group));
        notes.addAll(HttpRouteTrace.notes(decision));
        ExplainNotes.tieBroken(table, decision.route()).ifPresent(notes::add);
        TlsExplanation.of(table, host).ifPresent(notes::add);
        return new Decision(decision.outcome(), decision.status(), decision.route(), decision.backend(),
                decision.canary(), decision.routingPath(), decision.upstreamPath(), decision.location(),
                reason(decision, group, request), notes, trace);
    }

    private String reason(Decision decision, VirtualHost group, RequestView request) {
        Route route = decision.route();
        if (decision.outcome() == Outcome.NOT_FOUND && group != null && !group.host().isEmpty()
                && group.owner() != null && group.fallback() == null) {
            return decision.reason() + ": " + group.owner().objectName() + ", the oldest Ingress that declares "
                    + group.host() + " (of equal age, the last by namespace/name), has no defaultBackend, and another"
                    + " Ingress's defaultBackend does not serve this host's path misses (as ingress-nginx)";
        }
        if (route != null && route.isHttpRoute()) {
            return HttpRouteTrace.reason(route, decision, group);
        }
        if (decision.outcome() != Outcome.ROUTED || route == null) {
            return decision.reason();
        }
        String why = route.isDefaultBackend()
                ? defaultBackendRole(route, group) + catchAllRank(route, group)
                : "the " + HostPattern.kind(route.host()) + " " + route.hostDisplay() + " matches, and "
                + chosenReason(route, group);
        Canary canary = route.canary();
        if (canary == null) {
            return why;
        }
        return why + (decision.canary() ? "; its canary " + canary.origin().objectName() + " takes the request ("
                : "; its canary " + canary.origin().objectName() + " does not take it (") + canary.why(request) + ")";
    }

    private static String defaultBackendRole(Route route, VirtualHost group) {
        if (group != null && route.equals(group.fallback())) {
            return "no path of " + group.host() + " matches: defaultBackend of the oldest Ingress that declares it";
        }
        return "no rule matches: the catch-all defaultBackend";
    }

    private TraceEntry ruleEntry(Route route, Decision decision, VirtualHost group, String host, String path) {
        String what = HostPattern.kind(route.host()) + " " + route.hostDisplay() + ", " + route.path().display();
        if (!HostPattern.matches(route.host(), host)) {
            return notMatched(route, what, hostMismatch(route.host(), host));
        }
        if (group == null || !route.host().equals(group.host())) {
            return lost(route, what, "the " + HostPattern.kind(group.host()) + " " + displayHost(group.host())
                    + " matches too and takes precedence; rules do not fall through between hosts"
                    + " (implementation-defined, as ingress-nginx)");
        }
        if (!route.path().matches(path)) {
            return notMatched(route, what, pathMismatch(route.path(), path));
        }
        Conflict conflict = table.conflictLostBy(route);
        if (conflict != null) {
            return lost(route, what, "same host and path as " + conflict.winner().origin().displayWithKind() + ": "
                    + conflict.reason());
        }
        Route winner = decision.route();
        if (route.equals(winner)) {
            return chosen(route, what, chosenReason(route, group));
        }
        if (winner == null) {
            return lost(route, what, decision.outcome() == Outcome.REDIRECT
                    ? "the request is redirected before paths are matched: " + decision.reason()
                    : decision.reason());
        }
        return lost(route, what, beatenBy(route, winner));
    }

    private static String chosenReason(Route route, VirtualHost group) {
        PathMatch match = route.path();
        return switch (match.mode()) {
            case EXACT -> "Exact " + match.path() + " matches the whole path";
            case PREFIX -> match.matchLength() == 0
                    ? match.declared().apiName() + " / matches every path, and no longer prefix matches"
                    : match.declared().apiName() + " " + match.path() + " is the longest matching prefix ("
                    + matchLength(match) + ")";
            case REGEX -> "regex " + match.path() + " is the first to match, trying the paths of "
                    + displayHost(group.host()) + " longest first (ingress-nginx regex mode)";
        };
    }

    private static String beatenBy(Route route, Route winner) {
        if (winner.isDefaultBackend()) {
            return "not reached"; // a rule that matches is always chosen over a defaultBackend
        }
        if (winner.isHttpRoute()) {
            return httpRouteFirst(route, winner); // path lengths are never compared across kinds
        }
        PathMatch mine = route.path();
        PathMatch theirs = winner.path();
        String by = " (" + winner.origin().displayWithKind() + ")";
        if (theirs.mode() == PathMatch.Mode.REGEX) {
            return "regex " + theirs.path() + by + " is tried first: regex paths are tried longest text first";
        }
        if (theirs.mode() == PathMatch.Mode.EXACT) {
            return "Exact " + theirs.path() + by + " matches the whole path and beats any Prefix";
        }
        return "Prefix " + theirs.path() + by + " is longer (" + matchLength(theirs) + ", against "
                + matchLength(mine) + "): the longest match wins";
    }

    /**
     * Why an HTTPRoute rule took a request that this Ingress rule also matches: across the two kinds only the host
     * claims are compared (the more specific one decides, and at equally specific claims the HTTPRoute rules are
     * tried first), never the paths. The rule is Ingress Lab's choice (routing.md §10, "An Ingress and an HTTPRoute
     * on the same host"), as the two APIs say nothing about each other.
     */
    private static String httpRouteFirst(Route route, Route winner) {
        String by = winner.origin().displayWithKind() + " (" + winner.match().display() + ")";
        String rule = " (routing.md §10, an Ingress and an HTTPRoute on the same host: Ingress Lab's choice)";
        if (GatewayPrecedence.hostRank(winner.host()) > GatewayPrecedence.hostRank(route.host())) {
            return by + " claims the more specific host " + winner.hostDisplay() + ", and the more specific host"
                    + " claim decides, whatever the kind" + rule;
        }
        return by + " matches too, and on an equally specific host claim the HTTPRoute rules are tried before the"
                + " Ingress rules, whatever the path lengths" + rule;
    }

    /**
     * The length a Prefix competes with, in words that agree with the path shown: a trailing slash does not count
     * ({@link PathMatch#matchLength}; {@code /a/} and {@code /a} are the same prefix, Kubernetes Ingress API
     * "Prefix" path type), so {@code /a/} reads "2 characters: /a, the trailing slash aside", not a bare 2.
     */
    private static String matchLength(PathMatch prefix) {
        String counted = Plural.of(prefix.matchLength(), "character");
        return prefix.key().isEmpty() || prefix.key().equals(prefix.path()) ? counted
                : counted + ": " + prefix.key() + ", the trailing slash aside";
    }

    private TraceEntry defaultBackendEntry(Route route, Decision decision, VirtualHost group) {
        String what = "defaultBackend " + route.backend().display();
        Route decided = decision.route();
        if (route.equals(decided)) {
            return chosen(route, what, defaultBackendRole(route, group) + catchAllRank(route, group));
        }
        Conflict conflict = table.conflictLostBy(route);
        if (conflict != null) {
            return lost(route, what, "another defaultBackend is preferred: " + conflict.reason());
        }
        if (decided != null && !decided.isDefaultBackend()) {
            return notMatched(route, what, "a rule matched, so no defaultBackend is needed");
        }
        if (decision.outcome() == Outcome.REDIRECT) {
            return notMatched(route, what, "the request is redirected first");
        }
        if (group != null && !group.host().isEmpty() && group.owner() != null
                && !group.owner().sameObject(route.origin()) && declares(route.origin(), group.host())) {
            return notMatched(route, what, "host " + group.host() + " belongs to " + group.owner().kindAndName()
                    + ", the oldest Ingress that declares it: only the owner's defaultBackend serves its path misses"
                    + " (ingress-nginx: the first Ingress to name a host sets that server's root location)");
        }
        return notMatched(route, what, route.equals(table.catchAll())
                ? "the request's host has rules of its own, which do not fall through to the catch-all"
                : "serves unknown hosts only when no older defaultBackend does, and path misses of its own hosts");
    }

    /** Why the catch-all is this Ingress's, when it is. */
    private String catchAllRank(Route route, VirtualHost group) {
        if (group != null && route.equals(group.fallback())) {
            return "";
        }
        return hasRules(route)
                ? "; no Ingress without rules has a defaultBackend, so the oldest Ingress with one serves unknown"
                + " hosts (implementation-defined)"
                : " (the oldest Ingress without rules)";
    }

    /** Whether the object of an origin has a rule path for the host. */
    private boolean declares(Origin origin, String host) {
        return table.allRoutes().stream()
                .anyMatch(r -> !r.isDefaultBackend() && r.host().equals(host) && r.origin().sameObject(origin));
    }

    private boolean hasRules(Route defaultBackend) {
        return table.allRoutes().stream()
                .anyMatch(r -> !r.isDefaultBackend() && r.origin().sameObject(defaultBackend.origin()));
    }

    private static TraceEntry canaryEntry(Route route, Decision decision, RequestView request) {
        Canary canary = route.canary();
        String what = "canary for " + route.origin().display() + " -> " + canary.backend().display();
        boolean decided = route.equals(decision.route());
        boolean taken = decided && decision.canary();
        String rule = "takes requests by " + canary.describe() + sharedBy(route, canary);
        String reason = !decided ? rule
                : taken ? rule + "; this request: " + canary.why(request)
                : rule + "; this request stays on the primary: " + canary.why(request)
                + (canary.byHeaderOrCookie(request) == Canary.Verdict.UNDECIDED && canary.weight() > 0
                ? " (explain shows the primary for the weighted share)" : "");
        return new TraceEntry(canary.origin(), canary.origin().objectName(), what,
                taken ? TraceEntry.Verdict.CHOSEN : TraceEntry.Verdict.LOST, reason);
    }

    /** When a route has its canary because it shares the Service port of the path the canary merged at. */
    static String sharedBy(Route route, Canary canary) {
        if (canary.mergedAt().equals(route.origin()) || canary.origin().isDefaultBackend()) {
            return "";
        }
        return "; merged at " + canary.mergedAt().display() + ", and ingress-nginx attaches a canary to the primary's"
                + " Service port (" + route.backend().display() + "), so this path takes it too";
    }

    private static String hostMismatch(String ruleHost, String host) {
        String requested = host.isEmpty() ? "a request without Host" : host;
        if (ruleHost.startsWith("*.")) {
            return ruleHost + " matches exactly one label before ." + ruleHost.substring(2) + ", not " + requested;
        }
        return "host " + ruleHost + " is not " + requested;
    }

    private static String pathMismatch(PathMatch match, String path) {
        return switch (match.mode()) {
            case EXACT -> "Exact " + match.path() + " matches only that exact path, not " + path;
            case PREFIX -> "Prefix " + match.path() + " matches whole path elements; " + path + " does not start"
                    + " with them";
            case REGEX -> "regex ^" + match.path() + " (case-insensitive) does not match " + path;
        };
    }

    private static String displayHost(String host) {
        return host.isEmpty() ? "*" : host;
    }

    private static TraceEntry chosen(Route route, String what, String reason) {
        return entry(route, what, TraceEntry.Verdict.CHOSEN, reason);
    }

    private static TraceEntry lost(Route route, String what, String reason) {
        return entry(route, what, TraceEntry.Verdict.LOST, reason);
    }

    private static TraceEntry notMatched(Route route, String what, String reason) {
        return entry(route, what, TraceEntry.Verdict.NOT_MATCHED, reason);
    }

    private static TraceEntry entry(Route route, String what, TraceEntry.Verdict verdict, String reason) {
        return new TraceEntry(route.origin(), route.origin().objectName(), what, verdict, reason);
    }
}
