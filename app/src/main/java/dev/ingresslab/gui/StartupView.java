package dev.ingresslab.gui;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * What covers the views while a session starts, so the window is never blank or frozen: the title, a moving
 * progress bar, the step in progress, the seconds elapsed, and the steps done so far; after a failed start, the
 * session's message (what went wrong and what to do) with Start again and Close. Its model is {@link StartupModel}.
 */
final class StartupView {

    private final VBox root;

    StartupView(StartupModel model) {
        Label title = new Label();
        title.setId("startup-title");
        title.getStyleClass().add("title-3");
        title.textProperty().bind(model.titleProperty());

        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setId("startup-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(model.failureProperty().isEmpty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label step = new Label();
        step.setId("startup-step");
        step.setWrapText(true);
        step.textProperty().bind(model.stepProperty());

        Label elapsed = new Label();
        elapsed.setId("startup-elapsed");
        elapsed.getStyleClass().add("text-muted");
        elapsed.textProperty().bind(Bindings.createStringBinding(() -> model.elapsedSecondsProperty().get()
                + " s elapsed", model.elapsedSecondsProperty()));

        Label failure = new Label();
        failure.setId("startup-failure");
        failure.setWrapText(true);
        failure.getStyleClass().addAll("danger");
        failure.textProperty().bind(model.failureProperty());
        failure.visibleProperty().bind(model.failureProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());

        Button retry = new Button("Start again");
        retry.setId("startup-retry");
        retry.getStyleClass().add("accent");
        retry.setOnAction(event -> model.retry());
        Button close = new Button("Close");
        close.setId("startup-dismiss");
        close.setOnAction(event -> model.dismiss());
        HBox actions = new HBox(10, retry, close);
        actions.visibleProperty().bind(model.failureProperty().isNotEmpty());
        actions.managedProperty().bind(actions.visibleProperty());

        ListView<String> steps = new ListView<>(model.steps());
        steps.setId("startup-steps");
        steps.setPlaceholder(new Label("The steps appear here as they happen."));
        steps.setPrefHeight(260);
        model.steps().addListener((javafx.collections.ListChangeListener<String>) change -> {
            if (!model.steps().isEmpty()) {
                steps.scrollTo(model.steps().size() - 1);
            }
        });
        VBox.setVgrow(steps, Priority.ALWAYS);

        // a failure says what went wrong first, then what to do next; the list of steps only when there are some
        steps.visibleProperty().bind(model.failureProperty().isEmpty().or(Bindings.isNotEmpty(model.steps())));
        steps.managedProperty().bind(steps.visibleProperty());
        VBox box = new VBox(12, title, progress, failure, step, elapsed, actions, steps);
        box.setMaxWidth(760);
        box.setPadding(new Insets(30));
        root = new VBox(box);
        root.setAlignment(Pos.TOP_CENTER);
        root.setId("startup");
        root.getStyleClass().add("startup");
        root.visibleProperty().bind(model.showingProperty());
        root.managedProperty().bind(root.visibleProperty());
    }

    Node node() {
        return root;
    }
}
