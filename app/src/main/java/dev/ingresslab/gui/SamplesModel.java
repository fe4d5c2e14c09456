package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SampleOutcome;
import dev.ingresslab.core.SampleSteps;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Samples view's model: the chapter's steps and mistakes in order, the selected one, and applying or deleting
 * it on the running session's cluster (a background job; its progress events, such as Deployments becoming
 * ready, are listed as they come), with the outcome: for a mistake, the API server's message and the fix. An
 * operation's progress and outcome belong to its step: they show while that step is selected, never under another
 * one picked meanwhile.
 */
public final class SamplesModel {

    /** How long an apply waits for the step's Deployments to be ready. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final SessionModel session;
    private final ObservableList<SampleItem> items = FXCollections.observableArrayList(SampleItem.chapter());
    private final ObjectProperty<SampleItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObservableList<String> progress = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SampleOutcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final ReadOnlyObjectWrapper<String> failure = new ReadOnlyObjectWrapper<>(this, "failure", "");
    private final ObservableList<TryUrl> urls = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper busyElsewhere = new ReadOnlyStringWrapper(this, "busyElsewhere", "");
    /** The step of the running (or last) operation, and what it has said so far: shown while it is selected. */
    private Operation operation;

    /** One apply or delete: its step, its progress and how it ended. */
    private static final class Operation {
        final SampleItem item;
        final boolean deleting;
        final List<String> progress = new ArrayList<>();
        /** The step's objects ({@code Kind name}) the session has said it applied or deleted so far. */
        final java.util.Set<String> written = new java.util.LinkedHashSet<>();
        SampleOutcome outcome;
        String failure = "";
        boolean done;

        Operation(SampleItem item, boolean deleting) {
            this.item = item;
            this.deleting = deleting;
        }
    }

    public SamplesModel(SessionModel session) {
        this.session = session;
        session.onEvent(this::heard);
        session.snapshotProperty().addListener((observable, old, now) -> refreshUrls());
        selected.addListener((observable, old, now) -> refreshUrls());
        selected.addListener((observable, old, now) -> showOperation());
    }

    public ObservableList<SampleItem> items() {
        return items;
    }

    public ObjectProperty<SampleItem> selectedProperty() {
        return selected;
    }

    /** True while an apply or delete runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The running operation's progress lines, as the session reports them. */
    public ObservableList<String> progress() {
        return progress;
    }

    /** How the last operation ended, or null. */
    public ReadOnlyObjectProperty<SampleOutcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Why the last operation could not run (nothing running, the API server unreachable), or empty. */
    public ReadOnlyObjectProperty<String> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /**
     * While an operation runs on another step than the selected one: which, and that Apply and Delete wait for it
     * ({@code applying namespaces…}); else empty.
     */
    public ReadOnlyStringProperty busyElsewhereProperty() {
        return busyElsewhere.getReadOnlyProperty();
    }

    /** Applies the selected entry (a mistake is sent and refused, as in the chapter). */
    public void apply() {
        run(false);
    }

    /** Deletes the selected step's objects that Ingress Lab created (a user's own are kept, and said so). */
    public void delete() {
        run(true);
    }

    /** The URLs the selected step's Ingresses take now, from the running session's routes; kept up to date. */
    public ObservableList<TryUrl> urls() {
        return urls;
    }

    private void refreshUrls() {
        List<TryUrl> now = computeUrls();
        if (!now.equals(urls)) {
            urls.setAll(now);
        }
    }

    private List<TryUrl> computeUrls() {
        SampleItem item = selected.get();
        SessionSnapshot snapshot = session.snapshotProperty().get();
        if (item == null || snapshot == null) {
            return List.of();
        }
        List<String> names = item.ingressNames();
        TryUrl.Listeners listeners = TryUrl.Listeners.of(snapshot, session.dataDirectory());
        return snapshot.routes().stream().filter(route -> route.origin().kind().equals("Ingress") // an HTTPRoute
                        && names.contains(route.origin().name()))                             // may share the name
                .map(route -> TryUrl.of(route.host(), route.path(), route.pathType(), listeners))
                .flatMap(java.util.Optional::stream).distinct().toList();
    }

