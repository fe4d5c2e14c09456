package dev.ingresslab.gui;

import dev.ingresslab.core.SampleOutcome;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Samples: the chapter's steps in order, each with its YAML, what it shows, Apply/Delete with progress, and the
 * URLs to try once applied; a mistake shows the API server's message and the fix.
 */
final class SamplesView extends BuiltOnceView {

    private final SamplesModel model;
    private final GuiContext context;
    private final ListView<SampleItem> list = new ListView<>();

    SamplesView(SamplesModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    @Override
    public void shown() {
        list.requestFocus();
    }

    @Override
    protected Node build() {
        list.setId("samples-list");
        list.setItems(model.items());
        list.setCellFactory(view -> new ListCell<>() {
            private final Label line = wrappedToWidthOf(this, view);

            @Override
            protected void updateItem(SampleItem item, boolean empty) {
                super.updateItem(item, empty);
                line.setText(empty || item == null ? "" : item.listLine());
                line.getStyleClass().remove("danger");
                if (!empty && item != null && item.mistake()) {
                    line.getStyleClass().add("danger");
                }
                setGraphic(empty || item == null ? null : line.getParent());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((observable, old, now) ->
                model.selectedProperty().set(now));
        list.setPrefWidth(330);

        Label title = new Label();
        title.setId("sample-title");
        title.getStyleClass().add("title-4");
        title.setWrapText(true);
        Label explanation = new Label();
        explanation.setId("sample-explanation");
        explanation.setWrapText(true);

        Button apply = Buttons.accent("sample-apply", "Apply", "Apply this step to the running cluster, labelled as"
                + " Ingress Lab's, and wait for its Deployments to be ready", model::apply);
        Button delete = Buttons.button("sample-delete", "Delete", "Delete this step's objects that Ingress Lab"
                + " created (yours are kept)", model::delete);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.busyProperty());
        apply.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isNull()));
        delete.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isNull()));
        HBox actions = new HBox(8, apply, delete, busy);
        actions.setAlignment(Pos.CENTER_LEFT);

        ListView<String> progress = new ListView<>(model.progress());
        progress.setId("sample-progress");
        progress.setPrefHeight(90);
        progress.setCellFactory(view -> new ListCell<>() {
            private final Label text = wrappedToWidthOf(this, view);

            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                text.setText(empty || line == null ? "" : line);
                setGraphic(empty || line == null ? null : text.getParent());
            }
        });
        // shown only when there is progress to show: an empty box under the URLs looked like a field to fill in
        progress.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.progress()));
        progress.managedProperty().bind(progress.visibleProperty());

        Label outcome = new Label();
        outcome.setId("sample-outcome");
        outcome.setWrapText(true);
        VBox urls = new VBox(4);
        urls.setId("sample-urls");

        TextArea yaml = new TextArea();
        yaml.setId("sample-yaml");
        yaml.setEditable(false);
        yaml.getStyleClass().add("yaml");
        VBox.setVgrow(yaml, Priority.ALWAYS);

        model.selectedProperty().addListener((observable, old, item) -> {
            title.setText(item == null ? "" : item.heading());
            explanation.setText(item == null ? "" : item.explanation());
            yaml.setText(item == null ? "" : item.manifest());
            delete.setVisible(item != null && !item.mistake());
            apply.setText(item != null && item.mistake() ? "Try it" : "Apply");
        });
        model.urls().addListener((javafx.collections.ListChangeListener<TryUrl>) change -> showUrls(urls));
        Runnable showOutcome = () -> {
            SampleOutcome done = model.outcomeProperty().get();
            String failed = model.failureProperty().get();
            String elsewhere = model.busyElsewhereProperty().get();
            outcome.getStyleClass().removeAll("danger", "success", "warning-text", "text-muted");
            if (!failed.isEmpty()) {
                outcome.getStyleClass().add("danger");
                outcome.setText(failed);
            } else if (done != null) {
                outcome.setText(describe(done));
                // a mistake refused as the chapter shows is the expected outcome, but still a refusal: amber
                outcome.getStyleClass().add(done.apiServerMessage().isPresent() ? "warning-text"
                        : done.succeeded() ? "success" : "danger");
            } else {
                outcome.setText(elsewhere);
                outcome.getStyleClass().add("text-muted");
            }
        };
        model.outcomeProperty().addListener((observable, old, done) -> showOutcome.run());
        model.failureProperty().addListener((observable, old, text) -> showOutcome.run());
        model.busyElsewhereProperty().addListener((observable, old, text) -> showOutcome.run());

        VBox detail = new VBox(10, title, explanation, actions, outcome, urls, progress, yaml);
        detail.setPadding(new Insets(12));
        Node none = EmptyState.of("Pick a step", "The chapter's steps, in its order: select one to see its YAML"
                + " and what it shows, then Apply it to the running cluster and try its URLs.", null);
        javafx.scene.layout.StackPane pane = new javafx.scene.layout.StackPane(detail, none);
        detail.visibleProperty().bind(model.selectedProperty().isNotNull());
        none.visibleProperty().bind(model.selectedProperty().isNull());
        SplitPane split = new SplitPane(list, pane);
        split.setDividerPositions(0.3);
        split.setId("samples-view");
        return split;
    }

    private void showUrls(VBox urls) {
        urls.getChildren().clear();
        for (TryUrl url : model.urls()) {
            Hyperlink link = new Hyperlink(url.url());
            link.setOnAction(event -> context.openInBrowser(url.url()));
            Button copy = Buttons.button(null, "Copy as curl", null, () -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(url.curl());
                Clipboard.getSystemClipboard().setContent(content);
            });
            copy.getStyleClass().add("small");
            HBox line = new HBox(8, link, copy);
            line.setAlignment(Pos.CENTER_LEFT);
            urls.getChildren().add(line);
        }
        if (!urls.getChildren().isEmpty()) {
            urls.getChildren().add(0, new Label("Try:"));
        }
    }

    /** The outcome in words: what was done, or the API server's refusal and the fix. */
    static String describe(SampleOutcome done) {
        if (done.apiServerMessage().isPresent()) {
            return "The API server refused it, as in the chapter:\n" + done.apiServerMessage().get()
                    + done.fix().map(fix -> "\n\nFix: " + fix).orElse("");
        }
        return (done.succeeded() ? "Done" : "Not complete") + " in " + done.took().toMillis() / 1000.0 + " s"
                + (done.objects().isEmpty() ? "" : ": " + String.join(", ", done.objects()));
    }

    /**
     * The width a list's cells leave for the list's own scroll bar and padding, in px (AtlantaFX: an 8 px bar and the
     * cells' padding, with slack).
     */
    private static final double LIST_CHROME = 30;

    /**
     * A label for {@code cell} of {@code list}, wrapped to the list's width and as tall as its lines, in a box that is
     * the cell's graphic: the cell takes the list's width instead of asking for its text's, and the box asks the
     * label's height at that width. A cell's own wrapped text was measured at another width than it was shown at,
     * and its third line onwards was cut to "…"; a label as the graphic was measured one line short.
     */
    private static Label wrappedToWidthOf(ListCell<?> cell, ListView<?> list) {
        cell.setPrefWidth(0);
        Label label = new Label();
        label.setWrapText(true);
        label.setMinWidth(0);
        label.prefWidthProperty().bind(list.widthProperty().subtract(LIST_CHROME));
        label.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(label);
        box.setMinWidth(0);
        box.setMaxWidth(Region.USE_PREF_SIZE);
        box.prefWidthProperty().bind(label.prefWidthProperty());
        return label;
    }
}
