package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTable;

import java.util.List;
import java.util.Objects;

/**
 * The result of translating a snapshot: the table to swap in, what was found along the way, and what was decided
 * about each Gateway API object (for its status).
 *
 * @param gatewayApi per GatewayClass, Gateway and HTTPRoute of our controller, the conditions its status carries;
 *                   {@link GatewayApiResults#NONE} without Gateway API objects
 */
public record Translation(RouteTable table, List<Diagnostic> diagnostics, GatewayApiResults gatewayApi) {

    public Translation {
        Objects.requireNonNull(table);
        diagnostics = List.copyOf(diagnostics);
        Objects.requireNonNull(gatewayApi);
    }

    /** A translation without Gateway API objects. */
    public Translation(RouteTable table, List<Diagnostic> diagnostics) {
        this(table, diagnostics, GatewayApiResults.NONE);
    }

    /** The diagnostics of one object (an Ingress, or a Gateway API object) by namespace and name. */
    public List<Diagnostic> diagnosticsOf(String namespace, String name) {
        return diagnostics.stream().filter(d -> d.namespace().equals(namespace) && d.name().equals(name)).toList();
    }
}
