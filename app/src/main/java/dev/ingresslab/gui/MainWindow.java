package dev.ingresslab.gui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The window's layout: the cluster bar on top, the sidebar of views on the left, the selected view in the
 * content area. Views are built on first show and kept, so a view keeps its state (selection, typed text) when
 * the user switches away and back.
 */
final class MainWindow {

    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private final List<ViewEntry> entries;
    private final ListView<ViewEntry> sidebar = new ListView<>();
    private final StackPane content = new StackPane();
    private final BorderPane root = new BorderPane();
    private final Map<String, LabView> built = new HashMap<>();
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper(this, "shown", "");

    MainWindow(List<ViewEntry> entries, Node clusterBar) {
        this.entries = List.copyOf(entries);
        sidebar.setId("sidebar");
        sidebar.getItems().setAll(this.entries);
        sidebar.setCellFactory(list -> new EntryCell());
        sidebar.setPrefWidth(170);
        sidebar.getSelectionModel().selectedItemProperty().addListener((observable, old, entry) -> {
            if (entry != null) {
                bringToFront(entry);
            }
        });
        content.setId("content");
        content.getStyleClass().add("content");
        root.setTop(clusterBar);
        root.setLeft(sidebar);
        root.setCenter(content);
        root.getStyleClass().add("main-window");
    }

    Parent root() {
        return root;
    }

    /**
     * Lays {@code cover} over the content area (not the bar or the sidebar): it shows itself when it has something
     * to say (the start's progress) and is otherwise invisible and unmanaged.
     */
    void cover(Node cover) {
        root.setCenter(new StackPane(content, cover));
    }

    /** The id of the view in front ("routes"); empty before the first is shown. */
    ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Brings the view with this id to the front; an unknown id shows the first view. */
    void show(String id) {
        ViewEntry entry = entries.stream().filter(e -> e.id().equals(id)).findFirst().orElse(entries.get(0));
        sidebar.getSelectionModel().select(entry);
    }

    /**
     * Ctrl-1… (Cmd-1… on macOS: {@link KeyCombination#SHORTCUT_DOWN}) selects the views in sidebar order; Ctrl-F
     * focuses the filter of the view in front.
     */
    void installShortcuts(Scene scene) {
        for (int i = 0; i < entries.size() && i < DIGITS.length; i++) {
            String id = entries.get(i).id();
            scene.getAccelerators().put(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN),
                    () -> show(id));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                this::focusFilter);
    }

    /** The view with this id once it has been shown, else null (tests reach a view's model through it). */
    LabView view(String id) {
        return built.get(id);
    }

    /** Ctrl-F: the filter of the view in front, if it has one. */
    void focusFilter() {
        LabView view = built.get(shown.get());
        if (view != null) {
            view.focusFilter();
        }
    }

    private void bringToFront(ViewEntry entry) {
        LabView view = built.computeIfAbsent(entry.id(), id -> entry.view().get());
        content.getChildren().setAll(view.node());
        shown.set(entry.id());
        view.shown();
    }

    /** A sidebar line: the title, muted for a planned view, with the entry's tooltip. */
    private final class EntryCell extends ListCell<ViewEntry> {

        @Override
        protected void updateItem(ViewEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                getStyleClass().remove("planned");
                return;
            }
            int index = entries.indexOf(entry);
            Label title = new Label(entry.title());
            title.setId("view-" + entry.id());
            setGraphic(entry.count() == null ? title : withCount(title, entry));
            setText(null);
            String key = index < DIGITS.length ? " (" + shortcutName() + "-" + (index + 1) + ")" : "";
            setTooltip(new Tooltip(entry.tooltip() + key));
            if (entry.planned()) {
                if (!getStyleClass().contains("planned")) {
                    getStyleClass().add("planned");
                }
                title.getStyleClass().add("text-muted");
            } else {
                getStyleClass().remove("planned");
            }
        }
    }

    /**
     * The title with its count at the right ("Requests  128"). The count's model updates it on the FX thread, at
     * most once per journal batch (20 a second), never once per request.
     */
    private static Node withCount(Label title, ViewEntry entry) {
        Label count = new Label();
        count.setId("count-" + entry.id());
        count.getStyleClass().addAll("text-muted", "sidebar-count");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> String.valueOf(entry.count().getValue().longValue()), entry.count()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox line = new HBox(6, title, gap, count);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    /** "Cmd" on macOS, "Ctrl" elsewhere: what {@link KeyCombination#SHORTCUT_DOWN} means there. */
    static String shortcutName() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac") ? "Cmd"
                : "Ctrl";
    }
}
