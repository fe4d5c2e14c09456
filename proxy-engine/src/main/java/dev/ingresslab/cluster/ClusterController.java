package dev.ingresslab.cluster;

import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Ingress Lab as the cluster's ingress controller: every snapshot of the watched objects is compiled and the new table
 * handed to the observers in order (the proxy's swap, the status writer, the Event recorder, the session: {@link
 * ClusterObserver}); the controller itself calls none of them. An Ingress that fails to translate is reported and never
 * disturbs the others (the translator's promise); should a translation still fail (any Throwable, OutOfMemoryError
 * included), the listener is told and the last table stays in force until the next change. When the API server goes
 * away, the informers reconnect and the proxy keeps serving the last table.
 */
public final class ClusterController implements AutoCloseable {

    /** How long a burst of changes is gathered into one snapshot. */
    public static final Duration DEBOUNCE = Duration.ofMillis(20);

    private final ClusterWatcher watcher;
    private final StatusWriter status;
    private final KubernetesClient client;
    private final WatchScope scope;

    private ClusterController(ClusterWatcher watcher, StatusWriter status, KubernetesClient client,
                              WatchScope scope) {
        this.watcher = watcher;
        this.status = status;
        this.client = client;
        this.scope = scope;
    }

    /**
     * Starts watching and serving with the usual observers ({@link ClusterObserver#standard}); returns once the first
     * lists are in (the first table may follow within the debounce window).
     *
     * @param status  writes the Ingresses' status, or null to leave it alone
     * @param events  records findings as Events, or null
     * @param mayWrite whether this instance may write status and Events now (it holds the {@link ControllerLease})
     * @param listener told of each translation as soon as it is in force, and of the connection's state
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the cluster cannot be reached; {@link
     *                                                                 ClusterErrors#describe} says what to do
     */
    public static ClusterController start(KubernetesClient client, WatchScope scope, IngressTranslator translator,
                                          ProxyServer proxy, StatusWriter status, EventRecorder events,
                                          BooleanSupplier mayWrite, ClusterListener listener) {
        return start(client, scope, translator.compiler(),
                ClusterObserver.standard(proxy, status, events, mayWrite, listener), status, listener);
    }

    /**
     * Starts watching: every snapshot is compiled and the observers are told of the table, in order, once per table
     * (an observer that throws is reported to {@code listener.failed} and the next is still told). Returns once the
     * first lists are in.
     *
     * @param status   the status writer among the observers, halted or told to clear on {@link #stop}; or null
     * @param listener told when a snapshot cannot be compiled, and of the connection's state
     */
    public static ClusterController start(KubernetesClient client, WatchScope scope, RouteCompiler compiler,
                                          List<ClusterObserver> observers, StatusWriter status,
                                          ClusterListener listener) {
        return start(client, scope, compiler, observers, status, listener, ClusterWatcher.DISCONNECTED_AFTER);
    }

    /**
     * As {@link #start(KubernetesClient, WatchScope, RouteCompiler, List, StatusWriter, ClusterListener)}, with
     * another grace than {@link ClusterWatcher#DISCONNECTED_AFTER} before watches that are down are reported to
     * {@code listener.connection}: tests of the report take it short.
     */
    static ClusterController start(KubernetesClient client, WatchScope scope, RouteCompiler compiler,
                                   List<ClusterObserver> observers, StatusWriter status, ClusterListener listener,
                                   java.time.Duration disconnectedAfter) {
        List<ClusterObserver> inOrder = List.copyOf(observers);
        AtomicReference<ClusterWatcher> self = new AtomicReference<>(); // the watcher, for the handler it is given
        ClusterWatcher watcher = new ClusterWatcher(client, scope, DEBOUNCE, snapshot -> {
            Translation translation;
            try {
                translation = compiler.compile(snapshot.toInput());
            } catch (Throwable e) { // a bug, or objects too big for this JVM: the last table stays in force
                listener.failed(e);
                return;
            }
            ClusterChange change = new ClusterChange(snapshot, translation, due -> self.get().redeliverAfter(due));
            for (ClusterObserver observer : inOrder) {
                try {
                    observer.onChange(change);
                } catch (RuntimeException e) {
                    listener.failed(e);
                }
            }
        }, listener::connection, listener::notice, disconnectedAfter);
        self.set(watcher);
        ClusterController controller = new ClusterController(watcher, status, client, scope);
        try {
            watcher.start();
        } catch (RuntimeException e) {
            watcher.close();
            throw e;
        }
        String gatewayApi = watcher.gatewayApiNotice();
        if (!gatewayApi.isEmpty()) {
            listener.notice(gatewayApi); // once; the watcher tells when the CRDs appear later
        }
        return controller;
    }

    /** Stops watching; with {@code clearStatus}, first removes our address from the Ingresses' status. */
    public void stop(boolean clearStatus) {
        if (status != null && !clearStatus) {
            status.halt(); // a sync under way ends at once, so the watcher's close need not wait for it
        }
        watcher.close(); // first: no status write may follow the clearing
        if (clearStatus && status != null) {
            status.clear(currentIngresses());
        }
    }

    /** The Ingresses as the API server holds them now (the informers' stores may lag behind our last writes). */
    private List<Ingress> currentIngresses() {
        if (scope.isAllNamespaces()) {
            return client.network().v1().ingresses().inAnyNamespace().list().getItems();
        }
        List<Ingress> ingresses = new ArrayList<>();
        scope.namespaces().forEach(namespace -> ingresses.addAll(client.network().v1().ingresses()
                .inNamespace(namespace).list().getItems()));
        return ingresses;
    }

    @Override
    public void close() {
        stop(false);
    }
}
