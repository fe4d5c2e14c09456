package dev.ingresslab.core;

import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.route.Route;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.Translation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Makes the Routes view's rows ({@link SessionSnapshot.RouteView}) of a translation. */
final class RouteViews {

    private RouteViews() {
    }

    /**
     * One row per route of the table, in its order.
     *
     * @param locations where each Ingress was read from, by {@code namespace/name} (empty for clusters)
     */
    static List<SessionSnapshot.RouteView> of(Translation translation, Map<String, SourceLocation> locations) {
        List<SessionSnapshot.RouteView> rows = new ArrayList<>();
        for (Route route : translation.table().allRoutes()) {
            List<String> warnings = new ArrayList<>();
            if (!route.backend().problem().isEmpty()) {
                warnings.add(route.backend().problem());
            }
            var lost = translation.table().conflictLostBy(route);
            if (lost != null) {
                warnings.add("gets no traffic: " + lost.winner().origin().displayWithKind() + " claims the same and wins ("
                        + lost.reason() + ")");
            }
            translation.diagnosticsOf(route.origin().kind(), route.origin().namespace(), route.origin().name()).stream()
                    .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.WARNING)
                    .filter(diagnostic -> concerns(diagnostic.field(), route))
                    .filter(diagnostic -> !route.backend().problem().equals(diagnostic.message()))
                    .map(diagnostic -> (diagnostic.field().isEmpty() ? "" : diagnostic.field() + ": ")
                            + diagnostic.message())
                    .forEach(warnings::add);
            int ready = route.backend().endpoints().size();
            int total = route.backend().endpointsTotal();
            if (ready == 0 && total > 0) {
                warnings.add(0, "none of " + total + " endpoints is ready: check the Pods (kubectl -n "
                        + route.backend().namespace() + " get pods) and the Deployment's rollout");
            }
            rows.add(new SessionSnapshot.RouteView(route, route.hostDisplay(),
                    route.isDefaultBackend() ? "" : route.path().path(),
                    route.isDefaultBackend() ? "defaultBackend" : route.match() != null ? route.match().pathType()
                            : route.path().declared().apiName(),
                    route.backend().display(), ready, total, route.origin(),
                    Optional.ofNullable(route.origin().kind().equals("Ingress") // the places kept are Ingresses'
                            ? locations.get(route.origin().objectName()) : null), warnings));
        }
        return rows;
    }

    /**
     * Whether a finding at {@code field} (as the API server names fields) is about this route: it is about the
     * route's own path (or defaultBackend), about its rule but no particular path of it (the host), or about the
     * whole Ingress (an annotation, TLS, the class: any field outside {@code spec.rules} and {@code
     * spec.defaultBackend}, or none). A finding about another path of the same Ingress is not.
     */
    static boolean concerns(String field, Route route) {
        if (field.isEmpty()) {
            return true;
        }
        if (route.isDefaultBackend()) {
            return within(field, "spec.defaultBackend") || !(within(field, "spec.rules"));
        }
        String rule = "spec.rules[" + route.origin().ruleIndex() + "]";
        if (within(field, rule + ".http.paths[" + route.origin().pathIndex() + "]")) {
            return true;
        }
        if (within(field, rule)) {
            return !field.startsWith(rule + ".http.paths[");
        }
        return !within(field, "spec.rules") && !within(field, "spec.defaultBackend");
    }

    /** Whether {@code field} is {@code prefix} or a field under it. */
    private static boolean within(String field, String prefix) {
        return field.startsWith(prefix) && (field.length() == prefix.length()
                || field.charAt(prefix.length()) == '.' || field.charAt(prefix.length()) == '[');
    }
}
