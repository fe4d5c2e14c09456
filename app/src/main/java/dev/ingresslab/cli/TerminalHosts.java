package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsChange;
import dev.ingresslab.core.hosts.HostsKeepers;
import dev.ingresslab.core.hosts.HostsFailure;
import dev.ingresslab.core.hosts.HostsKeeper;
import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.PrivilegeEscalator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
    /** What this process is, for another's message: {@code ingress-lab demo}. */
    private final String command;
    /**
     * This command's share of the process's keeper of the file ({@link HostsKeepers}: the window's "keep in sync"
     * drives the same one); null before the first session, or when another process keeps the file.
     */
    private HostsKeepers.Hold hold;

    /**
     * @param mode      {@code --sync-hosts}, a terminal to ask in, or neither
     * @param access    the hosts file and the terminal's escalator
     * @param out       where the lines go (the command's output)
     * @param in        where answers come from (standard input, a terminal, in {@link Mode#ASK})
     * @param debounce  the quiet period after a change of routes
     */
    TerminalHosts(Mode mode, HostsAccess access, PrintStream out, InputStream in, Duration debounce) {
        this(mode, access, out, in, debounce, "ingress-lab");
    }

    /**
     * @param command what this process is, for the message another process prints: {@code ingress-lab demo}
     */
    TerminalHosts(Mode mode, HostsAccess access, PrintStream out, InputStream in, Duration debounce,
                  String command) {
        this.command = command;
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

    /** For a command ({@code ingress-lab demo}): the options' file, the terminal's escalator, standard input. */
    static TerminalHosts of(HostsOptions options, Optional<PrivilegeEscalator> escalator, PrintStream out,
                            String command) {
        return new TerminalHosts(mode(options), new HostsAccess(options.path(), escalator), out, System.in, DEBOUNCE,
                command);
    }

    /** Follows {@code session} (a new one after Stop and Start in the window replaces the last). */
    synchronized void follow(LabSession session) {
        if (mode == Mode.OFF) {
            advise(session);
            return;
        }
        if (hold != null) {
            hold.follow(session); // the keeper and the claim stay: only the names come from the new session
        } else if (!held(session)) {
            return;
        }
        hold.keep(mode == Mode.SYNC ? HostsKeeper.Consent.ALWAYS : change -> ask(change, "Write this change?"
                + " [y/N] ", false, ANSWER_TIMEOUT), access);
    }

    /**
     * Joins the process's keeper of the file (taking the claim when this is the first user); when another process
     * keeps the file, says who and that this one neither syncs nor cleans it.
     */
    private boolean held(LabSession session) {
        try {
            hold = HostsKeepers.hold(session, access, debounce, command + " on port "
                    + session.current().connection().httpPort(), text -> out.println("hosts: " + text));
            return true;
        } catch (HostsKeepers.KeptElsewhere e) {
            out.println("hosts: " + e.getMessage() + "; this one leaves the file alone (no sync now, no clean on"
                    + " exit)");
        } catch (HostsFailure e) {
            out.println("hosts: " + e.getMessage() + "; the hosts file is left alone");
        }
        return false;
    }

    /** The keeper following the session now, if any (tests). */
    synchronized Optional<HostsKeeper> keeper() {
        return Optional.ofNullable(hold).map(HostsKeepers.Hold::keeper);
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
        HostsKeepers.Hold last = hold;
        hold = null;
        if (last == null) {
            return;
        }
        try {
            // the process's keeper: what it wrote, driven from here or from the window, goes (or is offered to)
            last.keeper().cleanOnExit(mode == Mode.SYNC ? HostsKeeper.Consent.ALWAYS : change -> ask(change,
                    "Remove the Ingress Lab block now? [Y/n] ", true, EXIT_ANSWER_TIMEOUT), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            last.close();
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
