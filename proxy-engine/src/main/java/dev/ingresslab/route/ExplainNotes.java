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

    private static String rawPath(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
