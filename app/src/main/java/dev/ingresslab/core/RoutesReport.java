package dev.ingresslab.core;

import dev.ingresslab.text.Plural;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Conflict;
import dev.ingresslab.route.Route;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.Translation;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the routes in force and the findings of a translation, for {@code serve} and {@code up}. */
final class RoutesReport {

    private RoutesReport() {
    }

    /** The findings, then one line per route naming its object (kind and namespace/name), with who loses each claimed host and path. */
    static void print(PrintStream out, String verb, Translation translation) {
        translation.diagnostics().stream().map(Diagnostic::display).forEach(out::println);
        printRoutes(out, verb, translation);
    }

    /**
     * One line per route: where, backend, endpoints, and the object it comes from, kind first as {@code routes}'s OBJECT column
     * ({@code from Ingress default/web}, {@code from HTTPRoute default/web}: a converted HTTPRoute keeps its Ingress's
     * name); for a route that lost a claimed host and path, to which object (it gets no traffic); under the route that
     * won, which one lost it and why.
     */
    static void printRoutes(PrintStream out, String verb, Translation translation) {
        List<Route> routes = translation.table().allRoutes();
        out.println(verb + " " + Plural.of(routes.size(), "route") + ":");
        List<Conflict> conflicts = translation.table().conflicts();
        for (Route route : routes) {
            String where = route.isDefaultBackend() ? "(default)" : route.hostDisplay() + " " + route.path().display();
            Conflict lost = translation.table().conflictLostBy(route);
            out.printf("  %-50s %s  [%s]  from %s%s%n", where, route.backend().namespace() + "/"
                    + route.backend().display(), endpoints(route), route.origin().kindAndName(),
                    lost == null ? "" : ", loses to " + lost.winner().origin().kindAndName());
            conflicts.stream().filter(conflict -> conflict.winner() == route).forEach(conflict -> out.println(
                    "      wins over " + conflict.loser().origin().displayWithKind() + ": " + conflict.reason()));
        }
        translation.table().ignored().forEach(ignored -> out.println("  ignored Ingress " + ignored.objectName() + ": "
                + ignored.reason()));
    }

    /**
     * The routes as one comparable text, to tell whether a new translation changed them: what each route matches,
     * where it goes, and whether its backend exists, but not how many endpoints it has (see {@link #endpoints}).
     */
    static String fingerprint(Translation translation) {
        StringBuilder text = new StringBuilder();
        translation.table().allRoutes().forEach(route -> {
            text.append(route.describe()).append(' ').append(route.origin().objectName());
            if (!countsEndpoints(route)) {
                text.append(' ').append(route.backend().state()).append(' ').append(route.backend().problem());
            }
            text.append('\n');
        });
        translation.table().conflicts().forEach(conflict -> text.append(conflict.loser().describe()).append(" < ")
                .append(conflict.winner().describe()).append('\n'));
        translation.table().ignored().forEach(ignored -> text.append(ignored).append('\n'));
        return text.toString();
    }

    /**
     * The endpoints of each backend whose Service and port exist, by {@code namespace/service:port}, as the route
     * lines show them ({@code 3 endpoints}, {@code no ready endpoints}).
     */
    static Map<String, String> endpoints(Translation translation) {
        Map<String, String> byBackend = new LinkedHashMap<>();
        translation.table().allRoutes().stream().filter(RoutesReport::countsEndpoints).forEach(route -> byBackend
                .put(route.backend().namespace() + "/" + route.backend().display(), endpoints(route)));
        return byBackend;
    }

    private static boolean countsEndpoints(Route route) {
        BackendState state = route.backend().state();
        return state == BackendState.READY || state == BackendState.NO_ENDPOINTS;
    }

    private static String endpoints(Route route) {
        int count = route.backend().endpoints().size();
        int notReady = route.backend().notReady();
        String more = notReady == 0 ? "" : " (" + notReady + " not ready)";
        if (count == 0) {
            return (route.backend().problem().isEmpty() ? "no endpoints"
                    : route.backend().state() == BackendState.NO_ENDPOINTS ? "no ready endpoints"
                    : route.backend().problem()) + more;
        }
        return Plural.of(count, "endpoint") + more;
    }
}
