package dev.ingresslab.gui;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's shell, headless on Monocle: the sidebar's views, switching by click and by shortcut. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path data;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = IngressLabApp.open(stage, new GuiStart(data, ""));
    }

    @Test
    void theSidebarListsTheViewsAndKeepsPlacesForHostsAndTls(FxRobot robot) {
        assertThat(robot.lookup("#sidebar .label").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("Routes", "Requests", "Explain", "Samples", "Problems", "Hosts", "TLS");
        assertThat(window.shownProperty().get()).isEqualTo("routes");
        assertThat(texts(robot)).anyMatch(text -> text.contains("No Ingresses yet"));

        robot.clickOn("#view-hosts");

        assertThat(window.shownProperty().get()).isEqualTo("hosts");
        assertThat(texts(robot)).anyMatch(text -> text.contains("Hosts: coming in its own issue"))
                .anyMatch(text -> text.contains("#15"));
    }

    @Test
    void shortcutsSelectTheViewsInSidebarOrder(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);

        assertThat(window.shownProperty().get()).isEqualTo("explain");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);

        assertThat(window.shownProperty().get()).isEqualTo("tls");
        Path picture = Screenshots.take(robot.window(0).getScene(), "shell-tls");
        assertThat(picture).isRegularFile();
        assertThat(picture.toFile().length()).isGreaterThan(1000);
        assertThat(Files.exists(picture)).isTrue();
    }

    private static java.util.List<String> texts(FxRobot robot) {
        return robot.lookup("#content .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }
}
