package dev.ingresslab.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.Source;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The routes in force and where they come from: what {@code GET /v1/routes} answers for a running instance, and what
 * {@code routes -o json|yaml} prints (for {@code routes -f FILE} too). A field that does not apply is left out, never
 * filled with a made-up value: routes compiled offline from files have no instance, no session state and no
 * context. The field names are a published interface (docs/cli.md).
 *
 * @param source      where the Ingresses were read: {@code files} (manifests, {@code routes -f} or {@code serve}),
 *                    {@code cluster} (a kubeconfig context, {@code up}) or {@code sandbox} ({@code demo})
 * @param files       with {@code source: files}, the files and folders read, as absolute paths ({@code -} for
 *                    standard input), in the order given; absent otherwise
 * @param instance    the running instance (never its token); absent for routes compiled offline from files
 * @param state       the running session's state: {@code RUNNING}, {@code DISCONNECTED} (its API server stopped
 *                    answering: the last routes stay in force), {@code STARTING}, {@code CLOSED}; absent offline
 * @param context     the kubeconfig context of a cluster or the sandbox; absent for files
 * @param routes      the routes, in the table's order (empty when no Ingress is served)
 * @param diagnostics the translation's findings, in words ({@code default/web: …})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutesAnswer(String source, List<String> files, ControlFile.Instance instance, String state,
                           String context, List<RouteRow> routes, List<String> diagnostics) {

    /** {@code source} of routes read from manifest files. */
    public static final String FILES = "files";

    public RoutesAnswer {
        files = files == null ? null : List.copyOf(files);
        routes = routes == null ? List.of() : List.copyOf(routes);
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }

    /** The routes a running instance serves, with its session's source, state and context. */
    public static RoutesAnswer live(ControlFile.Instance instance, LabSession session) {
        SessionSnapshot snapshot = session.current();
        SessionSnapshot.Connection connection = snapshot.connection();
        boolean files = connection.source() == SessionSnapshot.SourceKind.MANIFESTS;
        return new RoutesAnswer(sourceName(connection.source()),
                session.source() instanceof Source.Manifests manifests ? paths(manifests.paths()) : null,
                instance, connection.state().name(), files ? null : connection.context(), RouteRow.of(snapshot.routes()),
                diagnostics(snapshot));
    }

    /** The routes manifest files compile to, offline: no instance, no state, no context. */
    public static RoutesAnswer offline(List<Path> files, SessionSnapshot snapshot) {
        return new RoutesAnswer(FILES, paths(files), null, null, null, RouteRow.of(snapshot.routes()),
                diagnostics(snapshot));
    }

    /** Whether these routes were read from manifest files. */
    public boolean fromFiles() {
        return FILES.equals(source);
    }

    private static String sourceName(SessionSnapshot.SourceKind kind) {
        return kind == SessionSnapshot.SourceKind.MANIFESTS ? FILES : kind.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> paths(List<Path> paths) {
        return paths.stream().map(path -> path.toString().equals("-") ? "-"
                : path.toAbsolutePath().normalize().toString()).toList();
    }

    private static List<String> diagnostics(SessionSnapshot snapshot) {
        return snapshot.diagnostics().stream().map(diagnostic -> diagnostic.display()).toList();
    }
}
