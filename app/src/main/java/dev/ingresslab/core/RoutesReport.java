package dev.ingresslab.core;

import dev.ingresslab.text.Plural;
import dev.ingresslab.route.Route;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.Translation;

import java.io.PrintStream;
import java.util.List;

/** Prints the routes in force and the findings of a translation, for {@code serve} and {@code up}. */
final class RoutesReport {

    private RoutesReport() {
    }

    static void print(PrintStream out, String verb, Translation translation) {
        translation.diagnostics().stream().map(Diagnostic::display).forEach(out::println);
        List<Route> routes = translation.table().allRoutes();
        out.println(verb + " " + Plural.of(routes.size(), "route") + ":");
        for (Route route : routes) {
            String where = route.isDefaultBackend() ? "(default)" : route.hostDisplay() + " " + route.path().display();
            out.printf("  %-50s %s  [%s]%n", where, route.backend().namespace() + "/" + route.backend().display(),
                    endpoints(route));
        }
        translation.table().ignored().forEach(ignored -> out.println("  ignored " + ignored.objectName() + ": "
                + ignored.reason()));
    }

    /** The routes as one comparable text, to tell whether a new translation changed anything. */
    static String fingerprint(Translation translation) {
        StringBuilder text = new StringBuilder();
        translation.table().allRoutes().forEach(route -> text.append(route.describe()).append(' ')
                .append(route.backend().endpoints()).append('\n'));
        translation.table().ignored().forEach(ignored -> text.append(ignored).append('\n'));
        return text.toString();
    }

    private static String endpoints(Route route) {
        if (route.backend().endpoints().isEmpty()) {
            return route.backend().problem().isEmpty() ? "no endpoints" : route.backend().problem();
        }
        return Plural.of(route.backend().endpoints().size(), "endpoint");
    }
}
