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

    /** The diagnostics of every object of that namespace and name, whatever its kind (Ingress, HTTPRoute, …). */
    public List<Diagnostic> diagnosticsOf(String namespace, String name) {
        return diagnostics.stream().filter(d -> d.namespace().equals(namespace) && d.name().equals(name)).toList();
    }

    /**
     * The diagnostics of one object by kind, namespace and name: an HTTPRoute converted from an Ingress keeps its
     * name, so the name alone would give each the other's findings.
     *
     * @param kind {@code Ingress}, {@code HTTPRoute}, {@code Gateway}… ({@link Diagnostic#kind()})
     */
    public List<Diagnostic> diagnosticsOf(String kind, String namespace, String name) {
        return diagnostics.stream().filter(d -> d.kind().equals(kind) && d.namespace().equals(namespace)
                && d.name().equals(name)).toList();
    }
}
