package dev.ingresslab.gui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The parts the page-like views (Hosts, TLS) are built from, so that each looks and behaves alike: a title bar with a
 * busy indicator and the view's actions, a scrolling page, wrapped labels that take no room while empty, and text
 * columns whose cells carry their whole text in a tooltip.
 */
final class ViewParts {

    /**
     * A table cell's left and right padding together (AtlantaFX's 0.5em each side, 7 px at its 14 px), its 1 px
     * border and 2 px for rounding, in px.
     */
    static final double CELL_PADDING = 17;

    /** The width a table's vertical scroll bar takes from its columns (AtlantaFX's 8 px), plus slack, in px. */
    static final double SCROLL_BAR = 12;

    /** A hyperlink's own left and right padding and border together (AtlantaFX's), in px. */
    static final double LINK_PADDING = 8;

    private ViewParts() {
    }

    /**
     * The font the theme gives labels in {@code pane}, to measure texts with: the font property of a label added to
     * {@code pane} that is neither shown nor given room (a view without a label of its own to ask, such as
     * Problems; a label outside the scene would keep JavaFX's default font, not the theme's).
     */
    static ObservableValue<Font> themeFont(javafx.scene.layout.Pane pane) {
        Label probe = new Label();
        probe.setManaged(false);
        probe.setVisible(false);
        pane.getChildren().add(probe);
        return probe.fontProperty();
    }

