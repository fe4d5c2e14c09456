package dev.ingresslab.cli;

import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code routes}, {@code requests} and {@code explain} against a demo: the sandbox with the chapter's samples, its
 * pods behind the proxy, and the control endpoint a {@code demo} opens (in this JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveCommandsOnDemoTest {

    @TempDir
    static Path data;
    private LabSession demo;
    private ControlServer control;

    @BeforeAll
    void start() throws Exception {
        demo = LabSession.start(new Source.Sandbox(true), SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)));
        control = ControlServer.open(new ControlDirectory(data), "demo", demo.current().connection().httpPort(),
                () -> Optional.of(demo), ExplainCommand::explainOn);
    }

    @AfterAll
    void stop() {
        if (control != null) {
            control.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private int get(String host, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", demo.current().connection().httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                    .lines().findFirst().orElse("");
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void routesShowTheChaptersHostsWithReadyEndpoints() {
        LiveCommandsTest.Result result = LiveCommandsTest.run(data, "routes");

        assertThat(result.code()).isZero();
        assertThat(result.err()).contains("the routes in force in demo on port");
        assertThat(result.out()).contains("alpaca.example.com").contains("bandicoot.example.com")
                .contains("default/alpaca:8080").contains("default/host-ingress").contains("default/path-ingress");
        assertThat(result.out().lines().filter(line -> line.contains("default/alpaca:8080")))
                .allMatch(line -> line.matches(".*\\s([1-9]\\d*)/\\1\\s.*"));
    }

    @Test
    void requestsNameTheRuleThatRoutedEachAndExplainAgrees() throws Exception {
        assertThat(get("bandicoot.example.com", "/a/b")).isEqualTo(200);

        LiveCommandsTest.Result requests = LiveCommandsTest.run(data, "requests", "-o", "json");
        JsonNode last = JsonMapper.builder().build().readTree(requests.out().lines().reduce((a, b) -> b)
                .orElseThrow());
        assertThat(last.get("route").asString()).isEqualTo("default/path-ingress rule 0 path 1 (Prefix /a/) ->"
                + " alpaca:8080");

        LiveCommandsTest.Result explained = LiveCommandsTest.run(data, "explain",
                "http://bandicoot.example.com/a/b");
        assertThat(explained.code()).isZero();
        assertThat(explained.out()).contains("rule:      default/path-ingress rule 0 path 1 (Prefix /a/) ->"
                + " alpaca:8080");
    }
}
