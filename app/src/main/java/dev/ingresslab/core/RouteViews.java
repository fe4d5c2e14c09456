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
                warnings.add("gets no traffic: " + lost.winner().origin().display() + " claims the same and wins ("
                        + lost.reason() + ")");
            }
            translation.diagnosticsOf(route.origin().namespace(), route.origin().name()).stream()
                    .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.WARNING)
                    .filter(diagnostic -> !route.backend().problem().equals(diagnostic.message()))
                    .map(diagnostic -> (diagnostic.field().isEmpty() ? "" : diagnostic.field() + ": ")
                            + diagnostic.message())
                    .forEach(warnings::add);
            int ready = route.backend().endpoints().size();
            rows.add(new SessionSnapshot.RouteView(route, route.hostDisplay(),
                    route.isDefaultBackend() ? "" : route.path().path(),
                    route.isDefaultBackend() ? "defaultBackend" : route.path().declared().apiName(),
                    route.backend().display(), ready, ready, route.origin(),
                    Optional.ofNullable(locations.get(route.origin().objectName())), warnings));
        }
        return rows;
    }
}
