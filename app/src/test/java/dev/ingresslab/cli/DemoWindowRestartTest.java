package dev.ingresslab.cli;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.core.ClusterChoice;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.gui.GuiStart;
import dev.ingresslab.gui.SessionModel;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code demo}'s window, Stop then Start: the session started again prints to the terminal what {@code demo}
 * prints (its events, "ready in", the guide with the kubeconfig's export line, an access-log line per request), and
 * it is the one the terminal's Ctrl-C stops. The cluster bar's real model on the FX thread (headless Monocle), a real
 * throwaway sandbox, real HTTP through the proxy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DemoWindowRestartTest {

    @TempDir
    Path data;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aSessionStartedAgainFromTheWindowPrintsAsDemoDoesAndIsTheOneCtrlCStops() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        DemoTerminal terminal = new DemoTerminal(out, AccessLog.Format.TEXT, true, Colours.PLAIN, data,
                new TerminalHosts(TerminalHosts.Mode.OFF, new dev.ingresslab.core.hosts.HostsAccess(
                        data.resolve("hosts"), Optional.empty()), out, java.io.InputStream.nullInputStream(),
                        TerminalHosts.DEBOUNCE), Optional.of(java.time.Instant.now()));
        Source.Sandbox sandbox = new Source.Sandbox(false);
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0));
        LabSession first = LabSession.start(sandbox, options, terminal.starting());
        terminal.started(first);
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsPattern(
                "ready in [0-9.]+ s since the command started \\(the sandbox's start: [0-9.]+ s of it\\)\\.");

        SessionModel model = WaitForAsyncUtils.asyncFx(() -> {
            SessionModel created = new SessionModel(new GuiStart(options, sandbox, Optional.of(first), false,
                    Optional.of(terminal)));
            created.attach(first);
            created.selectedProperty().set(new ClusterChoice("sandbox", KubeContext.Kind.SANDBOX, "", false,
                    ClusterChoice.Reachability.REACHABLE, sandbox));
            return created;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(model::stop).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.phaseProperty().get() == SessionModel.Phase.IDLE);
        printed.reset();

        WaitForAsyncUtils.asyncFx(model::start).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS,
                () -> model.phaseProperty().get() == SessionModel.Phase.RUNNING);
        LabSession second = model.sessionProperty().get();
        assertThat(second).isNotSameAs(first);
        String restarted = printed.toString(StandardCharsets.UTF_8);
        assertThat(restarted).as("the start's events, then ready and the guide")
                .containsPattern("ready in [0-9.]+ s since Start\\.")
                .contains("KUBECONFIG=" + second.kubeconfig().orElseThrow())
                .contains("The sandbox has no samples");

        int port = second.current().connection().httpPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/restarted-path")).header("Host", "nowhere.example").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> printed.toString(StandardCharsets.UTF_8)
                .contains("/restarted-path"));

        terminal.close(); // what the terminal's Ctrl-C does
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("the session started again is stopped, not only the first").isInstanceOf(IOException.class);
    }
}
