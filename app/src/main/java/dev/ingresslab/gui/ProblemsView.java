package dev.ingresslab.gui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

import java.util.List;

/**
 * Problems: the findings about the Ingresses and what went wrong while running, each linked to the object it concerns,
 * named with its kind ({@code Ingress default/web}, {@code HTTPRoute default/web}).
 */
final class ProblemsView extends BuiltOnceView {

    /** The local time of day: a session's problems are minutes or hours old, rarely days. */
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    private final ProblemsModel model;
    private final GuiContext context;

    ProblemsView(ProblemsModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    @Override
    protected Node build() {
        TableView<ProblemsModel.Problem> table = new TableView<>(model.problems());
        table.setId("problems-table");
        TableColumn<ProblemsModel.Problem, String> time = new TableColumn<>("Time");
        time.setId("problems-time");
        time.setPrefWidth(90);
        time.setCellValueFactory(cell -> new ReadOnlyStringWrapper(TIME.format(cell.getValue().at())));
        TableColumn<ProblemsModel.Problem, String> kind = new TableColumn<>("Kind");
        kind.setPrefWidth(80);
        kind.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().severity()));
        TableColumn<ProblemsModel.Problem, String> ingress = new TableColumn<>("Object");
        ingress.setPrefWidth(220);
        ingress.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().object()));
        ingress.setCellFactory(column -> new TableCell<>() {
            /** One link per cell, kept across updates: a click is never lost to a link replaced under it. */
            private final Hyperlink link = new Hyperlink();

            {
                link.setOnAction(event -> {
                    ProblemsModel.Problem problem = getTableRow() == null ? null : getTableRow().getItem();
                    if (problem != null) { // the row's kind too: an Ingress and an HTTPRoute can share a name
                        context.revealObject(problem.kind(), problem.ingress());
                    }
                });
            }

            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                if (empty || name == null || name.isEmpty()) {
                    setGraphic(null);
                    return;
                }
                link.setText(name);
                link.setTooltip(new javafx.scene.control.Tooltip("Show " + name + "'s routes, with its YAML"));
                setGraphic(link);
            }
        });
        TableColumn<ProblemsModel.Problem, String> text = new TableColumn<>("Problem, and what to do");
        text.setPrefWidth(700);
        text.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().text()));
        ViewParts.wrapping(text);
        table.getColumns().add(time);
        table.getColumns().add(kind);
        table.getColumns().add(ingress);
        table.getColumns().add(text);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox box = new VBox(table);
        // time, kind and object never cut (short texts, never worth a tooltip; the object is the link to its
        // routes): each as wide as its longest text, the problem's text wraps in what is left
        ObservableValue<Font> font = ViewParts.themeFont(box);
        ViewParts.keepWhole(table, font, List.of(time, kind));
        ViewParts.keepWhole(table, font, List.of(ingress), ViewParts.LINK_PADDING);
        table.setPlaceholder(EmptyState.of("No problems", "Findings about your Ingresses (a missing Service, a"
                + " conflict lost, a class not served), the cluster's Events about them, and what goes wrong while"
                + " running appear here.", null));
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        box.setId("problems-view");
        return box;
    }
}
