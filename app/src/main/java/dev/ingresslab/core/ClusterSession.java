package dev.ingresslab.core;

import dev.ingresslab.cluster.ClusterController;
import dev.ingresslab.cluster.ClusterListener;
import dev.ingresslab.cluster.ControllerLease;
import dev.ingresslab.cluster.EventRecorder;
import dev.ingresslab.cluster.StatusWriter;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.AutoConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.proxy.UpstreamConnector;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.CertificateTrust;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code up}: Ingress Lab as the ingress controller of a cluster: watch, route, write status, and say what happens
 * as {@link SessionEvent}s (the routes applied, the connection, the leadership, problems). {@link LabSession} runs
 * it for clusters and the sandbox.
 */
public final class ClusterSession implements AutoCloseable {

    private final ProxyRuntime runtime;
    private final ClusterController controller;
    private final boolean clearStatusOnExit;
    private final Leadership leadership;
    /** Set first thing by {@link #close}: no status or Event is written after it, and no failure is said. */
    private final AtomicBoolean stopping;

    private ClusterSession(ProxyRuntime runtime, ClusterController controller, boolean clearStatusOnExit,
                           Leadership leadership, AtomicBoolean stopping) {
        this.stopping = stopping;
        this.runtime = runtime;
        this.controller = controller;
        this.clearStatusOnExit = clearStatusOnExit;
        this.leadership = leadership;
    }

    /**
     * Starts the proxy, then the controller (which waits for the first lists from the API server), printing what
     * happens to {@code out} as {@code up} prints it.
     *
     * @param logFormat       the access log's format, or null for none
     * @param connectorChoice how pods are reached
     * @param writeStatus     publish our address in the Ingresses' status, and findings as Events on them
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster cannot be reached
     */
    public static ClusterSession start(KubernetesClient client, WatchScope scope, String leaseNamespace,
                                       ConnectorChoice connectorChoice, ProxySettings settings,
                                       TranslatorSettings translation, AccessLog.Format logFormat,
                                       boolean writeStatus, boolean clearStatusOnExit, PrintStream out) {
        return start(client, scope, leaseNamespace, connectorChoice, settings, translation, logFormat, out,
                writeStatus, clearStatusOnExit, new LinePrinter(out), CertificateTrust.NOT_CHECKED);
    }

    /**
     * Starts the proxy, then the controller (which waits for the first lists from the API server); says what
     * happens to {@code events}, on the threads it happens on (the controller's, the Lease's).
     *
     * @param logFormat the access log's format, or null for none
     * @param logOut    where the access log goes
     * @param trust     whether this machine's clients trust a served certificate ({@code MachineTrust})
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster cannot be reached
     */
    static ClusterSession start(KubernetesClient client, WatchScope scope, String leaseNamespace,
                                ConnectorChoice connectorChoice, ProxySettings settings,
                                TranslatorSettings translation, AccessLog.Format logFormat, PrintStream logOut,
                                boolean writeStatus, boolean clearStatusOnExit, Consumer<SessionEvent> events,
                                CertificateTrust trust) {
        UpstreamConnector connector = connectorChoice.create(client, events);
        ProxyRuntime runtime = ProxyRuntime.start(settings, RouteTable.empty(), connector, logFormat, logOut,
                events);
        // Only once the proxy listens: a failed start must not leave the Lease held until it expires.
        Leadership leadership = Leadership.take(new ControllerLease(client, leaseNamespace,
                ControllerLease.newIdentity(), java.time.Clock.systemUTC()), events);
        // Once stopping, a write failing because the API server stops too is our own doing, not news for the user
        // (clearing the status on exit, when asked, is the exception: its failures are reported).
        AtomicBoolean stopping = new AtomicBoolean();
        Consumer<String> problems = message -> {
            if (!stopping.get() || clearStatusOnExit) {
                events.accept(new SessionEvent.Problem(Instant.now(), message));
            }
        };
        StatusWriter status = writeStatus ? new StatusWriter(client, "127.0.0.1", problems) : null;
        EventRecorder recorder = writeStatus ? new EventRecorder(client, translation.controllerName(),
                java.time.Clock.systemUTC(), message -> {
                    if (!stopping.get()) {
                        events.accept(new SessionEvent.Problem(Instant.now(), message));
                    }
                }) : null;
        // The watcher lists, then hands the first snapshot to the translation on its own thread (debounced): the start
        // returns once that table is in force, so whoever says "ready" next never has requests answered 404.
        java.util.concurrent.CountDownLatch firstTable = new java.util.concurrent.CountDownLatch(1);
        try {
            ClusterController controller = ClusterController.start(client, scope,
                    new IngressTranslator(translation.servingHttpsOn(runtime.proxy.httpsPort()), trust),
                    runtime.proxy, status, recorder, () -> !stopping.get() && leadership.held(),
                    new ClusterListener() {
                        @Override
                        public void translated(Translation translated) {
                            if (connector instanceof AutoConnector auto) {
                                auto.decide(translated.table());
                            }
                        }

                        @Override
                        public void applied(Translation translated) {
                            events.accept(new SessionEvent.RoutesApplied(Instant.now(), translated, "applied",
                                    List.of()));
                            firstTable.countDown();
                        }

                        @Override
                        public void failed(Throwable problem) {
                            events.accept(new SessionEvent.Problem(Instant.now(), "the cluster's objects cannot be"
                                    + " translated; still serving the previous routes: " + problem));
                            firstTable.countDown();
                        }

                        @Override
                        public void notice(String text) {
                            events.accept(new SessionEvent.Notice(Instant.now(), "note: " + text));
                        }

                        @Override
                        public void connection(boolean connected, Instant since) {
                            if (stopping.get()) {
                                return;
                            }
                            events.accept(new SessionEvent.ConnectionChanged(Instant.now(), connected,
                                    connected ? null : since));
                        }
                    });
            awaitFirstTable(firstTable);
            if (!(connector instanceof AutoConnector)) {
                events.accept(new SessionEvent.ConnectorChosen(Instant.now(), connector.name(), ""));
            }
            return new ClusterSession(runtime, controller, clearStatusOnExit, leadership, stopping);
        } catch (RuntimeException e) {
            leadership.close();
            runtime.close();
            throw e;
        }
    }

    /** How long a start waits for the first table after the lists: beyond it, the start goes on (routes follow). */
    private static final Duration FIRST_TABLE = Duration.ofSeconds(10);

    private static void awaitFirstTable(java.util.concurrent.CountDownLatch firstTable) {
        try {
            firstTable.await(FIRST_TABLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's stop: it sees the flag
        }
    }

    public ProxyServer proxy() {
        return runtime.proxy;
    }

    /** The proxy's request journal. */
    RequestJournal journal() {
        return runtime.journal;
    }

    /** Whether this instance writes the cluster's status and Events now. */
    boolean leader() {
        return leadership.held();
    }

    @Override
    public void close() {
        stopping.set(true);
        controller.stop(clearStatusOnExit && leadership.held());
        leadership.close();
        runtime.close();
    }
}
