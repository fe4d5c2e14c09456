package dev.ingresslab.core;

import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.proxy.UpstreamConnector;
import dev.ingresslab.route.RouteTable;

import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Consumer;

/** The proxy with its request journal and access log: what every session runs, started and stopped together. */
final class ProxyRuntime implements AutoCloseable {

    final RequestJournal journal;
    final ProxyServer proxy;
    private final AutoCloseable accessLog;

    private ProxyRuntime(RequestJournal journal, ProxyServer proxy, AutoCloseable accessLog) {
        this.journal = journal;
        this.proxy = proxy;
        this.accessLog = accessLog;
    }

    /**
     * @param logFormat the access log's format, or null for none
     * @param events    where the ports the OS chose for a port 0 are named, once bound ({@link FreePortLines})
     * @throws dev.ingresslab.proxy.ProxyStartException when a port cannot be bound
     */
    static ProxyRuntime start(ProxySettings settings, RouteTable table, UpstreamConnector connector,
                              AccessLog.Format logFormat, PrintStream out, Consumer<SessionEvent> events) {
        RequestJournal journal = new RequestJournal(RequestJournal.DEFAULT_CAPACITY);
        ProxyServer proxy;
        try {
            proxy = ProxyServer.start(settings, table, connector, journal);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        FreePortLines.of(settings, proxy).forEach(line -> events.accept(new SessionEvent.Notice(Instant.now(), line)));
        // batched on the log's own thread: the IO threads only append records (docs/benchmarks.md, "logged")
        AutoCloseable accessLog = logFormat == null ? () -> { }
                : journal.subscribeBatches(new AccessLog(out, logFormat));
        return new ProxyRuntime(journal, proxy, accessLog);
    }

    @Override
    public void close() {
        proxy.close(); // no request is recorded after this
        try {
            accessLog.close(); // writes every line recorded before, then flushes
        } catch (Exception e) {
            // closing the log's feed cannot fail in a way worth reporting while shutting down
        }
        journal.close(); // the same for any other subscriber
    }
}
