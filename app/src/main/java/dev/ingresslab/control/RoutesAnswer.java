package dev.ingresslab.control;

import java.util.List;

/**
 * What {@code GET /v1/routes} answers: the instance, its session's state, and the routes in force.
 *
 * @param instance    the instance (never its token)
 * @param state       the session's state: {@code RUNNING}, {@code DISCONNECTED} (its API server stopped answering:
 *                    the last routes stay in force), {@code STARTING}, {@code CLOSED}
 * @param context     the kubeconfig context, empty for files
 * @param routes      the routes, in the table's order
 * @param diagnostics the translation's findings, in words ({@code default/web: …})
 */
public record RoutesAnswer(ControlFile.Instance instance, String state, String context, List<RouteRow> routes,
                           List<String> diagnostics) {

    public RoutesAnswer {
        routes = routes == null ? List.of() : List.copyOf(routes);
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }
}
