package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTable;

import java.util.List;

/** The result of translating a snapshot: the table to swap in, and what was found along the way. */
public record Translation(RouteTable table, List<Diagnostic> diagnostics) {

    public Translation {
        diagnostics = List.copyOf(diagnostics);
    }

    /** The diagnostics of one Ingress. */
    public List<Diagnostic> diagnosticsOf(String namespace, String name) {
        return diagnostics.stream().filter(d -> d.namespace().equals(namespace) && d.name().equals(name)).toList();
    }
}
