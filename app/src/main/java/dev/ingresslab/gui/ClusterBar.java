package dev.ingresslab.gui;

import dev.ingresslab.core.ClusterChoice;
import dev.ingresslab.core.SessionSnapshot;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The bar across the top of the window: the cluster picker (the sandbox first, then the kubeconfig's contexts
 * with their kind and whether their API server answers), Start/Stop, and the running session's state: connector,
 * listening port, whether this Ingress Lab holds the controller Lease, and since when the API server is gone.
 */
final class ClusterBar {

    private final HBox bar;

    ClusterBar(SessionModel model, Runnable toggleTheme) {
        ComboBox<ClusterChoice> picker = new ComboBox<>(model.choices());
        picker.setId("cluster-picker");
        picker.valueProperty().bindBidirectional(model.selectedProperty());
        picker.setCellFactory(list -> new ChoiceCell());
        picker.setButtonCell(new ChoiceCell());
        picker.setTooltip(new Tooltip("Where Ingress Lab runs: the embedded sandbox (no cluster needed), or a"
                + " kubeconfig context. The list is read when the window opens."));
        picker.disableProperty().bind(model.phaseProperty().isNotEqualTo(SessionModel.Phase.IDLE)
                .and(model.phaseProperty().isNotEqualTo(SessionModel.Phase.FAILED)));

        Button startStop = new Button();
        startStop.setId("start-stop");
        startStop.textProperty().bind(Bindings.createStringBinding(() -> switch (model.phaseProperty().get()) {
            case RUNNING, STOPPING -> "Stop";
            default -> "Start";
        }, model.phaseProperty()));
        startStop.disableProperty().bind(model.phaseProperty().isEqualTo(SessionModel.Phase.STARTING)
                .or(model.phaseProperty().isEqualTo(SessionModel.Phase.STOPPING)));
        startStop.setOnAction(event -> {
            if (model.phaseProperty().get() == SessionModel.Phase.RUNNING) {
                model.stop();
            } else {
                model.start();
            }
        });
        startStop.setTooltip(new Tooltip("Start Ingress Lab on the picked cluster (on the sandbox: what `demo`"
                + " runs), or stop it"));
        startStop.getStyleClass().add("accent");
        startStop.setMinWidth(Region.USE_PREF_SIZE); // a long state (a failure's message) shortens itself, not this
        picker.setMinWidth(Region.USE_PREF_SIZE);

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.phaseProperty().isEqualTo(SessionModel.Phase.STARTING)
                .or(model.phaseProperty().isEqualTo(SessionModel.Phase.STOPPING)));
        busy.managedProperty().bind(busy.visibleProperty());

        Label state = new Label();
        state.setId("cluster-state");
        state.textProperty().bind(Bindings.createStringBinding(() -> describe(model),
                model.phaseProperty(), model.snapshotProperty(), model.failureProperty(),
                model.selectedProperty()));
        state.setWrapText(false);
        state.setMinWidth(0);
        model.phaseProperty().addListener((observable, old, now) -> state.getStyleClass()
                .setAll(now == SessionModel.Phase.FAILED ? java.util.List.of("label", "danger")
                        : java.util.List.of("label")));
        state.tooltipProperty().bind(Bindings.createObjectBinding(() -> new Tooltip(state.getText()),
                state.textProperty()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(state, Priority.SOMETIMES);
        Button theme = new Button("◐");
        theme.setId("theme-toggle");
        theme.setTooltip(new Tooltip("Light or dark theme (remembered)"));
        theme.setOnAction(event -> toggleTheme.run());
        theme.getStyleClass().add("flat");

        bar = new HBox(10, picker, startStop, busy, state, spacer, theme);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.setId("cluster-bar");
        bar.getStyleClass().add("cluster-bar");
    }

    HBox node() {
        return bar;
    }

    /** The state in one line: "running · direct · http :8080 · controller (Lease held)". */
    static String describe(SessionModel model) {
        ClusterChoice choice = model.selectedProperty().get();
        String name = choice == null ? "a cluster" : choice.name();
        return switch (model.phaseProperty().get()) {
            case IDLE -> "not running: press Start to run Ingress Lab on " + name;
            case STARTING -> "starting on " + name + "…";
            case STOPPING -> "stopping…";
            case FAILED -> model.failureProperty().get();
            case RUNNING -> running(model.snapshotProperty().get());
        };
    }

    private static String running(SessionSnapshot snapshot) {
        if (snapshot == null) {
            return "running";
        }
        SessionSnapshot.Connection connection = snapshot.connection();
        StringBuilder text = new StringBuilder(connection.state() == SessionSnapshot.State.DISCONNECTED
                ? "disconnected" : "running");
        connection.disconnectedSince().ifPresent(since -> text.append(" since ").append(since));
        if (!connection.context().isEmpty()) {
            text.append(" · ").append(connection.context());
        }
        if (!connection.connector().isEmpty()) {
            text.append(" · ").append(connection.connector());
        }
        if (connection.httpPort() > 0) {
            text.append(" · http :").append(connection.httpPort());
        }
        if (connection.httpsPort() > 0) {
            text.append(" · https :").append(connection.httpsPort());
        }
        text.append(connection.leader() ? " · controller (Lease held)" : " · not the controller (another holds"
                + " the Lease)");
        text.append(" · ").append(snapshot.routes().size()).append(snapshot.routes().size() == 1 ? " route"
                : " routes");
        return text.toString();
    }

    /** A picker line: "sandbox · Ingress Lab sandbox", "kind-kind · kind · not answering". */
    private static final class ChoiceCell extends ListCell<ClusterChoice> {
        @Override
        protected void updateItem(ClusterChoice choice, boolean empty) {
            super.updateItem(choice, empty);
            if (empty || choice == null) {
                setText(null);
                return;
            }
            String health = switch (choice.reachable()) {
                case REACHABLE -> "";
                case UNREACHABLE -> " · not answering";
                case UNKNOWN -> " · not checked";
            };
            setText(choice.name() + " · " + choice.kind().label() + (choice.current() ? " (current)" : "")
                    + health);
        }
    }
}
