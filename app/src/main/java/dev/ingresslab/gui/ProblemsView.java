package dev.ingresslab.gui;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/** Problems: the findings about the Ingresses and what went wrong while running, each linked to its Ingress. */
final class ProblemsView extends BuiltOnceView {

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
        TableColumn<ProblemsModel.Problem, String> kind = new TableColumn<>("Kind");
        kind.setPrefWidth(80);
        kind.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().severity()));
        TableColumn<ProblemsModel.Problem, String> ingress = new TableColumn<>("Ingress");
        ingress.setPrefWidth(220);
        ingress.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().ingress()));
        ingress.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                if (empty || name == null || name.isEmpty()) {
                    setGraphic(null);
                    return;
                }
                Hyperlink link = new Hyperlink(name);
                link.setOnAction(event -> context.revealIngress(name));
                setGraphic(link);
            }
        });
        TableColumn<ProblemsModel.Problem, String> text = new TableColumn<>("Problem, and what to do");
        text.setPrefWidth(700);
        text.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().text()));
        text.setCellFactory(column -> new TableCell<>() {
            private final Text wrapped = new Text();

            {
                wrapped.getStyleClass().add("wrapped-text");
                wrapped.wrappingWidthProperty().bind(column.widthProperty().subtract(16));
            }

            @Override
            protected void updateItem(String problem, boolean empty) {
                super.updateItem(problem, empty);
                wrapped.setText(empty || problem == null ? "" : problem);
                setGraphic(empty ? null : wrapped);
            }
        });
        table.getColumns().add(kind);
        table.getColumns().add(ingress);
        table.getColumns().add(text);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(EmptyState.of("No problems", "Findings about your Ingresses (a missing Service, a"
                + " conflict lost, a class not served) and what goes wrong while running appear here.", null));
        VBox box = new VBox(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        box.setId("problems-view");
        return box;
    }
}
