package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
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

/**
 * A size remembered from a larger screen (5000 × 4000 in {@code gui.properties}, at a
 * position on a monitor left of this one that is gone) opens inside this screen's usable
 * area, every edge reachable, instead of hanging off its left and top. Headless on Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class WindowFittedToScreenTest {

    @TempDir
    static Path data;

    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Files.writeString(data.resolve(GuiSettingsFile.NAME), "window.width=5000\nwindow.height=4000\nwindow.x=-3000\nwindow.y=-50\n");
        GuiStart nothingRunning = new GuiStart(SessionOptions.defaults().withDataDirectory(data),
                new Source.Sandbox(false), Optional.empty(), false);
        IngressLabApp.open(stage, nothingRunning, url -> { });
    }

    @Test
    void anOversizedWindowRememberedOffTheScreenOpensInsideIt(FxRobot robot) {
        Rectangle2D[] usable = new Rectangle2D[1];
        double[] shown = new double[4];
        robot.interact(() -> {
            usable[0] = Screen.getPrimary().getVisualBounds();
            shown[0] = stage.getX();
            shown[1] = stage.getY();
            shown[2] = stage.getWidth();
            shown[3] = stage.getHeight();
        });
        Rectangle2D area = usable[0];

        assertThat(area.getWidth()).as("Monocle's screen is smaller than the remembered 5000 × 4000").isLessThan(5000);
        assertThat(shown[2]).as("width").isPositive().isLessThanOrEqualTo(area.getWidth());
        assertThat(shown[3]).as("height").isPositive().isLessThanOrEqualTo(area.getHeight());
        assertThat(shown[0]).as("left edge").isGreaterThanOrEqualTo(area.getMinX())
                .isLessThanOrEqualTo(area.getMaxX() - shown[2]);
        assertThat(shown[1]).as("top edge").isGreaterThanOrEqualTo(area.getMinY())
                .isLessThanOrEqualTo(area.getMaxY() - shown[3]);
    }
}
