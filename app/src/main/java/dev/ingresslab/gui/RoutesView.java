package dev.ingresslab.gui;

import dev.ingresslab.core.IngressYaml;
import dev.ingresslab.core.SessionSnapshot.RouteView;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Routes: every route as host → path (type) → Service:port → endpoints ready/total, with its origin and warnings;
 * the selected route's Ingress YAML with the route's lines highlighted, and its URL to open in the browser or copy
 * as a curl command.
 */
final class RoutesView extends BuiltOnceView {

    private final RoutesModel model;
    private final GuiContext context;
    /** The least width of the From column, in px: its header and about 20 characters of its text. */
    static final double FROM_LEAST = 200;

    private final TextField filter = new TextField();

    RoutesView(RoutesModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    /** The view-model (tests read it). */
    RoutesModel model() {
        return model;
    }

    @Override
    public void shown() {
        filter.requestFocus();
    }

    @Override
    public boolean focusFilter() {
        filter.requestFocus();
        filter.selectAll();
        return true;
    }

    @Override
    protected Node build() {
        filter.setId("routes-filter");
        filter.setPromptText("Filter: host, path, Service, Ingress or HTTPRoute (" + MainWindow.shortcutName() + "-F)");
        filter.textProperty().bindBidirectional(model.filterProperty());

        TableView<RouteView> table = new TableView<>(model.routes());
        table.setId("routes-table");
        TableColumn<RouteView, String> host = ViewParts.textColumn("Host", 180, RouteView::host);
        TableColumn<RouteView, String> path = ViewParts.textColumn("Path", 80, RoutesView::path);
        TableColumn<RouteView, String> type = ViewParts.textColumn("Type", 125, RouteView::pathType);
        TableColumn<RouteView, String> backend = ViewParts.textColumn("Backend", 135, RouteView::backend);
        TableColumn<RouteView, String> endpoints = endpointsColumn();
        TableColumn<RouteView, String> warnings = ViewParts.textColumn("Warnings", 200, RoutesView::warnings);
        TableColumn<RouteView, String> from = ViewParts.textColumn("From", 330, RoutesView::origin);
        from.setId("routes-from");
        table.getColumns().addAll(List.of(host, path, type, backend, endpoints, warnings, from));
        // what a route is (host, path, type, backend, ready endpoints) is never cut: those columns are as wide as their
        // longest text, measured when the routes change; Warnings and From share the rest (whole in the tooltips and
        // in the pane below), and From steps aside when the rest cannot hold its header and a useful part of it
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        ViewParts.keepWhole(table, filter.fontProperty(), List.of(host, path, type, backend, endpoints));
        ViewParts.keepHeadersWhole(filter.fontProperty(), List.of(warnings, from));
        from.visibleProperty().bind(Bindings.createBooleanBinding(() -> table.getWidth() - ViewParts.SCROLL_BAR
                - Stream.of(host, path, type, backend, endpoints).mapToDouble(TableColumn::getMaxWidth).sum()
                - warnings.getMinWidth() >= FROM_LEAST, table.widthProperty(), host.maxWidthProperty(),
                path.maxWidthProperty(), type.maxWidthProperty(), backend.maxWidthProperty(),
                endpoints.maxWidthProperty(), warnings.minWidthProperty()));
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> {
            if (now != model.selectedProperty().get()) {
                model.selectedProperty().set(now);
            }
        });
        model.selectedProperty().addListener((observable, old, now) -> {
            if (now != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(now);
            }
            if (now != null) {
                table.scrollTo(now);
            }
        });
        Button samples = Buttons.button(null, "Open the chapter's samples", null, () -> context.show("samples"));
        Node notRunning = EmptyState.of("Nothing is running", "Press Start in the bar above: on the sandbox, Ingress"
                + " Lab runs the chapter's services with its host and path Ingresses, and their routes appear here.",
                null);
        Node noIngresses = EmptyState.of("No Ingresses yet", "Apply the chapter's samples (services first, then"
                + " host and path), or your own Ingresses with kubectl: their routes appear here.", samples);
        Node filteredOut = EmptyState.filteredOut("routes", () -> filter.setText(""));
        Runnable placeholder = () -> table.setPlaceholder(context.session().sessionProperty().get() == null
                ? notRunning : model.allRoutes().isEmpty() ? noIngresses : filteredOut);
        context.session().sessionProperty().addListener((observable, old, now) -> placeholder.run());
        model.allRoutes().addListener((javafx.collections.ListChangeListener<RouteView>) change -> placeholder.run());
        placeholder.run();

        VBox top = new VBox(8, filter, table);
        VBox.setVgrow(table, javafx.scene.layout.Priority.ALWAYS);
        top.setPadding(new Insets(10));

        SplitPane split = new SplitPane(top, details());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        split.setId("routes-view");
        return split;
    }

