package dev.ingresslab.gui;

import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.Severity;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.Comparator;
import java.util.List;

/**
 * Lint: an editor for Ingress manifests, opened from a file or pasted, checked as you type by the same checks as
 * {@code ingress-lab lint} and the sandbox's API server; the lines with findings marked in the gutter, the findings
 * beside it (click one to go to its line), Fix for the v1 form with what changed, and Apply to the session's cluster.
 */
final class LintView extends BuiltOnceView {

    private final LintModel model;
    private final GuiContext context;
    private final TextArea editor = new TextArea();

    LintView(LintModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    /** The view-model (tests drive it and read it). */
    LintModel model() {
        return model;
    }

    @Override
    public void shown() {
        editor.requestFocus();
    }

    @Override
    protected Node build() {
        Button open = Buttons.button("lint-open", "Open…", "Open a manifest file (YAML) into the editor; it is not"
                + " changed on disk", this::chooseFile);
        Button example = Buttons.button("lint-example", "Paste example", "The chapter's broken simple-ingress.yaml"
                + " (spec.service)", model::pasteExample);
        Label summary = new Label();
        summary.setId("lint-summary");
        summary.textProperty().bind(model.summaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button fix = Buttons.disabledWhile(Buttons.button("lint-fix", "Fix", "Rewrite to the networking.k8s.io/v1"
                + " form lint suggests, keeping comments and order; the changes are listed on the right", model::fix),
                Bindings.isEmpty(model.findings()));
        Button apply = new Button();
        apply.setId("lint-apply");
        apply.getStyleClass().add("accent");
        apply.textProperty().bind(Bindings.createStringBinding(() -> model.targetProperty().get().isEmpty()
                ? "Apply" : "Apply to " + model.targetProperty().get(), model.targetProperty()));
        apply.disableProperty().bind(model.targetProperty().isEmpty().or(model.applyingProperty())
                .or(model.textProperty().isEmpty()));
        apply.setOnAction(event -> model.apply());
        // a disabled button gets no mouse events, so its tooltip lives on a holder that does
        HBox applyHolder = new HBox(apply);
        Tooltip applyTip = new Tooltip();
        applyTip.textProperty().bind(Bindings.createStringBinding(() -> model.targetProperty().get().isEmpty()
                ? "No cluster runs: press Start in the bar above (the sandbox or a kubeconfig context) to apply"
                : "Send the documents to " + model.targetProperty().get() + " as kubectl apply -f does; a refusal"
                + " shows the API server's message and the fix", model.targetProperty()));
        Tooltip.install(applyHolder, applyTip);
        HBox bar = new HBox(8, open, example, summary, spacer, fix, applyHolder);
        bar.setAlignment(Pos.CENTER_LEFT);

        editor.setId("lint-editor");
        editor.textProperty().bindBidirectional(model.textProperty());
        editor.setPromptText("Paste a manifest here, or Open… a file");
        LineGutter gutter = new LineGutter(editor, this::markOf);
        model.findings().addListener((ListChangeListener<LintFinding>) change -> gutter.refresh());
        HBox.setHgrow(editor, Priority.ALWAYS);
        HBox editorBox = new HBox(gutter, editor);
        editorBox.getStyleClass().add("lint-editor");
        Node empty = EmptyState.of("Lint a manifest", "Paste YAML into this editor or Open… a file: every line"
                + " with a problem is marked as you type, with the API server's message and the fix. Try the"
                + " chapter's broken simple-ingress.yaml:", exampleButton());
        empty.visibleProperty().bind(model.textProperty().isEmpty());
        // over the editor, yet only its button takes clicks: a click elsewhere lands in the editor, to paste
        empty.setPickOnBounds(false);
        ((javafx.scene.layout.Pane) empty).getChildren().stream().filter(child -> !(child instanceof Button))
                .forEach(child -> child.setMouseTransparent(true));
        StackPane editing = new StackPane(editorBox, empty);
        VBox.setVgrow(editing, Priority.ALWAYS);
        Label atCaret = new Label();
        atCaret.setId("lint-at-caret");
        atCaret.setWrapText(true);
        atCaret.setMinHeight(Region.USE_PREF_SIZE); // whole, never an ellipsis
        atCaret.managedProperty().bind(atCaret.textProperty().isNotEmpty());
        editor.caretPositionProperty().addListener((observable, old, now) -> atCaret.setText(atLine(lineOf(now
                .intValue()))));
        model.findings().addListener((ListChangeListener<LintFinding>) change -> atCaret.setText(
                atLine(lineOf(editor.getCaretPosition()))));
        VBox left = new VBox(6, editing, atCaret);

        ListView<LintFinding> findings = new ListView<>(model.findings());
        findings.setId("lint-findings");
        findings.getStyleClass().add("lint-findings");
        findings.setCellFactory(list -> new FindingCell());
        findings.setPlaceholder(new Label("No findings"));
        findings.setOnMouseClicked(event -> {
            LintFinding chosen = findings.getSelectionModel().getSelectedItem();
            if (chosen != null) {
                goTo(chosen);
            }
        });
        VBox.setVgrow(findings, Priority.ALWAYS);
        TextArea changes = new TextArea();
        changes.setId("lint-changes");
        changes.getStyleClass().add("lint-changes");
        changes.setEditable(false);
        changes.setPrefRowCount(10);
        changes.textProperty().bind(model.changesProperty());
        changes.managedProperty().bind(model.changesProperty().isNotEmpty());
        changes.visibleProperty().bind(changes.managedProperty());
        Label outcome = new Label();
        outcome.setId("lint-outcome");
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE); // an API server's refusal whole, never an ellipsis
        outcome.textProperty().bind(model.outcomeProperty());
        outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
        model.outcomeFailedProperty().addListener((observable, old, failed) -> {
            outcome.getStyleClass().removeAll("danger", "success");
            outcome.getStyleClass().add(failed ? "danger" : "success");
        });
        VBox right = new VBox(8, findings, changes, outcome);
        right.setMinWidth(280);

        SplitPane split = new SplitPane(left, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(10, bar, split);
        box.setPadding(new Insets(12));
        box.setId("lint-view");
        box.getStylesheets().add(LintView.class.getResource("lint.css").toExternalForm());
        return box;
    }

    private Button exampleButton() {
        return Buttons.accent("lint-empty-example", "Paste the example", null, model::pasteExample);
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a manifest");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(editor.getScene().getWindow());
        if (file != null) {
            model.open(file.toPath());
        }
    }

    /** The gutter's mark for a line: its worst finding's severity, or null. */
    private String markOf(int line) {
        return model.findingsAt(line).stream().map(LintFinding::severity).min(Comparator.naturalOrder())
                .map(severity -> severity == Severity.ERROR ? "error" : "warning").orElse(null);
    }

    /** Under the editor: the findings at the caret's line, so the line being edited says what is wrong with it. */
    private String atLine(int line) {
        List<LintFinding> here = model.findingsAt(line);
        return here.stream().map(finding -> "Line " + line + ": " + finding.severity().word() + ": "
                + finding.message() + (finding.hint().isEmpty() ? "" : "\n  hint: " + finding.hint()))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** The 1-based line of a caret position. */
    private int lineOf(int position) {
        String text = editor.getText();
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Moves the caret to the finding's line and column (the line's start when the column is unknown). */
    void goTo(LintFinding finding) {
        String text = editor.getText();
        int line = Math.max(1, finding.location().line());
        int position = 0;
        for (int current = 1; current < line; current++) {
            int next = text.indexOf('\n', position);
            if (next < 0) {
                break;
            }
            position = next + 1;
        }
        int end = text.indexOf('\n', position);
        int lineEnd = end < 0 ? text.length() : end;
        position = Math.min(lineEnd, position + Math.max(0, finding.location().column() - 1));
        editor.requestFocus();
        editor.positionCaret(position);
    }

    /**
     * A finding: {@code 9:3 error} then the message, then the hint, each shown whole: the labels wrap to the list's
     * width (less its scroll bar and the cell's padding) and never shrink below the height their wrapped text needs,
     * so a long message is never cut short with an ellipsis.
     */
    private static final class FindingCell extends ListCell<LintFinding> {

        /** The list's width a cell's text may not use: the vertical scroll bar and the cell's padding. */
        private static final double CHROME = 30;

        FindingCell() {
            // the cell takes the list's width instead of asking for its text's: the labels then wrap to it
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(LintFinding finding, boolean empty) {
            super.updateItem(finding, empty);
            setText(null);
            if (empty || finding == null) {
                setGraphic(null);
                return;
            }
            String word = finding.severity().word();
            Label place = new Label((finding.location().line() > 0 ? finding.location().line()
                    + (finding.location().column() > 0 ? ":" + finding.location().column() : "") + "  " : "")
                    + word);
            place.getStyleClass().addAll("finding-place", word);
            javafx.beans.binding.DoubleBinding width = getListView().widthProperty().subtract(CHROME);
            VBox cell = new VBox(2, place, wrapped(finding.message(), "finding-message", width));
            if (!finding.hint().isEmpty()) {
                cell.getChildren().add(wrapped("hint: " + finding.hint(), "finding-hint", width));
            }
            cell.setMinWidth(0);
            cell.setMaxWidth(Region.USE_PREF_SIZE);
            cell.prefWidthProperty().bind(width);
            setGraphic(cell);
        }

        /**
         * A label wrapped to {@code width}. Its preferred width is that width, not its text's: the VBox asks a
         * child's height at the child's preferred width, and at the text's width that is one line, so the cell came
         * out a line high and cut the wrapped message and hint off.
         */
        private static Label wrapped(String text, String styleClass, javafx.beans.binding.DoubleBinding width) {
            Label label = new Label(text);
            label.getStyleClass().add(styleClass);
            label.setWrapText(true);
            label.setMinWidth(0);
            label.prefWidthProperty().bind(width);
            label.setMinHeight(Region.USE_PREF_SIZE); // its wrapped height, never an ellipsis
            return label;
        }
    }
}
