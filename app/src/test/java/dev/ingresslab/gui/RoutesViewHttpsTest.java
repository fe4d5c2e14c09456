package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.SampleOutcome;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.tls.local.LocalCa;
import javafx.scene.control.Hyperlink;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the chapter's tls step on the sandbox, the Routes view and the Samples view offer alpaca.example.com over
 * https (its plain URL only answers 308), and the curl copied by a click answers 200 through the proxy's https
 * listener, trusting only the local CA of the session's data directory. Headless; kubectl is not needed (the step is
 * applied by the session, as the Samples view's Apply does).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoutesViewHttpsTest {

    private static final String HOST = "alpaca.example.com";

    @TempDir
    static Path data;
    private static LabSession session;
    private static int https;

    private IngressLabApp.Opened app;

    @BeforeAll
    static void applyTheTlsStep() throws Exception {
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data).withProxy(LocalHttps.on(
                ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), data, 0));
        session = LabSession.start(new Source.Sandbox(true), options, event -> { });
        https = session.current().connection().httpsPort();
        SampleOutcome outcome = session.applySample("tls", Duration.ofSeconds(30));
        assertThat(outcome.succeeded()).as(String.join("\n", outcome.objects())).isTrue();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(Files.createDirectories(
                data.resolve("window"))), new Source.Sandbox(false), Optional.of(session), false);
        app = IngressLabApp.open(stage, start, url -> { });
        app.window().show("routes");
    }

    @Test
    void aTlsHostIsOfferedOverHttpsAndItsCurlAnswers200WithTheLocalCa(FxRobot robot) throws Exception {
        String expected = "https://" + HOST + ":" + https + "/";
        Path ca = data.resolve(LocalCa.CERTIFICATE_FILE);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> session.current().translation().table()
                .secureVirtualHostFor(HOST).isPresent());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup(HOST).queryAll().isEmpty());

        robot.clickOn(HOST);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> expected.equals(robot.lookup("#route-url")
                .queryAs(Hyperlink.class).getText()));
        robot.clickOn("#copy-curl");
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString())
                .get(10, TimeUnit.SECONDS);
        assertThat(copied).isEqualTo("curl --cacert " + ca + " --resolve " + HOST + ":" + https + ":127.0.0.1 "
                + expected);

        app.context().samples().selectedProperty().set(app.context().samples().items().stream()
                .filter(item -> item.name().equals("tls")).findFirst().orElseThrow());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !app.context().samples().urls().isEmpty());
        assertThat(app.context().samples().urls().get(0).url()).as("the Samples view's first URL for the tls step")
                .isEqualTo(expected);

        Path curl = Path.of("/usr/bin/curl");
        if (Files.isExecutable(curl)) { // the command as copied, through a shell, as a user pastes it
            Process process = new ProcessBuilder("/bin/sh", "-c", copied + " -sS -o /dev/null -w '%{http_code}'")
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("200");
        }
    }
}
