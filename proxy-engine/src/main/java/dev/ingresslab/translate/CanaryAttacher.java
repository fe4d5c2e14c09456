package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Canary;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.PathType;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges canary Ingresses into the primaries as ingress-nginx's {@code mergeAlternativeBackends}
 * ({@code internal/ingress/controller/controller.go}) does:
 * <ul>
 *   <li>a canary path merges only where a primary path has the same host, the same path text <b>and</b> the same
 *   pathType (the primary that won that place); otherwise it is dropped ("unable to find real backend for alternative
 *   backend") and its traffic stays on the primary;</li>
 *   <li>a canary whose Service port is the primary's own is not merged ("is primary upstream");</li>
 *   <li>the canary joins the primary's <em>upstream</em>, its Service port: every primary path routed to that Service
 *   port takes the canary, not only the path it matched; of several canaries for one upstream only the first merged
 *   (the oldest) is used, as the balancer reads {@code alternative_backends[1]};</li>
 *   <li>a canary's {@code defaultBackend} merges into the locations of ingress-nginx's default server: the host-less
 *   rules and the catch-all.</li>
 * </ul>
 */
final class CanaryAttacher {

    private final IngressCompiler compiler;
    private final Findings findings;

    CanaryAttacher(IngressCompiler compiler, Findings findings) {
        this.compiler = compiler;
        this.findings = findings;
    }

    /** The primaries, with canaries attached to the routes of every upstream a canary merged into. */
    /**
     * @param rulesLessCatchAll whether an Ingress without rules sets the catch-all, which a canary's defaultBackend
     *                          can then merge into (ingress-nginx's own default backend takes no canary)
     */
    List<Route> attach(List<Route> primaries, List<ServedIngress> canaries, boolean rulesLessCatchAll,
                       RouteTableBuilder builder) {
        Map<String, Route> places = new HashMap<>();
        for (Route route : primaries) {
            places.merge(place(route.host(), route.path().declared(), route.path().path()), route,
                    (a, b) -> Origin.PRECEDENCE.compare(a.origin(), b.origin()) <= 0 ? a : b);
        }
        Map<String, Canary> byUpstream = new LinkedHashMap<>(); // primary upstream -> the first canary merged into it
        for (ServedIngress canaryIngress : canaries) { // oldest first, as ingress-nginx's store lists them
            int merged = mergeRules(canaryIngress, primaries, places, byUpstream)
                    + mergeDefaultBackend(canaryIngress, primaries, byUpstream, rulesLessCatchAll, builder);
            if (merged == 0) {
                builder.addIgnored(new IgnoredIngress(canaryIngress.namespace(), canaryIngress.name(),
                        "it is a canary that merges nowhere: unable to find real backend for alternative backend"
                                + " (no primary path has its host, path and pathType); traffic stays on the primaries"));
            }
        }
        List<Route> result = new ArrayList<>(primaries.size());
        for (Route route : primaries) {
            Canary canary = byUpstream.get(upstream(route.backend()));
            result.add(canary == null ? route : route.withCanary(canary));
        }
        return result;
    }

    private int mergeRules(ServedIngress canaryIngress, List<Route> primaries, Map<String, Route> places,
                           Map<String, Canary> byUpstream) {
        List<IngressRule> rules = canaryIngress.rules();
        int merged = 0;
        for (int i = 0; i < rules.size(); i++) {
            String host = ServedIngress.hostOf(rules.get(i));
            List<HTTPIngressPath> paths = ServedIngress.pathsOf(rules.get(i));
            for (int j = 0; j < paths.size(); j++) {
                HTTPIngressPath path = paths.get(j);
                String value = ServedIngress.pathOf(path);
                PathType type = PathType.fromApiName(path.getPathType());
                Origin origin = IngressCompiler.origin(canaryIngress, i, j);
                Backend backend = compiler.resolve(canaryIngress, origin, path.getBackend());
                Route primary = places.get(place(host, type, value));
                if (primary == null) {
                    findings.warn(canaryIngress.ingress(), IngressCompiler.fieldOf(origin), "CanaryWithoutPrimary",
                            "unable to find real backend for alternative backend " + backend.display() + ": no"
                                    + " primary Ingress has host " + (host.isEmpty() ? "*" : host) + ", path " + value
                                    + " and pathType " + type.apiName() + otherTypes(primaries, host, value, type)
                                    + ", so this canary path is dropped and its traffic stays on the primary"
                                    + " (ingress-nginx merges a canary only where host, path and pathType are the"
                                    + " same)");
                    continue;
                }
                if (merge(canaryIngress, origin, backend, primary, primaries, byUpstream)) {
                    merged++;
                }
            }
        }
        return merged;
    }

    /** ingress-nginx merges a canary's defaultBackend into every location of its default server. */
    private int mergeDefaultBackend(ServedIngress canaryIngress, List<Route> primaries,
                                    Map<String, Canary> byUpstream, boolean rulesLessCatchAll,
                                    RouteTableBuilder builder) {
        var spec = canaryIngress.ingress().getSpec().getDefaultBackend();
        if (spec == null) {
            return 0;
        }
        Origin origin = Origin.defaultBackendOf("Ingress", canaryIngress.namespace(), canaryIngress.name(),
                canaryIngress.created());
        Backend backend = compiler.resolve(canaryIngress, origin, spec);
        int merged = 0;
        for (Route primary : primaries) {
            if (primary.host().isEmpty() && merge(canaryIngress, origin, backend, primary, primaries, byUpstream)) {
                merged++;
            }
        }
        if (rulesLessCatchAll) {
            builder.addCatchAllCanary(canary(canaryIngress, origin, backend, origin));
            merged++;
        } else if (merged == 0) {
            findings.warn(canaryIngress.ingress(), "spec.defaultBackend", "CanaryWithoutPrimary", "unable to find"
                    + " real backend for alternative backend " + backend.display() + ": no Ingress without rules sets"
                    + " the catch-all and no rule without host exists, so this canary defaultBackend is dropped");
        }
        return merged;
    }

    /** Merges one canary path into the upstream of a primary; false when ingress-nginx would not. */
    private boolean merge(ServedIngress canaryIngress, Origin origin, Backend backend, Route primary,
                          List<Route> primaries, Map<String, Canary> byUpstream) {
        String field = IngressCompiler.fieldOf(origin);
        String primaryUpstream = upstream(primary.backend());
        if (upstream(backend).equals(primaryUpstream) || primaries.stream()
                .anyMatch(r -> r.host().equals(primary.host()) && upstream(r.backend()).equals(upstream(backend)))) {
            findings.warn(canaryIngress.ingress(), field, "CanaryIsPrimary", "the canary's Service " + backend.display()
                    + " is a primary backend on host " + primary.hostDisplay() + ", so ingress-nginx does not merge"
                    + " it; point the canary at a Service of its own");
            return false;
        }
        Canary canary = canary(canaryIngress, origin, backend, primary.origin());
        Canary first = byUpstream.putIfAbsent(primaryUpstream, canary);
        if (first != null && !first.origin().sameObject(origin)) {
            findings.warn(canaryIngress.ingress(), field, "CanaryConflict", "only one canary per primary Service is"
                    + " used (the balancer reads the first alternative backend); " + first.origin().objectName()
                    + " comes first and already takes " + primary.backend().display() + " (merged at "
                    + first.mergedAt().display() + "): " + first.origin().whyBefore(origin));
        }
        return true;
    }

    private static Canary canary(ServedIngress canaryIngress, Origin origin, Backend backend, Origin mergedAt) {
        CanaryAnnotations settings = canaryIngress.annotations().canary();
        return new Canary(origin, backend, settings.header(), settings.headerValue(), settings.headerPattern(),
                settings.cookie(), settings.weight(), settings.weightTotal(), mergedAt);
    }

    /** A hint when a primary has the same host and path with another pathType: the most common mistake. */
    private static String otherTypes(List<Route> primaries, String host, String value, PathType type) {
        return primaries.stream()
                .filter(r -> r.host().equals(host) && r.path().path().equals(value) && r.path().declared() != type)
                .findFirst()
                .map(r -> " (" + r.origin().objectName() + " has that host and path with pathType "
                        + r.path().declared().apiName() + ": give the canary the same pathType)")
                .orElse("");
    }

    /** ingress-nginx's upstream: one per Service port, {@code namespace-service-port}. */
    private static String upstream(Backend backend) {
        return backend.namespace() + "/" + backend.service() + ":" + backend.port();
    }

    private static String place(String host, PathType type, String path) {
        return host + " " + type.apiName() + " " + path;
    }
}
