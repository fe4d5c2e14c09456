package dev.ingresslab.cluster;

import dev.ingresslab.concurrent.DaemonThreads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Watches Ingresses, IngressClasses, Services, EndpointSlices and TLS Secrets with fabric8 informers (which
 * reconnect and resync by themselves), and the Gateway API's kinds where the cluster serves them
 * ({@link GatewayApiInformers}), and turns bursts of changes into one {@link ClusterSnapshot}, debounced, on its own
 * thread.
 */
public final class ClusterWatcher implements AutoCloseable {

    static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

    private final KubernetesClient client;
    private final WatchScope scope;
    private final Duration debounce;
    private final Consumer<ClusterSnapshot> listener;
    private final ScheduledExecutorService snapshots = DaemonThreads.scheduler("ingress-lab-cluster-snapshots");
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Set once every informer has its first list: a snapshot before that would miss whole kinds. */
    private volatile boolean synced;
    private final java.util.function.BiConsumer<Boolean, java.time.Instant> connection;
    /** Watches down for less than this are not reported: informers restart watches now and then. */
    static final Duration DISCONNECTED_AFTER = Duration.ofSeconds(5);
    private final ConnectionState connectionState;
    private volatile boolean ingressClassesVisible = true;
    private final List<SharedIndexInformer<Ingress>> ingresses = new ArrayList<>();
    private final List<SharedIndexInformer<IngressClass>> ingressClasses = new ArrayList<>();
    private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
    private final List<SharedIndexInformer<EndpointSlice>> endpointSlices = new ArrayList<>();
    private final List<SharedIndexInformer<Secret>> secrets = new ArrayList<>();
    private final GatewayApiInformers gatewayApi = new GatewayApiInformers();
    private final Consumer<String> notices;

    /**
     * @param listener   receives each snapshot
     * @param connection told when the watches drop (false, since when) and when they are back (true)
     */
    public ClusterWatcher(KubernetesClient client, WatchScope scope, Duration debounce,
                          Consumer<ClusterSnapshot> listener,
                          java.util.function.BiConsumer<Boolean, java.time.Instant> connection) {
        this(client, scope, debounce, listener, connection, notice -> { });
    }

    /**
     * @param notices told, on a line of its own, when something the user should know changes later: the Gateway
     *                API's CRDs appeared
     */
    public ClusterWatcher(KubernetesClient client, WatchScope scope, Duration debounce,
                          Consumer<ClusterSnapshot> listener,
                          java.util.function.BiConsumer<Boolean, java.time.Instant> connection,
                          Consumer<String> notices) {
        this(client, scope, debounce, listener, connection, notices, DISCONNECTED_AFTER);
    }

    /**
     * With another grace than {@link #DISCONNECTED_AFTER} before watches that are down are reported: tests of the
     * report take it short; the product keeps 5 s.
     *
     * @throws IllegalArgumentException when {@code disconnectedAfter} is not positive
     */
    ClusterWatcher(KubernetesClient client, WatchScope scope, Duration debounce, Consumer<ClusterSnapshot> listener,
                   java.util.function.BiConsumer<Boolean, java.time.Instant> connection, Consumer<String> notices,
                   Duration disconnectedAfter) {
        this.connectionState = new ConnectionState(disconnectedAfter);
        this.notices = notices;
        this.client = client;
        this.scope = scope;
        this.debounce = debounce;
        this.listener = listener;
        this.connection = connection;
    }

