package dev.ingresslab.gui;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.core.ClusterChoice;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Subscription;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The view-model of the cluster bar and the root of every other view-model: which cluster is picked, the {@link
 * LabSession} running on it (at most one), its latest {@link SessionSnapshot}, and its events, all on the FX
 * thread. Starting and stopping run on background workers ({@link FxThread#background}); the session's events
 * arrive on its delivery thread and hop to the FX thread here, so nothing below this class knows JavaFX.
 */
public final class SessionModel {

    /** Where the session is in its life, as the bar shows it. */
    public enum Phase { IDLE, STARTING, RUNNING, STOPPING, FAILED }

    private final GuiStart start;
    private final ObservableList<ClusterChoice> choices = FXCollections.observableArrayList();
    private final ObjectProperty<ClusterChoice> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyObjectWrapper<LabSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<SessionSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");
    /** The events of the running session, newest last; kept for the Problems view (bounded). */
    private final ObservableList<SessionEvent> events = FXCollections.observableArrayList();
    private final List<Consumer<SessionEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Subscription subscription;

    /** How many events are kept for the views; older ones are dropped first. */
    static final int EVENTS_KEPT = 500;

    public SessionModel(GuiStart start) {
        this.start = start;
        choices.setAll(List.of(sandboxChoice(start)));
        selected.set(choices.get(0));
    }

    /** The places a session can start on: the sandbox first, then the kubeconfig's contexts. */
    public ObservableList<ClusterChoice> choices() {
        return choices;
    }

    public ObjectProperty<ClusterChoice> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The running session, or null. */
    public ReadOnlyObjectProperty<LabSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /**
     * The data directory of the running session (the one attached included), else the one this window starts
     * sessions in: where the local CA's {@code ca.pem} is.
     */
    public java.nio.file.Path dataDirectory() {
        LabSession running = session.get();
        return running != null ? running.options().dataDirectory() : start.dataDirectory();
    }

    /** The running session's state now, or null when none runs. */
    public ReadOnlyObjectProperty<SessionSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Why the last start failed (the session's message, which says what to do), or empty. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The running session's events, oldest first, at most {@link #EVENTS_KEPT}. */
    public ObservableList<SessionEvent> events() {
        return events;
    }

    /** Calls {@code listener} on the FX thread with each event of every session from now on. */
    public void onEvent(Consumer<SessionEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Lists the kubeconfig's contexts again (a background job: it probes each API server for up to a second) and
     * selects the one named {@code preferred} when it is there.
     */
    public void refreshChoices(String preferred) {
        FxThread.background(LabSession::contexts, found -> {
            ClusterChoice keep = selected.get();
            boolean busy = phase.get() != Phase.IDLE && phase.get() != Phase.FAILED;
            String wanted = busy && keep != null ? keep.name() : preferred; // never re-pick under a running session
            List<ClusterChoice> listed = new java.util.ArrayList<>(found);
            listed.set(0, sandboxChoice(start)); // the sandbox as this window starts it (kept, or a throwaway)
            choices.setAll(listed);
            ClusterChoice pick = listed.stream().filter(choice -> choice.name().equals(wanted)).findFirst()
                    .or(() -> listed.stream().filter(choice -> keep != null && choice.name().equals(keep.name()))
                            .findFirst())
                    .orElse(listed.get(0));
            selected.set(pick);
        }, error -> failure.set("cannot read the kubeconfig's contexts: " + error.getMessage()));
    }

    /** Starts a session on the selected cluster (a background job); does nothing unless idle or failed. */
    public void start() {
        ClusterChoice choice = selected.get();
        if (choice == null || !(phase.get() == Phase.IDLE || phase.get() == Phase.FAILED)) {
            return;
        }
        phase.set(Phase.STARTING);
        failure.set("");
        events.clear();
        FxThread.background(() -> startOn(choice),
                running -> attach(running, running.initialSubscription().orElseThrow()), error -> {
                    // the failure first: a listener of the phase reads it
                    failure.set(error instanceof SessionStartException ? error.getMessage()
                            : "the session could not start: " + error);
                    phase.set(Phase.FAILED);
                });
    }

    /** Off the FX thread: starts the session, printing it on the terminal the window came from, if any. */
    private LabSession startOn(ClusterChoice choice) throws Exception {
        Optional<SessionTerminal> terminal = start.terminal();
        Consumer<? super SessionEvent> printer = terminal.<Consumer<? super SessionEvent>>map(SessionTerminal::starting)
                .orElse(event -> { });
        LabSession running;
        try {
            running = LabSession.start(choice.source(), start.options(), event -> {
                printer.accept(event);
                deliver(event);
            });
        } catch (Exception e) {
            terminal.ifPresent(t -> t.failed(e));
            throw e;
        }
        if (terminal.isPresent()) {
            terminal.get().started(running);
        }
        return running;
    }

    /**
     * Shows a session started elsewhere (by {@code demo} in the terminal) as this bar's running session; its
     * events so far are replayed.
     */
    public void attach(LabSession running) {
        attach(running, running.events().subscribeWithHistory(this::deliver));
    }

    private void attach(LabSession running, Subscription events) {
        if (subscription != null) {
            subscription.close();
        }
        session.set(running);
        subscription = events;
        snapshot.set(running.current());
        phase.set(Phase.RUNNING);
    }

    /**
     * Runs {@code work} on a background worker for the session {@code running}, bound to it: when that session stops
     * (Stop pressed, or another session replaces it) before the work ends, the work's thread is interrupted, its
     * result is never delivered, and {@code stopped} runs at once on the FX thread, so that a view waiting on it is
     * usable again without waiting for the cluster calls of a stopped session to time out. Otherwise {@code done} or
     * {@code failed} runs as with {@link FxThread#background}.
     */
    public <T> void whileRunning(LabSession running, FxThread.Work<T> work, Consumer<T> done,
                                 Consumer<Throwable> failed, Runnable stopped) {
        new BoundJob<>(running, work, done, failed, stopped).start();
    }

    /** One job of {@link #whileRunning}: ends once, by its result, its error, or its session stopping. */
    private final class BoundJob<T> implements javafx.beans.value.ChangeListener<Phase> {
        private final LabSession running;
        private final FxThread.Work<T> work;
        private final Consumer<T> done;
        private final Consumer<Throwable> failed;
        private final Runnable stopped;
        private javafx.concurrent.Task<T> task;
        private boolean ended;

        BoundJob(LabSession running, FxThread.Work<T> work, Consumer<T> done, Consumer<Throwable> failed,
                 Runnable stopped) {
            this.running = running;
            this.work = work;
            this.done = done;
            this.failed = failed;
            this.stopped = stopped;
        }

        void start() {
            task = FxThread.background(work, result -> end(() -> done.accept(result)),
                    error -> end(() -> failed.accept(error)));
            phase.addListener(this);
            changed(phase, phase.get(), phase.get()); // a session that stopped before this was called
        }

        @Override
        public void changed(javafx.beans.value.ObservableValue<? extends Phase> observable, Phase old, Phase now) {
            if (now != Phase.RUNNING || session.get() != running) {
                end(() -> {
                    task.cancel(true); // its cluster calls are interrupted; its result is never delivered
                    stopped.run();
                });
            }
        }

        private void end(Runnable how) {
            if (!ended) {
                ended = true;
                phase.removeListener(this);
                how.run();
            }
        }
    }

    /** Stops the running session (a background job: the sandbox saves its objects first). */
    public void stop() {
        LabSession running = session.get();
        if (running == null || phase.get() != Phase.RUNNING) {
            return;
        }
        phase.set(Phase.STOPPING);
        FxThread.background(() -> {
            running.close();
            return running;
        }, closed -> detached(), error -> {
            detached();
            failure.set("stopping did not finish cleanly: " + error.getMessage());
        });
    }

    /** Closes the running session and waits for it (the window is closing: called off the FX thread). */
    public void closeNow() {
        LabSession running = session.get();
        if (running != null) {
            running.close();
        }
    }

    private void detached() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        session.set(null);
        snapshot.set(null);
        phase.set(Phase.IDLE);
    }

    /** On the session's delivery thread: hop to the FX thread with the event and the snapshot it made. */
    private void deliver(SessionEvent event) {
        FxThread.later(() -> {
            LabSession running = session.get();
            if (running != null) {
                snapshot.set(running.current());
            }
            events.add(event);
            if (events.size() > EVENTS_KEPT) {
                events.remove(0, events.size() - EVENTS_KEPT);
            }
            listeners.forEach(listener -> listener.accept(event));
        });
    }

    private static ClusterChoice sandboxChoice(GuiStart start) {
        return new ClusterChoice("sandbox", KubeContext.Kind.SANDBOX, "", false,
                ClusterChoice.Reachability.REACHABLE, start.sandbox());
    }
}
