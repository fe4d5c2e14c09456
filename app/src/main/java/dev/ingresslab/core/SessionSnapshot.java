package dev.ingresslab.core;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.route.Conflict;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.Route;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.Translation;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LabSession} at one moment, immutable: the translation in force (routes, conflicts, diagnostics, ignored
 * Ingresses) with where each Ingress was read from, and the connection's state. {@link LabSession#current()} returns
 * a new one after each change; holding one never holds the session.
 *
 * @param at          when this snapshot was made
 * @param translation the translation in force (an empty table before the first)
 * @param routes      the routes as the Routes view lists them, in the table's order
 * @param locations   where each Ingress was read from, by {@code namespace/name}: the manifest file and line of its
 *                    document ({@link Source.Manifests} only; empty for clusters)
 * @param connection  the session's connection state
 */
public record SessionSnapshot(Instant at, Translation translation, List<RouteView> routes,
                              Map<String, SourceLocation> locations, Connection connection) {

    public SessionSnapshot {
        Objects.requireNonNull(translation);
        routes = List.copyOf(routes);
        locations = Map.copyOf(locations);
        Objects.requireNonNull(connection);
    }

    /** The findings of the translation, each about one Ingress ({@link #locationOf} finds its file). */
    public List<Diagnostic> diagnostics() {
        return translation.diagnostics();
    }

    /** Routes that claim what an older one has (the loser never gets traffic). */
    public List<Conflict> conflicts() {
        return translation.table().conflicts();
    }

    /** Ingresses not served, with why (another class, an unknown class, a canary without a primary). */
    public List<IgnoredIngress> ignored() {
        return translation.table().ignored();
    }

    /**
     * Where the object was read from, when the session reads files and it is an Ingress (the only kind whose place is
     * kept): an HTTPRoute made by {@code convert} has its Ingress's name, so the name alone would give it the
     * Ingress's file and line.
     *
     * @param kind {@code Ingress}, {@code HTTPRoute}… ({@code Diagnostic#kind()}, {@code Origin#kind()})
     */
    public Optional<SourceLocation> locationOf(String kind, String namespace, String name) {
        return "Ingress".equals(kind) ? Optional.ofNullable(locations.get(namespace + "/" + name)) : Optional.empty();
    }

    /**
     * One route, as the Routes view shows it: host → path (type) → Service:port → endpoints, with its origin.
     *
     * @param route           the compiled route (its {@link Route#describe()} is the {@code X-Ingress-Lab-Route}
     *                        header of the requests it takes)
     * @param host            the rule's host as written, {@code *} for any host
     * @param path            the path as written; empty for a defaultBackend
     * @param pathType        {@code Exact}, {@code Prefix}, {@code ImplementationSpecific}, or {@code defaultBackend};
     *                        for an HTTPRoute's rule the Gateway API's {@code PathPrefix}, {@code Exact} or {@code
     *                        RegularExpression}
     * @param backend         {@code service:port}, as the Ingress names them
     * @param endpointsReady  ready endpoints of that Service port
     * @param endpointsTotal  all endpoints the EndpointSlices list for that Service port, ready or not
     *                        ({@code Backend.endpointsTotal()}); only the ready ones take requests
     * @param origin          namespace/Ingress, rule index and path index ({@link Origin#DEFAULT_BACKEND} for a
     *                        defaultBackend)
     * @param location        the manifest file and line of the Ingress, when read from files
     * @param warnings        the route's backend problem and the Ingress's warning diagnostics, in words
     */
    public record RouteView(Route route, String host, String path, String pathType, String backend,
                            int endpointsReady, int endpointsTotal, Origin origin, Optional<SourceLocation> location,
                            List<String> warnings) {
        public RouteView {
            Objects.requireNonNull(route);
            warnings = List.copyOf(warnings);
        }
    }

    /** What the session's source is. */
    public enum SourceKind { MANIFESTS, CLUSTER, SANDBOX }

    /** The session's life: starting, running (connected when it has a cluster), disconnected, closed. */
    public enum State { STARTING, RUNNING, DISCONNECTED, CLOSED }

    /**
     * The connection's state, as the cluster bar shows it.
     *
     * @param source            files, a cluster, or the sandbox
     * @param state             the session's life
     * @param context           the kubeconfig context, empty for files
     * @param clusterKind       the kind of cluster (sandbox, minikube, kind, Docker Desktop, other), from the
     *                          context's and cluster's names; empty for files
     * @param apiServer         the API server's URL, empty for files
     * @param connector         how pods are reached ({@code direct}, {@code port-forward}), empty until chosen or
     *                          without a proxy
     * @param httpPort          the proxy's HTTP port, 0 without a proxy
     * @param httpsPort         the proxy's HTTPS port, 0 without a proxy or without an HTTPS listener
     * @param listening         the addresses the proxy listens on for plain HTTP, with the ports bound
     * @param httpsListening    the addresses it listens on for HTTPS, empty without an HTTPS listener
     * @param leader            whether this session writes the cluster's Ingress status and Events
     * @param disconnectedSince when the API server stopped answering, empty while connected
     */
    public record Connection(SourceKind source, State state, String context, Optional<KubeContext.Kind> clusterKind,
                             String apiServer, String connector, int httpPort, int httpsPort,
                             List<InetSocketAddress> listening, List<InetSocketAddress> httpsListening,
                             boolean leader, Optional<Instant> disconnectedSince) {
        public Connection {
            listening = List.copyOf(listening);
            httpsListening = List.copyOf(httpsListening);
        }
    }
}
