package dev.ingresslab.gui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Whether a table shows its texts whole: a header or cell is cut when the text its skin displays (the Labeled's
 * {@link Text} child, "Endpoi…" where the column is too narrow) differs from the Labeled's own text, and a header is
 * out of sight when it lies right of the table's edge. Shared by the views' width tests (Routes, Hosts, …).
 */
final class WholeText {

    private WholeText() {
    }

    /** Sets the test's window to {@code width} × {@code height} px and waits for the layout that follows. */
    static void resize(FxRobot robot, double width, double height) {
        robot.interact(() -> {
            Stage stage = (Stage) robot.window(0);
            stage.setWidth(width);
            stage.setHeight(height);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * The table's visible headers that are cut or out of sight, each as "text shown as displayed" or "text: right
     * of the table"; empty when every header is whole and in sight. Call on the FX thread.
     */
    static List<String> cutHeaders(TableView<?> table) {
        double right = table.localToScene(table.getBoundsInLocal()).getMaxX();
        List<String> cut = new ArrayList<>();
        for (Node node : table.lookupAll(".column-header .label")) {
            Labeled label = (Labeled) node;
            if (!label.isVisible() || label.getScene() == null || !visibleUpwards(label)) {
                continue;
            }
            String shown = displayed(label);
            if (!label.getText().equals(shown)) {
                cut.add(label.getText() + " shown as " + shown);
            }
            Bounds bounds = label.localToScene(label.getBoundsInLocal());
            if (bounds.getMaxX() > right + 0.5) {
                cut.add(label.getText() + ": right of the table (" + bounds.getMaxX() + " > " + right + ")");
            }
        }
        return cut;
    }

    /**
     * The cells on screen of the columns titled {@code columns} whose text (or the text of the hyperlink they show) is
     * cut, each as "column: text shown as displayed"; empty when all are whole. Call on the FX thread.
     */
    static List<String> cutCells(TableView<?> table, Set<String> columns) {
        List<String> cut = new ArrayList<>();
        for (Node node : table.lookupAll(".table-cell")) {
            TableCell<?, ?> cell = (TableCell<?, ?>) node;
            if (cell.isEmpty() || !cell.isVisible() || cell.getTableColumn() == null
                    || !columns.contains(cell.getTableColumn().getText())) {
                continue;
            }
            // a cell's own text, or the text of the control it shows (a Hyperlink: Problems' objects, Hosts' URLs)
            Labeled labeled = cell.getText() != null ? cell : cell.getGraphic() instanceof Labeled graphic
                    ? graphic : null;
            if (labeled == null || labeled.getText() == null) {
                continue;
            }
            String shown = displayed(labeled);
            if (!labeled.getText().equals(shown)) {
                cut.add(cell.getTableColumn().getText() + ": " + labeled.getText() + " shown as " + shown);
            }
        }
        return cut;
    }

    /** The texts of the cells on screen of the column titled {@code column}. Call on the FX thread. */
    static List<String> cells(TableView<?> table, String column) {
        List<String> texts = new ArrayList<>();
        for (Node node : table.lookupAll(".table-cell")) {
            TableCell<?, ?> cell = (TableCell<?, ?>) node;
            if (!cell.isEmpty() && cell.getText() != null && cell.isVisible() && cell.getTableColumn() != null
                    && cell.getTableColumn().getText().equals(column)) {
                texts.add(cell.getText());
            }
        }
        return texts;
    }

    /** {@link #cutHeaders} and {@link #cutCells} together; from any thread (read on the FX thread). */
    static List<String> cut(TableView<?> table, Set<String> columns) {
        if (javafx.application.Platform.isFxApplicationThread()) {
            List<String> cut = new ArrayList<>(cutHeaders(table));
            cut.addAll(cutCells(table, columns));
            return cut;
        }
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                List<String> cut = new ArrayList<>(cutHeaders(table));
                cut.addAll(cutCells(table, columns));
                return cut;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The labels, buttons, hyperlinks and list cells on screen under {@code root} whose text is cut and not whole in
     * their tooltip, each as "text shown as displayed"; a table's own cells and headers are {@link #cut}'s. Empty when
     * every text is whole or whole in its tooltip. Call on the FX thread.
     */
    static List<String> cutLabels(Node root) {
        List<String> cut = new ArrayList<>();
        collectCut(root, cut);
        return cut;
    }

    private static void collectCut(Node node, List<String> cut) {
        if (!node.isVisible() || node instanceof TableView<?>) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            String shown = displayed(labeled);
            boolean inTooltip = labeled.getTooltip() != null && labeled.getTooltip().getText().contains(
                    labeled.getText());
            if (shown != null && !labeled.getText().equals(shown) && !inTooltip) {
                cut.add(labeled.getText() + " shown as " + shown);
            }
        }
        // a cell shorter than what it shows: its lines past the cell's height lie under the next cell
        if (node instanceof javafx.scene.control.Cell<?> cell && !cell.isEmpty() && cell.getGraphic() != null
                && cell.getGraphic().isVisible()) {
            double room = cell.getHeight() - cell.snappedTopInset() - cell.snappedBottomInset();
            double needed = cell.getGraphic().getLayoutBounds().getHeight();
            if (needed > room + 1) {
                cut.add(describe(cell.getGraphic()) + ": " + needed + " px high in a cell with room for " + room);
            }
        }
        if (node instanceof javafx.scene.Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collectCut(child, cut));
        }
    }

    /** A node as a failure names it: its text, or its texts', when it is or holds labels. */
    private static String describe(Node node) {
        if (node instanceof Labeled labeled) {
            return labeled.getText();
        }
        return node.lookupAll(".label").stream().map(label -> ((Labeled) label).getText()).toList().toString();
    }

    /** The text the Labeled's skin displays: its Text child's, or null before the skin lays it out. */
    private static String displayed(Labeled labeled) {
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text) {
                return text.getText();
            }
        }
        return null;
    }

    private static boolean visibleUpwards(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
