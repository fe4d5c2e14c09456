package dev.ingresslab.cli;

import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.gui.SessionTerminal;
import dev.ingresslab.proxy.AccessLog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What {@code demo} prints for a session, for the first one and for each one its window starts again (Stop then
 * Start): the session's events, the access log, {@code ready in}, and the commands to try (the guide, with the
 * kubeconfig's {@code export} line). It also holds the session in force, which Ctrl-C (SIGTERM) and closing the
 * window stop: the one started last, not the first; and the control endpoint through which {@code routes},
 * {@code requests} and {@code explain} read that session, opened when the first session is ready.
 */
final class DemoTerminal implements SessionTerminal, AutoCloseable {

    private final PrintStream out;
    private final AccessLog.Format format;
    private final boolean empty;
    private final Colours colours;
    private final Path dataDirectory;
    private final AtomicLong startedNanos = new AtomicLong();
    /** When the command started (the process's start), for the first "ready in"; empty when unknown. */
    private final Optional<Instant> commandStarted;
    /** Set once a session has said "ready in": the next ones were started again from the window. */
    private final AtomicBoolean readyBefore = new AtomicBoolean();
    private final AtomicReference<LabSession> current = new AtomicReference<>();
    private final TerminalHosts hosts;
    private final AtomicReference<Progress> progress = new AtomicReference<>();
    private final AtomicReference<Optional<ControlServer>> control = new AtomicReference<>();
    /** Set by {@link #close}: a session that finishes starting afterwards is stopped at once. */
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Between {@link #starting} and {@link #started} or {@link #failed}: a session is starting. */
    private final AtomicBoolean startUnderWay = new AtomicBoolean();

    /**
     * @param out           where it prints (standard output)
     * @param format        the access log's format, or null for none ({@code --log off})
     * @param empty         {@code --empty}: says so when the sandbox has no samples
     * @param colours       whether a spinner may turn while the sandbox starts
     * @param dataDirectory where the control endpoint's file is written (owner-only)
     * @param hosts         the hosts file's block, kept in sync with each session started ({@code --sync-hosts}, or
     *                      asked)
     */
    DemoTerminal(PrintStream out, AccessLog.Format format, boolean empty, Colours colours, Path dataDirectory,
                 TerminalHosts hosts) {
        this(out, format, empty, colours, dataDirectory, hosts, ProcessHandle.current().info().startInstant());
    }

    /** As above, with the command's start given (tests: their JVM started long before the session). */
    DemoTerminal(PrintStream out, AccessLog.Format format, boolean empty, Colours colours, Path dataDirectory,
                 TerminalHosts hosts, Optional<Instant> commandStarted) {
        this.commandStarted = commandStarted;
        this.out = out;
        this.format = format;
        this.empty = empty;
        this.colours = colours;
        this.dataDirectory = dataDirectory;
        this.hosts = hosts;
    }

    @Override
    public Consumer<? super SessionEvent> starting() {
        startedNanos.set(System.nanoTime());
        startUnderWay.set(true);
        Progress starting = Progress.start(out, colours, "starting the sandbox");
        stopProgress();
        progress.set(starting);
        return new LinePrinter(starting.stream());
    }

    @Override
    public void started(LabSession session) throws InterruptedException {
        current.set(session);
        startUnderWay.set(false);
        if (closed.get()) { // Ctrl-C came while it started (the window starts it): stop it, as it would have been
            stopProgress();
            session.close();
            return;
        }
        SessionOutput.accessLog(session, format, out);
        Path kubeconfig = session.kubeconfig().orElseThrow();
        int port = session.current().connection().httpPort();
        String origin = "http://127.0.0.1" + (port == 80 ? "" : ":" + port);
        SessionOutput.awaitPrinted(session);
        stopProgress();
        // once per process: the endpoint reads the session in force, the one Stop then Start made included
        control.compareAndSet(null, ControlEndpoint.open(dataDirectory, "demo", port, this::current, out));
        Duration sinceStart = Duration.ofNanos(System.nanoTime() - startedNanos.get());
        out.printf("%n%s%n", ReadyLine.of(commandStarted.map(start -> Duration.between(start, Instant.now())),
                sinceStart, readyBefore.getAndSet(true)));
        boolean samples = session.chapterSamplesPresent();
        if (empty && !samples) {
            out.println("The sandbox has no samples: deploy the chapter's services and Ingresses with kubectl.");
        }
        // the sample curl commands only when the samples are there (restored ones count, --empty or not)
        new DemoGuide(origin, kubeconfig, session.current().connection().context(), Checkout.current(), samples,
                session.current().connection().httpsPort(),
                dataDirectory.resolve(dev.ingresslab.tls.local.LocalCa.CERTIFICATE_FILE)).lines()
                .forEach(out::println);
        hosts.follow(session);
    }

    @Override
    public void failed(Exception error) {
        startUnderWay.set(false);
        stopProgress();
        out.println("ingress-lab demo: " + error.getMessage());
    }

    /** The start ended without a session, its error said elsewhere (the headless demo prints it on stderr). */
    void notStarting() {
        startUnderWay.set(false);
        stopProgress();
    }

    /** The session in force: the one started last, while it runs (the control endpoint reads it). */
    Optional<LabSession> current() {
        LabSession session = current.get();
        return session == null || session.current().connection().state() == SessionSnapshot.State.CLOSED
                ? Optional.empty() : Optional.of(session);
    }

    /** Stops the progress display of a start, if one turns (the start failed, or it is ready). */
    void stopProgress() {
        Progress running = progress.getAndSet(null);
        if (running != null) {
            running.close();
        }
    }

    /**
     * Closes the control endpoint first (no command reads a stopping demo), then the hosts block (removed with
     * {@code --sync-hosts}, offered in a terminal), then stops the session in force, if any (closing one twice
     * does nothing).
     */
    @Override
    public void close() {
        closed.set(true);
        Optional<ControlServer> endpoint = control.getAndSet(Optional.empty());
        if (endpoint != null) {
            endpoint.ifPresent(ControlServer::close);
        }
        stopProgress();
        hosts.close();
        LabSession session = current.get();
        if (session != null) {
            session.close();
        } else if (startUnderWay.get()) {
            // Ctrl-C while the sandbox starts (the window shows it starting, or --headless): the JVM stops without
            // waiting for a start that may take long on a busy machine; the session never served, so there is
            // nothing of it to save (the sandbox saves its objects only when a ready session stops)
            out.println("stopped before the sandbox was ready: nothing of this run is saved");
        }
    }
}
