package dev.ingresslab.translate;

import com.google.re2j.PatternSyntaxException;
import dev.ingresslab.route.Backend;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.VirtualHost;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.PathMatch;
import dev.ingresslab.route.PathType;
import dev.ingresslab.route.RegexBounds;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTableBuilder;
import dev.ingresslab.route.UntrustedText;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles the rules of one served Ingress into routes: hosts, paths by type (or as regexes on a regex host),
 * backends, redirects and rewrite; its defaultBackend and app-root go straight to the table builder.
 */
final class IngressCompiler {

    private final BackendResolver backends;
    private final Set<String> regexHosts;
    private final Findings findings;
    private final RegexBudget regexBudget = new RegexBudget();

    IngressCompiler(BackendResolver backends, Set<String> regexHosts, Findings findings) {
        this.backends = backends;
        this.regexHosts = regexHosts;
        this.findings = findings;
    }

    /** The rule routes of the Ingress; hosts, defaultBackend and app-root are given to the builder. */
    List<Route> compile(ServedIngress served, RouteTableBuilder builder) {
        List<Route> routes = new ArrayList<>();
        List<IngressRule> rules = served.rules();
        for (int i = 0; i < rules.size(); i++) {
            IngressRule rule = rules.get(i);
            String host = ServedIngress.hostOf(rule);
            builder.declareHost(host, origin(served, i, 0), served.annotations().httpsRedirect());
            if (served.annotations().appRoot() != null && !served.isCanary()) {
                builder.addAppRoot(host, new VirtualHost.AppRoot(served.annotations().appRoot(), origin(served, i, 0)));
            }
            List<HTTPIngressPath> paths = ServedIngress.pathsOf(rule);
            for (int j = 0; j < paths.size(); j++) {
                Route route = compilePath(served, host, i, j, paths.get(j));
                if (route != null) {
                    routes.add(route);
                }
            }
        }
        if (served.ingress().getSpec().getDefaultBackend() != null && !served.isCanary()) {
            Origin origin = Origin.defaultBackendOf("Ingress", served.namespace(), served.name(), served.created());
            Backend backend = resolve(served, origin, served.ingress().getSpec().getDefaultBackend());
            builder.addDefaultBackend(Route.defaultBackend(origin, backend), served.ruleHosts());
        }
        return routes;
    }

    private Route compilePath(ServedIngress served, String host, int ruleIndex, int pathIndex, HTTPIngressPath path) {
        Origin origin = origin(served, ruleIndex, pathIndex);
        PathType type = PathType.fromApiName(path.getPathType());
        String value = ServedIngress.pathOf(path);
        PathMatch match = pathMatch(served, origin, host, type, value);
        if (match == null) {
            return null;
        }
        Backend backend = resolve(served, origin, path.getBackend());
        NginxAnnotations annotations = served.annotations();
        return new Route(origin, host, match, backend, annotations.rewriteTarget(), annotations.httpsRedirect(), null);
    }

    private PathMatch pathMatch(ServedIngress served, Origin origin, String host, PathType type, String value) {
        if (!regexHosts.contains(host)) {
            return type == PathType.EXACT ? PathMatch.exact(value) : PathMatch.prefix(value, type);
        }
        String why = "Host " + displayHost(host) + " is in regex mode because an Ingress on it sets use-regex or"
                + " rewrite-target";
        String shown = UntrustedText.printable(value);
        boolean rewrites = served.annotations().rewriteTarget() != null;
        RegexBounds.Measure measure = RegexBounds.measure(value);
        if (!measure.accepted()) {
            findings.warn(served.ingress(), fieldOf(origin) + ".path", "RegexTooComplex", "the path " + shown
                    + " is refused, so this path is disabled: " + measure.problem() + ". " + why);
            return null;
        }
        String overBudget = regexBudget.refusal(host, value, measure.programSize(), rewrites);
        if (overBudget != null) {
            findings.warn(served.ingress(), fieldOf(origin) + ".path", "RegexBudgetExceeded", "the path " + shown
                    + " is disabled: " + overBudget + ". " + why);
            return null;
        }
        try {
            PathMatch match = PathMatch.regex(value, type, PathMatch.compileRegex(value));
            regexBudget.count(host, value, measure.programSize(), rewrites);
            return match;
        } catch (PatternSyntaxException e) {
            findings.warn(served.ingress(), fieldOf(origin) + ".path", "InvalidRegex", "the path " + shown
                    + " is not a valid regular expression (RE2 syntax), so this path is disabled: "
                    + e.getDescription() + ". " + why);
            return null;
        }
    }

    Backend resolve(ServedIngress served, Origin origin,
                    io.fabric8.kubernetes.api.model.networking.v1.IngressBackend ingressBackend) {
        Backend backend = backends.resolve(served.namespace(), ingressBackend);
        if (!backend.state().servable()) {
            findings.warn(served.ingress(), fieldOf(origin) + (origin.isDefaultBackend() ? "" : ".backend"),
                    reasonFor(backend.state()), backend.problem() + "; requests for it get 503");
        }
        return backend;
    }

    private static String reasonFor(BackendState state) {
        return switch (state) {
            case SERVICE_MISSING -> "ServiceNotFound";
            case PORT_MISSING -> "ServicePortNotFound";
            case NO_ENDPOINTS -> "NoReadyEndpoints";
            default -> "BackendNotSupported";
        };
    }

    static Origin origin(ServedIngress served, int ruleIndex, int pathIndex) {
        return new Origin("Ingress", served.namespace(), served.name(), served.created(), ruleIndex, pathIndex);
    }

    /** The field an origin stands for: {@code spec.rules[0].http.paths[1]} or {@code spec.defaultBackend}. */
    static String fieldOf(Origin origin) {
        return origin.isDefaultBackend()
                ? "spec.defaultBackend"
                : "spec.rules[" + origin.ruleIndex() + "].http.paths[" + origin.pathIndex() + "]";
    }

    private static String displayHost(String host) {
        return host.isEmpty() ? "*" : host;
    }
}
