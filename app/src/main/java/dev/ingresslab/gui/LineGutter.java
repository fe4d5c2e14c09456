package dev.ingresslab.gui;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextBoundsType;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The line numbers beside a {@link TextArea}, each line with findings marked ({@code ● 9} in the error colour): a
 * plain TextArea has no gutter, and RichTextFX is not among the project's dependencies. Lines are not wrapped (the
 * TextArea's default), and the skin lays the text out in {@link Text} nodes of the area's font (its paragraphs).
 * <ul>
 * <li>A line held by a paragraph node stands where that node puts it: the top of the caret the node draws at the
 * line's first character ({@link Text#caretShape}; JavaFX 21 lays the whole text out in one node, with a line
 * spacing of its own that a font's line height does not match: numbers placed by that height drifted a line off
 * within ten lines);</li>
 * <li>a line without one yet (the skin has not laid the new text out, or has no skin yet) stands one line height
 * below the last line placed, the height measured on a {@link Text} in the area's font (two lines less one), and
 * the first line at the top of the skin's content region ({@code .content}) plus its padding, or, before the
 * skin exists, at the area's top inset less its scroll offset. The content region joins the scene graph only once
 * the skin's ScrollPane has a skin, so each layout looks it up until it is found.</li>
 * </ul>
 * So every number and mark is drawn from the first layout on, and is laid out again when the text, the font or the
 * scrolling change and each time the area or its content region has laid itself out (the HBox lays the gutter out
 * before the area, whose paragraph nodes then move).
 */
final class LineGutter extends Region {

