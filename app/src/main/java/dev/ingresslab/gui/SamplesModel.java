package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SampleOutcome;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.List;

/**
 * The Samples view's model: the chapter's steps and mistakes in order, the selected one, and applying or deleting
 * it on the running session's cluster (a background job; its progress events, such as Deployments becoming
 * ready, are listed as they come), with the outcome: for a mistake, the API server's message and the fix.
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

    public SamplesModel(SessionModel session) {
        this.session = session;
        session.onEvent(this::heard);
        session.snapshotProperty().addListener((observable, old, now) -> refreshUrls());
        selected.addListener((observable, old, now) -> refreshUrls());
        selected.addListener((observable, old, now) -> {
            if (!busy.get()) {
                progress.clear();
                outcome.set(null);
                failure.set("");
            }
        });
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
        return snapshot.routes().stream().filter(route -> route.origin().kind().equals("Ingress") // an HTTPRoute may share the name
                        && names.contains(route.origin().name()))
                .map(route -> TryUrl.of(route.host(), route.path(), route.pathType(),
                        snapshot.connection().httpPort()))
                .flatMap(java.util.Optional::stream).distinct().toList();
    }

    private void run(boolean deleting) {
        SampleItem item = selected.get();
        LabSession running = session.sessionProperty().get();
        if (item == null || busy.get()) {
            return;
        }
        progress.clear();
        outcome.set(null);
        failure.set("");
        if (running == null) {
            failure.set("Nothing is running: press Start in the bar above (the sandbox needs no cluster), then"
                    + " apply the step.");
            return;
        }
        busy.set(true);
        FxThread.background(() -> deleting ? running.deleteSample(item.name())
                : running.applySample(item.name(), READY_TIMEOUT), done -> {
                    busy.set(false);
                    outcome.set(done);
                }, error -> {
                    busy.set(false);
                    failure.set((deleting ? "cannot delete " : "cannot apply ") + item.name() + ": "
                            + error.getMessage());
                });
    }

    private void heard(SessionEvent event) {
        SampleItem item = selected.get();
        if (busy.get() && item != null && event instanceof SessionEvent.SampleProgress sample
                && sample.step().equals(item.name()) && !(event instanceof SessionEvent.SampleFinished)
                && !(event instanceof SessionEvent.SampleStarted)) { // the heading already names the step
            progress.add(event.text());
        }
    }
}