    /**
     * Starts the informers and waits for their first list, then delivers the first snapshot.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot be reached or
     *                                                                 refuses (see {@link ClusterErrors})
     */
    public void start() {
        try {
            ingressClasses.add(client.network().v1().ingressClasses().inform(AnyChange.then(this::schedule)));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 403 || scope.isAllNamespaces()) {
                throw e;
            }
            ingressClassesVisible = false; // cluster-scoped: a user limited to some namespaces may not list them
        }
        for (String namespace : namespaces()) {
            ingresses.add(scoped(client.network().v1().ingresses(), namespace).inform(AnyChange.then(this::schedule)));
            services.add(scoped(client.services(), namespace).inform(AnyChange.then(this::schedule)));
            endpointSlices.add(scoped(client.discovery().v1().endpointSlices(), namespace).inform(AnyChange.then(this::schedule)));
            secrets.add(namespace == null
                    ? client.secrets().inAnyNamespace().withField("type", TLS_SECRET_TYPE).inform(AnyChange.then(this::schedule))
                    : client.secrets().inNamespace(namespace).withField("type", TLS_SECRET_TYPE)
                    .inform(AnyChange.then(this::schedule)));
        }
        gatewayApi.start(client, namespaces(), this::schedule);
        synced = true;
        schedule();
        snapshots.scheduleWithFixedDelay(this::checkConnection, 500, 500, TimeUnit.MILLISECONDS);
        if (gatewayApi.availability() == GatewayApiInformers.Availability.NOT_INSTALLED) {
            long every = GATEWAY_API_RECHECK.toMillis();
            snapshots.scheduleWithFixedDelay(this::recheckGatewayApi, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How often discovery is asked again while the Gateway API's CRDs are missing: one small GET, so that a user
     * who installs them after {@code up} has started needs no restart.
     */
    static final Duration GATEWAY_API_RECHECK = Duration.ofSeconds(
            Long.getLong("ingresslab.gatewayApiRecheckSeconds", 5));

    private void recheckGatewayApi() {
        try {
            if (gatewayApi.startIfInstalled(client, namespaces(), this::schedule)) {
                notices.accept("Gateway API CRDs appeared: watching GatewayClasses, Gateways and HTTPRoutes");
                schedule();
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            // the API server is away: the connection check reports that; ask again next time
        }
    }

    /**
     * Reports when the informers have stopped watching for {@link #DISCONNECTED_AFTER} (the API server went away),
     * and when they watch again.
     */
    private void checkConnection() {
        boolean watching = allInformers().stream().allMatch(SharedIndexInformer::isWatching);
        connectionState.check(watching, java.time.Instant.now())
                .ifPresent(change -> connection.accept(change.connected(), change.since()));
    }

    private List<SharedIndexInformer<?>> allInformers() {
        List<SharedIndexInformer<?>> all = new ArrayList<>();
        all.addAll(ingresses);
        all.addAll(ingressClasses);
        all.addAll(services);
        all.addAll(endpointSlices);
        all.addAll(secrets);
        all.addAll(gatewayApi.informers());
        return all;
    }

    /** The namespaces to watch; a single null stands for all of them. */
    private List<String> namespaces() {
        List<String> namespaces = new ArrayList<>(scope.namespaces());
        if (namespaces.isEmpty()) {
            namespaces.add(null);
        }
        return namespaces;
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
            io.fabric8.kubernetes.client.dsl.Informable<T> scoped(MixedOperation<T, L, R> operation,
                                                                 String namespace) {
        return namespace == null ? operation.inAnyNamespace() : operation.inNamespace(namespace);
    }

    /** Coalesces the changes of one debounce window into one snapshot. */
    private void schedule() {
        if (synced && pending.compareAndSet(false, true)) {
            snapshots.schedule(this::deliver, debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Delivers a snapshot again after {@code delay}, though nothing changed: for findings that are only recorded
     * once they have lasted a while ({@link EventRecorder#SETTLE}). Nothing happens once closed.
     */
    void redeliverAfter(Duration delay) {
        try {
            snapshots.schedule(this::schedule, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: no more snapshots
        }
    }

    private void deliver() {
        pending.set(false);
        listener.accept(snapshot());
    }

    /** False when RBAC does not let us list IngressClasses (see {@link ClusterSnapshot#ingressClassesVisible}). */
    public boolean ingressClassesVisible() {
        return ingressClassesVisible;
    }

    /**
     * Why HTTPRoutes are not served (the Gateway API's CRDs are not installed, or RBAC hides their objects), with what
     * to do; empty when they are. Decided at {@link #start}; while the CRDs are missing, discovery is asked again
     * every {@link #GATEWAY_API_RECHECK}, and their appearance is told to {@code notices}.
     */
    public String gatewayApiNotice() {
        return gatewayApi.notice();
    }

    /** What the informers hold now. */
    public ClusterSnapshot snapshot() {
        return new ClusterSnapshot(list(ingresses), list(ingressClasses), list(services), list(endpointSlices),
                list(secrets), ingressClassesVisible, gatewayApi.objects());
    }

    private static <T> List<T> list(List<SharedIndexInformer<T>> informers) {
        List<T> all = new ArrayList<>();
        informers.forEach(informer -> all.addAll(informer.getStore().list()));
        return all;
    }

    /** Stops the informers, and waits for a snapshot being delivered to finish, so nothing follows the close. */
    @Override
    public void close() {
        allInformers().forEach(SharedIndexInformer::stop);
        snapshots.shutdown();
        try {
            if (!snapshots.awaitTermination(10, TimeUnit.SECONDS)) {
                snapshots.shutdownNow();
            }
        } catch (InterruptedException e) {
            snapshots.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
