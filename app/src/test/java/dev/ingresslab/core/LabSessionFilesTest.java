package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.SimpleRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@link LabSession} on manifest files: snapshot with file locations, reloads as events, YAML, explain. */
class LabSessionFilesTest {

    @TempDir
    Path dir;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws Exception {
        backend = ServeFixtures.backend("backend");
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    /** A Service with one endpoint (the backend), and an Ingress whose rule 0 has two paths. */
    private String manifests(String host) {
        return ServeFixtures.webWithMissingPath(backend.getAddress().getPort(), host);
    }

    private SessionOptions options() {
        return SessionOptions.defaults().withDataDirectory(dir.resolve("data")).withReloadInterval(Duration.ofMillis(50))
                .withProxy(ServeFixtures.loopbackProxy());
    }

    @Test
    void servesFilesWithTheirLocationsAndFollowsTheirChanges() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("old.example.com"), 1);
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)), options(), seen::add)) {
            SessionSnapshot now = session.current();
            assertThat(now.connection().source()).isEqualTo(SessionSnapshot.SourceKind.MANIFESTS);
            assertThat(now.connection().state()).isEqualTo(SessionSnapshot.State.RUNNING);
            assertThat(now.connection().clusterKind()).isEmpty();
            assertThat(now.connection().context()).isEmpty();
            assertThat(now.connection().httpPort()).isPositive();
            assertThat(now.locationOf("Ingress", "default", "web")).hasValueSatisfying(location -> {
                assertThat(location.file()).isEqualTo(file.toString());
                assertThat(location.line()).isEqualTo(13);
            });
            assertThat(now.locationOf("HTTPRoute", "default", "web")).as("the places kept are Ingresses'").isEmpty();
            SessionSnapshot.RouteView root = route(now, view -> view.path().equals("/"));
            assertThat(root.host()).isEqualTo("old.example.com");
            assertThat(root.pathType()).isEqualTo("Prefix");
            assertThat(root.backend()).isEqualTo("web:http");
            assertThat(root.endpointsReady()).isEqualTo(1);
            assertThat(root.location()).isPresent();
            assertThat(root.warnings()).isEmpty();
            SessionSnapshot.RouteView missing = route(now, view -> view.path().equals("/missing"));
            assertThat(missing.pathType()).isEqualTo("Exact");
            assertThat(missing.endpointsReady()).isZero();
            assertThat(missing.warnings()).as("the route says why it answers 503").isNotEmpty()
                    .anyMatch(warning -> warning.contains("nothing"));
            assertThat(missing.origin().pathIndex()).isEqualTo(1);

            IngressYaml yaml = session.ingressYaml("default", "web").orElseThrow();
            assertThat(yaml.file()).hasValueSatisfying(location -> assertThat(location.line()).isEqualTo(13));
            IngressYaml.LineRange lines = yaml.linesOf(missing.origin()).orElseThrow();
            assertThat(yaml.text().lines().toList().subList(lines.first() - 1, lines.last()))
                    .as("path 1 of rule 0, from its first line to its last").containsExactly(
                            "          - path: /missing", "            pathType: Exact",
                            "            backend: {service: {name: nothing, port: {number: 80}}}");
            IngressYaml.LineRange first = yaml.linesOf(root.origin()).orElseThrow();
            assertThat(yaml.text().lines().toList().get(first.first() - 1)).as("path 0 shows its rule's host")
                    .contains("- host: old.example.com");
            assertThat(yaml.linesOf(0, 7)).isEmpty();

            HttpResponse<String> answer = get(session, "old.example.com", "/x");
            assertThat(answer.statusCode()).isEqualTo(200);
            // the IO thread journals the request as its response goes out: the client can read it a moment before
            long journaled = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (session.journal().recent(1).isEmpty() && System.nanoTime() < journaled) {
                Thread.sleep(20);
            }
            assertThat(session.journal().recent(1)).singleElement().extracting(RequestRecord::route).asString()
                    .contains("default/web rule 0 path 0");

            write(file, "kind: [unclosed", 2);
            SessionEvent.ReloadRejected rejected = await(seen, SessionEvent.ReloadRejected.class);
            assertThat(rejected.problems()).isNotEmpty();
            assertThat(session.current().routes()).as("the last good routes stay").extracting(
                    SessionSnapshot.RouteView::host).contains("old.example.com");

            write(file, manifests("new.example.com"), 3);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (session.current().routes().stream().noneMatch(view -> view.host().equals("new.example.com"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(session.current().routes()).extracting(SessionSnapshot.RouteView::host)
                    .contains("new.example.com").doesNotContain("old.example.com");
            assertThat(session.initialSubscription().orElseThrow().awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).filteredOn(SessionEvent.RoutesApplied.class::isInstance)
                    .extracting(event -> ((SessionEvent.RoutesApplied) event).verb()).contains("serving", "reloaded");
        }
    }

    @Test
    void compilesWithoutAProxyForExplain() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("old.example.com"), 1);
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)), options().withoutProxy())) {
            assertThat(session.current().connection().httpPort()).isZero();
            assertThat(session.current().connection().listening()).isEmpty();
            assertThat(session.current().routes()).hasSize(2);
            assertThat(session.explain(SimpleRequest.get("http://old.example.com/missing")).route().origin()
                    .display()).isEqualTo("default/web rule 0 path 1");
            assertThat(session.journal().recent(10)).isEmpty();
            assertThatThrownBy(() -> session.applySample("host", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("start the session on the sandbox");
        }
    }

    @Test
    void unusableManifestsFailTheStartWithEachProblem() {
        Path file = dir.resolve("bad.yaml");
        assertThatThrownBy(() -> LabSession.start(new Source.Manifests(List.of(file)), options()))
                .isInstanceOfSatisfying(SessionStartException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SessionStartException.Reason.BAD_INPUT);
                    assertThat(e.getMessage()).isEqualTo("the manifests cannot be used:");
                    assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.display())
                            .contains("does not exist"));
                });
        assertThatThrownBy(() -> new Source.Manifests(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-f PATH");
    }

    @Test
    void aPortInUseFailsTheStartNamingIt() throws Exception {
        Path file = dir.resolve("web.yaml");
        write(file, manifests("old.example.com"), 1);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            SessionOptions busy = options().withProxy(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1"))
                    .withHttpPort(taken.getLocalPort()));
            assertThatThrownBy(() -> LabSession.start(new Source.Manifests(List.of(file)), busy))
                    .isInstanceOfSatisfying(SessionStartException.class, e -> {
                        assertThat(e.reason()).isEqualTo(SessionStartException.Reason.BAD_INPUT);
                        assertThat(e.getMessage()).contains(String.valueOf(taken.getLocalPort()))
                                .contains("--http-port");
                    });
        }
    }

    private static SessionSnapshot.RouteView route(SessionSnapshot snapshot,
                                                   Predicate<SessionSnapshot.RouteView> which) {
        return snapshot.routes().stream().filter(which).findFirst().orElseThrow();
    }

    private static <T extends SessionEvent> T await(List<SessionEvent> seen, Class<T> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (SessionEvent event : seen) {
                if (type.isInstance(event)) {
                    return type.cast(event);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + seen);
    }

    private static HttpResponse<String> get(LabSession session, String host, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + session.current().connection().httpPort() + path))
                .header("Host", host).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes the file with a distinct modification time, so the watcher sees each version. */
    private static void write(Path file, String text, int version) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.setLastModifiedTime(next, FileTime.fromMillis(1_700_000_000_000L + version * 1000L));
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
