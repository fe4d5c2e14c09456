package dev.ingresslab.route;

import java.util.ArrayList;
import java.util.List;

/**
 * The implementation-defined choices (ingress-semantics.md §10–§11, docs/routing.md §8) that shaped one decision, in
 * words: what Ingress Lab chose, what ingress-nginx does, and what Envoy-based controllers (Contour, Istio, Envoy
 * Gateway) do, so a user learns where controllers differ and what to expect on a real cluster.
 */
final class ExplainNotes {

    /** The prefix of every note about a choice controllers make differently. */
    static final String DIFFERS = "implementation-defined: ";

    private ExplainNotes() {
    }

    static List<String> collect(RouteTable table, RequestView request, Decision decision, VirtualHost group) {
        List<String> notes = new ArrayList<>();
        NormalizedTarget raw = PathNormalizer.normalize(request.target());
        String rawPath = rawPath(request.target());
        if (raw.isOk() && !rawPath.equals(raw.path())) {
            notes.add(DIFFERS + "the path " + rawPath + " was normalised to " + raw.path() + " before matching, and the"
                    + " backend receives the normalised path (escapes of unreserved characters decoded, dot-segments"
                    + " removed, slashes merged; %2F stays encoded). ingress-nginx matches on the same normalised path"
                    + " but forwards the request-target as the client sent it; Envoy-based controllers normalise only"
                    + " as configured (Envoy's normalize_path and merge_slashes)");
        }
        if (raw.isOk() && containsEncodedSlash(raw.path())) {
            notes.add(encodedSlash(table, request, raw.path(), decision));
        }
        Route route = decision.route();
        if (group != null && group.regexMode()) {
            notes.add(DIFFERS + "host " + (group.host().isEmpty() ? "*" : group.host()) + " is in regex mode because"
                    + " an Ingress on it sets use-regex or rewrite-target: every path of that host is a case-insensitive"
                    + " regex anchored at the start, tried longest first, as ingress-nginx does; Envoy-based"
                    + " controllers ignore nginx.ingress.kubernetes.io annotations and match the paths as written");
        }
        if (route != null && route.path() != null && route.path().declared() == PathType.IMPLEMENTATION_SPECIFIC
                && route.path().mode() == PathMatch.Mode.PREFIX) {
            notes.add(DIFFERS + "ImplementationSpecific is matched like Prefix here (whole path elements);"
                    + " ingress-nginx matches it as a plain string prefix (/foo also matches /foobar); Contour matches"
                    + " it as a string prefix, or as a regex when the path has regex characters");
        }
        fallThrough(table, decision, group, raw).ifPresent(notes::add);
        if (route != null && route.isDefaultBackend() && route.equals(table.catchAll()) && (group == null
                || group == table.anyHost()) && catchAllHasRules(table, route)) {
            notes.add(DIFFERS + "no Ingress without rules has a defaultBackend, so the oldest Ingress with one serves"
                    + " hosts no rule names (as the book's host-ingress.yaml shows); ingress-nginx answers 404 here"
                    + " (only an Ingress without rules sets its catch-all), and Envoy-based controllers differ by"
                    + " controller");
        }
        if (decision.outcome() == Outcome.REDIRECT && decision.status() == 308) {
            notes.add(DIFFERS + "plain HTTP to a host with TLS is redirected to https, as ingress-nginx does;"
                    + " the annotation nginx.ingress.kubernetes.io/ssl-redirect: \"false\" serves it instead; the"
                    + " Ingress conformance suite expects it served, and Envoy-based controllers serve it unless told to"
                    + " redirect");
        }
        if (decision.outcome() == Outcome.NO_ENDPOINTS) {
            notes.add(DIFFERS + "a backend that cannot be reached keeps its route and answers 503, as ingress-nginx;"
                    + " Envoy-based controllers answer 503 (no healthy upstream), and the Gateway API 500 for a"
                    + " backend that does not resolve");
        }
        if (route != null && route.canary() != null && route.canary().weight() > 0 && !decision.canary()) {
            Canary canary = route.canary();
            notes.add("the canary " + canary.origin().objectName() + " takes " + canary.weight() + " in "
                    + canary.weightTotal() + " of the requests that its header and cookie rules leave undecided");
        }
        if (route != null && route.canary() != null) {
            notes.add(DIFFERS + "canary annotations are ingress-nginx's; Envoy-based controllers ignore them and split"
                    + " traffic with weights of their own (HTTPProxy, HTTPRoute backendRefs)");
        }
        externalName(decision.backend()).ifPresent(notes::add);
        if (route != null && decision.backend() != null
                && decision.backend().state() == BackendState.UNCHECKED) {
            notes.add(decision.backend().problem());
        }
        return notes;
    }

