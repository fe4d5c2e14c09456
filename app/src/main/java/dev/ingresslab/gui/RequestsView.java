package dev.ingresslab.gui;

import dev.ingresslab.core.requests.InvalidReplayException;
import dev.ingresslab.core.requests.OriginalRequest;
import dev.ingresslab.core.requests.ProxyAnswers;
import dev.ingresslab.core.requests.RecordUrls;
import dev.ingresslab.core.requests.ReplayRequest;
import dev.ingresslab.core.requests.RequestDetails;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.TraceEntry;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Requests view (ngrok's inspector, joined to the routes): a live table of the requests the proxy served
 * (time, method, scheme, host, path, status badge, rule, backend, endpoint, ms), a filter box (Ctrl/Cmd-F), a details pane
 * (request, response, the decision and the trace of every candidate, timings; the rule links to Routes), an inline
 * Replay editor, and HAR export of the selection or of all shown rows.
 */
final class RequestsView implements LabView {

    private final RequestsModel model;
    private final Consumer<Origin> revealRoute;
    private BiFunction<Window, String, Optional<Path>> chooseHarFile;
    private final ZoneId zone = ZoneId.systemDefault();
    private final BorderPane root = new BorderPane();
    private final TableView<RequestRecord> table = new TableView<>();
    /** The request the open replay editor was opened on, or null; its title. */
    private RequestRecord editorOriginal;
    private Label editorTitle;

    /** A row of a session stopped since the window opened. */
    private static final javafx.css.PseudoClass EARLIER_SESSION = javafx.css.PseudoClass.getPseudoClass(
            "earlier-session");

    /** The widest the Host column grows to fit the hosts shown, in px: a longer host is cut (whole in the details). */
    private static final double HOST_WIDTH_LIMIT = 260;
    /** Room kept for the table's vertical scroll bar, in px. */
    private static final double SCROLL_BAR = 20;
    /** Rows of a batch looked at for new hosts: a screenful; the rest of a big batch is out of sight anyway. */
    private static final int SCREENFUL = 64;
    /** Distinct hosts measured at most (a scan of random Host headers must not grow the set without end). */
    private static final int MEASURED_HOSTS = 1_000;
    private final TextField filter = new TextField();
    private final VBox details = new VBox(2);
    private final VBox editor = new VBox(6);
    private final Label note = new Label();

    /**
     * @param revealRoute   shows a route in the Routes view
     * @param chooseHarFile asks where to save a HAR file (a file chooser; tests give a temporary file), given the
     *                      window and a suggested name
     */
    RequestsView(RequestsModel model, Consumer<Origin> revealRoute,
                 BiFunction<Window, String, Optional<Path>> chooseHarFile) {
        this.model = model;
        this.revealRoute = revealRoute;
        this.chooseHarFile = chooseHarFile;
        root.setId("requests-view");
        root.getStylesheets().add(RequestsView.class.getResource("requests.css").toExternalForm());
        root.setTop(toolbar());
        SplitPane split = new SplitPane(tableArea(), detailsArea());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        note.setId("requests-note");
        note.getStyleClass().add("requests-note");
        note.textProperty().bind(model.noteProperty());
        note.setPadding(new Insets(4, 12, 6, 12));
        root.setBottom(note);
        model.stoppedSessionsProperty().addListener((observable, old, count) -> {
            table.refresh(); // the rows just marked as a stopped session's are greyed
            showDetails(table.getSelectionModel().getSelectedItem());
        });
        model.shown().addListener((javafx.collections.ListChangeListener<RequestRecord>) change -> {
            if (editorOriginal != null) {
                showEditorOriginal();
            }
        });
        model.replayedProperty().addListener((observable, old, record) -> {
            if (record != null) {
                table.getSelectionModel().clearSelection();
                table.getSelectionModel().select(record);
                table.scrollTo(record);
            }
        });
    }

    /** The sidebar's line: the view over the window's session, its rule links going to Routes. */
    static ViewEntry entry(GuiContext context) {
        return ViewEntry.of("requests", "Requests", "Every request the proxy served, with the rule that took it;"
                + " filter, replay, export as HAR.", () -> new RequestsView(context.requests(), context::revealRoute,
                RequestsView::saveDialog)).withCount(context.requests().receivedProperty());
    }

    /** The file chooser the window uses: a save dialog for {@code .har} files. */
    static Optional<Path> saveDialog(Window window, String suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export HAR");
        chooser.setInitialFileName(suggested);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTTP Archive (*.har)", "*.har"));
        return Optional.ofNullable(chooser.showSaveDialog(window)).map(java.io.File::toPath);
    }

    /** Replaces the file chooser (tests write to a temporary file instead of asking). */
    void chooseHarFileWith(BiFunction<Window, String, Optional<Path>> chooser) {
        this.chooseHarFile = chooser;
    }

    RequestsModel model() {
        return model;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        table.requestFocus();
    }

    @Override
    public boolean focusFilter() {
        filter.requestFocus();
        filter.selectAll();
        return true;
    }

    private Node toolbar() {
        Label title = new Label("Requests");
        title.getStyleClass().add("title-4");
        Label count = new Label();
        count.setId("requests-count");
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(Bindings.createStringBinding(() -> model.shown().size() + " shown of "
                + model.rows().size() + " kept · " + model.receivedProperty().get() + " since opened",
                model.shown(), model.rows(), model.receivedProperty()));
        filter.setId("requests-filter");
        filter.setPromptText("Filter: host:alpaca path:/a status:5xx rule:path-ingress is:ours, or any text ("
                + MainWindow.shortcutName() + "-F)");
        filter.setTooltip(new Tooltip("host:, path:, status: (404, 5xx, 404,503), rule:, method:, backend:,"
                + " endpoint:, id:, is:ours; other words are searched everywhere; \"quotes\" keep spaces"));
        filter.textProperty().bindBidirectional(model.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label error = new Label();
        error.setId("filter-error");
        error.getStyleClass().add("filter-error");
        error.textProperty().bind(model.filterErrorProperty());
        error.visibleProperty().bind(model.filterErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setWrapText(true);
        Button replay = Buttons.disabledWhile(Buttons.button("replay-button", "Replay…", "Edit the selected request"
                + " and send it through the proxy again (" + MainWindow.shortcutName() + "-R)",
                () -> openEditor(table.getSelectionModel().getSelectedItem())),
                table.getSelectionModel().selectedItemProperty().isNull());
        MenuItem exportSelected = new MenuItem("Selected requests…");
        exportSelected.setId("export-selected");
        exportSelected.setOnAction(event -> export(List.copyOf(table.getSelectionModel().getSelectedItems()),
                "selected"));
        MenuItem exportShown = new MenuItem("All shown requests…");
        exportShown.setId("export-shown");
        exportShown.setOnAction(event -> export(List.copyOf(model.shown()), "all shown"));
        MenuButton export = new MenuButton("Export HAR", null, exportSelected, exportShown);
        export.setId("export-har");
        export.setTooltip(new Tooltip("Save requests as a HAR 1.2 file (opens in browsers' DevTools)"));
        HBox bar = new HBox(10, title, count, filter, replay, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, bar, error);
        top.setPadding(new Insets(8, 12, 8, 12));
        root.sceneProperty().addListener((observable, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                        () -> {
                            if (root.getScene() != null && !replay.isDisabled()) { // only while in front
                                replay.fire();
                            }
                        });
            }
        });
        return top;
    }

    private Node tableArea() {
        table.setId("requests-table");
        table.setItems(model.shown());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RequestRecord, String> time = text("Time", 100, record -> RequestDetails.clock(record, zone));
        TableColumn<RequestRecord, String> method = text("Method", 80, RequestRecord::method);
        TableColumn<RequestRecord, String> scheme = text("Scheme", 76, RequestRecord::scheme);
        TableColumn<RequestRecord, String> millis = text("ms", 60,
                record -> RequestDetails.millis(record.totalMicros()));
        TableColumn<RequestRecord, String> host = text("Host", 170, RequestRecord::host);
        List<TableColumn<RequestRecord, ?>> shrinking = List.of(
                text("Path", 140, RequestDetails::path),
                text("Rule", 260, RequestRecord::route),
                text("Backend", 150, RequestRecord::backend),
                text("Endpoint", 130, RequestRecord::endpoint));
        table.getColumns().setAll(List.of(time, method, scheme, host, shrinking.get(0), statusColumn(),
                shrinking.get(1), shrinking.get(2), shrinking.get(3), millis));
        // The short columns keep their widest text whole, Host the widest host it has shown (up to a limit); the
        // others narrow with the window down to their header (their whole text is in the details pane), so that at
        // 1000 px every header is whole and in sight.
        widenToHostsShown(host);
        ViewParts.keepWholeAtLeast(filter.fontProperty(), time, List.of("00:00:00.000"));
        ViewParts.keepWholeAtLeast(filter.fontProperty(), method, List.of("OPTIONS", "CONNECT"));
        ViewParts.keepWholeAtLeast(filter.fontProperty(), scheme, List.of("https"));
        ViewParts.keepWholeAtLeast(filter.fontProperty(), millis, List.of("9999.9"));
        ViewParts.keepHeadersWhole(filter.fontProperty(), shrinking);
        Node noRequests = EmptyState.of("No requests yet", "Requests through the proxy appear here as they are"
                + " served, each with the rule that routed it. Start a session in the bar above, then open or copy"
                + " a URL from the Routes view.", null);
        Node filteredOut = EmptyState.filteredOut("requests kept", () -> filter.setText(""));
        table.placeholderProperty().bind(Bindings.createObjectBinding(() -> model.rows().isEmpty() ? noRequests
                : filteredOut, Bindings.isEmpty(model.rows())));
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, record) -> showDetails(record));
        table.setFixedCellSize(26);
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(RequestRecord record, boolean empty) {
                super.updateItem(record, empty);
                // a stopped session's rows stay below the running one's, greyed (their details say which session)
                pseudoClassStateChanged(EARLIER_SESSION, !empty && record != null
                        && model.earlierSession(record).isPresent());
            }
        });
        return table;
    }

    /**
     * Keeps {@code host} at least as wide as its header and the widest host among the rows shown, up to
     * {@link #HOST_WIDTH_LIMIT} px and to what the table's width leaves after the other columns' least widths (at
     * 1000 px a long host is cut, whole in the details pane). A session has few hosts: they are measured when a new
     * one comes among the first screenful of a batch, when the theme's font applies and when the table is resized,
     * so a batch of thousands of rows costs a few set lookups, not a text measure each.
     */
    private void widenToHostsShown(TableColumn<RequestRecord, String> host) {
        Set<String> measured = new LinkedHashSet<>();
        // never so wide that the other columns' least widths no longer fit: the table would give up its policy
        Runnable fit = () -> {
            double widest = Math.min(HOST_WIDTH_LIMIT,
                    ViewParts.wholeWidth(host.getText(), measured.stream(), filter.getFont()));
            double header = ViewParts.wholeWidth(host.getText(), Stream.empty(), filter.getFont());
            double others = table.getColumns().stream().filter(column -> column != host)
                    .mapToDouble(TableColumn::getMinWidth).sum();
            host.setMinWidth(Math.max(header, Math.min(widest, table.getWidth() - others - SCROLL_BAR)));
        };
        Consumer<List<? extends RequestRecord>> measure = rows -> {
            boolean added = false;
            for (RequestRecord record : rows.subList(0, Math.min(rows.size(), SCREENFUL))) {
                String name = record.host();
                added |= name != null && measured.size() < MEASURED_HOSTS && measured.add(name);
            }
            if (added) {
                fit.run();
            }
        };
        measure.accept(model.shown()); // the rows kept before the view opened
        model.shown().addListener((ListChangeListener<RequestRecord>) change -> {
            while (change.next()) {
                measure.accept(change.getAddedSubList());
            }
        });
        // measured again in the theme's font once the stylesheet applies it, and when the table's width changes
        filter.fontProperty().addListener((observable, old, now) -> fit.run());
        table.widthProperty().addListener((observable, old, now) -> fit.run());
        fit.run();
    }

    private static TableColumn<RequestRecord, String> text(String title, double width,
                                                            Function<RequestRecord, String> value) {
        TableColumn<RequestRecord, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false); // newest first is the order; sorting 10,000 live rows would fight the feed
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<RequestRecord, RequestRecord> statusColumn() {
        TableColumn<RequestRecord, RequestRecord> column = new TableColumn<>("Status");
        column.setPrefWidth(90);
        column.setMinWidth(88); // "404 ◆" whole
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(c -> new StatusCell());
        return column;
    }

    /** The status as a coloured badge; the proxy's own answers are outlined and say so on hover. */
    static final class StatusCell extends TableCell<RequestRecord, RequestRecord> {

        private final Label badge = new Label();
        private final Tooltip why = new Tooltip();
        /** The badge's status class and whether it is outlined as ours, as last set. */
        private String shownKind = "";
        private boolean shownOurs;

        StatusCell() {
            badge.getStyleClass().add("status-badge");
        }

        @Override
        protected void updateItem(RequestRecord record, boolean empty) {
            super.updateItem(record, empty);
            if (empty || record == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            int status = record.status();
            String kind = "status-" + Math.max(1, Math.min(5, status / 100)) + "xx";
            boolean ours = ProxyAnswers.isOurs(record);
            // each batch shifts every visible row: restyle the badge only when its class changes, since a change
            // of style class makes JavaFX resolve the badge's CSS again (most rows keep theirs: a run of 200s)
            if (!kind.equals(shownKind) || ours != shownOurs) {
                badge.getStyleClass().removeIf(style -> style.startsWith("status-") && !style.equals("status-badge")
                        || style.equals("ours"));
                badge.getStyleClass().add(kind);
                if (ours) {
                    badge.getStyleClass().add("ours");
                }
                shownKind = kind;
                shownOurs = ours;
            }
            badge.setText(ours ? status + " ◆" : Integer.toString(status));
            if (ours) {
                why.setText("Answered by Ingress Lab's proxy, not a backend: " + ProxyAnswers.why(record));
                setTooltip(why);
            } else {
                setTooltip(null);
            }
            setGraphic(badge);
        }
    }

    private Node detailsArea() {
        details.setId("request-details");
        details.setPadding(new Insets(8, 12, 8, 12));
        editor.setId("replay-editor");
        editor.setPadding(new Insets(8, 12, 8, 12));
        editor.setVisible(false);
        editor.setManaged(false);
        ScrollPane scroll = new ScrollPane(details);
        scroll.setFitToWidth(true);
        showDetails(null);
        BorderPane area = new BorderPane(scroll);
        area.setTop(editor); // above the details, never scrolled out of reach while editing
        return area;
    }

    private void showDetails(RequestRecord record) {
        details.getChildren().clear();
        if (record == null) {
            Label hint = new Label("Select a request to see its headers, the decision and its timings.");
            hint.getStyleClass().add("text-muted");
            details.getChildren().add(hint);
            return;
        }
        Label heading = new Label(record.method() + " " + RecordUrls.url(record) + "  →  "
                + RequestDetails.status(record.status()));
        heading.setId("details-heading");
        heading.getStyleClass().add("title-4");

        // the decision and its trace on the left (what Ingress Lab is for), the exchange itself on the right
        VBox decision = new VBox(2);
        VBox exchange = new VBox(2);
        for (RequestDetails.Section section : RequestDetails.of(record, zone)) {
            (section.title().equals("Decision") ? decision : exchange).getChildren().addAll(section(section, record));
        }
        decision.getChildren().addAll(traceSection(record));
        VBox heads = new VBox(2);
        heads.setId("details-headers");
        exchange.getChildren().add(heads);
        showHeads(record, heads);
        HBox.setHgrow(decision, Priority.ALWAYS);
        decision.setPrefWidth(600);
        exchange.setPrefWidth(480);
        HBox columns = new HBox(24, decision, exchange);
        details.getChildren().addAll(heading, columns);
        model.earlierSession(record).ifPresent(which -> {
            Label earlier = new Label("From " + which + ": its rule is the one that session applied; Replay sends it"
                    + " through the session running now.");
            earlier.setId("details-earlier-session");
            earlier.getStyleClass().add("text-muted");
            earlier.setWrapText(true);
            details.getChildren().add(1, earlier);
        });
    }

    /**
     * Fills {@code heads} with the request's and response's headers, parsed on a background thread (a head is up to
     * 16 KiB; the FX thread only lays out the result), unless another request was selected in the meantime.
     */
    private void showHeads(RequestRecord record, VBox heads) {
        FxThread.background(() -> RequestDetails.heads(record), sections -> {
            if (table.getSelectionModel().getSelectedItem() != record) {
                return;
            }
            for (RequestDetails.Section section : sections) {
                heads.getChildren().addAll(section(section, record));
            }
        }, error -> heads.getChildren().setAll(new Label("the headers could not be read: " + error.getMessage())));
    }

    private List<Node> section(RequestDetails.Section section, RequestRecord record) {
        Label title = new Label(section.title());
        title.getStyleClass().add("details-title");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(2);
        int row = 0;
        for (RequestDetails.Line line : section.lines()) {
            if (line.label().isEmpty()) { // a line of its own: a head's start line, or why there is none
                grid.add(value(section, line, record), 0, row, 2, 1);
                row++;
                continue;
            }
            Label label = new Label(line.label());
            label.getStyleClass().add("details-label");
            label.setMinWidth(Label.USE_PREF_SIZE);
            grid.add(label, 0, row);
            grid.add(value(section, line, record), 1, row);
            row++;
        }
        return List.of(title, grid);
    }

    private Node value(RequestDetails.Section section, RequestDetails.Line line, RequestRecord record) {
        if (section.title().equals("Decision") && line.label().equals("Rule")) {
            Optional<Origin> origin = model.originOf(record);
            if (origin.isPresent()) {
                Hyperlink link = new Hyperlink(line.value());
                link.setId("details-rule-link");
                link.setTooltip(new Tooltip("Show this rule in Routes, with its Ingress's YAML"));
                link.setOnAction(event -> revealRoute.accept(origin.get()));
                link.setPadding(Insets.EMPTY);
                return link;
            }
        }
        Label value = new Label(line.value());
        value.setWrapText(true);
        return value;
    }

    private List<Node> traceSection(RequestRecord record) {
        Label title = new Label("Trace (on the routes in force now)");
        title.getStyleClass().add("details-title");
        Optional<Decision> decision = model.explain(record);
        VBox lines = new VBox(1);
        lines.setId("details-trace");
        if (decision.isEmpty()) {
            lines.getChildren().add(new Label("no session runs: the trace needs the routes in force"));
        } else {
            Label reason = new Label(decision.get().reason());
            reason.setWrapText(true);
            lines.getChildren().add(reason);
            for (TraceEntry entry : decision.get().trace()) {
                boolean chosen = entry.verdict() == TraceEntry.Verdict.CHOSEN;
                Label line = new Label((chosen ? "✓ " : "✗ ") + entry.verdict().jsonName() + "  " + entry.object()
                        + "  " + entry.what() + ": " + entry.reason());
                line.setWrapText(true);
                line.getStyleClass().add(chosen ? "trace-chosen" : "trace-lost");
                lines.getChildren().add(line);
            }
        }
        return List.of(title, lines);
    }

    private void openEditor(RequestRecord original) {
        ReplayRequest prefilled = ReplayRequest.of(original);
        TextField method = new TextField(prefilled.method());
        method.setId("replay-method");
        method.setPrefColumnCount(7);
        TextField url = new TextField(prefilled.url().toString());
        url.setId("replay-url");
        HBox.setHgrow(url, Priority.ALWAYS);
        TextArea headers = new TextArea(prefilled.headerLines());
        headers.setId("replay-headers");
        headers.setPromptText("Name: value, one a line (Host comes from the URL)");
        // tall enough for curl's fields and a few of the user's without scrolling, not so tall as to hide the table
        headers.setPrefRowCount(Math.max(3, Math.min(6, prefilled.headers().size())));
        TextArea body = new TextArea(prefilled.body());
        body.setId("replay-body");
        body.setPromptText("body (sent with its Content-Length)");
        body.setPrefRowCount(3);
        Label missing = new Label(OriginalRequest.missing(original));
        missing.setId("replay-missing");
        missing.setWrapText(true);
        Label problem = new Label();
        problem.setId("replay-problem");
        problem.getStyleClass().add("filter-error");
        problem.setWrapText(true);
        Button send = new Button("Send");
        send.setId("replay-send");
        send.setDefaultButton(true);
        Button cancel = new Button("Close");
        cancel.setId("replay-close");
        send.setOnAction(event -> {
            try {
                ReplayRequest request = ReplayRequest.parse(method.getText(), url.getText(), headers.getText(),
                        body.getText());
                problem.setText("");
                model.replay(request, original, problem::setText);
            } catch (InvalidReplayException e) {
                problem.setText(e.getMessage());
            }
        });
        cancel.setOnAction(event -> closeEditor());
        Label title = new Label();
        title.setId("replay-title");
        title.getStyleClass().add("details-title");
        editorOriginal = original;
        editorTitle = title;
        showEditorOriginal();
        editor.getChildren().setAll(title, new HBox(8, method, url), headers, body, missing, problem,
                new HBox(8, send, cancel));
        editor.setVisible(true);
        editor.setManaged(true);
        url.requestFocus();
    }

    /**
     * The editor's title names its original and says when the table does not show it: hidden by the filter, or gone
     * past the {@link RequestsModel#CAPACITY} rows kept (then the editor closes, saying so).
     */
    private void showEditorOriginal() {
        RequestRecord original = editorOriginal;
        if (original == null) {
            return;
        }
        boolean kept = model.rows().stream().anyMatch(row -> row == original);
        if (!kept) {
            closeEditor();
            model.say("the replay editor closed: its request is no longer among the " + RequestsModel.CAPACITY
                    + " kept; select a newer one and Replay");
            return;
        }
        boolean shown = model.shown().stream().anyMatch(row -> row == original);
        editorTitle.setText("Replay through the proxy (original: " + original.route() + ")" + (shown ? ""
                : " — its row is hidden by the filter"));
    }

    private void closeEditor() {
        editorOriginal = null;
        editor.getChildren().clear();
        editor.setVisible(false);
        editor.setManaged(false);
    }

    private void export(List<RequestRecord> records, String which) {
        if (records.isEmpty()) {
            model.say("nothing to export: " + (which.equals("selected") ? "select requests first"
                    : "no request is shown (clear the filter?)"));
            return;
        }
        Window window = root.getScene() == null ? null : root.getScene().getWindow();
        chooseHarFile.apply(window, "requests.har").ifPresent(file -> model.exportHar(records, file, sentence -> { }));
    }
}
