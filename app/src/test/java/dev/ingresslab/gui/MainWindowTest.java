package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's shell, headless on Monocle: the sidebar's views, switching by click and by shortcut. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path data;

    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        GuiStart nothingRunning = new GuiStart(SessionOptions.defaults().withDataDirectory(data)
                .withHostsFile(data.resolve("hosts")),
                new Source.Sandbox(false), Optional.empty(), false);
        window = IngressLabApp.open(stage, nothingRunning, url -> { }).window();
    }

    @Test
    void theSidebarListsTheViewsAndKeepsAPlaceForTls(FxRobot robot) {
        assertThat(robot.lookup("#sidebar .label").queryAllAs(Label.class).stream()
                .filter(label -> !label.getStyleClass().contains("sidebar-count"))).extracting(Label::getText)
                .containsExactly("Routes", "Requests", "Explain", "Lint", "Convert", "Samples", "Problems", "Hosts",
                        "TLS");
        assertThat(robot.lookup("#count-requests").queryAs(Label.class).getText()).as("nothing runs").isEqualTo("0");
        assertThat(robot.lookup("#count-problems").queryAs(Label.class).getText()).isEqualTo("0");
        assertThat(window.shownProperty().get()).isEqualTo("routes");
        assertThat(texts(robot)).anyMatch(text -> text.contains("Nothing is running"));

        robot.clickOn("#view-hosts");

        assertThat(window.shownProperty().get()).isEqualTo("hosts");
        assertThat(texts(robot)).as("the Hosts view, with nothing running").contains("Hosts")
                .anyMatch(text -> text.contains("Nothing is running"));
    }

    @Test
    void shortcutsSelectTheViewsInSidebarOrder(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);

        assertThat(window.shownProperty().get()).isEqualTo("explain");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT9).release(KeyCode.DIGIT9, KeyCode.CONTROL);

        assertThat(window.shownProperty().get()).isEqualTo("tls");
        Path picture = Screenshots.take(robot.window(0).getScene(), "shell-tls");
        assertThat(picture).isRegularFile();
        assertThat(picture.toFile().length()).isGreaterThan(1000);
        assertThat(Files.exists(picture)).isTrue();
    }

    @Test
    void theThemeToggleAndTheLastViewAreRememberedInTheDataDirectory(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        robot.clickOn("#theme-toggle");
        Screenshots.take(robot.window(0).getScene(), "shell-dark");

        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));

        GuiSettings saved = new GuiSettingsFile(data).load().settings();
        assertThat(saved.theme()).as("the system here is light (no desktop to ask): toggled to dark")
                .isEqualTo(GuiSettings.Theme.DARK);
        assertThat(saved.lastView()).isEqualTo("samples");
        assertThat(saved.lastContext()).isEqualTo("sandbox");
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
        Files.delete(new GuiSettingsFile(data).file()); // the next test's window starts as a first run
    }

    private static java.util.List<String> texts(FxRobot robot) {
        return robot.lookup("#content .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }
}
