package dev.ingresslab.core;

import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.Translation;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code up} prints as the cluster changes, so the output stays true and quiet: the whole route table when
 * the routes change; one short line when only endpoint counts change; each finding when it appears, and a
 * "resolved" line when it goes. Findings about endpoints ({@code NoReadyEndpoints}) are left to the route lines and
 * the endpoints line, which say the same and follow every change. Called on the controller's thread, one translation
 * at a time.
 */
final class RouteChanges {

    /** The finding the endpoint counts already show. */
    private static final String NO_READY_ENDPOINTS = "NoReadyEndpoints";

    private final PrintStream out;
    private String routes;
    private Map<String, String> endpoints = Map.of();
    private Set<String> findings = Set.of();

    RouteChanges(PrintStream out) {
        this.out = out;
    }

    /** Prints what changed since the previous translation (everything, the first time). */
    void report(Translation translation) {
        Set<String> now = translation.diagnostics().stream()
                .filter(diagnostic -> !diagnostic.reason().equals(NO_READY_ENDPOINTS))
                .map(Diagnostic::display).collect(Collectors.toCollection(LinkedHashSet::new));
        findings.stream().filter(finding -> !now.contains(finding))
                .forEach(finding -> out.println("resolved: " + finding));
        now.stream().filter(finding -> !findings.contains(finding)).forEach(out::println);
        findings = now;

        String fingerprint = RoutesReport.fingerprint(translation);
        Map<String, String> counts = RoutesReport.endpoints(translation);
        if (!fingerprint.equals(routes)) {
            RoutesReport.printRoutes(out, "serving", translation);
        } else if (!counts.equals(endpoints)) {
            out.println("endpoints: " + counts.entrySet().stream()
                    .filter(entry -> !entry.getValue().equals(endpoints.get(entry.getKey())))
                    .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ")));
        }
        routes = fingerprint;
        endpoints = counts;
    }
}
