package dev.ingresslab.gui;

import dev.ingresslab.convert.Untranslatable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Convert (#19 point 4): the Ingresses on the left and the Gateway and HTTPRoutes they convert to on the right, both
 * read-only YAML (copyable; Save as… writes the right side where the user chooses); placing the caret in an Ingress
 * selects the HTTPRoute it became, and the other way round. Under them, what could not be converted and the
 * behaviour check: a banner saying whether the two decide every probe request alike, and each request they decide
 * differently, as {@code ingress-lab convert} prints it.
 */
final class ConvertView extends BuiltOnceView {

    private final ConvertModel model;
    private final TextArea ingresses = yamlArea("convert-ingress-yaml");
    private final TextArea gateway = yamlArea("convert-gateway-yaml");
    private final ReadOnlyStringWrapper link = new ReadOnlyStringWrapper("");
    private ManifestDialogs dialogs = ManifestDialogs.SYSTEM;

    ConvertView(ConvertModel model) {
        this.model = model;
    }

    /** The view-model (tests drive it and read it). */
    ConvertModel model() {
        return model;
    }

    /** Tests answer the file dialogs for the user. */
    void dialogs(ManifestDialogs answers) {
        this.dialogs = Objects.requireNonNull(answers);
    }

    @Override
    public void shown() {
        ingresses.requestFocus();
    }

    @Override
    protected Node build() {
        Label source = new Label();
        source.setId("convert-source");
        source.getStyleClass().add("title-4");
        source.textProperty().bind(model.sourceProperty());
        Button session = Buttons.button("convert-session", "Session's Ingresses", "Convert the Ingresses the"
                + " session routes from (what the Routes view shows), again each time they change", model::useSession);
        Button open = Buttons.button("convert-open", "Open…", "Convert manifest files instead (with the Services"
                + " they name, for port names), as `ingress-lab convert -f FILE…` does; or drop files on this view",
                () -> model.open(dialogs.openManifests(window(), "Open Ingress manifests to convert")));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button save = Buttons.disabledWhile(Buttons.button("convert-save", "Save as…", "Write the Gateway and"
                + " HTTPRoutes (the right side) to a YAML file you choose; a file that exists is replaced only if you"
                + " say so", this::saveAs), model.gatewayYamlProperty().isEmpty());
        HBox bar = new HBox(8, source, spacer, session, open, save);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label banner = new Label();
        banner.setId("convert-banner");
        banner.getStyleClass().add("convert-banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setMinHeight(Region.USE_PREF_SIZE); // whole, never an ellipsis
        banner.textProperty().bind(model.bannerProperty());
        model.verdictProperty().addListener((observable, old, now) -> style(banner, now));
        style(banner, model.verdictProperty().get());
        Label saved = new Label();
        saved.setId("convert-saved");
        saved.setWrapText(true);
        saved.setMinHeight(Region.USE_PREF_SIZE);
        saved.textProperty().bind(model.savedProperty());
        saved.managedProperty().bind(saved.textProperty().isNotEmpty());
        model.savedFailedProperty().addListener((observable, old, failed) -> {
            saved.getStyleClass().removeAll("danger", "success");
            saved.getStyleClass().add(failed ? "danger" : "success");
        });

        ingresses.textProperty().bind(model.ingressYamlProperty());
        gateway.textProperty().bind(model.gatewayYamlProperty());
        ingresses.caretPositionProperty().addListener((observable, old, now) -> {
            if (ingresses.isFocused()) {
                model.ingressAt(now.intValue()).ifPresent(this::pickRoutesOf);
            }
        });
        gateway.caretPositionProperty().addListener((observable, old, now) -> {
            if (gateway.isFocused()) {
                model.convertedFromAt(now.intValue()).ifPresent(this::pickIngress);
            }
        });
        SplitPane sides = new SplitPane(side("Ingresses", "The Ingresses read, as written", ingresses),
                side("Gateway and HTTPRoutes", "What `ingress-lab convert` prints for these Ingresses", gateway));
        sides.setDividerPositions(0.5);
        Button example = Buttons.accent("convert-empty-open", "Open…", null, open::fire);
        Node empty = EmptyState.of("No Ingress to convert", "Convert shows your Ingresses beside the Gateway and"
                + " HTTPRoutes that route alike, and checks it request by request. Apply an Ingress to the session"
                + " (the Samples view has the chapter's), or open manifest files:", example);
        empty.visibleProperty().bind(model.verdictProperty().isEqualTo(ConvertModel.Verdict.EMPTY));
        sides.visibleProperty().bind(empty.visibleProperty().not());
        StackPane sideBySide = new StackPane(sides, empty);
        Label linked = new Label();
        linked.setId("convert-link");
        linked.getStyleClass().add("text-muted");
        linked.textProperty().bind(Bindings.createStringBinding(() -> link.get().isEmpty()
                ? "Place the caret in an Ingress to select the HTTPRoute it became, or in an HTTPRoute for its"
                + " Ingress." : link.get(), link));
        VBox.setVgrow(sideBySide, Priority.ALWAYS);
        VBox top = new VBox(6, sideBySide, linked);

        SplitPane split = new SplitPane(top, results());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox box = new VBox(8, bar, banner, saved, split);
        box.setPadding(new Insets(12));
        box.setId("convert-view");
        box.getStylesheets().add(ConvertView.class.getResource("convert.css").toExternalForm());
        acceptDroppedFiles(box);
        return box;
    }

    /** Under the YAML: what could not be converted, and the requests the two decide differently. */
    private Node results() {
        ListView<Untranslatable> lost = new ListView<>(model.untranslatable());
        lost.setId("convert-untranslatable");
        lost.setCellFactory(list -> new UntranslatableCell());
        lost.setPlaceholder(new Label("Everything converted."));
        Label lostTitle = new Label();
        lostTitle.getStyleClass().add("title-4");
        lostTitle.setTooltip(new Tooltip("What the Gateway API objects do not carry, or carry with a difference, each"
                + " with what to do: what convert lists on standard error"));
        lostTitle.textProperty().bind(Bindings.createStringBinding(() -> "Not converted ("
                + model.untranslatable().size() + ")", model.untranslatable()));
        VBox.setVgrow(lost, Priority.ALWAYS);
        VBox lostBox = new VBox(4, lostTitle, lost);

        TableView<ConvertModel.DifferenceRow> table = new TableView<>(model.differences());
        table.setId("convert-differences");
        // the request and the two answers whole, wrapped: two answers may differ only in their last words, and the
        // table shares the view's width with the list beside it; why (a paragraph: wrapped, a row was taller than
        // the table) takes the rest, whole in its tooltip
        table.getColumns().add(ViewParts.wrapping(column("Request", 250, ConvertModel.DifferenceRow::request)));
        table.getColumns().add(ViewParts.wrapping(column("Ingress answer", 190, ConvertModel.DifferenceRow::ingress)));
        table.getColumns().add(ViewParts.wrapping(column("HTTPRoute answer", 150,
                ConvertModel.DifferenceRow::gateway)));
        table.getColumns().add(column("Why", 300, ConvertModel.DifferenceRow::why));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No request is decided differently."));
        Label checkTitle = new Label();
        checkTitle.getStyleClass().add("title-4");
        checkTitle.textProperty().bind(Bindings.createStringBinding(() -> "Behaviour check: requests decided"
                + " differently (" + model.differences().size() + ")", model.differences()));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox checkBox = new VBox(4, checkTitle, table);

        SplitPane results = new SplitPane(lostBox, checkBox);
        results.setDividerPositions(0.32);
        return results;
    }

    /** A side's title (short: a side is 200 px wide at least), what it holds in its tooltip, and its YAML. */
    private static Node side(String title, String tooltip, TextArea area) {
        Label label = new Label(title);
        label.getStyleClass().add("title-4");
        label.setTooltip(new Tooltip(tooltip));
        VBox.setVgrow(area, Priority.ALWAYS);
        VBox box = new VBox(4, label, area);
        box.setMinWidth(200);
        return box;
    }

    private static TextArea yamlArea(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false); // read-only, yet selectable and copyable (Ctrl-C)
        area.getStyleClass().add("convert-yaml");
        return area;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        // never narrower than its title (bold, with the sort arrow's room): a header cut to "HTTPRo…" says nothing
        column.setMinWidth(title.length() * 9 + 30);
        column.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(value.apply(
                cell.getValue())));
        column.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    private static void style(Label banner, ConvertModel.Verdict verdict) {
        banner.getStyleClass().removeAll("success", "danger", "working");
        banner.getStyleClass().add(switch (verdict) {
            case EQUIVALENT -> "success";
            case DIFFERENT, FAILED -> "danger";
            case EMPTY, WORKING -> "working";
        });
    }

    /** Selects, on the right, the HTTPRoutes the Ingress became (the first, when others lie between them). */
    private void pickRoutesOf(String ingress) {
        List<ConvertModel.Placed> routes = model.convertedFrom(ingress);
        if (routes.isEmpty()) {
            gateway.deselect();
            link.set("Ingress " + ingress + " became no HTTPRoute (see Not converted below).");
            return;
        }
        ConvertModel.Placed first = routes.get(0);
        ConvertModel.Placed last = routes.get(routes.size() - 1);
        boolean together = model.gatewayDocumentsProperty().get().indexOf(last)
                - model.gatewayDocumentsProperty().get().indexOf(first) == routes.size() - 1;
        gateway.selectRange((together ? last : first).end(), first.start()); // the caret at the start: scrolled to
        link.set("Ingress " + ingress + " → HTTPRoute " + String.join(", ", routes.stream()
                .map(placed -> placed.document().objectName()).toList()));
    }

    /** Selects, on the left, the Ingress an HTTPRoute was converted from. */
    private void pickIngress(String ingress) {
        model.ingress(ingress).ifPresent(placed -> {
            ingresses.selectRange(placed.end(), placed.start());
            link.set("HTTPRoute from Ingress " + ingress);
        });
    }

    private void saveAs() {
        dialogs.saveAs(window(), "Save the Gateway and HTTPRoutes", "gateway.yaml").ifPresent(file -> {
            boolean exists = Files.exists(file);
            if (exists && !dialogs.confirmReplace(window(), file)) {
                return;
            }
            model.save(file, exists);
        });
    }

    private void acceptDroppedFiles(Node target) {
        target.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles()) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        target.setOnDragDropped(event -> {
            boolean files = event.getDragboard().hasFiles();
            if (files) {
                model.open(event.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            event.setDropCompleted(files);
            event.consume();
        });
    }

    private javafx.stage.Window window() {
        return ingresses.getScene() == null ? null : ingresses.getScene().getWindow();
    }

    /** One thing not converted: the Ingress and field, why, and what to do. */
    private static final class UntranslatableCell extends ListCell<Untranslatable> {

        UntranslatableCell() {
            setPrefWidth(0); // the list's width, so the text wraps to it
        }

        @Override
        protected void updateItem(Untranslatable item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label where = new Label("Ingress " + item.object() + (item.field().isEmpty() ? "" : " " + item.field()));
            where.getStyleClass().add("convert-lost-where");
            where.setWrapText(true); // the list is a third of the view: a long name and field wrap, never cut
            Label why = new Label(item.why());
            why.setWrapText(true);
            Label todo = new Label("what to do: " + item.todo());
            todo.setWrapText(true);
            todo.getStyleClass().add("success");
            VBox cell = new VBox(2, where, why, todo);
            cell.setMinWidth(0);
            cell.prefWidthProperty().bind(getListView().widthProperty().subtract(30));
            where.prefWidthProperty().bind(cell.prefWidthProperty());
            where.setMinHeight(Region.USE_PREF_SIZE);
            why.prefWidthProperty().bind(cell.prefWidthProperty());
            todo.prefWidthProperty().bind(cell.prefWidthProperty());
            why.setMinHeight(Region.USE_PREF_SIZE);
            todo.setMinHeight(Region.USE_PREF_SIZE);
            setText(null);
            setGraphic(cell);
        }
    }
}
