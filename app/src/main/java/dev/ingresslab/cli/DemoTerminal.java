package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.gui.SessionTerminal;
import dev.ingresslab.proxy.AccessLog;

import java.io.PrintStream;
import java.nio.file.Path;
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
    /** Set by {@link #close}: a session that finishes starting afterwards is stopped at once. */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Between {@link #starting} and {@link #started} or {@link #failed}: a session is starting. */
    private final java.util.concurrent.atomic.AtomicBoolean startUnderWay =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param out    where it prints (standard output)
     * @param format the access log's format, or null for none ({@code --log off})
     * @param empty  {@code --empty}: says so when the sandbox has no samples
     */
    DemoTerminal(PrintStream out, AccessLog.Format format, boolean empty) {
        this.out = out;
        this.format = format;
        this.empty = empty;
    }

    @Override
    public Consumer<? super SessionEvent> starting() {
        startedNanos.set(System.nanoTime());
        startUnderWay.set(true);
        return new LinePrinter(out);
    }

    @Override
    public void started(LabSession session) throws InterruptedException {
        current.set(session);
        startUnderWay.set(false);
        if (closed.get()) { // Ctrl-C came while it started (the window starts it): stop it, as it would have been
            session.close();
            return;
        }
        SessionOutput.accessLog(session, format, out);
        Path kubeconfig = session.kubeconfig().orElseThrow();
        int port = session.current().connection().httpPort();
        String origin = "http://127.0.0.1" + (port == 80 ? "" : ":" + port);
        SessionOutput.awaitPrinted(session);
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
        startUnderWay.set(false);
        out.println("ingress-lab demo: " + error.getMessage());
    }

    /** The start ended without a session, its error said elsewhere (the headless demo prints it on stderr). */
    void notStarting() {
        startUnderWay.set(false);
    }

    /** Stops the session in force, if any (closing one twice does nothing). */
    @Override
    public void close() {
        closed.set(true);
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
