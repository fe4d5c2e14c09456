package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.Subscription;
import dev.ingresslab.core.hosts.Escalators;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsChange;
import dev.ingresslab.core.hosts.HostsFailure;
import dev.ingresslab.core.hosts.HostsKeeper;
import dev.ingresslab.core.hosts.HostsFileWatch;
import dev.ingresslab.core.hosts.HostsKeepers;
import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;
import dev.ingresslab.hosts.PrivilegeEscalator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Hosts view's model (issue #15 §7): the names the served Ingresses need, what the hosts file has for each and
 * who else maps them, the exact URLs, the wildcard hosts with the names seen; Sync and Clean (each one write, with
 * one privilege prompt through the system's dialog when the file is not writable), and "keep in sync while
 * running" ({@link HostsKeeper}, with the user's tick as its consent). The file is read and written on background
 * workers; everything here changes on the FX thread.
 */
public final class HostsModel {

    /** The quiet period after a change of routes before the keeper writes: a burst of applies is one write. */
    static final Duration DEBOUNCE = Duration.ofSeconds(2);

    private final SessionModel session;
    private final Path file;
    private Supplier<Optional<PrivilegeEscalator>> escalator = Escalators::window;
    private final ReadOnlyObjectWrapper<HostsReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ObservableList<HostsReport.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<WantedHosts.Wildcard> wildcards = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanProperty keepInSync = new SimpleBooleanProperty(this, "keepInSync", false);
    /** The window's share of the process's keeper of the file ({@link HostsKeepers}); null when not keeping. */
    private HostsKeepers.Hold hold;
    /** The tick follows a keeper this process runs already (the demo's): join it, with no consent of our own. */
    private boolean adopting;
    private final HostsKeepers.Listening keepers;
    /** Whether the tick is the user's own (a consent to give again to a new session), not one shown. */
    private boolean userTicked;
    private Subscription requests;
    /** Re-reads the file when it changes outside the window, while the view is in front; null otherwise. */
    private HostsFileWatch watch;
    private boolean refreshing;
    private boolean refreshAgain;

    /**
     * @param session the window's session model
     * @param file    the hosts file ({@code SessionOptions.hostsFile()}: the system's, or a test's copy)
     */
    public HostsModel(SessionModel session, Path file) {
        this.session = Objects.requireNonNull(session);
        this.file = Objects.requireNonNull(file);
        session.snapshotProperty().addListener((observable, old, now) -> {
            if (old == null || now == null || old.translation() != now.translation()) {
                refresh();
            }
        });
        session.sessionProperty().addListener((observable, old, now) -> sessionChanged(now));
        keepInSync.addListener((observable, old, now) -> keepingChanged(now));
        // the demo's `--sync-hosts` keeper starts (or stops) on its own: the tick shows it
        keepers = HostsKeepers.listen(() -> FxThread.later(this::showKeeping));
        sessionChanged(session.sessionProperty().get());
    }

    /** How rights are asked for (tests: an escalator that runs the helper in-process and records the call). */
    public void useEscalator(Supplier<Optional<PrivilegeEscalator>> escalator) {
        this.escalator = Objects.requireNonNull(escalator);
    }

    /** The hosts file shown and written. */
    public Path file() {
        return file;
    }

    /** The last reading of the file against the wanted names; null before the first. */
    public ReadOnlyObjectProperty<HostsReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** One row per wanted name. */
    public ObservableList<HostsReport.Row> rows() {
        return rows;
    }

    /** The wildcard hosts, with the names seen in requests. */
    public ObservableList<WantedHosts.Wildcard> wildcards() {
        return wildcards;
    }

    /** What the last action did (or the keeper), in words. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action or reading failed, and what to do; empty when none did. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether the file is being read or written. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** "Keep in sync while running": the keeper writes each change of the set of names, 2 s after a burst. */
    public BooleanProperty keepInSyncProperty() {
        return keepInSync;
    }

    /** Reads the file again against the session's names (a background job; a second ask while one runs waits). */
    public void refresh() {
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        refreshing = true;
        LabSession running = session.sessionProperty().get();
        SessionSnapshot snapshot = session.snapshotProperty().get();
        int port = snapshot == null || snapshot.connection().httpPort() == 0 ? 80 : snapshot.connection().httpPort();
        FxThread.background(() -> {
            WantedHosts wanted = running == null ? WantedHosts.NONE : running.wantedHosts();
            return HostsReport.of(file, access().read(), wanted, port);
        }, done -> {
            refreshed();
            show(done);
        }, error -> {
            refreshed();
            problem.set(error.getMessage());
        });
    }

    /**
     * Re-reads the file when it changes outside the window (an editor, {@code hosts sync} in a terminal), within
     * {@link HostsFileWatch#PERIOD}, while {@code on}: the view turns it on while it is in front of a showing window
     * and off otherwise. The reading runs on a background worker, as {@link #refresh()}.
     */
    public void watchFile(boolean on) {
        if (on && watch == null) {
            watch = new HostsFileWatch(file, HostsFileWatch.PERIOD, () -> FxThread.later(this::refresh));
        } else if (!on && watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** Whether the file is watched now (tests). */
    boolean watchingFile() {
        return watch != null;
    }

    /** Makes the block map exactly the wanted names: one write, one prompt when the file is not writable. */
    public void sync() {
        LabSession running = session.sessionProperty().get();
        write("sync", () -> {
            WantedHosts wanted = running == null ? WantedHosts.NONE : running.wantedHosts();
            HostsAccess access = access();
            return HostsPlan.sync(access.read(), wanted.names().stream().map(name -> new HostName(name.name()))
                    .toList());
        });
    }

    /** Removes the block (markers included). */
    public void clean() {
        write("clean", () -> HostsPlan.clean(access().read()));
    }

    /** What Sync would change now, in words; empty when nothing. */
    public Optional<String> pendingChange() {
        HostsReport now = report.get();
        if (now == null || now.plan().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("\n", new HostsChange(file, now.plan()).lines()));
    }

    private void write(String what, FxThread.Work<HostsPlan> plan) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        message.set(what.equals("sync") ? "Syncing " + file + "…" : "Removing the Ingress Lab block from " + file
                + "…");
        FxThread.background(() -> {
            HostsAccess access = access();
            HostsPlan planned = plan.call();
            if (planned.isEmpty()) {
                return file + " already " + (planned.wanted().names().isEmpty() ? "has no Ingress Lab block"
                        : "maps exactly these names") + ": nothing to change.";
            }
            StringBuilder said = new StringBuilder();
            HostsPlan done = access.apply(planned, line -> said.append(line).append('\n'));
            return HostsAccess.done(file, done) + (said.isEmpty() ? "" : "\n" + said.toString().strip());
        }, text -> {
            busy.set(false);
            message.set(text);
            refresh();
        }, error -> {
            busy.set(false);
            message.set("");
            problem.set(error instanceof HostsFailure ? error.getMessage() : "could not " + what + " " + file
                    + ": " + error.getMessage());
            refresh();
        });
    }

    private HostsAccess access() {
        return new HostsAccess(file, escalator.get());
    }

    private void refreshed() {
        refreshing = false;
        if (refreshAgain) {
            refreshAgain = false;
            refresh();
        }
    }

    private void show(HostsReport now) {
        problem.set(problem.get().startsWith("cannot read") ? "" : problem.get());
        report.set(now);
        rows.setAll(now.rows());
        wildcards.setAll(now.wanted().wildcards());
    }

    private void sessionChanged(LabSession now) {
        leaveKeeper();
        if (requests != null) {
            requests.close();
            requests = null;
        }
        if (now != null) {
            // the names seen under wildcard hosts come from requests: read again when some arrive (batched)
            requests = now.journal().subscribe(Duration.ofSeconds(1), batch -> FxThread.later(() -> {
                if (!wildcards.isEmpty()) {
                    refresh();
                }
            }));
            if (keepInSync.get()) {
                boolean was = adopting;
                adopting = !userTicked; // a tick only shown gives no consent to the new session either
                try {
                    startKeeper(now);
                } finally {
                    adopting = was;
                }
            }
            showKeeping();
        }
        refresh();
    }

    private void keepingChanged(boolean keep) {
        if (!adopting) {
            userTicked = keep;
        }
        LabSession running = session.sessionProperty().get();
        if (keep && running != null && hold == null) {
            startKeeper(running);
        } else if (!keep && hold != null) {
            if (!adopting) {
                hold.stop(); // the user's untick stops the process's keeper, the demo's included
            }
            leaveKeeper();
        }
    }

    /** Ticks (or unticks) the box as this process's keeper of the file keeps it, without a consent of its own. */
    private void showKeeping() {
        LabSession running = session.sessionProperty().get();
        if (running == null) {
            return;
        }
        boolean keeping = HostsKeepers.keeping(running.options().dataDirectory(), file);
        if (keeping != keepInSync.get()) {
            adopting = true;
            try {
                keepInSync.set(keeping);
            } finally {
                adopting = false;
            }
        }
    }

    private void startKeeper(LabSession running) {
        HostsKeeper.Report report = new HostsKeeper.Report() {
            @Override
            public void line(String text) {
                FxThread.later(() -> message.set(text));
            }

            @Override
            public void written(String text, java.util.Set<String> names) {
                FxThread.later(() -> {
                    problem.set("");
                    message.set(text);
                    refresh();
                });
            }

            @Override
            public void failed(String text) {
                FxThread.later(() -> {
                    problem.set(text);
                    refresh();
                });
            }
        };
        int port = running.current().connection().httpPort();
        try {
            hold = HostsKeepers.hold(running, access(), DEBOUNCE, "the Ingress Lab window (proxy on port " + port
                    + ")", report);
        } catch (HostsKeepers.KeptElsewhere | HostsFailure e) {
            problem.set(e.getMessage()); // another process keeps it: who, and how to stop it
            FxThread.later(() -> keepInSync.set(false)); // not inside this change of the property
            return;
        }
        if (!adopting) {
            // the tick is the user's yes; the system asks for rights itself, with the window's dialog
            hold.keep(HostsKeeper.Consent.ALWAYS, access());
        }
    }

    /** Leaves the process's keeper (it goes with its last user); what it keeps, for the demo, goes on. */
    private void leaveKeeper() {
        if (hold != null) {
            HostsKeepers.Hold last = hold;
            hold = null;
            last.close();
        }
    }

    /** The process's keeper, if the window takes part in it now (tests). */
    Optional<HostsKeeper> keeper() {
        return Optional.ofNullable(hold).map(HostsKeepers.Hold::keeper);
    }

    /** Leaves the keeper and stops the request feed (the window closes). */
    void close() {
        leaveKeeper();
        keepers.close();
        watchFile(false);
        if (requests != null) {
            requests.close();
        }
    }

    List<String> stale() {
        HostsReport now = report.get();
        return now == null ? List.of() : now.stale();
    }
}
