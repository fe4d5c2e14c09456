package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.List;

/**
 * The implementation-defined choices (ingress-semantics.md §10–§11) that shaped one decision, in words, so a
 * user learns where ingress controllers differ and what to expect on ingress-nginx or Contour.
 */
final class ExplainNotes {

    private ExplainNotes() {
    }

    static List<String> collect(RequestView request, Decision decision, HostRoutes group) {
        List<String> notes = new ArrayList<>();
        NormalizedTarget raw = PathNormalizer.normalize(request.target());
        String rawPath = rawPath(request.target());
        if (raw.isOk() && !rawPath.equals(raw.path())) {
            notes.add("the path " + rawPath + " was normalised to " + raw.path() + " before matching, and the"
                    + " backend receives the normalised path (escapes of unreserved characters decoded, dot-segments"
                    + " removed, slashes merged; %2F stays encoded)");
        }
        if (group != null && group.regexMode()) {
            notes.add("host " + (group.host().isEmpty() ? "*" : group.host()) + " is in regex mode because an"
                    + " Ingress on it sets use-regex or rewrite-target: every path of that host is a"
                    + " case-insensitive regex anchored at the start, tried longest first (ingress-nginx)");
        }
        Route route = decision.route();
        if (route != null && route.path() != null && route.path().declared() == PathType.IMPLEMENTATION_SPECIFIC
                && route.path().mode() == PathMatch.Mode.PREFIX) {
            notes.add("ImplementationSpecific is matched like Prefix here; ingress-nginx matches it as a plain"
                    + " string prefix (/foo also matches /foobar)");
        }
        if (decision.outcome() == Outcome.REDIRECT && decision.status() == 308) {
            notes.add("plain HTTP to a host with TLS is redirected to https, as ingress-nginx does;"
                    + " the annotation nginx.ingress.kubernetes.io/ssl-redirect: \"false\" serves it instead");
        }
        if (route != null && route.canary() != null && route.canary().weight() > 0 && !decision.canary()) {
            Canary canary = route.canary();
            notes.add("the canary " + canary.origin().objectName() + " takes " + canary.weight() + " in "
                    + canary.weightTotal() + " of the requests that its header and cookie rules leave undecided");
        }
        if (route != null && decision.backend() != null
                && decision.backend().state() == BackendState.UNCHECKED) {
            notes.add(decision.backend().problem());
        }
        return notes;
    }

    /**
     * The note for a route that won a conflict against an Ingress of the same creationTimestamp (manifest files have
     * none): which rule broke the tie, ingress-nginx's, since the Ingress spec has none.
     */
    static java.util.Optional<String> tieBroken(RouteTable table, Route chosen) {
        if (chosen == null) {
            return java.util.Optional.empty();
        }
        return table.conflicts().stream().filter(c -> c.winner() == chosen)
                .filter(c -> !c.loser().origin().sameObject(chosen.origin())
                        && c.loser().origin().created().equals(chosen.origin().created()))
                .findFirst().map(c -> chosen.origin().objectName() + " and " + c.loser().origin().objectName()
                        + (chosen.origin().created().equals(Origin.UNDATED)
                        ? " have no creationTimestamp (manifest files have none), so they are of the same age"
                        : " were created in the same second")
                        + ": the tie is broken as ingress-nginx breaks it, by namespace/name in reverse order, so "
                        + chosen.origin().objectName() + " wins (implementation-defined; the Ingress spec names"
                        + " no rule)");
    }

    private static String rawPath(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
