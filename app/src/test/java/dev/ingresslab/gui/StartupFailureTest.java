package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that fails is shown in the window, not lost: the progress gives way to the session's message (what went
 * wrong and what to do), Start again tries again, and Close uncovers the views. The failure: the proxy's port is
 * taken (by this test, on an ephemeral port), which the start finds before the sandbox starts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StartupFailureTest {

    @TempDir
    static Path data;

    private static ServerSocket taken;
    private static IngressLabApp.Opened app;
    private static final FxRobot ROBOT = new FxRobot();

    @BeforeAll
    static void openOnATakenPort() throws Exception {
        taken = new ServerSocket();
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FxToolkit.registerPrimaryStage();
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(taken.getLocalPort()));
        GuiStart start = new GuiStart(options, new Source.Sandbox(false, false, true), Optional.empty(), true);
        FxToolkit.setupStage(stage -> app = IngressLabApp.open(stage, start, url -> { }));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.context().session().closeNow();
        }
        FxToolkit.cleanupStages();
        taken.close();
    }

    @Test
    void theFailureIsShownWithWhatToDoAndStartAgainTriesAgain() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.FAILED);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(onFx(() -> ROBOT.lookup("#startup").query().isVisible())).isTrue();
        assertThat(text("#startup-title")).isEqualTo("Ingress Lab could not start on sandbox");
        assertThat(text("#startup-failure")).contains(String.valueOf(taken.getLocalPort()))
                .contains("choose another port");
        assertThat(text("#startup-step")).isEqualTo("Press Start to try again, or pick another cluster in the bar"
                + " above.");
        assertThat(onFx(() -> ROBOT.lookup("#startup-progress").query().isVisible())).isFalse();
        Screenshots.take(app.stage().getScene(), "startup-failed");

        ROBOT.clickOn("#startup-retry");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.context().session().phaseProperty().get()
                == SessionModel.Phase.FAILED && !text("#startup-failure").isEmpty());
        assertThat(text("#startup-failure")).contains("choose another port");

        ROBOT.clickOn("#startup-dismiss");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(() -> ROBOT.lookup("#startup").query().isVisible())).as("Close uncovers the views").isFalse();
        assertThat(onFx(() -> List.of(ROBOT.lookup("#routes-table").tryQuery().isPresent()))).containsExactly(true);
    }

    private static String text(String query) {
        return onFx(() -> ((Labeled) ROBOT.lookup(query).query()).getText());
    }
}
