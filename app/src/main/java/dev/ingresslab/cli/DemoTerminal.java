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
    private final TerminalHosts hosts;

    /**
     * @param out    where it prints (standard output)
     * @param format the access log's format, or null for none ({@code --log off})
     * @param empty  {@code --empty}: says so when the sandbox has no samples
     * @param hosts  the hosts file's block, kept in sync with each session started ({@code --sync-hosts}, or asked)
     */
    DemoTerminal(PrintStream out, AccessLog.Format format, boolean empty, TerminalHosts hosts) {
        this.out = out;
        this.format = format;
        this.empty = empty;
        this.hosts = hosts;
    }

    @Override
    public Consumer<? super SessionEvent> starting() {
        startedNanos.set(System.nanoTime());
        return new LinePrinter(out);
    }

    @Override
    public void started(LabSession session) throws InterruptedException {
        current.set(session);
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
        hosts.follow(session);
    }

    @Override
    public void failed(Exception error) {
        out.println("ingress-lab demo: " + error.getMessage());
    }

    /**
     * Stops the session in force, if any (closing one twice does nothing), after the hosts block: removed with
     * {@code --sync-hosts}, offered in a terminal.
     */
    @Override
    public void close() {
        hosts.close();
        LabSession session = current.get();
        if (session != null) {
            session.close();
        }
    }
}
