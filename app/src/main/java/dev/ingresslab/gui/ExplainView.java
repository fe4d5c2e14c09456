package dev.ingresslab.gui;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.TraceEntry;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/**
 * Explain: type a URL (method and headers optional) and see what the proxy would do with it, every candidate's
 * verdict and why, and the winning route in Routes.
 */
final class ExplainView extends BuiltOnceView {

    private final ExplainModel model;
    private final GuiContext context;
    private final TextField url = new TextField();

    ExplainView(ExplainModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    @Override
    public void shown() {
        url.requestFocus();
    }

    @Override
    protected Node build() {
        ComboBox<String> method = new ComboBox<>();
        method.setId("explain-method");
        method.getItems().setAll(ExplainModel.METHODS);
        method.setEditable(true);
        method.valueProperty().bindBidirectional(model.methodProperty());
        method.setPrefWidth(110);
        url.setId("explain-url");
        url.textProperty().bindBidirectional(model.urlProperty());
        url.setPromptText("http://alpaca.example.com/a/");
        url.setOnAction(event -> model.explain());
        HBox.setHgrow(url, Priority.ALWAYS);
        Button explain = Buttons.disabledWhile(Buttons.accent("explain-run", "Explain", "Which rule takes this"
                + " request and why (Enter); nothing is sent", model::explain), model.busyProperty());
        explain.setDefaultButton(true);
        HBox request = new HBox(8, method, url, explain);
        request.setAlignment(Pos.CENTER_LEFT);

        TextArea headers = new TextArea();
        headers.setId("explain-headers");
        headers.setPromptText("Headers, one per line (optional): Host: bandicoot.example.com");
        headers.setPrefRowCount(2);
        headers.textProperty().bindBidirectional(model.headersProperty());

        Label problem = new Label();
        problem.setId("explain-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add("danger");
        problem.textProperty().bind(model.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());

        Label verdict = new Label();
        verdict.setId("explain-decision");
        verdict.getStyleClass().add("title-4");
        verdict.setWrapText(true);
        Label reason = new Label();
        reason.setId("explain-reason");
        reason.setWrapText(true);
        Button showInRoutes = Buttons.button("show-in-routes", "Show in Routes", "Select the winning route in"
                + " Routes, with its Ingress's YAML", () -> {
                    Decision decision = model.decisionProperty().get();
                    if (decision != null && decision.route() != null) {
                        context.revealRoute(decision.route().origin());
                    }
                });
        showInRoutes.setDisable(true);

        TableView<TraceEntry> trace = new TableView<>();
        trace.setId("explain-trace");
        // the rule gets its own column: candidates of one object differ only there, and a combined column was cut
        // right where they differ. The object is named with its kind: a converted HTTPRoute keeps its Ingress's
        // name. Verdict, object and rule are as wide as their longest text (they tell the rows apart); candidate
        // and why share the rest, their headers whole and each cell's whole text in its tooltip
        TableColumn<TraceEntry, String> verdictColumn = column("Verdict", 105,
                entry -> entry.verdict().jsonName().replace('_', ' '));
        TableColumn<TraceEntry, String> object = column("Object", 170, TraceEntry::object);
        TableColumn<TraceEntry, String> rule = column("Rule", 110, ExplainView::ruleText);
        TableColumn<TraceEntry, String> candidate = column("Candidate", 250, TraceEntry::what);
        TableColumn<TraceEntry, String> why = column("Why", 300, TraceEntry::reason);
        trace.getColumns().setAll(List.of(verdictColumn, object, rule, candidate, why));
        trace.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        ViewParts.keepWhole(trace, url.fontProperty(), List.of(verdictColumn, object, rule));
        ViewParts.keepHeadersWhole(url.fontProperty(), List.of(candidate, why));
        trace.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(TraceEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                getStyleClass().removeAll("chosen", "lost");
                if (!empty && entry != null && entry.verdict() == TraceEntry.Verdict.CHOSEN) {
                    getStyleClass().add("chosen");
                }
            }
        });
        trace.setPlaceholder(EmptyState.of("Explain a request", "Type a URL above and press Enter: you see the"
                + " decision, and every rule that was considered with why it won or lost.", null));
        VBox.setVgrow(trace, Priority.ALWAYS);

        model.decisionProperty().addListener((observable, old, decision) -> {
            if (decision == null) {
                verdict.setText("");
                reason.setText("");
                trace.getItems().clear();
                showInRoutes.setDisable(true);
                return;
            }
            verdict.setText(headline(decision));
            reason.setText(decision.reason() + (decision.notes().isEmpty() ? ""
                    : "\n" + String.join("\n", decision.notes())));
            trace.getItems().setAll(decision.trace());
            showInRoutes.setDisable(decision.route() == null);
        });

        showInRoutes.setMinWidth(Region.USE_PREF_SIZE); // a long headline wraps; the button stays whole
        HBox outcome = new HBox(12, verdict, showInRoutes);
        outcome.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, request, headers, problem, outcome, reason, trace);
        box.setPadding(new Insets(12));
        box.setId("explain-view");
        return box;
    }

    /**
     * "routed (200) → default/alpaca:8080 by Ingress default/host-ingress rule 0 path 0", or "… by HTTPRoute
     * default/host-route rule 0 match 0": the kind first, as the Routes view names origins.
     */
    static String headline(Decision decision) {
        StringBuilder text = new StringBuilder(decision.outcome().jsonName().replace('_', ' '));
        text.append(" (").append(decision.status()).append(")");
        if (decision.backend() != null) {
            text.append(" → ").append(decision.backend().display());
        }
        if (decision.route() != null) {
            text.append(" by ").append(decision.route().origin().displayWithKind());
        }
        if (decision.location() != null) {
            text.append(" → ").append(decision.location());
        }
        return text.toString();
    }

    private static TableColumn<TraceEntry, String> column(String title, double width,
                                                          Function<TraceEntry, String> value) {
        TableColumn<TraceEntry, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setCellFactory(table -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    /**
     * The Rule column: {@code rule 0 path 1} (indexes in an Ingress's {@code spec.rules} and the rule's {@code
     * http.paths}), {@code rule 0 match 1} for an HTTPRoute (its {@code spec.rules} and the rule's {@code matches}, as
     * {@code Origin.display} writes it), or empty for a default backend or a whole object.
     */
    static String ruleText(TraceEntry entry) {
        if (entry.rule() == null) {
            return "";
        }
        return "rule " + entry.rule() + (entry.origin().kind().equals(Origin.HTTP_ROUTE) ? " match " : " path ")
                + entry.path();
    }

}
