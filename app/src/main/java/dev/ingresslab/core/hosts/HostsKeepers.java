package dev.ingresslab.core.hosts;

import dev.ingresslab.core.InstanceLock;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.Subscription;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The keepers of hosts files in this process: at most one {@link HostsKeeper} per hosts file, holding this process's
 * one {@link HostsClaim} on it (issue #15). {@code demo --sync-hosts} in the terminal ({@code TerminalHosts}) and the
 * window's "keep in sync while running" ({@code HostsModel}) run in one process and name the same file: they share
 * one keeper, so the file is written by exactly one keeper, and the window's toggle drives the keeper the demo
 * started (ticking it keeps the block in sync, unticking stops that keeper, for both). A second process is refused
 * by the claim: {@link KeptElsewhere} names it.
 *
 * <p>Each user takes a {@link Hold}; the keeper and the claim live until the last hold is closed, so a Stop and
 * Start in the window (a new session, followed by each user in turn) never lets the claim go in between.
 *
 * <p>Keyed by the claim's lock file ({@link HostsClaim#lockFile}: the data directory and the hosts file's real
 * path), as the claim itself is. Thread-safe; the listeners are told outside the registry's lock.
 */
public final class HostsKeepers {

    /** Another process keeps the file: its claim names it, and the message says how to stop it. */
    public static final class KeptElsewhere extends Exception {
        private final transient InstanceLock.Holder holder;

        KeptElsewhere(Path file, InstanceLock.Holder holder) {
            super(HostsClaim.keptBy(file, holder));
            this.holder = holder;
        }

        /** The process that keeps the file: pid, since when, and what it is ({@code ingress-lab demo on port …}). */
        public InstanceLock.Holder holder() {
            return holder;
        }
    }

    private static final Map<Path, Shared> SHARED = new HashMap<>();
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();

    private HostsKeepers() {
    }

    /**
     * Joins this process's keeper of {@code access}'s file, making it (and taking the claim) when there is none.
     * The keeper follows {@code session}'s names; a keeper already there follows it from now on. Joining does not
     * start keeping: {@link Hold#keep} does.
     *
     * @param session  the session whose Ingresses' hosts are wanted (its data directory holds the claim)
     * @param access   the hosts file, and how this user of it asks for rights
     * @param debounce the quiet period after a change of routes (only when the keeper is made here)
     * @param what     what this process is, for another process's message: {@code ingress-lab demo on port 8080}
     * @param report   where this user hears what the keeper does (every user hears every line)
     * @return the hold; close it when done
     * @throws KeptElsewhere when another process keeps the file
     * @throws HostsFailure  when the data directory cannot be written
     */
    public static Hold hold(LabSession session, HostsAccess access, Duration debounce, String what,
                            HostsKeeper.Report report) throws KeptElsewhere, HostsFailure {
        Path dataDirectory = session.options().dataDirectory();
        Path key = HostsClaim.lockFile(dataDirectory, access.file());
        Hold hold;
        synchronized (SHARED) {
            Shared shared = SHARED.get(key);
            if (shared == null) {
                Optional<HostsClaim> claim = HostsClaim.tryAcquire(dataDirectory, access.file(), what);
                if (claim.isEmpty()) {
                    throw new KeptElsewhere(access.file(), HostsClaim.holder(dataDirectory, access.file()).orElse(
                            new InstanceLock.Holder(-1, java.time.Instant.now(), "an Ingress Lab that is starting")));
                }
                shared = new Shared(key, claim.get(), access, debounce);
                SHARED.put(key, shared);
            }
            hold = shared.join(report, session);
        }
        changed();
        return hold;
    }

    /** Whether a keeper of this process keeps {@code file}'s block in sync now (the window's tick shows it). */
    public static boolean keeping(Path dataDirectory, Path file) {
        synchronized (SHARED) {
            Shared shared = SHARED.get(HostsClaim.lockFile(dataDirectory, file));
            return shared != null && shared.keeper.keeping();
        }
    }

    /**
     * Calls {@code listener} after any keeper of this process starts or stops keeping, or goes (on the thread that
     * made the change).
     *
     * @return closing it stops the calls
     */
    public static Listening listen(Runnable listener) {
        LISTENERS.add(Objects.requireNonNull(listener));
        return () -> LISTENERS.remove(listener);
    }

    /** A listener's registration: closing it stops the calls. */
    @FunctionalInterface
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    private static void changed() {
        LISTENERS.forEach(Runnable::run);
    }

    /** One user's share of a keeper. Closing it twice does nothing. */
    public static final class Hold implements AutoCloseable {
        private final Shared shared;
        private final HostsKeeper.Report report;
        private boolean closed;

        private Hold(Shared shared, HostsKeeper.Report report) {
            this.shared = shared;
            this.report = report;
        }

        /** The keeper shared (for {@link HostsKeeper#cleanOnExit}, {@link HostsKeeper#wrote()}). */
        public HostsKeeper keeper() {
            return shared.keeper;
        }

        /** Follows {@code session}'s names from now on (it replaced the one followed); for every user. */
        public void follow(LabSession session) {
            synchronized (SHARED) {
                shared.follow(session);
            }
        }

        /** Keeps the block in sync from now on, with this user's consent and way of asking for rights. */
        public void keep(HostsKeeper.Consent consent, HostsAccess access) {
            shared.keeper.keep(consent, access);
            changed();
        }

        /** Stops keeping the block in sync, for every user (what is written stays). */
        public void stop() {
            shared.keeper.stop();
            changed();
        }

        /** Leaves the keeper; the last hold closed stops it and gives the claim up. */
        @Override
        public void close() {
            synchronized (SHARED) {
                if (closed) {
                    return;
                }
                closed = true;
                shared.leave(report);
            }
            changed();
        }
    }

    /** The keeper of one file, its claim, the session it follows, and its users. Guarded by {@link #SHARED}. */
    private static final class Shared {
        private final Path key;
        private final HostsClaim claim;
        private final HostsKeeper keeper;
        private final List<HostsKeeper.Report> reports = new CopyOnWriteArrayList<>();
        private LabSession session;
        private Subscription events;
        private int holds;

        Shared(Path key, HostsClaim claim, HostsAccess access, Duration debounce) {
            this.key = key;
            this.claim = claim;
            // every user hears every line: the terminal prints them, the window shows them
            this.keeper = new HostsKeeper(() -> WantedHosts.NONE, access, // join() points it at the session
                    debounce, new HostsKeeper.Report() {
                @Override
                public void line(String text) {
                    reports.forEach(report -> report.line(text));
                }

                @Override
                public void written(String text, Set<String> names) {
                    reports.forEach(report -> report.written(text, names));
                }

                @Override
                public void failed(String text) {
                    reports.forEach(report -> report.failed(text));
                }
            });
        }

        Hold join(HostsKeeper.Report report, LabSession now) {
            reports.add(report);
            holds++;
            follow(now);
            return new Hold(this, report);
        }

        void follow(LabSession now) {
            if (now == session) {
                return;
            }
            if (events != null) {
                events.close();
            }
            session = now;
            LabSession followed = now;
            keeper.wantedFrom(followed::wantedHosts);
            events = keeper.follow(followed);
        }

        void leave(HostsKeeper.Report report) {
            reports.remove(report);
            if (--holds > 0) {
                return;
            }
            if (events != null) {
                events.close();
            }
            keeper.close();
            claim.close();
            SHARED.remove(key);
        }
    }
}
