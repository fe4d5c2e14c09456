package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.Subscription;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsChange;
import dev.ingresslab.core.hosts.HostsClaim;
import dev.ingresslab.core.hosts.HostsFailure;
import dev.ingresslab.core.hosts.HostsKeeper;
import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.PrivilegeEscalator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The hosts file while {@code up} or {@code demo} runs (issue #15 §6): with {@code --sync-hosts}, the block follows
 * the served hosts without asking and goes on exit; in a terminal, each change of the set of names is put to the
 * user once ({@code [y/N]}) and the exit offers to remove the block ({@code [Y/n]}); with neither, nothing is
 * written and one line says which names a browser cannot reach yet. Lines start with {@code hosts:}.
 */
final class TerminalHosts implements AutoCloseable {

    /** The quiet period after a change of routes before the file is written: a burst of applies is one write. */
    static final Duration DEBOUNCE = Duration.ofSeconds(2);
    /** How long a question waits for its answer; then the file is left as it is. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
    /** How long the exit's question waits (a SIGTERM with nobody at the terminal must not hang for long). */
    static final Duration EXIT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** How the user takes part: told by flag, asked in the terminal, or neither. */
    enum Mode { SYNC, ASK, OFF }

    private final Mode mode;
    private final HostsAccess access;
    private final PrintStream out;
    private final InputStream in;
    private final Duration debounce;
    /** This instance's claim to keep the file; null before the first session, or when another instance has it. */
    private HostsClaim claim;
    private HostsKeeper keeper;
    private Subscription events;

    /**
     * @param mode      {@code --sync-hosts}, a terminal to ask in, or neither
     * @param access    the hosts file and the terminal's escalator
     * @param out       where the lines go (the command's output)
     * @param in        where answers come from (standard input, a terminal, in {@link Mode#ASK})
     * @param debounce  the quiet period after a change of routes
     */
    TerminalHosts(Mode mode, HostsAccess access, PrintStream out, InputStream in, Duration debounce) {
        this.mode = mode;
        this.access = access;
        this.out = out;
        this.in = in;
        this.debounce = debounce;
    }

    /** The mode the options and the terminal give: no prompt when standard input is not a terminal. */
    static Mode mode(HostsOptions options) {
        return options.sync ? Mode.SYNC : System.console() != null ? Mode.ASK : Mode.OFF;
    }

    /** For a command: the options' file, the terminal's escalator, standard input. */
    static TerminalHosts of(HostsOptions options, Optional<PrivilegeEscalator> escalator, PrintStream out) {
        return new TerminalHosts(mode(options), new HostsAccess(options.path(), escalator), out, System.in, DEBOUNCE);
    }

    /** Follows {@code session} (a new one after Stop and Start in the window replaces the last). */
    synchronized void follow(LabSession session) {
        stopFollowing();
        if (mode == Mode.OFF) {
            advise(session);
            return;
        }
        if (!claimed(session)) {
            return;
        }
        keeper = new HostsKeeper(session::wantedHosts, access, debounce, new HostsKeeper.Report() {
            @Override
            public void line(String text) {
                out.println("hosts: " + text);
            }
        });
        events = keeper.follow(session);
        keeper.keep(mode == Mode.SYNC ? HostsKeeper.Consent.ALWAYS : change -> ask(change, "Write this change?"
                + " [y/N] ", false, ANSWER_TIMEOUT));
    }

    /**
     * Takes the claim on the hosts file the first time; when another instance keeps it, says who (once) and that
     * this one neither syncs nor cleans it.
     */
    private boolean claimed(LabSession session) {
        if (claim != null) {
            return true;
        }
        int port = session.current().connection().httpPort();
        Path dataDirectory = session.options().dataDirectory(); // the claim lives with the port locks
        try {
            Optional<HostsClaim> taken = HostsClaim.tryAcquire(dataDirectory, access.file(), "Ingress Lab on port "
                    + port);
            if (taken.isPresent()) {
                claim = taken.get();
                return true;
            }
            String holder = HostsClaim.holder(dataDirectory, access.file()).map(h -> h.toString())
                    .orElse("an Ingress Lab that is starting");
            out.println("hosts: " + access.file() + " is kept in sync by another Ingress Lab: " + holder + "; this"
                    + " one leaves it alone (no sync now, no clean on exit); stop that one first to have this one"
                    + " keep it");
        } catch (HostsFailure e) {
            out.println("hosts: " + e.getMessage() + "; the hosts file is left alone");
        }
        return false;
    }

    /** The keeper following the session now, if any (tests). */
    synchronized Optional<HostsKeeper> keeper() {
        return Optional.ofNullable(keeper);
    }

    /** Without a way to ask: one line naming the names a browser cannot reach yet, and how to add them. */
    private void advise(LabSession session) {
        WantedHosts wanted = session.wantedHosts();
        if (wanted.names().isEmpty()) {
            return;
        }
        try {
            HostsReport report = HostsReport.of(access.file(), access.read(), wanted, Math.max(1,
                    session.current().connection().httpPort()));
            var missing = report.rows().stream().filter(row -> !row.reachesUs()).map(row -> row.name().name())
                    .toList();
            if (!missing.isEmpty()) {
                out.println("hosts: " + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do")
                        + " not lead to this machine in " + access.file() + ", so a browser cannot open "
                        + (missing.size() == 1 ? "it" : "them") + " by name; add --sync-hosts (or run `ingress-lab"
                        + " hosts sync` with -f or --context) to map " + (missing.size() == 1 ? "it" : "them")
                        + " to 127.0.0.1 and ::1; curl --resolve works without");
            }
        } catch (HostsFailure e) {
            out.println("hosts: " + e.getMessage());
        }
    }

    /**
     * The exit: with {@code --sync-hosts}, removes the block this run wrote; in a terminal, offers to; otherwise
     * does nothing. Then stops following.
     */
    @Override
    public synchronized void close() {
        HostsKeeper last = keeper;
        stopFollowing();
        if (last == null) {
            releaseClaim();
            return;
        }
        try {
            last.cleanOnExit(mode == Mode.SYNC ? HostsKeeper.Consent.ALWAYS : change -> ask(change,
                    "Remove the Ingress Lab block now? [Y/n] ", true, EXIT_ANSWER_TIMEOUT), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            last.close();
            releaseClaim();
        }
    }

    private void releaseClaim() {
        if (claim != null) {
            claim.close();
            claim = null;
        }
    }

    private void stopFollowing() {
        if (events != null) {
            events.close();
            events = null;
        }
        if (keeper != null) {
            keeper.stop();
            keeper = null;
        }
    }

    /**
     * Puts a change to the user: what changes, in which file, then the question. Reads one line only once it is
     * typed (a reader left waiting on the terminal would take the characters of sudo's password prompt).
     */
    private boolean ask(HostsChange change, String question, boolean yesByDefault, Duration timeout)
            throws InterruptedException {
        // the keeper has said the notes already (with --sync-hosts too, where nothing is asked)
        change.lines().stream().filter(line -> !line.startsWith("note: ")).forEach(line -> out.println("hosts: "
                + line));
        out.print("hosts: " + question);
        out.flush();
        Optional<String> answer = readLine(timeout);
        if (answer.isEmpty()) {
            out.println();
            out.println("hosts: no answer within " + timeout.toSeconds() + " s: the file is left as it is");
            return false;
        }
        String word = answer.get().trim().toLowerCase(java.util.Locale.ROOT);
        return word.isEmpty() ? yesByDefault : word.equals("y") || word.equals("yes");
    }

    /** One line from {@link #in}, waiting at most {@code timeout} for it to be typed; empty at the end or timeout. */
    private Optional<String> readLine(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder line = new StringBuilder();
        try {
            while (true) {
                if (in.available() > 0) {
                    int c = in.read();
                    if (c < 0) {
                        return line.isEmpty() ? Optional.empty() : Optional.of(line.toString());
                    }
                    if (c == '\n') {
                        return Optional.of(line.toString());
                    }
                    line.append((char) c);
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