    /** What a line is marked as: its style class ({@code error}, {@code warning}), or null for none. */
    private final IntFunction<String> mark;
    private final TextArea area;
    /** A change listener, not an invalidation one: those fire once until someone reads the value again. */
    private final ChangeListener<Object> relayout = (observable, was, now) -> requestLayout();
    /** After the area or its content region laid itself out (its paragraph nodes moved): once more. */
    private final ChangeListener<Boolean> laidOut = (observable, was, needs) -> {
        if (!needs) {
            requestLayout();
        }
    };
    private Region content;
    /** The first line's top at the last layout, to see whether the text nodes moved since. */
    private double laidOutTop;
    private Font measuredFont;
    private double lineHeight;

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
        area.scrollTopProperty().addListener(relayout);
        area.textProperty().addListener(relayout);
        area.fontProperty().addListener(relayout);
        area.layoutBoundsProperty().addListener(relayout);
        area.needsLayoutProperty().addListener(laidOut);
        area.skinProperty().addListener(observable -> watchContent());
        watchContent();
    }

    /** Marks changed: lay the numbers out again. */
    void refresh() {
        requestLayout();
    }

    /** Follows the skin's content region (made with the skin): where it moves, the lines move. */
    private void watchContent() {
        findContent();
        requestLayout();
    }

    /**
     * Looks the content region up. It is not there as soon as the skin is: it sits in the skin's ScrollPane, whose
     * own skin (made at the next CSS pass) puts it in the scene graph, so each layout looks again until found.
     */
    private void findContent() {
        if (content != null) {
            content.needsLayoutProperty().removeListener(laidOut);
        }
        Node found = area.getSkin() == null ? null : area.lookup(".content");
        content = found instanceof Region region ? region : null;
        if (content != null) {
            content.needsLayoutProperty().addListener(laidOut);
        }
    }

    @Override
    protected void layoutChildren() {
        getChildren().clear();
        if (content == null || content.getScene() == null) {
            findContent();
        }
        double height = lineHeight(area.getFont());
        if (height <= 0 || getHeight() <= 0) {
            return;
        }
        int lines = lineCount(area.getText() == null ? "" : area.getText());
        double[] tops = lineTops(lines, height);
        laidOutTop = tops[0];
        // the area's text nodes may move after this pass (laid out later in it): check once they have
        Platform.runLater(() -> {
            if (getScene() != null && Math.abs(lineTops(1, height)[0] - laidOutTop) > 0.1) {
                requestLayout();
            }
        });
        for (int line = 1; line <= lines; line++) {
            double top = tops[line - 1];
            if (top < -height) {
                continue;
            }
            if (top > getHeight()) {
                break;
            }
            String style = mark.apply(line);
            Text number = new Text((style == null ? "" : "● ") + line);
            number.getStyleClass().add("line-number");
            if (style != null) {
                number.getStyleClass().add(style);
            }
            number.setTextOrigin(VPos.TOP);
            number.setBoundsType(TextBoundsType.LOGICAL_VERTICAL_CENTER); // as the TextArea's skin draws its text
            getChildren().add(number);
            number.applyCss(); // in the scene graph now: its font and weight are the style sheet's
            number.setLayoutX(getWidth() - number.getLayoutBounds().getWidth() - 8);
            number.setLayoutY(top);
        }
    }

    /**
     * Each line's top: read from the paragraph node that holds it (one per line, or one for the whole text,
     * depending on the JavaFX version), else one line height below the line before.
     */
    private double[] lineTops(int lines, double height) {
        double[] tops = new double[lines];
        int line = 0;
        for (Text paragraph : paragraphs()) {
            String text = paragraph.getText() == null ? "" : paragraph.getText();
            double origin = originOf(paragraph);
            int start = 0;
            for (int k = 0; start >= 0 && line < lines; k++) {
                // where the paragraph node put this line: the top of a caret at its first character (the area's
                // line spacing is its own, not the font's line height); below the gutter, nothing is drawn
                double top = line > 0 && tops[line - 1] > getHeight() ? tops[line - 1] + height
                        : caretTop(paragraph, start).orElse(origin + k * height);
                tops[line++] = top;
                int end = text.indexOf('\n', start);
                start = end < 0 ? -1 : end + 1;
            }
        }
        for (; line < lines; line++) {
            tops[line] = line == 0 ? firstLineTop() : tops[line - 1] + height;
        }
        return tops;
    }

    /** The skin's paragraph nodes, in order (the prompt text is not among them), when it has any. */
    private List<Text> paragraphs() {
        if (content == null || content.getScene() == null || getScene() == null) {
            return List.of();
        }
        for (Node node : content.lookupAll(".text")) {
            if (node instanceof Text && node.getParent() instanceof Group group) {
                return group.getChildren().stream().filter(child -> child instanceof Text && child.isVisible())
                        .map(Text.class::cast).toList();
            }
        }
        return List.of();
    }

    /**
     * The top of the line holding {@code index} in {@code paragraph}, in this gutter's coordinates: the least y of
     * the caret the node draws there ({@link Text#caretShape}, local coordinates), or empty before it is laid out.
     */
    private java.util.OptionalDouble caretTop(Text paragraph, int index) {
        double top = Double.POSITIVE_INFINITY;
        for (PathElement element : paragraph.caretShape(index, true)) {
            if (element instanceof MoveTo move) {
                top = Math.min(top, move.getY());
            } else if (element instanceof LineTo to) {
                top = Math.min(top, to.getY());
            }
        }
        return Double.isInfinite(top) ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(sceneToLocal(paragraph.localToScene(0, top)).getY());
    }

    /**
     * A paragraph node's origin (the text origin is the top), in this gutter's coordinates: the numbers are laid out
     * the same way (origin at the top, the paragraphs' bounds type), so a number and its line share a baseline.
     */
    private double originOf(Text paragraph) {
        return sceneToLocal(paragraph.localToScene(0, 0)).getY();
    }

    /** The y of the first line's top, in this gutter's coordinates, when there is no paragraph node to read. */
    private double firstLineTop() {
        if (content != null && content.getScene() != null && getScene() != null) {
            Bounds box = sceneToLocal(content.localToScene(content.getLayoutBounds()));
            return box.getMinY() + content.snappedTopInset();
        }
        // no skin yet: the area's own inset, less what is scrolled away (the content's padding is not known)
        Bounds areaBox = area.getBoundsInParent();
        return areaBox.getMinY() - getBoundsInParent().getMinY() + area.snappedTopInset() - area.getScrollTop();
    }

    /** The height of one line of text in {@code font}: two lines less one, as a Text of that font lays them out. */
    private double lineHeight(Font font) {
        if (!font.equals(measuredFont)) {
            Text probe = new Text("Xg");
            probe.setFont(font);
            double one = probe.getLayoutBounds().getHeight();
            probe.setText("Xg\nXg");
            lineHeight = probe.getLayoutBounds().getHeight() - one;
            measuredFont = font;
        }
        return lineHeight;
    }

    /** The number of lines of {@code text}: one more than its line breaks (an empty text has one line). */
    static int lineCount(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
