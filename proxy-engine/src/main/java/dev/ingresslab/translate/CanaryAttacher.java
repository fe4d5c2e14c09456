package dev.ingresslab.translate;

import dev.ingresslab.route.Backend;
import dev.ingresslab.route.Canary;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches canary Ingresses to the routes they shadow (ingress-semantics.md §6.5): a canary path joins the
 * primary route with the same host and path text, the one that wins that place. At most one canary per route,
 * the oldest; a canary with no primary is reported and does nothing, as in ingress-nginx.
 */
final class CanaryAttacher {

    private final IngressCompiler compiler;
    private final Findings findings;

    CanaryAttacher(IngressCompiler compiler, Findings findings) {
        this.compiler = compiler;
        this.findings = findings;
    }

    /** The primaries, with canaries attached where a canary Ingress claims their host and path. */
    List<Route> attach(List<Route> primaries, List<ServedIngress> canaries, RouteTableBuilder builder) {
        Map<String, Route> placeHolders = new HashMap<>();
        for (Route route : primaries) {
            placeHolders.merge(place(route.host(), route.path().path()), route,
                    (a, b) -> Origin.PRECEDENCE.compare(a.origin(), b.origin()) <= 0 ? a : b);
        }
        Map<Route, Canary> attached = new IdentityHashMap<>(); // the very route objects
        for (ServedIngress canaryIngress : canaries) {
            int attachedCount = attachOne(canaryIngress, placeHolders, attached);
            if (attachedCount == 0) {
                builder.addIgnored(new IgnoredIngress(canaryIngress.namespace(), canaryIngress.name(),
                        "it is a canary, and no primary Ingress has its host and path"));
            }
        }
        List<Route> result = new ArrayList<>(primaries.size());
        for (Route route : primaries) {
            Canary canary = attached.get(route);
            result.add(canary == null ? route : route.withCanary(canary));
        }
        return result;
    }

    private int attachOne(ServedIngress canaryIngress, Map<String, Route> placeHolders, Map<Route, Canary> attached) {
        NginxAnnotations.CanarySettings settings = canaryIngress.annotations().canary();
        List<IngressRule> rules = canaryIngress.rules();
        int count = 0;
        for (int i = 0; i < rules.size(); i++) {
            IngressRule rule = rules.get(i);
            String host = ServedIngress.hostOf(rule);
            List<HTTPIngressPath> paths = ServedIngress.pathsOf(rule);
            for (int j = 0; j < paths.size(); j++) {
                HTTPIngressPath path = paths.get(j);
                String value = ServedIngress.pathOf(path);
                Origin origin = IngressCompiler.origin(canaryIngress, i, j);
                Route primary = placeHolders.get(place(host, value));
                if (primary == null) {
                    findings.warn(canaryIngress.ingress(), IngressCompiler.fieldOf(origin), "CanaryWithoutPrimary",
                            "this canary path has no primary Ingress with host " + (host.isEmpty() ? "*" : host)
                                    + " and path " + value + ", so it receives no traffic");
                    continue;
                }
                Backend backend = compiler.resolve(canaryIngress, origin, path.getBackend());
                Canary canary = new Canary(origin, backend, settings.header(), settings.headerValue(),
                        settings.cookie(), settings.weight(), settings.weightTotal());
                Canary previous = attached.get(primary);
                if (previous != null) {
                    boolean previousIsOlder = Origin.PRECEDENCE.compare(previous.origin(), canary.origin()) <= 0;
                    Canary older = previousIsOlder ? previous : canary;
                    Canary newer = older == previous ? canary : previous;
                    findings.warn(newer.origin().namespace(), newer.origin().name(),
                            IngressCompiler.fieldOf(newer.origin()), "CanaryConflict", "only one canary per path is"
                                    + " used; " + older.origin().objectName() + " is older and takes "
                                    + primary.origin().display());
                    attached.put(primary, older);
                } else {
                    attached.put(primary, canary);
                }
                count++;
            }
        }
        return count;
    }

    private static String place(String host, String path) {
        return host + " " + path;
    }
}
