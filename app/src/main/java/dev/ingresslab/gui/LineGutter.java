package dev.ingresslab.gui;

import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The line numbers beside a {@link TextArea}, each line with findings marked ({@code ● 9} in the error colour): a
 * plain TextArea has no gutter, and RichTextFX is not among the project's dependencies. The numbers are placed
 * where the TextArea's own paragraph nodes are laid out (one {@link Text} per line, found by their style class), so
 * they follow its font, padding and scrolling without measuring either. Lines are not wrapped (the default).
 */
final class LineGutter extends Region {

    /** What a line is marked as: its style class ({@code error}, {@code warning}), or null for none. */
    private final IntFunction<String> mark;
    private final TextArea area;

    /**
     * @param area the editor whose lines are numbered
     * @param mark the style class for a 1-based line, or null when it has no finding
     */
    LineGutter(TextArea area, IntFunction<String> mark) {
        this.area = area;
        this.mark = mark;
        getStyleClass().add("lint-gutter");
        setMinWidth(56);
        setPrefWidth(56);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        area.scrollTopProperty().addListener((observable, old, now) -> requestLayout());
        area.textProperty().addListener((observable, old, now) -> requestLayout());
    }

    /** Marks changed: lay the numbers out again. */
    void refresh() {
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        getChildren().clear();
        // the TextArea's paragraphs: one Text node (style class "text") per line, in a Group (the prompt is not)
        List<Text> paragraphs = area.lookupAll(".text").stream().filter(node -> node instanceof Text
                && node.getParent() instanceof Group && node.isVisible()).map(Text.class::cast).toList();
        if (paragraphs.isEmpty() || getScene() == null) {
            return;
        }
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        for (Text paragraph : paragraphs) {
            Bounds bounds = sceneToLocal(paragraph.localToScene(paragraph.getBoundsInLocal()));
            top = Math.min(top, bounds.getMinY());
            bottom = Math.max(bottom, bounds.getMaxY());
        }
        // one Text per paragraph or one for the whole text, depending on the JavaFX version: count lines, not nodes
        int lines = (int) area.getText().chars().filter(c -> c == '\n').count() + 1;
        double lineHeight = (bottom - top) / lines;
        if (lineHeight <= 0) {
            return;
        }
        int first = Math.max(0, (int) Math.floor(-top / lineHeight));
        int last = Math.min(lines, first + (int) Math.ceil(getHeight() / lineHeight) + 1);
        for (int line = first + 1; line <= last; line++) {
            String style = mark.apply(line);
            Text number = new Text((style == null ? "" : "● ") + line);
            number.getStyleClass().add("line-number");
            if (style != null) {
                number.getStyleClass().add(style);
            }
            number.setTextOrigin(javafx.geometry.VPos.TOP);
            number.applyCss();
            number.setLayoutX(getWidth() - number.getLayoutBounds().getWidth() - 8);
            number.setLayoutY(top + (line - 1) * lineHeight);
            getChildren().add(number);
        }
    }
}
