package dev.ingresslab.control;

import dev.ingresslab.core.ServeFixtures;
import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running instance for tests, in this JVM: a backend on loopback, manifests routing {@code HOST/} to it (and
 * {@code HOST/missing} to a Service that does not exist), a session serving them on an ephemeral port, and its
 * control endpoint writing to {@code dataDirectory}. What a {@code serve} process runs, less the process.
 */
public final class LiveInstance implements AutoCloseable {

    private final HttpServer backend;
    private final LabSession session;
    private final ControlServer control;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // HTTP/2 would send :authority, not our Host

    private LiveInstance(HttpServer backend, LabSession session, ControlServer control) {
        this.backend = backend;
        this.session = session;
        this.control = control;
    }

    /**
     * @param folder        a temporary folder for the manifests
     * @param dataDirectory the data directory the control file goes to
     * @param host          the host the Ingress routes
     */
    public static LiveInstance start(Path folder, Path dataDirectory, String host, ExplainQuery.Renderer explain)
            throws Exception {
        HttpServer backend = ServeFixtures.backend("backend");
        Path file = folder.resolve(host + ".yaml");
        Files.writeString(file, ServeFixtures.webWithMissingPath(backend.getAddress().getPort(), host));
        LabSession session = null;
        try {
            session = LabSession.start(new Source.Manifests(List.of(file)), SessionOptions.defaults()
                    .withDataDirectory(dataDirectory)
                    .withProxy(ServeFixtures.loopbackProxy()));
            LabSession started = session;
            ControlServer control = ControlServer.open(new ControlDirectory(dataDirectory), "serve",
                    session.current().connection().httpPort(), () -> Optional.of(started), explain);
            return new LiveInstance(backend, session, control);
        } catch (Exception | Error e) {
            if (session != null) {
                session.close();
            }
            backend.stop(0);
            throw e;
        }
    }

    public LabSession session() {
        return session;
    }

    public ControlServer control() {
        return control;
    }

    public int httpPort() {
        return session.current().connection().httpPort();
    }

    /** Sends a request through the proxy and returns its status. */
    public int get(String host, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .header("Host", host).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Waits until the journal lists {@code count} requests: the proxy records after answering, and a record is
     * counted when its number is claimed, listed a moment later once stored.
     */
    public void awaitJournal(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (session.journal().recent(count).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        control.close();
        session.close();
        backend.stop(0);
    }
}
