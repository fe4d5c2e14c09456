package dev.ingresslab.gui;

import dev.ingresslab.core.ClusterChoice;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.Source;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * The view-model of the start's progress, shown over the views while a session starts (a sandbox takes seconds;
 * on a loaded machine, tens of them) and when it failed: the step in progress (the session's latest event, or,
 * before the first, what the start is waiting for), the steps done with the time each came, the seconds elapsed,
 * and on failure the session's message (which says what to do) and the next step in the window. On the FX thread
 * only; the session's events reach it through {@link SessionModel#onEvent}.
 */
final class StartupModel {

    /** The most steps listed; a start says a few dozen lines (one per sample object) at most. */
    static final int STEPS_KEPT = 200;

    private final SessionModel session;
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper(this, "step", "");
    private final ReadOnlyLongWrapper elapsedSeconds = new ReadOnlyLongWrapper(this, "elapsedSeconds");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");
    private final ObservableList<String> steps = FXCollections.observableArrayList();
    /** Ticks once a second while a start runs, for the elapsed time; stopped otherwise. */
    private final Timeline clock = new Timeline(new KeyFrame(Duration.seconds(1), tick -> tick()));
    private long startedNanos;

    StartupModel(SessionModel session) {
        this.session = session;
        clock.setCycleCount(Timeline.INDEFINITE);
        session.phaseProperty().addListener((observable, old, now) -> phaseChanged(now));
        session.onEvent(this::event);
        phaseChanged(session.phaseProperty().get());
    }

    /** Whether the progress (or the failure) covers the views: while starting, and after a failed start. */
    ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** "Starting Ingress Lab on sandbox", or "Ingress Lab could not start on sandbox". */
    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The step in progress, in the words the terminal prints for it. */
    ReadOnlyStringProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** Whole seconds since Start (or since the window opened and started), frozen when the start ends. */
    ReadOnlyLongProperty elapsedSecondsProperty() {
        return elapsedSeconds.getReadOnlyProperty();
    }

    /** Why the start failed and what to do, or empty. */
    ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The steps so far, oldest first, each as "+2.4 s  text". */
    ObservableList<String> steps() {
        return steps;
    }

    /** Hides a failure (the user read it); the next start shows progress again. */
    void dismiss() {
        showing.set(false);
    }

    /** Starts again on the cluster picked in the bar. */
    void retry() {
        session.start();
    }

    private void phaseChanged(SessionModel.Phase phase) {
        String where = where(session.selectedProperty().get());
        switch (phase) {
            case STARTING -> {
                startedNanos = System.nanoTime();
                elapsedSeconds.set(0);
                steps.clear();
                failure.set("");
                title.set("Starting Ingress Lab on " + where);
                step.set(firstStep(session.selectedProperty().get()));
                showing.set(true);
                clock.playFromStart();
            }
            case FAILED -> {
                clock.stop();
                tick();
                title.set("Ingress Lab could not start on " + where);
                failure.set(session.failureProperty().get());
                step.set("Press Start to try again, or pick another cluster in the bar above.");
                showing.set(true);
            }
            default -> {
                clock.stop();
                showing.set(false);
            }
        }
    }

    private void event(SessionEvent event) {
        if (session.phaseProperty().get() != SessionModel.Phase.STARTING) {
            return;
        }
        String text = event.text();
        if (text == null || text.isBlank()) {
            return;
        }
        step.set(text.lines().findFirst().orElse(text));
        steps.add(String.format("+%.1f s  %s", (System.nanoTime() - startedNanos) / 1e9, text));
        if (steps.size() > STEPS_KEPT) {
            steps.remove(0, steps.size() - STEPS_KEPT);
        }
    }

    private void tick() {
        elapsedSeconds.set((System.nanoTime() - startedNanos) / 1_000_000_000L);
    }

    private static String where(ClusterChoice choice) {
        return choice == null ? "the cluster" : choice.name();
    }

    /** What the start waits for before its first event: the sandbox's API server, or the cluster's. */
    static String firstStep(ClusterChoice choice) {
        if (choice != null && choice.source() instanceof Source.Sandbox sandbox) {
            return "Starting the sandbox cluster's API server" + (sandbox.samples()
                    ? ", then the chapter's services and Ingresses" : "") + " (seconds; longer on a busy machine)";
        }
        return "Connecting to the API server of " + where(choice);
    }
}
