package dev.ingresslab.translate;

import dev.ingresslab.route.RouteTable;

/**
 * One step of the {@link RouteCompiler}: reads the objects of one API kind from the compilation's input and adds what
 * they define to the shared table builder: routes, virtual hosts, secure virtual hosts (Contour's {@code
 * internal/dag} {@code Processor}). Processors run in the compiler's order; a later one sees what earlier ones added
 * (the TLS processor reads the Ingresses the Ingress processor served). A processor never throws on bad objects: it
 * reports them as diagnostics and skips them.
 */
public interface RouteProcessor {

    /** A short name for diagnostics and docs: {@code ingress}, {@code tls}, later {@code httproute}. */
    String name();

    /** Adds this processor's part to {@link Compilation#builder()}. */
    void process(Compilation compilation);

    /**
     * Looks at the finished table, for findings that only the whole table shows (a conflict lost, a defaultBackend
     * that another Ingress's owns). By default nothing.
     */
    default void review(RouteTable table, Compilation compilation) {
    }
}
