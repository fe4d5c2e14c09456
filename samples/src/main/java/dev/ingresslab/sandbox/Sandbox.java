package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * The embedded cluster: an API server on 127.0.0.1 (fabric8's mock server in CRUD mode, holding objects in memory,
 * behind {@link KubectlFront}), with {@link SimulatedWorkloads} running the Deployments, and a kubeconfig (context
 * {@value #CONTEXT} unless told otherwise) that points at it and carries the bearer token the API server requires,
 * drawn afresh for each sandbox ({@link AccessTokens}). Started with a {@link SnapshotFile}, it keeps its objects
 * there as they change and can be started again from them ({@link SandboxSnapshot}); otherwise nothing outlives the
 * process but the kubeconfig file, marked stopped.
 */
public final class Sandbox implements AutoCloseable {

    public static final String CONTEXT = "ingress-lab-sandbox";

    private final KubernetesMockServer server;
    private final KubectlFront front;
    private final KubernetesClient client;
    private final SimulatedWorkloads workloads;
    private final Path kubeconfig;
    private final String context;
    private final SnapshotKeeper keeper;
    private final List<String> unrestored;
    private final Path unrestoredCopy;
    private final String restoredSummary;
    private final java.util.function.Consumer<String> problems;
    private final ObjectStore store;

    private Sandbox(KubernetesMockServer server, KubectlFront front, KubernetesClient client,
                    SimulatedWorkloads workloads, Path kubeconfig, String context, SnapshotKeeper keeper,
                    List<String> unrestored, Path unrestoredCopy, String restoredSummary,
                    java.util.function.Consumer<String> problems, ObjectStore store) {
        this.server = server;
        this.front = front;
        this.client = client;
        this.workloads = workloads;
        this.kubeconfig = kubeconfig;
        this.context = context;
        this.keeper = keeper;
        this.unrestored = List.copyOf(unrestored);
        this.unrestoredCopy = unrestoredCopy;
        this.restoredSummary = restoredSummary;
        this.problems = problems;
        this.store = store;
    }

    /** Starts an empty sandbox that keeps nothing, with context {@value #CONTEXT} in {@code kubeconfig}. */
    public static Sandbox start(Path kubeconfig) {
        return start(kubeconfig, CONTEXT, null, null, message -> { });
    }

    /**
     * Starts the API server (with {@code restore}'s objects in it, as they were stored), the workloads (the
     * restored Deployments get their Pods again), and writes the kubeconfig.
     *
     * @param context  the kubeconfig's context, cluster and user name
     * @param restore  the objects to start with, or null to start empty
     * @param keepIn   where to save the objects as they change (debounced, atomically), or null to keep nothing
     * @param problems told, in words for the user, when saving fails; the sandbox keeps running
     */
    public static Sandbox start(Path kubeconfig, String context, SandboxSnapshot restore, SnapshotFile keepIn,
                                java.util.function.Consumer<String> problems) {
        return start(kubeconfig, context, restore, keepIn, problems, KubectlFront.BODY_TIMEOUT,
                HttpWatch.Limits.DEFAULT);
    }

    /** {@link #start(Path)} with other limits, for tests that reach them quickly. */
    static Sandbox start(Path kubeconfig, java.time.Duration bodyTimeout, HttpWatch.Limits watchLimits) {
        return start(kubeconfig, CONTEXT, null, null, message -> { }, bodyTimeout, watchLimits);
    }

    private static Sandbox start(Path kubeconfig, String context, SandboxSnapshot restore, SnapshotFile keepIn,
                                 java.util.function.Consumer<String> problems, java.time.Duration bodyTimeout,
                                 HttpWatch.Limits watchLimits) {
        AccessTokens tokens = AccessTokens.random();
        ObjectStore store = new ObjectStore();
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
                new StoreGuard(store, tokens.store(), web), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox API server", e);
        }
        ObjectStore.Restored restored = restore == null ? new ObjectStore.Restored(List.of(), List.of())
                : store.restore(restore.objects());
        List<String> unrestored = restored.setAside();
        Path unrestoredCopy = null;
        if (!unrestored.isEmpty() && keepIn != null) {
            // before the first save, which leaves out what could not be restored
            try {
                unrestoredCopy = keepIn.copyAside("partial");
            } catch (IOException e) {
                server.destroy();
                throw new UncheckedIOException("cannot copy the saved sandbox " + keepIn.path() + " aside before"
                        + " saving over it (" + e.getMessage() + "); nothing was changed: free some space or fix"
                        + " the folder's permissions", e);
            }
        }
        String url = "http://127.0.0.1:" + server.getPort();
        // The sandbox's own client talks to the store directly, with the store's token (see StoreGuard), over
        // HTTP/1.1: the JDK client's h2c upgrade, which the store accepts, stalled the store's event loop.
        // The store is in this process: a timeout only tells a hang from a slow answer, and the store's first
        // answers (its classes loading, on a busy machine) took longer than the client's default 10 s.
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withOauthToken(tokens.store()).withHttp2Disable(true).withRequestRetryBackoffLimit(0)
                .withRequestTimeout(OWN_REQUEST_TIMEOUT_MILLIS).withConnectionTimeout(OWN_REQUEST_TIMEOUT_MILLIS)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        // A real cluster starts with its namespaces; kubectl get ns shows them (a restored sandbox has them already).
        try {
            for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
                if (client.namespaces().withName(namespace).get() == null) {
                    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                            .withNewMetadata().withName(namespace).endMetadata().withNewStatus().withPhase("Active")
                            .endStatus().build()).create();
                }
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            client.close();
            server.destroy();
            throw new IllegalStateException("the sandbox's API server did not answer its first requests ("
                    + firstLine(e) + "); the machine may be too busy: start again (Start in the window, or run the"
                    + " command again), and if it fails again, run `ingress-lab demo --headless` to see the whole"
                    + " error", e);
        }
        SnapshotKeeper keeper = keepIn == null ? null
                : new SnapshotKeeper(store, keepIn, restore, SAVE_DELAY, problems);
        if (keeper != null) {
            store.onChange(keeper::changed);
            keeper.changed(); // the namespaces just made, or a store restored from an older layout
        }
        SimulatedWorkloads workloads = new SimulatedWorkloads(client);
        KubectlFront front = null;
        try {
            workloads.start();
            ServingCertificate certificate = ServingCertificate.generate();
            front = new KubectlFront(URI.create(url), tokens, certificate, kubeconfig.toString(), client, workloads,
                    bodyTimeout, watchLimits);
            SandboxKubeconfig.write(kubeconfig, context, "https://127.0.0.1:" + front.port(),
                    certificate.authorityData(), tokens.client());
        } catch (RuntimeException e) {
            if (front != null) {
                front.close();
            }
            workloads.close();
            if (keeper != null) {
                keeper.close();
            }
            client.close();
            server.destroy();
            throw e;
        }
        return new Sandbox(server, front, client, workloads, kubeconfig, context, keeper, unrestored,
                unrestoredCopy, new SandboxSnapshot(restored.objects()).summary(), problems, store);
    }

    /** How long after a change the objects are saved: changes within it are saved together. */
    static final java.time.Duration SAVE_DELAY = java.time.Duration.ofMillis(300);
    /** How long the sandbox's own client waits for the store (in this process) before it gives up, in ms. */
    static final int OWN_REQUEST_TIMEOUT_MILLIS = 60_000;

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /**
     * The sandbox's own client, for code in this process ({@code demo}'s controller, the sample deployer): it reaches
     * the object store directly, with the store's token, past the front's checks (they guard against what
     * comes from outside the process).
     */
    public KubernetesClient client() {
        return client;
    }

    /** The kubeconfig to give kubectl: {@code export KUBECONFIG=…}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The object store's own address, behind the front (for tests that check it lets nobody else in). */
    String storeUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The API server's address as kubectl and the kubeconfig see it. */
    public String apiServerUrl() {
        return "https://127.0.0.1:" + front.port();
    }

    /** The kubeconfig context naming this sandbox. */
    public String context() {
        return context;
    }

    /**
     * What was restored, counted as {@link SandboxSnapshot#summary} counts (only what is now in the store: not the
     * entries set aside, not a duplicate twice): {@code 3 Deployments, 1 Ingress}; {@code no objects} when nothing.
     */
    public String restoredSummary() {
        return restoredSummary;
    }

    /**
     * The saved entries that were set aside rather than restored, each as {@code item 3 (Deployment default/web):
     * why} (a kind this sandbox does not serve, a check a write would fail, no name, a second entry for the same
     * object); empty when all were restored, or nothing was.
     */
    public List<String> unrestored() {
        return unrestored;
    }

    /**
     * Where the saved file was copied, whole, before the first save left the {@link #unrestored} objects out
     * ({@code objects.partial-<time>.json}); empty when nothing was left out or nothing is kept.
     */
    public java.util.Optional<Path> unrestoredCopy() {
        return java.util.Optional.ofNullable(unrestoredCopy);
    }

    /** The objects a save would keep now ({@link SandboxSnapshot#of}): what {@code objects.json} holds next. */
    public SandboxSnapshot kept() {
        return SandboxSnapshot.of(store.objects());
    }

    /**
     * Points the kubeconfig away from this sandbox ({@link SandboxKubeconfig#markStopped}), so that no new kubectl
     * connects to a server that is stopping; the first step of {@link #close}, which a demo takes before anything
     * else when it is asked to stop. Safe to call more than once.
     */
    public void markStopped() {
        String server = apiServerUrl();
        try {
            SandboxKubeconfig.markStopped(kubeconfig, context, server);
        } catch (java.io.UncheckedIOException e) {
            problems.accept("cannot mark the kubeconfig " + kubeconfig + " stopped ("
                    + FileProblems.reason(e.getCause()) + "): it still points at " + server
                    + ", where nothing answers now; the next demo rewrites it");
        }
    }

    /**
     * What the saved file holds after {@link #close}: its path, how many objects, and why the last save failed
     * if it did; empty for a sandbox that keeps nothing.
     */
    public java.util.Optional<SavedObjects> saved() {
        return keeper == null ? java.util.Optional.empty() : java.util.Optional.of(keeper.saved());
    }

    /**
     * Stops: marks the kubeconfig stopped first ({@link #markStopped}), then kubectl's requests, the workloads,
     * and saves the objects one last time.
     */
    @Override
    public void close() {
        markStopped();
        front.close();
        workloads.close();
        if (keeper != null) {
            keeper.close();
        }
        client.close();
        try {
            this.server.destroy();
        } catch (IllegalStateException slowShutdown) {
            // the store's server gives its event loop a bounded time to stop and then says so: by now everything
            // of ours is closed and saved, and its loopback listener goes with the process or the next close
        }
    }
}
