package dev.ingresslab.control;

import dev.ingresslab.core.SessionSnapshot;

import java.util.List;

/**
 * One route as {@code routes} prints it and the control endpoint sends it: host → path (type) → Service:port →
 * endpoints, with the Ingress, rule and path it comes from. The field names are a published interface ({@code routes
 * -o json|yaml}): keep them stable.
 *
 * @param host           the rule's host as written, {@code *} for any host
 * @param path           the path as written; empty for a defaultBackend
 * @param pathType       {@code Exact}, {@code Prefix}, {@code ImplementationSpecific}, or {@code defaultBackend}; for an
 *                       HTTPRoute's rule {@code PathPrefix}, {@code Exact} or {@code RegularExpression}
 * @param namespace      the Ingress's (and the Service's) namespace
 * @param backend        {@code service:port}, as the Ingress names them
 * @param endpointsReady ready endpoints of that Service port
 * @param endpointsTotal all endpoints of that Service port ({@link SessionSnapshot.RouteView#endpointsTotal})
 * @param kind           the kind of the object the route comes from: {@code Ingress} or {@code HTTPRoute} (an HTTPRoute
 *                       made by {@code convert} keeps its Ingress's name, so the name alone does not say which)
 * @param ingress        {@code namespace/name} of the object (the field keeps its first name: a published interface)
 * @param rule           the index of the rule in {@code spec.rules}, null for a defaultBackend
 * @param pathIndex      the index of the path in the rule's {@code http.paths} (of an HTTPRoute: of the match in the
 *                       rule's {@code matches}), null for a defaultBackend
 * @param location       the manifest file and line of the Ingress ({@code file:line}), null when read from a cluster
 * @param route          the route in words, as the proxy's {@code X-Ingress-Lab-Route} header names it
 * @param warnings       the route's backend problem and the Ingress's warnings, in words
 */
public record RouteRow(String host, String path, String pathType, String namespace, String backend,
                       int endpointsReady, int endpointsTotal, String kind, String ingress, Integer rule, Integer pathIndex,
                       String location, String route, List<String> warnings) {

    public RouteRow {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The rows of a session's snapshot, in the table's order. */
    public static List<RouteRow> of(List<SessionSnapshot.RouteView> views) {
        return views.stream().map(RouteRow::of).toList();
    }

    static RouteRow of(SessionSnapshot.RouteView view) {
        boolean rule = !view.origin().isDefaultBackend();
        return new RouteRow(view.host(), view.path(), view.pathType(), view.origin().namespace(), view.backend(),
                view.endpointsReady(), view.endpointsTotal(), view.origin().kind(), view.origin().objectName(),
                rule ? view.origin().ruleIndex() : null, rule ? view.origin().pathIndex() : null,
                view.location().map(location -> location.display()).orElse(null), view.route().describe(),
                view.warnings());
    }
}
