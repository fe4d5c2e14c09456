package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's settings reach {@code gui.properties} when they change, not only when the window closes: a window
 * stopped by SIGTERM (which runs no close request) keeps its theme, view, size and context. Headless on Monocle; the
 * window is never closed here.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsSavedOnChangeTest {

    @TempDir
    static Path data;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        GuiStart nothingRunning = new GuiStart(SessionOptions.defaults().withDataDirectory(data),
                new Source.Sandbox(false), Optional.empty(), false);
        IngressLabApp.open(stage, nothingRunning, url -> { });
    }

    @Test
    void themeViewAndSizeAreWrittenSoonAfterTheyChangeWithoutAClose(FxRobot robot) throws Exception {
        GuiSettingsFile file = new GuiSettingsFile(data);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        robot.clickOn("#theme-toggle");
        robot.interact(() -> {
            for (int width = 1190; width >= 1100; width -= 10) { // a drag of the window's edge: one write at its end
                stage.setWidth(width);
            }
            stage.setHeight(700);
        });

        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> { // "soon": a debounce, then a write on a busy machine
            GuiSettings saved = file.load().settings();
            return saved.theme() == GuiSettings.Theme.DARK && saved.lastView().equals("explain")
                    && Math.round(saved.width()) == Math.round(stage.getScene().getWidth())
                    && Math.round(saved.height()) == Math.round(stage.getScene().getHeight());
        });
        assertThat(file.load().problems()).isEmpty();
        assertThat(stage.isShowing()).as("written while the window is open").isTrue();
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(path -> path.getFileName().toString())).as("no temporary file left")
                    .containsExactly(GuiSettingsFile.NAME);
        }
    }
}
