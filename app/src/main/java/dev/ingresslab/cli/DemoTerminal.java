package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.gui.SessionTerminal;
import dev.ingresslab.proxy.AccessLog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What {@code demo} prints for a session, for the first one and for each one its window starts again (Stop then
 * Start): the session's events, the access log, {@code ready in}, and the commands to try (the guide, with the
 * kubeconfig's {@code export} line). It also holds the session in force, which Ctrl-C (SIGTERM) and closing the
 * window stop: the one started last, not the first.
 */
final class DemoTerminal implements SessionTerminal, AutoCloseable {

    private final PrintStream out;
    private final AccessLog.Format format;
    private final boolean empty;
    private final AtomicLong startedNanos = new AtomicLong();
    private final AtomicReference<LabSession> current = new AtomicReference<>();
    private final Colours colours;
    private final AtomicReference<Progress> progress = new AtomicReference<>();

    /**
     * @param out    where it prints (standard output)
     * @param format the access log's format, or null for none ({@code --log off})
     * @param empty  {@code --empty}: says so when the sandbox has no samples
     * @param colours whether a spinner may turn while the sandbox starts
     */
    DemoTerminal(PrintStream out, AccessLog.Format format, boolean empty, Colours colours) {
        this.colours = colours;
        this.out = out;
        this.format = format;
        this.empty = empty;
    }

    @Override
    public Consumer<? super SessionEvent> starting() {
        startedNanos.set(System.nanoTime());
        Progress starting = Progress.start(out, colours, "starting the sandbox");
        stopProgress();
        progress.set(starting);
        return new LinePrinter(starting.stream());
    }

    @Override
    public void started(LabSession session) throws InterruptedException {
        current.set(session);
        SessionOutput.accessLog(session, format, out);
        Path kubeconfig = session.kubeconfig().orElseThrow();
        int port = session.current().connection().httpPort();
        String origin = "http://127.0.0.1" + (port == 80 ? "" : ":" + port);
        SessionOutput.awaitPrinted(session);
        stopProgress();
        out.printf("%nready in %.1f s.%n", (System.nanoTime() - startedNanos.get()) / 1e9);
        boolean samples = session.chapterSamplesPresent();
        if (empty && !samples) {
            out.println("The sandbox has no samples: deploy the chapter's services and Ingresses with kubectl.");
        }
        // the sample curl commands only when the samples are there (restored ones count, --empty or not)
        new DemoGuide(origin, kubeconfig, Checkout.current(), samples).lines().forEach(out::println);
    }

    @Override
    public void failed(Exception error) {
        stopProgress();
        out.println("ingress-lab demo: " + error.getMessage());
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

    /** Stops the session in force, if any (closing one twice does nothing). */
    @Override
    public void close() {
        LabSession session = current.get();
        if (session != null) {
            session.close();
        }
    }
}
