package dev.ingresslab.gui;

import dev.ingresslab.core.hosts.ExactUrl;
import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.HostsStatus;
import dev.ingresslab.hosts.Mapping;
import javafx.scene.Node;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Hosts: the names the served Ingresses need, what the hosts file has for each (in the Ingress Lab block, mapped
 * elsewhere and by which line, missing), the exact URL to open, Sync and Clean, "keep in sync while running", and
 * the wildcard hosts with why a hosts file cannot hold them and the names seen in requests.
 */
final class HostsView extends BuiltOnceView {

    private final HostsModel model;
    private final GuiContext context;

    HostsView(HostsModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    /** The view's model (tests give it their escalator). */
    HostsModel model() {
        return model;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    protected Node build() {
        Label file = new Label();
        file.setId("hosts-file");
        file.setWrapText(true);
        file.getStyleClass().add("text-muted");

        Button sync = Buttons.disabledWhile(Buttons.accent("hosts-sync", "Sync", "Make the Ingress Lab block of the"
                + " hosts file map exactly these names, each to 127.0.0.1 and ::1; the system asks once for your"
                + " password when the file needs it", model::sync), model.busyProperty());
        Button clean = Buttons.disabledWhile(Buttons.button("hosts-clean", "Clean", "Remove the Ingress Lab block"
                + " (markers included); nothing else in the file changes", model::clean), model.busyProperty());
        CheckBox keep = new CheckBox("Keep in sync while running");
        keep.setId("hosts-keep");
        keep.setTooltip(new Tooltip("While a session runs, write each change of its names to the block, 2 s after"
                + " the last change of a burst: one write, and one password prompt at most, per change"));
        keep.selectedProperty().bindBidirectional(model.keepInSyncProperty());
        HBox top = ViewParts.titleBar("Hosts", model.busyProperty(), sync, clean, keep);

        TableView<HostsReport.Row> table = new TableView<>(model.rows());
        table.setId("hosts-table");
        TableColumn<HostsReport.Row, String> name = ViewParts.textColumn("Name", 170, row -> row.name().name());
        TableColumn<HostsReport.Row, String> url = ViewParts.textColumn("URL to open", 240, HostsReport.Row::url);
        url.setId("hosts-url-column");
        url.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                if (empty || text == null) {
                    setGraphic(null);
                    return;
                }
                Hyperlink link = new Hyperlink(text);
                link.setTooltip(new Tooltip(text + "\nOpens in your browser"));
                link.setOnAction(event -> context.openInBrowser(text));
                setGraphic(link);
            }
        });
        TableColumn<HostsReport.Row, String> state = ViewParts.textColumn("In the hosts file", 150,
                HostsView::state);
        // the other lines of the file that map the name (a short header: at 1000 px every header must fit)
        TableColumn<HostsReport.Row, String> others = ViewParts.textColumn("Other lines", 200,
                HostsView::others);
        TableColumn<HostsReport.Row, String> from = ViewParts.textColumn("From", 200, HostsView::from);
        table.getColumns().setAll(List.of(name, url, state, from, others));
        // the URL is what the user came for: next to the name and never cut; the state, the name (in the URL too)
        // and the objects whole while the table has room, in that order; who else maps the name (it may be long)
        // narrows first, down to its header; each cell's whole text is in its tooltip (a label's font: the theme's)
        ObservableValue<Font> font = file.fontProperty();
        ViewParts.keepHeadersWhole(font, List.of(others));
        ViewParts.keepWhole(table, font, List.of(url), ViewParts.LINK_PADDING);
        ViewParts.keepWholeWhileRoom(table, font, state, name, from);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // as tall as its rows (a header and at least three rows' room), so the notes below stay in sight
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(model.rows()).multiply(38).add(40)
                .map(height -> Math.max(150, height.doubleValue())));
        Button routes = Buttons.button(null, "Open Routes", null, () -> context.show("routes"));
        Node notRunning = EmptyState.of("Nothing is running", "Press Start in the bar above: the names the running"
                + " Ingresses need appear here, with what the hosts file has for each.", null);
        Node noNames = EmptyState.of("No host names needed", "The served Ingresses name no precise host (or none is"
                + " served yet): rules without a host are reached at 127.0.0.1 with no entry.", routes);
        Runnable placeholder = () -> table.setPlaceholder(context.session().sessionProperty().get() == null
                ? notRunning : noNames);
        context.session().sessionProperty().addListener((observable, old, now) -> placeholder.run());
        placeholder.run();

        Label change = ViewParts.wrapped("hosts-change", "");
        Label message = ViewParts.wrapped("hosts-message", "");
        message.textProperty().bind(model.messageProperty());
        message.getStyleClass().add("success");
        Label problem = ViewParts.wrapped("hosts-problem", "");
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add("danger");
        Label stale = ViewParts.wrapped("hosts-stale", "");
        Label anyHost = ViewParts.wrapped("hosts-any", "");
        anyHost.getStyleClass().add("text-muted");
        VBox wildcards = new VBox(6);
        wildcards.setId("hosts-wildcards");
        model.wildcards().addListener((javafx.collections.ListChangeListener<WantedHosts.Wildcard>) c ->
                showWildcards(wildcards));

        model.reportProperty().addListener((observable, old, now) -> {
            if (now == null) {
                return;
            }
            file.setText("Hosts file " + now.file() + (now.plan().current().exists() ? "" : " (it does not exist"
                    + " yet)") + ".  " + (now.httpPort() == ExactUrl.HTTP_DEFAULT_PORT ? "The proxy listens on port"
                    + " 80, so the URLs name no port." : "The proxy listens on port " + now.httpPort() + ": a hosts"
                    + " entry maps a name, never a port, so open the URLs as shown, port included."));
            change.setText(model.pendingChange().map(text -> "Sync would change " + text).orElse(
                    now.rows().isEmpty() ? "" : "The block is up to date."));
            stale.setText(now.stale().isEmpty() ? "" : "In the block, no longer served: " + String.join(", ",
                    now.stale()) + (context.session().sessionProperty().get() == null ? " (Clean removes the block)"
                    : " (Sync removes them)"));
            anyHost.setText(now.wanted().anyHost() ? "Rules without a host (and defaultBackends) take any name: "
                    + ExactUrl.http("127.0.0.1", now.httpPort(), "/") + " reaches them with no entry." : "");
            now.wanted().refused().forEach(refused -> anyHost.setText(anyHost.getText() + "\n" + refused.name()
                    + " is not for the hosts file: " + refused.reason()));
        });

        ScrollPane scroll = ViewParts.page("hosts-view", top, file, table, change, message, problem, stale,
                wildcards, anyHost);
        // the file is re-read when it changes outside the window only while this view is in front of a showing
        // window: another view in front takes this one out of the scene
        scroll.sceneProperty().flatMap(javafx.scene.Scene::windowProperty)
                .flatMap(javafx.stage.Window::showingProperty).orElse(false)
                .addListener((observable, was, showing) -> model.watchFile(showing));
        return scroll;
    }

    private void showWildcards(VBox box) {
        box.getChildren().clear();
        for (WantedHosts.Wildcard wildcard : model.wildcards()) {
            Label heading = new Label(wildcard.pattern() + "  (" + wildcard.ingresses().stream()
                    .map(WantedHosts::kindAndName).collect(Collectors.joining(", ")) + ")");
            heading.getStyleClass().add("title-4");
            Label text = ViewParts.wrapped(null, wildcard.explanation());
            VBox one = new VBox(2, heading, text);
            one.getStyleClass().add("hosts-wildcard");
            box.getChildren().add(one);
        }
    }

    /** The state in a few words; who else maps it is the next column. */
    private static String state(HostsReport.Row row) {
        return switch (row.status().state()) {
            case IN_BLOCK -> "in the block";
            case ABSENT -> "missing";
            case ELSEWHERE -> "mapped elsewhere" + (row.status().inBlock() ? " (and in the block)" : "");
        };
    }

    /** Who else maps the name: each line outside the block, with its address. */
    private static String others(HostsReport.Row row) {
        HostsStatus status = row.status();
        if (status.elsewhere().isEmpty()) {
            return "";
        }
        return status.elsewhere().stream().map(HostsView::line).collect(Collectors.joining("; "))
                + (status.reachesIngressLab() ? "" : " — does not reach Ingress Lab: edit that line by hand");
    }

    private static String line(Mapping mapping) {
        return "line " + mapping.line() + ": " + mapping.address();
    }

    /** The objects whose rules name the host, each with its kind: {@code Ingress default/web, HTTPRoute default/web}. */
    private static String from(HostsReport.Row row) {
        return row.name().ingresses().stream().map(WantedHosts::kindAndName).collect(Collectors.joining(", "));
    }
}
