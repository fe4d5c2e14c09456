package dev.ingresslab.gui;

import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #18: the gutter beside a TextArea numbers its lines and marks those with findings from its first layout on, also
 * after the text changes and after scrolling; without a session (fast).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LineGutterTest {

    private TextArea editor;
    private LineGutter gutter;

    @Start
    void start(Stage stage) {
        editor = new TextArea(lines(12)); // made here: controls need the toolkit, which the extension starts

        gutter = new LineGutter(editor, line -> line == 6 ? "error" : null);
        HBox.setHgrow(editor, Priority.ALWAYS);
        HBox box = new HBox(gutter, editor);
        box.getStyleClass().add("lint-editor");
        box.getStylesheets().add(LintView.class.getResource("lint.css").toExternalForm());
        stage.setScene(new Scene(box, 600, 400));
        stage.show();
    }

    @Test
    void numbersEveryLineAndMarksTheFindingsOnTheirLines(FxRobot robot) throws Exception {
        awaitNumbers(List.of("1", "5", "● 6", "7", "12"));

        robot.interact(() -> editor.setText(lines(60)));
        awaitNumbers(List.of("● 6", "20"));

        robot.interact(() -> editor.setScrollTop(200));
        WaitForAsyncUtils.waitForFxEvents();
        awaitNumbers(List.of("20"));
        assertThat(numbers().stream().map(Text::getText).toList()).doesNotContain("1");
    }

    @Test
    void eachNumberStandsBesideItsLineAsTheAreaDrawsIt() throws Exception {
        awaitNumbers(List.of("1", "● 6", "12"));
        WaitForAsyncUtils.waitForFxEvents();

        for (int line : List.of(1, 6, 12)) {
            // the line's box as the skin reports it (its own API, not the gutter's way of finding it)
            double[] box = onFx(() -> {
                int start = 0;
                for (int k = 1; k < line; k++) {
                    start = editor.getText().indexOf('\n', start) + 1;
                }
                javafx.geometry.Rectangle2D character = ((javafx.scene.control.skin.TextAreaSkin) editor.getSkin())
                        .getCharacterBounds(start);
                javafx.geometry.Point2D top = editor.localToScene(0, character.getMinY());
                return new double[] {top.getY(), top.getY() + character.getHeight()};
            });
            String label = (line == 6 ? "● " : "") + line;
            double middle = onFx(() -> {
                Text number = numbers().stream().filter(text -> text.getText().equals(label)).findFirst()
                        .orElseThrow();
                javafx.geometry.Bounds bounds = number.localToScene(number.getLayoutBounds());
                return (bounds.getMinY() + bounds.getMaxY()) / 2;
            });
            assertThat(middle).as("the middle of %s in the gutter, beside the line at y %s..%s", label, box[0],
                    box[1]).isBetween(box[0], box[1]);
        }
    }

    private static String lines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("line ").append(i).append(i < count ? "\n" : "");
        }
        return text.toString();
    }

    private List<Text> numbers() {
        return onFx(() -> gutter.getChildrenUnmodifiable().stream().filter(Text.class::isInstance)
                .map(Text.class::cast).toList());
    }

    private void awaitNumbers(List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!numbers().stream().map(Text::getText).toList().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the gutter shows " + numbers().stream().map(Text::getText).toList()
                        + ", not all of " + expected + onFx(() -> "; gutter height " + gutter.getHeight()
                        + ", font " + editor.getFont() + ", content " + editor.lookup(".content")));
            }
            Thread.sleep(50);
        }
    }
}
