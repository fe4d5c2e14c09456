package dev.ingresslab.core.hosts;

import dev.ingresslab.concurrent.DaemonThreads;
import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the hosts file's managed block equal to the names the served Ingresses need while a session runs ({@code up}
 * and {@code demo} with the hosts offer taken, the Hosts view's "keep in sync"; issue #15 §6).
 *
 * <p>Batching: a change of the routes starts a quiet period ({@code debounce}, 2 s for the commands); each further
 * change within it starts it again, and only when it ends is the file read and, if the set of names differs from the
 * block, one change planned. A burst of {@code kubectl apply}s therefore costs one write and at most one prompt.
 * The user is asked ({@link Consent}) at most once per set of names: a change refused (or whose privilege prompt
 * was cancelled, or which failed) is not asked again until the set of names changes.
 *
 * <p>Each check whose set of names is new reports, as {@code note: …} lines, the names a line outside the block
 * also maps ({@link dev.ingresslab.hosts.Conflict#message()}): a line that comes first wins over the block.
 *
 * <p>One per hosts file in a process: users share it through {@link HostsKeepers}, which makes it and holds the
 * process's {@link HostsClaim}. The last {@link #keep} gives the consent and the way rights are asked for.
 *
 * <p>Threads: everything runs on one daemon thread of its own; {@link #routesChanged()} only schedules. What it
 * does is told to {@code report} as lines, on that thread.
 */
public final class HostsKeeper implements AutoCloseable {

    /** Whether to make a change: asked before the file is written and before any privilege prompt. */
    @FunctionalInterface
    public interface Consent {
        /**
         * @param change the file and what changes in it
         * @return true to write it; false leaves the file as it is (and this set of names is not asked again)
         */
        boolean allow(HostsChange change) throws InterruptedException;

        /** Yes, without asking ({@code --sync-hosts}; the Hosts view's "keep in sync", which is the user's yes). */
        Consent ALWAYS = change -> true;
    }

    /** What the keeper did, as it tells it (on its own thread); a lambda takes every kind of line alike. */
    @FunctionalInterface
    public interface Report {
        /** A line to show: what is about to happen (a prompt's reason), or a change left undone by choice. */
        void line(String text);

        /** The block was written: {@code text} says what changed; {@code names} is what it maps now. */
        default void written(String text, Set<String> names) {
            line(text);
        }

        /** A change could not be made: {@code text} says why and what to do; it is not tried again for this set. */
        default void failed(String text) {
            line(text);
        }
    }

    /** The names wanted now: the session followed ({@link #wantedFrom}); guarded by this. */
    private Supplier<WantedHosts> wanted;
    /** The file, and how rights are asked for: the last {@link #keep(Consent, HostsAccess)}'s; guarded by this. */
    private HostsAccess access;
    private final Duration debounce;
    private final Report report;
    private final ScheduledExecutorService thread = DaemonThreads.scheduler("ingress-lab-hosts");
    private Consent consent;
    private ScheduledFuture<?> pending;
    /** The names the block held after our last write or check; null before the first. */
    private Set<String> inBlock;
    /** The set of names last refused (or failed): not asked again. */
    private Set<String> refused;
    private boolean wrote;
    private int writes;

    /**
     * @param wanted   the names the served Ingresses need now ({@code LabSession::wantedHosts})
     * @param access   the hosts file, and how to get the rights to write it
     * @param debounce the quiet period after a change of routes before the file is checked
     * @param report   where it says what it did
     */
    public HostsKeeper(Supplier<WantedHosts> wanted, HostsAccess access, Duration debounce, Report report) {
        this.wanted = Objects.requireNonNull(wanted);
        this.access = Objects.requireNonNull(access);
        this.debounce = Objects.requireNonNull(debounce);
        this.report = Objects.requireNonNull(report);
    }

    /**
     * Calls {@link #routesChanged()} at each new route table of {@code session}.
     *
     * @return the subscription; close it with the keeper
     */
    public dev.ingresslab.core.Subscription follow(dev.ingresslab.core.LabSession session) {
        return session.events().subscribe(event -> {
            if (event instanceof dev.ingresslab.core.SessionEvent.RoutesApplied) {
                routesChanged();
            }
        });
    }

    /** The hosts file it keeps, and how it asks for rights now. */
    public synchronized HostsAccess access() {
        return access;
    }

    /**
     * Takes the names from another source from now on (the session that replaced the one followed: Stop and Start
     * in the window); checks again after the debounce period when it keeps the block.
     */
    public synchronized void wantedFrom(Supplier<WantedHosts> wanted) {
        this.wanted = Objects.requireNonNull(wanted);
        routesChanged();
    }

    /** Starts keeping the block in sync, asking {@code consent} for each change; checks at once. */
    public synchronized void keep(Consent consent) {
        keep(consent, access);
    }

    /**
     * Starts keeping the block in sync, asking {@code consent} for each change and getting rights through {@code
     * access} (the same file: the window asks with its dialog, the terminal with sudo); checks at once.
     */
    public synchronized void keep(Consent consent, HostsAccess access) {
        this.access = Objects.requireNonNull(access);
        this.consent = Objects.requireNonNull(consent);
        refused = null; // a new yes or a new way of asking: the current set may be asked again
        schedule(Duration.ZERO);
    }

    /** Stops keeping the block in sync (what is written stays). */
    public synchronized void stop() {
        consent = null;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Whether it keeps the block in sync now. */
    public synchronized boolean keeping() {
        return consent != null;
    }

    /** The routes changed: check once they have been quiet for the debounce period. Never blocks. */
    public synchronized void routesChanged() {
        if (consent != null) {
            schedule(debounce);
        }
    }

    /** How many times it wrote the file. */
    public synchronized int writes() {
        return writes;
    }

    /** Whether it wrote the file since it was made (the exit then offers to clean). */
    public synchronized boolean wrote() {
        return wrote;
    }

    /**
     * Waits until a check that is running now has finished (the exit, before it cleans: a write in progress must
     * be counted). Checks still waiting for their quiet period are not waited for; {@link #stop()} cancels them.
     */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        try {
            // one thread: a task submitted now runs once the check in progress, if any, has returned
            thread.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            // closed, or a check that outlasts the timeout (a prompt nobody answers): go on without it
        }
    }

    private void schedule(Duration delay) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = thread.schedule(this::check, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        Consent asking;
        Supplier<WantedHosts> source;
        HostsAccess access;
        synchronized (this) {
            asking = consent;
            source = wanted;
            access = this.access;
        }
        if (asking == null) {
            return;
        }
        Set<String> names = source.get().nameSet();
        synchronized (this) {
            if (names.equals(inBlock) || names.equals(refused)) {
                return;
            }
        }
        try {
            HostsPlan plan = HostsPlan.sync(access.read(), names.stream().map(HostName::new).toList());
            // as `hosts sync` and the Hosts view say it: a line earlier in the file can win over the block
            plan.conflicts().forEach(conflict -> report.line("note: " + conflict.message()));
            if (plan.isEmpty()) {
                synchronized (this) {
                    inBlock = names;
                }
                return;
            }
            HostsChange change = new HostsChange(access.file(), plan);
            if (!asking.allow(change)) {
                synchronized (this) {
                    refused = names;
                }
                report.line("left " + access.file() + " as it is; `ingress-lab hosts sync` makes the change later");
                return;
            }
            HostsPlan done = access.apply(plan, report::line);
            synchronized (this) {
                inBlock = names;
                wrote = true;
                writes++;
            }
            report.written(written(access.file(), done), names);
        } catch (HostsFailure e) {
            synchronized (this) {
                refused = names;
            }
            report.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes the block (the session stops), when this keeper wrote it and {@code consent} agrees; waits for a
     * check in progress first. Says what it did.
     *
     * @return true when the block was removed
     */
    public boolean cleanOnExit(Consent consent, Duration timeout) throws InterruptedException {
        stop();
        awaitIdle(timeout);
        if (!wrote()) {
            return false;
        }
        HostsAccess access = access();
        try {
            HostsPlan plan = HostsPlan.clean(access.read());
            if (plan.isEmpty()) {
                return false;
            }
            if (!consent.allow(new HostsChange(access.file(), plan))) {
                report.line("kept the Ingress Lab block in " + access.file() + "; `ingress-lab hosts clean` removes"
                        + " it");
                return false;
            }
            HostsPlan done = access.apply(plan, report::line);
            synchronized (this) {
                writes++;
                inBlock = Set.of();
            }
            report.written(written(access.file(), done), Set.of());
            return true;
        } catch (HostsFailure e) {
            report.failed(e.getMessage());
            return false;
        }
    }

    /** Stops, and the thread with it. */
    @Override
    public void close() {
        stop();
        thread.shutdownNow();
    }

    /** {@code /etc/hosts: added alpaca.example.com; removed old.example.com}. */
    static String written(java.nio.file.Path file, HostsPlan done) {
        StringBuilder text = new StringBuilder();
        if (!done.added().isEmpty()) {
            text.append("added ").append(String.join(", ", done.added().stream().map(HostName::value).toList()));
        }
        if (!done.removed().isEmpty()) {
            text.append(text.isEmpty() ? "" : "; ").append("removed ")
                    .append(String.join(", ", done.removed().stream().map(HostName::value).toList()));
        }
        return file + ": " + (text.isEmpty() ? "no names changed" : text)
                + (done.wanted().names().isEmpty() ? " (the block is gone)" : "");
    }
}
