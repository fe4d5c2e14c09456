package dev.ingresslab.core;

import dev.ingresslab.cluster.ClusterController;
import dev.ingresslab.cluster.ClusterListener;
import dev.ingresslab.cluster.ControllerLease;
import dev.ingresslab.cluster.EventRecorder;
import dev.ingresslab.cluster.StatusWriter;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.AutoConnector;
import dev.ingresslab.proxy.UpstreamConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;

/**
 * {@code up}: Ingress Lab as the ingress controller of a cluster: watch, route, write status, log each request,
 * and print the routes whenever they change ({@link RouteChanges}).
 */
public final class ClusterSession implements AutoCloseable {

    private final ProxyRuntime runtime;
    private final ClusterController controller;
    private final boolean clearStatusOnExit;
    private final Leadership leadership;
    /** Set first thing by {@link #close}: no status or Event is written after it, and no failure is printed. */
    private final java.util.concurrent.atomic.AtomicBoolean stopping;

    private ClusterSession(ProxyRuntime runtime, ClusterController controller, boolean clearStatusOnExit,
                           Leadership leadership, java.util.concurrent.atomic.AtomicBoolean stopping) {
        this.stopping = stopping;
        this.runtime = runtime;
        this.controller = controller;
        this.clearStatusOnExit = clearStatusOnExit;
        this.leadership = leadership;
    }

    /**
     * Starts the proxy, then the controller (which waits for the first lists from the API server).
     *
     * @param logFormat     the access log's format, or null for none
     * @param connectorChoice how pods are reached
     * @param writeStatus   publish our address in the Ingresses' status, and findings as Events on them
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster cannot be reached
     */
    public static ClusterSession start(KubernetesClient client, WatchScope scope, String leaseNamespace,
                                       ConnectorChoice connectorChoice, ProxySettings settings,
                                       TranslatorSettings translation, AccessLog.Format logFormat,
                                       boolean writeStatus, boolean clearStatusOnExit, PrintStream out) {
        UpstreamConnector connector = connectorChoice.create(client, out);
        ProxyRuntime runtime = ProxyRuntime.start(settings, RouteTable.empty(), connector, logFormat, out);
        // Only once the proxy listens: a failed start must not leave the Lease held until it expires.
        Leadership leadership = Leadership.take(new ControllerLease(client, leaseNamespace,
                ControllerLease.newIdentity(), java.time.Clock.systemUTC()), out);
        RouteChanges changes = new RouteChanges(out);
        // Once stopping, a write failing because the API server stops too is our own doing, not news for the user
        // (clearing the status on exit, when asked, is the exception: its failures are reported).
        var stopping = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Consumer<String> problems = message -> {
            if (!stopping.get() || clearStatusOnExit) {
                out.println(message);
            }
        };
        StatusWriter status = writeStatus ? new StatusWriter(client, "127.0.0.1", problems) : null;
        EventRecorder events = writeStatus ? new EventRecorder(client, translation.controllerName(),
                java.time.Clock.systemUTC(), message -> {
                    if (!stopping.get()) {
                        out.println(message);
                    }
                }) : null;
        try {
            ClusterController controller = ClusterController.start(client, scope, new IngressTranslator(translation),
                    runtime.proxy, status, events, () -> !stopping.get() && leadership.held(),
                    new ClusterListener() {
                        @Override
                        public void translated(Translation translated) {
                            if (connector instanceof AutoConnector auto) {
                                auto.decide(translated.table());
                            }
                        }

                        @Override
                        public void applied(Translation translated) {
                            changes.report(translated);
                        }

                        @Override
                        public void failed(Throwable problem) {
                            out.println("the cluster's objects cannot be translated; still serving the previous"
                                    + " routes: " + problem);
                        }

                        @Override
                        public void connection(boolean connected, java.time.Instant since) {
                            if (stopping.get()) {
                                return;
                            }
                            out.println(connected ? "reconnected to the API server; routes follow the cluster again"
                                    : "disconnected from the API server since " + since + "; still serving the last"
                                    + " routes, and reconnecting");
                        }
                    });
            return new ClusterSession(runtime, controller, clearStatusOnExit, leadership, stopping);
        } catch (RuntimeException e) {
            leadership.close();
            runtime.close();
            throw e;
        }
    }

    public ProxyServer proxy() {
        return runtime.proxy;
    }

    @Override
    public void close() {
        stopping.set(true);
        controller.stop(clearStatusOnExit && leadership.held());
        leadership.close();
        runtime.close();
    }
}
