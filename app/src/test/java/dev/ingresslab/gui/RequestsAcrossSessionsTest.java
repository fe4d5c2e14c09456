package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.requests.RoutedProxy;
import dev.ingresslab.proxy.RequestRecord;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session 11's newcomer: after Stop → Start the Requests rows of the stopped session were replaced by the new
 * session's, and an open replay editor referred to a row that was gone. The rows of a stopped session now stay below
 * the running one's, greyed and named in their details; the editor keeps its original, and Send goes through the
 * session running now. Two real sessions on files (the second as the window's next session), real requests.
 */
@ExtendWith(ApplicationExtension.class)
class RequestsAcrossSessionsTest {

    @TempDir
    static Path dir;
    private static RoutedProxy first;
    private static RoutedProxy second;

    private IngressLabApp.Opened app;
    private RequestsModel model;

    @BeforeAll
    static void startProxies() throws Exception {
        first = new RoutedProxy(Files.createDirectories(dir.resolve("first")));
        second = new RoutedProxy(Files.createDirectories(dir.resolve("second")));
    }

    @AfterAll
    static void stopProxies() {
        first.close();
        second.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        GuiStart start = new GuiStart(SessionOptions.defaults().withDataDirectory(Files.createTempDirectory(dir,
                "data")), new Source.Sandbox(false), Optional.of(first.session()), false);
        app = IngressLabApp.open(stage, start, url -> { });
        app.window().show("requests");
        model = ((RequestsView) app.window().view("requests")).model();
    }

    @Test
    void aStoppedSessionsRowsStayMarkedAndTheReplayEditorKeepsItsOriginal(FxRobot robot) throws Exception {
        first.get(RoutedProxy.HOST, "/a/before-stop");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/a/before-stop")));
        RequestRecord old = model.rows().stream().filter(r -> r.target().equals("/a/before-stop")).findFirst()
                .orElseThrow();
        WaitForAsyncUtils.asyncFx(() -> table(robot).getSelectionModel().select(old)).get(5, TimeUnit.SECONDS);
        robot.clickOn("#replay-button");
        assertThat(text(robot, "#replay-title")).isEqualTo("Replay through the proxy (original: " + old.route() + ")");

        WaitForAsyncUtils.asyncFx(() -> app.context().session().stop()).get(5, TimeUnit.SECONDS);
        await(() -> app.context().session().phaseProperty().get() == SessionModel.Phase.IDLE);
        WaitForAsyncUtils.asyncFx(() -> app.context().session().attach(second.session())).get(5, TimeUnit.SECONDS);
        second.get(RoutedProxy.HOST, "/b/after-start");
        await(() -> model.rows().stream().anyMatch(r -> r.target().equals("/b/after-start")));

        assertThat(model.rows()).as("the stopped session's row is kept, below the new one's")
                .extracting(RequestRecord::target).containsSubsequence("/b/after-start", "/a/before-stop");
        assertThat(model.earlierSession(old)).get().asString().startsWith("the session stopped at ");
        RequestRecord fresh = model.rows().get(0);
        assertThat(model.earlierSession(fresh)).isEmpty();
        assertThat(table(robot).getSelectionModel().getSelectedItem()).as("the selection stays on its row")
                .isSameAs(old);
        assertThat(text(robot, "#details-earlier-session")).startsWith("From the session stopped at ");
        assertThat(robot.lookup("#replay-editor").queryAs(javafx.scene.Node.class).isVisible()).isTrue();

        robot.clickOn("#requests-filter").write("path:/b/");
        await(() -> text(robot, "#replay-title").endsWith("its row is hidden by the filter"));
        robot.eraseText("path:/b/".length());
        await(() -> text(robot, "#replay-title").equals("Replay through the proxy (original: " + old.route() + ")"));

        robot.clickOn("#replay-send");
        await(() -> {
            RequestRecord selected = table(robot).getSelectionModel().getSelectedItem();
            return selected != null && selected.requestId().startsWith("replay-");
        });
        assertThat(second.seen).as("the replay went through the running session's proxy")
                .anyMatch(line -> line.startsWith("alpaca saw GET /a/before-stop"));
        assertThat(model.earlierSession(table(robot).getSelectionModel().getSelectedItem())).isEmpty();
        Screenshots.take(robot.window(0).getScene(), "requests-after-restart");
    }

    private static TableView<RequestRecord> table(FxRobot robot) {
        return robot.lookup("#requests-table").queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAs(Label.class).getText())
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + query, e);
        }
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(5, TimeUnit.SECONDS);
        });
    }
}