    private void run(boolean deleting) {
        SampleItem item = selected.get();
        LabSession running = session.sessionProperty().get();
        if (item == null || busy.get()) {
            return;
        }
        if (running == null) {
            operation = null;
            progress.clear();
            outcome.set(null);
            failure.set("Nothing is running: press Start in the bar above (the sandbox needs no cluster), then"
                    + " apply the step.");
            return;
        }
        Operation started = new Operation(item, deleting);
        operation = started;
        busy.set(true);
        showOperation();
        session.whileRunning(running, () -> deleting ? running.deleteSample(item.name())
                : running.applySample(item.name(), READY_TIMEOUT), done -> end(started, done, ""),
                error -> end(started, null, (deleting ? "cannot delete " : "cannot apply ") + item.name() + ": "
                        + (error.getMessage() == null ? error.toString() : error.getMessage())),
                () -> end(started, null, stoppedBefore(started)));
    }

    /**
     * What a step shows when the session stopped under its operation: how far it got, and that Start and Apply
     * again finish it (an apply updates what is there).
     */
    private static String stoppedBefore(Operation stopped) {
        if (stopped.item.mistake()) {
            return "stopped before the API server answered: nothing was stored (a mistake never is); press Start,"
                    + " then Apply again";
        }
        List<String> objects = SampleSteps.named(stopped.item.name()).objects();
        long done = objects.stream().filter(stopped.written::contains).count();
        String verb = stopped.deleting ? "deleted" : "applied";
        return "stopped before the " + (stopped.deleting ? "delete" : "apply") + " finished: " + done + " of "
                + objects.size() + " objects " + verb + (!stopped.deleting && done == objects.size()
                ? " (its Deployments were not ready yet)" : "") + ". Press Start, then "
                + (stopped.deleting ? "Delete" : "Apply") + " again to finish it.";
    }

    /** The operation ended: its outcome or why it failed, kept for its step. */
    private void end(Operation ended, SampleOutcome done, String why) {
        if (ended.done) {
            return;
        }
        ended.done = true;
        ended.outcome = done;
        ended.failure = why;
        if (ended == operation) {
            busy.set(false);
        }
        showOperation();
    }

    /** Shows the operation's progress and outcome when its step is the selected one, nothing otherwise. */
    private void showOperation() {
        Operation shown = operation != null && operation.item.equals(selected.get()) ? operation : null;
        if (shown == null) {
            progress.clear();
        } else if (!progress.equals(shown.progress)) {
            progress.setAll(shown.progress);
        }
        outcome.set(shown == null ? null : shown.outcome);
        failure.set(shown == null ? "" : shown.failure);
        busyElsewhere.set(busy.get() && shown == null && operation != null ? (operation.deleting ? "Deleting "
                : "Applying ") + operation.item.name() + "…: Apply and Delete wait until it ends" : "");
    }

    /** {@code Deployment alpaca} for the session's {@code Deployment default/alpaca}. */
    private static String kindAndName(String object) {
        int space = object.indexOf(' ');
        return space < 0 ? object : object.substring(0, space + 1) + object.substring(object.lastIndexOf('/') + 1);
    }

    private void heard(SessionEvent event) {
        Operation running = operation;
        if (running != null && !running.done && event instanceof SessionEvent.SampleProgress sample
                && sample.step().equals(running.item.name()) && !(event instanceof SessionEvent.SampleFinished)
                && !(event instanceof SessionEvent.SampleStarted)) { // the heading already names the step
            if (sample instanceof SessionEvent.SampleObject object && !object.action().equals("kept")) {
                running.written.add(kindAndName(object.object()));
            }
            running.progress.add(event.text());
            if (running.item.equals(selected.get())) {
                progress.add(event.text());
            }
        }
    }
}