    private Node details() {
        Label title = new Label();
        title.setId("route-title");
        title.getStyleClass().add("title-4");
        Label warnings = new Label();
        warnings.setId("route-warnings");
        warnings.setWrapText(true);
        warnings.getStyleClass().add("warning-text");
        warnings.managedProperty().bind(warnings.textProperty().isNotEmpty());
        warnings.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Hyperlink link = new Hyperlink();
        link.setId("route-url");
        // its action is the selected route's, set when one is selected
        Button copy = Buttons.button("copy-curl", "Copy as curl", "A curl command that sends this request through the"
                + " proxy as typed: --resolve points the host at 127.0.0.1, so no hosts-file entry is needed; for a host"
                + " served over https, --cacert trusts Ingress Lab's local CA", null);
        Label hostsNote = new Label();
        hostsNote.setId("hosts-note");
        hostsNote.setWrapText(true);
        hostsNote.getStyleClass().add("text-muted");
        hostsNote.managedProperty().bind(hostsNote.textProperty().isNotEmpty());
        hostsNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Hyperlink openHosts = new Hyperlink("Open Hosts");
        openHosts.setId("open-hosts");
        openHosts.setOnAction(event -> context.show("hosts"));
        openHosts.visibleProperty().bind(hostsNote.textProperty().isNotEmpty());
        openHosts.managedProperty().bind(openHosts.visibleProperty());
        HBox tryIt = new HBox(8, link, copy);
        tryIt.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        ListView<String> yaml = new ListView<>();
        yaml.setId("route-yaml");
        yaml.getStyleClass().add("yaml");
        yaml.setCellFactory(list -> new YamlLine());
        yaml.setFixedCellSize(19);
        Label yamlProblem = new Label();
        yamlProblem.textProperty().bind(model.yamlProblemProperty());
        yamlProblem.getStyleClass().add("danger");
        yamlProblem.managedProperty().bind(yamlProblem.textProperty().isNotEmpty());

        VBox box = new VBox(6, title, warnings, tryIt, hostsNote, openHosts, yamlProblem, yaml);
        VBox.setVgrow(yaml, javafx.scene.layout.Priority.ALWAYS);
        box.setPadding(new Insets(10));
        StackPane pane = new StackPane(box);
        Node none = EmptyState.of("Select a route", "Its Ingress's (or HTTPRoute's) YAML appears here with the"
                + " route's lines highlighted, with the URL to open and a curl command to copy.", null);
        pane.getChildren().add(none);
        box.visibleProperty().bind(model.selectedProperty().isNotNull());
        none.visibleProperty().bind(model.selectedProperty().isNull());

        model.selectedProperty().addListener((observable, old, route) -> {
            if (route == null) {
                return;
            }
            title.setText(route.host() + " " + (route.path().isEmpty() ? "" : route.path() + " (" + route.pathType()
                    + ") ") + "→ " + route.backend() + "   from " + origin(route));
            warnings.setText(String.join("\n", route.warnings()));
            Optional<TryUrl> url = TryUrl.of(route.host(), route.path(), route.pathType(), model.listeners());
            link.setText(url.map(TryUrl::url).orElse("no URL: the path is a regular expression"));
            link.setDisable(url.isEmpty() || model.httpPort() == 0);
            copy.setDisable(url.isEmpty() || model.httpPort() == 0);
            link.setOnAction(event -> url.ifPresent(u -> context.openInBrowser(u.url())));
            copy.setOnAction(event -> url.ifPresent(u -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(u.curl());
                Clipboard.getSystemClipboard().setContent(content);
                copy.setText("Copied");
            }));
            copy.setText("Copy as curl");
            hostsNote.setText("");
            url.filter(TryUrl::needsHostsEntry).ifPresent(u -> FxThread.background(() -> resolvesHere(u.host()),
                    here -> {
                        if (!here && model.selectedProperty().get() == route) {
                            hostsNote.setText(u.hostsAdvice());
                        }
                    }, error -> { }));
        });
        model.yamlProperty().addListener((observable, old, now) -> {
            yaml.getItems().setAll(now == null ? List.of() : List.of(now.text().split("\n", -1)));
            scrollToHighlight(yaml);
        });
        model.highlightProperty().addListener((observable, old, now) -> {
            yaml.refresh();
            scrollToHighlight(yaml);
        });
        return pane;
    }

    /** {@code Ingress default/path-ingress rule 0 path 1}, {@code HTTPRoute default/host-route rule 0 match 0}. */
    static String origin(RouteView route) {
        return route.origin().displayWithKind();
    }

    private void scrollToHighlight(ListView<String> yaml) {
        model.highlightProperty().get().ifPresent(range -> yaml.scrollTo(Math.max(0, range.first() - 3)));
    }

    private static boolean resolvesHere(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The route's path, {@code (any)} for a route that takes every path (a defaultBackend). */
    static String path(RouteView route) {
        return route.path().isEmpty() ? "(any)" : route.path();
    }

    private static String warnings(RouteView route) {
        return String.join("; ", route.warnings());
    }

    /**
     * Ready, as {@code kubectl get deployments} says it: "ready/total" (the EndpointSlices' ready endpoints against
     * all they list), marked as a danger when none is ready (every request gets 503), as a warning when some are not,
     * with a tooltip saying what to check.
     */
    private static TableColumn<RouteView, String> endpointsColumn() {
        TableColumn<RouteView, String> column = new TableColumn<>("Ready");
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().endpointsReady() + "/"
                + cell.getValue().endpointsTotal()));
        column.setId("routes-endpoints");
        column.setCellFactory(unused -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                getStyleClass().removeAll("warning-text", "danger-text");
                RouteView row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : text);
                setTooltip(null);
                if (row == null || row.endpointsReady() == row.endpointsTotal()) {
                    return;
                }
                getStyleClass().add(row.endpointsReady() == 0 ? "danger-text" : "warning-text");
                String namespace = row.route().backend().namespace();
                setTooltip(new Tooltip((row.endpointsReady() == 0 ? "No endpoint is ready: requests get 503."
                        : (row.endpointsTotal() - row.endpointsReady()) + " endpoints are not ready: requests go"
                        + " to the ready ones only.") + " Check the Pods (kubectl -n " + namespace + " get pods)"
                        + " and the Deployment's rollout (kubectl -n " + namespace
                        + " rollout status deployment/<name>)."));
            }
        });
        return column;
    }

    /** A YAML line, marked when it is one of the selected route's lines. */
    private final class YamlLine extends ListCell<String> {
        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            setText(empty ? null : line);
            Optional<IngressYaml.LineRange> range = model.highlightProperty().get();
            int number = getIndex() + 1;
            boolean marked = !empty && range.isPresent() && number >= range.get().first()
                    && number <= range.get().last();
            getStyleClass().remove("highlighted");
            if (marked) {
                getStyleClass().add("highlighted");
            }
        }
    }
}