    /**
     * The note for a path with an encoded slash: kept encoded here and by Envoy (its
     * {@code path_with_escaped_slashes_action} defaults to keeping it), decoded by nginx before it matches locations;
     * when that would change the answer, the note names the rule ingress-nginx would choose.
     */
    private static String encodedSlash(RouteTable table, RequestView request, String path, Decision decision) {
        String decoded = path.replace("%2F", "/").replace("%2f", "/");
        String nginx = "";
        NormalizedTarget target = PathNormalizer.normalize(decoded);
        if (target.isOk()) {
            String host = HostNormalizer.normalize(request.authority());
            VirtualHost group = host == null ? null : table.virtualHostFor(host);
            Route there = group == null ? null : group.match(target.path());
            if (there != null && !there.equals(decision.route())) {
                nginx = "; on ingress-nginx " + target.path() + " would be routed by " + there.describe();
            }
        }
        return DIFFERS + "%2F in the path stays encoded here and is matched as part of a path element, not as a"
                + " separator; nginx decodes it before matching locations, so ingress-nginx matches " + decoded + nginx
                + "; Envoy-based controllers keep it encoded by default, as here";
    }

    /**
     * When the request's host group decided and found no path, but a rule of a wildcard or host-less group would
     * have matched: ingress-nginx does not fall through either; the Gateway API merges the groups.
     */
    private static java.util.Optional<String> fallThrough(RouteTable table, Decision decision, VirtualHost group,
                                                          NormalizedTarget raw) {
        if (group == null || !raw.isOk() || (decision.route() != null && !decision.route().isDefaultBackend())
                || decision.outcome() == Outcome.REDIRECT || decision.outcome() == Outcome.BAD_REQUEST) {
            return java.util.Optional.empty();
        }
        List<VirtualHost> lower = new ArrayList<>();
        if (!group.host().isEmpty() && !group.host().startsWith("*.") && decision.routingPath() != null) {
            String host = group.host();
            int dot = host.indexOf('.');
            if (dot > 0) {
                VirtualHost wildcard = table.virtualHosts().stream()
                        .filter(g -> g.host().equals("*" + host.substring(dot))).findFirst().orElse(null);
                if (wildcard != null) {
                    lower.add(wildcard);
                }
            }
        }
        if (!group.host().isEmpty() && table.anyHost() != null) {
            lower.add(table.anyHost());
        }
        for (VirtualHost other : lower) {
            Route there = other.match(raw.path());
            if (there != null) {
                return java.util.Optional.of(DIFFERS + "no path of " + group.host() + " matches, and its rules do not"
                        + " fall through to " + (other.host().isEmpty() ? "the rules without host" : other.host())
                        + ", as on ingress-nginx (one server per host); the Gateway API (Envoy Gateway, Contour's"
                        + " HTTPRoute) merges matching hostnames, and would route it by " + there.describe());
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The note for an ExternalName Service: where requests go, when the name is resolved, which Host is sent, and
     * where controllers differ (ingress-nginx refuses loopback names; Contour needs its setting turned on).
     */
    private static java.util.Optional<String> externalName(Backend backend) {
        if (backend == null || backend.endpoints().size() != 1 || !backend.endpoints().get(0).byName()) {
            return java.util.Optional.empty();
        }
        Endpoint target = backend.endpoints().get(0);
        String name = target.address();
        boolean loopback = name.equals("localhost") || name.endsWith(".localhost");
        return java.util.Optional.of(DIFFERS + "the Service " + backend.namespace() + "/" + backend.service()
                + " is of type ExternalName: requests go to " + target.display() + ", the name resolved when the proxy"
                + " connects (asked again every 30 s), with the request's Host header, as ingress-nginx sends it"
                + " ($best_http_host; its upstream-vhost annotation, which Ingress Lab does not read, would replace it)."
                + (loopback ? " ingress-nginx refuses an ExternalName of localhost or a loopback address"
                + " (endpointslices.go), so there this path answers 503." : "")
                + " Contour proxies to ExternalName Services only when its enableExternalNameService setting is on");
    }

    private static boolean containsEncodedSlash(String path) {
        return path.contains("%2F") || path.contains("%2f");
    }

    private static boolean catchAllHasRules(RouteTable table, Route defaultBackend) {
        return table.allRoutes().stream()
                .anyMatch(r -> !r.isDefaultBackend() && r.origin().sameObject(defaultBackend.origin()));
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
                        + " no rule; the Gateway API gives such ties to the first namespace/name in alphabetical"
                        + " order, the other one)");
    }

    private static String rawPath(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