    /**
     * The view's title at the left; at the right a busy indicator (shown while {@code busy} is true) and then
     * {@code actions}, in order.
     */
    static HBox titleBar(String title, ObservableBooleanValue busy, Node... actions) {
        Label label = new Label(title);
        label.getStyleClass().add("title-3");
        ProgressIndicator indicator = new ProgressIndicator();
        indicator.setPrefSize(18, 18);
        indicator.visibleProperty().bind(busy);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        List<Node> children = new ArrayList<>(List.of(label, spacer, indicator));
        children.addAll(List.of(actions));
        HBox bar = new HBox(10, children.toArray(Node[]::new));
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** {@code children} one under the other (8 px apart, 10 px padding), as wide as the view, scrolling down. */
    static ScrollPane page(String id, Node... children) {
        VBox box = new VBox(8, children);
        box.setPadding(new Insets(10));
        box.setId(id);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /** A section's heading inside a page. */
    static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("title-4");
        return label;
    }

    /** A label that wraps its text and is neither shown nor given room while its text is empty. */
    static Label wrapped(String id, String text) {
        Label label = new Label(text);
        if (id != null) {
            label.setId(id);
        }
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        return label;
    }

    /**
     * A column of text, {@code width} px wide to begin with, whose cells show {@code value} of their row and carry
     * the whole text in a tooltip (for when the column is too narrow for it); an empty text shows nothing.
     */
    static <R> TableColumn<R, String> textColumn(String title, double width, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                boolean none = empty || text == null || text.isEmpty();
                setText(none ? null : text);
                setTooltip(none ? null : new Tooltip(text));
            }
        });
        return column;
    }

    /**
     * Makes {@code column}'s cells show their whole text, wrapped to the column's width (the row grows as tall as
     * its tallest cell), where cutting would lose what tells the rows apart: long free text such as a problem and
     * what to do, or a request and two answers that differ in their last words.
     */
    static <R> TableColumn<R, String> wrapping(TableColumn<R, String> column) {
        column.setCellFactory(col -> new TableCell<>() {
            private final Text wrapped = new Text();

            {
                wrapped.getStyleClass().add("wrapped-text");
                wrapped.wrappingWidthProperty().bind(col.widthProperty().subtract(CELL_PADDING));
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                wrapped.setText(empty || text == null ? "" : text);
                setGraphic(empty ? null : wrapped);
            }
        });
        return column;
    }

    /** {@code column} exactly {@code width} px wide: a constrained resize policy neither widens nor narrows it. */
    static void fix(TableColumn<?, ?> column, double width) {
        column.setMinWidth(width);
        column.setMaxWidth(width);
        column.setPrefWidth(width);
    }

    /**
     * Keeps each of {@code whole} exactly as wide as its header and its longest cell text ({@link #wholeWidth} in
     * {@code font}: the font property of a label or field of the view, so the theme's text font): measured again when the table's
     * items or that font change, never per frame. Returns the measuring, for a caller that needs it run again.
     */
    static <R> Runnable keepWhole(TableView<R> table, ObservableValue<Font> font,
                                  List<TableColumn<R, String>> whole) {
        return keepWhole(table, font, whole, 0);
    }

    /**
     * {@link #keepWhole(TableView, ObservableValue, List)} for columns whose cells show their text in a control with
     * padding of its own (a {@link javafx.scene.control.Hyperlink}: {@link #LINK_PADDING}), {@code extra} px wider.
     */
    static <R> Runnable keepWhole(TableView<R> table, ObservableValue<Font> font,
                                  List<TableColumn<R, String>> whole, double extra) {
        Runnable fit = () -> {
            List<R> rows = List.copyOf(table.getItems());
            for (TableColumn<R, String> column : whole) {
                fix(column, extra + wholeWidth(column.getText(), rows.stream()
                        .map(row -> column.getCellObservableValue(row).getValue())
                        .map(text -> text == null ? "" : text), font.getValue()));
            }
        };
        table.getItems().addListener((javafx.collections.ListChangeListener<R>) change -> fit.run());
        font.addListener((observable, old, now) -> fit.run());
        fit.run();
        return fit;
    }

    /**
     * Keeps each of {@code columns} at least as wide as its header ({@link #wholeWidth} of the header alone, in
     * {@code font}), so that a constrained resize policy narrows its cells (whole in their tooltips) but never cuts
     * its header; measured again when the font changes.
     */
    static void keepHeadersWhole(ObservableValue<Font> font, List<? extends TableColumn<?, ?>> columns) {
        Runnable fit = () -> columns.forEach(column -> column.setMinWidth(wholeWidth(column.getText(), Stream.empty(),
                font.getValue())));
        font.addListener((observable, old, now) -> fit.run());
        fit.run();
    }

    /**
     * Keeps each of {@code columns} as wide as its header and its longest cell text while the table has room for that,
     * in the order given (the first is the last to be cut): each gets at least its header, and at most what the
     * table's width leaves after the scroll bar, the least widths of the table's other columns, the widths given to
     * the columns before it and the headers of those after it. A constrained resize policy then narrows the other
     * columns to their headers first, and cuts these (whole in their tooltips) only when all are down to that.
     * Measured again when the table's items or width or {@code font} change.
     */
    @SafeVarargs
    static <R> void keepWholeWhileRoom(TableView<R> table, ObservableValue<Font> font,
                                       TableColumn<R, String>... columns) {
        List<TableColumn<R, String>> ordered = List.of(columns);
        Runnable fit = () -> {
            List<R> rows = List.copyOf(table.getItems());
            double[] headers = ordered.stream()
                    .mapToDouble(column -> wholeWidth(column.getText(), Stream.empty(), font.getValue())).toArray();
            double room = table.getWidth() - SCROLL_BAR - table.getColumns().stream()
                    .filter(other -> !ordered.contains(other) && other.isVisible())
                    .mapToDouble(TableColumn::getMinWidth).sum();
            for (int at = 0; at < ordered.size(); at++) {
                TableColumn<R, String> column = ordered.get(at);
                double whole = wholeWidth(column.getText(), rows.stream()
                        .map(row -> column.getCellObservableValue(row).getValue())
                        .map(text -> text == null ? "" : text), font.getValue());
                double after = java.util.Arrays.stream(headers, at + 1, headers.length).sum();
                double width = Math.max(headers[at], Math.min(whole, room - after));
                column.setPrefWidth(whole);
                column.setMinWidth(width);
                room -= width;
            }
        };
        table.getItems().addListener((javafx.collections.ListChangeListener<R>) change -> fit.run());
        table.widthProperty().addListener((observable, old, now) -> fit.run());
        font.addListener((observable, old, now) -> fit.run());
        fit.run();
    }

    /**
     * Keeps {@code column} at least as wide as its header and the widest of {@code widestCells} (texts as wide as
     * the column's widest cell can be, e.g. a clock at 23:59:59.999), so that a constrained resize policy never
     * cuts them; measured again when the font changes. For a table too busy to measure its rows (the Requests view's
     * 10,000 live rows).
     */
    static void keepWholeAtLeast(ObservableValue<Font> font, TableColumn<?, ?> column, List<String> widestCells) {
        Runnable fit = () -> column.setMinWidth(wholeWidth(column.getText(), widestCells.stream(), font.getValue()));
        font.addListener((observable, old, now) -> fit.run());
        fit.run();
    }

    /**
     * The width in px a column needs so that neither its header nor any of {@code cells} is cut: the widest of the
     * cells in {@code font} and of the header in the bold face of that font (the theme's headers are bold, and bold
     * is never narrower), with the cell's padding ({@link #CELL_PADDING}).
     */
    static double wholeWidth(String header, Stream<String> cells, Font font) {
        Font bold = Font.font(font.getFamily(), FontWeight.BOLD, font.getSize());
        return Math.ceil(Math.max(widest(Stream.of(header), bold), widest(cells, font))) + CELL_PADDING;
    }

    private static double widest(Stream<String> texts, Font font) {
        Text measure = new Text();
        measure.setFont(font);
        return texts.mapToDouble(text -> {
            measure.setText(text);
            return measure.getLayoutBounds().getWidth();
        }).max().orElse(0);
    }
}
