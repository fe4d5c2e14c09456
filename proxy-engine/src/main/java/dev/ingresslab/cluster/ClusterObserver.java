package dev.ingresslab.cluster;

import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.translate.TableObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Receives each table compiled from a cluster, with the snapshot it came from, as Contour's DAG {@code Observer}s do:
 * the controller compiles and tells its observers in order, and never calls the proxy, the status writer or the Event
 * recorder itself. Called on the controller's thread, once per table.
 */
@FunctionalInterface
public interface ClusterObserver {

    void onChange(ClusterChange change);

    /** An observer of the table alone. */
    static ClusterObserver of(TableObserver observer) {
        return change -> observer.onChange(change.translation());
    }

    /** Puts each table in force in the proxy. */
    static ClusterObserver proxySwap(ProxyServer proxy) {
        return change -> proxy.swap(change.translation().table());
    }

    /**
     * Writes the served Ingresses' status, and the status of the Gateway API objects we control, while {@code
     * mayWrite} (this instance holds the controller Lease).
     */
    static ClusterObserver status(StatusWriter status, BooleanSupplier mayWrite) {
        return change -> {
            if (mayWrite.getAsBoolean()) {
                status.sync(change.snapshot(), change.translation().table());
                status.syncGatewayApi(change.snapshot(), change.translation().gatewayApi());
            }
        };
    }

    /**
     * Records the findings as Events on our Ingresses, while {@code mayWrite}; a finding still settling is looked at
     * again when due, though nothing else changes by then. Never on another controller's Ingress: its findings stay in
     * explain and the session's diagnostics.
     */
    static ClusterObserver events(EventRecorder events, BooleanSupplier mayWrite) {
        return change -> {
            if (mayWrite.getAsBoolean()) {
                events.record(change.translation().diagnostics(), OurIngresses.of(change.snapshot().ingresses(),
                        change.translation().table())).ifPresent(change.lookAgainAfter());
            }
        };
    }

    /**
     * The controller's usual observers, in their order: the listener told of the table before it serves (choices that
     * must precede its first request), the proxy's swap, the listener told it is in force, the status writer and the
     * Event recorder (each when given).
     */
    static List<ClusterObserver> standard(ProxyServer proxy, StatusWriter status, EventRecorder events,
                                          BooleanSupplier mayWrite, ClusterListener listener) {
        List<ClusterObserver> observers = new ArrayList<>();
        observers.add(change -> listener.translated(change.translation()));
        observers.add(proxySwap(proxy));
        observers.add(change -> listener.applied(change.translation()));
        if (status != null) {
            observers.add(status(status, mayWrite));
        }
        if (events != null) {
            observers.add(events(events, mayWrite));
        }
        return List.copyOf(observers);
    }
}
