package dev.ingresslab.core;

import com.sun.net.httpserver.HttpServer;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Any free port" ({@code --http-port 0}, {@code --https-port 0}) is named with the port the OS chose, once the
 * proxy listens: session 11's newcomer saw "HTTPS on port 0 (as asked)" and had to guess the port.
 */
class FreePortLinesTest {

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

    @Test
    void portZeroSaysNothingBeforeTheProxyListens() {
        assertThat(PortChoice.of(0, 80, 8080, "HTTP").message()).isNull();
        assertThat(PortChoice.of(0, 80, 8080, "HTTP").port()).isZero();
    }

    @Test
    void eachListenerOnAnyFreePortIsNamedWithTheAddressAndPortBound() throws Exception {
        Path file = dir.resolve("web.yaml");
        Files.writeString(file, ServeFixtures.webWithMissingPath(backend.getAddress().getPort(), "web.example.com"));
        ProxySettings proxy = LocalHttps.on(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1", "::1"))
                .withHttpPort(0), dir.resolve("data"), 0);
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        try (LabSession session = LabSession.start(new Source.Manifests(List.of(file)), SessionOptions.defaults()
                .withDataDirectory(dir.resolve("data")).withReloadInterval(Duration.ofSeconds(5)).withProxy(proxy),
                seen::add)) {
            SessionSnapshot.Connection connection = session.current().connection();
            // events reach their listeners on the session's thread, after start returns: wait for both lines
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<String> notices = notices(seen);
            while (notices.stream().filter(text -> text.contains("(any free port, as asked)")).count() < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
                notices = notices(seen);
            }

            assertThat(connection.listening()).hasSize(2).allSatisfy(address ->
                    assertThat(address.getPort()).isPositive());
            assertThat(connection.httpsListening()).hasSize(2).allSatisfy(address ->
                    assertThat(address.getPort()).isPositive());
            assertThat(notices).contains("HTTP on " + named(connection.listening()) + " (any free port, as asked)",
                    "HTTPS on " + named(connection.httpsListening()) + " (any free port, as asked)");
            assertThat(notices).noneMatch(text -> text.contains("port 0"));
            assertThat(named(connection.listening())).startsWith("127.0.0.1:" + connection.httpPort() + " and [::1]:");
            assertThat(named(connection.httpsListening())).startsWith("127.0.0.1:" + connection.httpsPort());
        }
    }

    private static List<String> notices(List<SessionEvent> seen) {
        return seen.stream().filter(SessionEvent.Notice.class::isInstance)
                .map(event -> ((SessionEvent.Notice) event).text()).toList();
    }

    private static String named(List<InetSocketAddress> addresses) {
        return addresses.stream().map(FreePortLines::display).reduce((a, b) -> a + " and " + b).orElseThrow();
    }
}
