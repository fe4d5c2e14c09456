package dev.ingresslab.core;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.cluster.OurIngressClass;
import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.manifest.LoadedObject;
import dev.ingresslab.manifest.ManifestException;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestSet;
import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxyStartException;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.RequestView;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.tls.trust.MachineTrust;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One running Ingress Lab, observable: the facade the command line and the GUI both stand on (issue 13 §1;
 * docs/session.md). A session reads Kubernetes objects from its {@link Source}, compiles them into the route table
 * the proxy serves, and says what happens as {@link SessionEvent}s; {@link #current()} is the state at any moment as
 * an immutable {@link SessionSnapshot}, {@link #journal()} the requests the proxy handled.
 *
 * <p>Threads: {@link #start} blocks until the session serves (a sandbox with the samples takes seconds: call it off
 * a UI thread). Events reach each subscriber on that subscriber's own thread, never on the caller's; a subscriber
 * that is slow or throws delays or loses only its own events. {@link #current()}, {@link #explain} and {@link
 * #journal()}'s {@code recent} never block. {@link #applySample}, {@link #deleteSample}, {@link #ingressYaml} on a
 * cluster and {@link #close()} talk to the API server or stop threads: call them off a UI thread.
 */
public final class LabSession implements AutoCloseable {

    private final Source source;
    private final SessionOptions options;
    private final SessionEvents events;
    private final Subscription initial;
    private final Running running;
    private final SessionJournal journal;
    private final RequestJournal ownJournal;
    private final SessionState state;
    /** Where the session's parts say what happens: the state first, then the subscribers. */
    private final Consumer<SessionEvent> sink;
    private volatile SessionSnapshot snapshot;
    private boolean closed;

    /** What a session runs, by source: exactly one of the parts is set. */
    private record Running(ServeSession serve, ManifestSet compiledOnly, ClusterSession cluster,
                           KubernetesClient ownClient, DemoSession demo, Path throwaway, KubeContext context,
                           String apiServer) {

        KubernetesClient client() {
            return demo != null ? demo.sandbox().client() : ownClient;
        }

        ProxyServer proxy() {
            return serve != null ? serve.server() : cluster != null ? cluster.proxy()
                    : demo != null ? demo.cluster().proxy() : null;
        }

        RequestJournal requests() {
            return serve != null ? serve.journal() : cluster != null ? cluster.journal()
                    : demo != null ? demo.cluster().journal() : null;
        }

        ManifestSet manifests() {
            return serve != null ? serve.manifests() : compiledOnly;
        }
    }

    private LabSession(Source source, SessionOptions options, SessionEvents events, Subscription initial,
                       Running running, SessionState state, Consumer<SessionEvent> sink) {
        this.source = source;
        this.options = options;
        this.events = events;
        this.initial = initial;
        this.running = running;
        this.state = state;
        this.sink = sink;
        RequestJournal requests = running.requests();
        this.ownJournal = requests == null ? new RequestJournal(1) : null;
        this.journal = new SessionJournal(requests == null ? ownJournal : requests);
        state.onChange(now -> snapshot = snapshotFrom(now));
        state.running();
    }

    /**
     * Starts a session; returns once it serves (or, without a proxy, once the routes are compiled).
     *
     * @throws SessionStartException when it cannot start: nothing is left running, and the message says what to do
     * @throws InterruptedException  when interrupted while the sandbox's samples become ready
     */
    public static LabSession start(Source source, SessionOptions options) throws SessionStartException,
            InterruptedException {
        return start(source, options, null);
    }

    /**
     * Starts a session with a first subscriber, subscribed before anything starts: it receives every event of the
     * start, as they happen (the command line prints them while the sandbox starts), and, when the start fails, the
     * events up to the failure. Its handle is {@link #initialSubscription()}.
     *
     * @param subscriber the first subscriber, or null
     */
    public static LabSession start(Source source, SessionOptions options, Consumer<? super SessionEvent> subscriber)
            throws SessionStartException, InterruptedException {
        SessionEvents events = new SessionEvents();
        Subscription initial = subscriber == null ? null : events.subscribe(subscriber);
        // The state follows every event from the first; the snapshot is made from it once the session exists.
        SessionState state = new SessionState();
        Consumer<SessionEvent> sink = event -> {
            state.apply(event);
            events.publish(event);
        };
        Running running;
        try {
            running = startRunning(source, options, sink);
        } catch (SessionStartException | InterruptedException | RuntimeException e) {
            events.close(Duration.ofSeconds(2));
            throw e;
        }
        LabSession session = new LabSession(source, options, events, initial, running, state, sink);
        if (options.serveRequests()) {
            StartedHeap.settleOnce(); // the start's long-lived data made old before the traffic (see the class)
        }
        return session;
    }

    /** The running parts for the source; publishes the start's events to {@code sink}. */
    private static Running startRunning(Source source, SessionOptions options, Consumer<SessionEvent> sink)
            throws SessionStartException, InterruptedException {
        if (source instanceof Source.Manifests manifests) {
            return startOnFiles(manifests, options, sink);
        }
        if (source instanceof Source.Cluster cluster) {
            return startOnCluster(cluster, options, sink);
        }
        return startOnSandbox((Source.Sandbox) source, options, sink);
    }

    private static Running startOnFiles(Source.Manifests source, SessionOptions options, Consumer<SessionEvent> sink)
            throws SessionStartException {
        List<String> files = source.paths().stream().map(Path::toString).toList();
        try {
            if (!options.serveRequests()) {
                ManifestSet loaded = new ManifestLoader().load(files);
                Translation translation = new IngressTranslator(options.translation(),
                        MachineTrust.load(options.dataDirectory())).translate(loaded.toInput());
                sink.accept(new SessionEvent.RoutesApplied(Instant.now(), translation, "compiled", loaded.notes()));
                return new Running(null, loaded, null, null, null, null, null, "");
            }
            notice(sink, options.portNote());
            // before the manifests are read: a busy port says so at once, naming the Ingress Lab that has it
            PortClaim.check(options.dataDirectory(), options.proxy());
            ServeSession serve = ServeSession.start(files, options.proxy(), options.translation(), null, null,
                    options.reloadInterval(), sink, MachineTrust.load(options.dataDirectory()));
            return new Running(serve, null, null, null, null, null, null, "");
        } catch (ManifestException e) {
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, "the manifests cannot be used:",
                    e.problems(), e);
        } catch (ProxyStartException e) {
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, e.getMessage(), e);
        }
    }

    private static Running startOnCluster(Source.Cluster source, SessionOptions options, Consumer<SessionEvent> sink)
            throws SessionStartException {
        ClusterTarget target;
        try {
            target = ClusterTarget.load(source.kubeconfig(), source.context());
        } catch (ContextNotFoundException e) {
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SessionStartException(SessionStartException.Reason.CLUSTER_UNAVAILABLE,
                    "cannot read the kubeconfig: " + e.getMessage(), e);
        }
        notice(sink, target.describeRead(source.namespaces())); // what is read, not the default namespace
        if (!options.serveRequests()) {
            return compileCluster(source, target, options, sink);
        }
        notice(sink, options.portNote());
        try {
            // before anything touches the cluster (createClass writes to it): a busy port fails here, at once
            PortClaim.check(options.dataDirectory(), options.proxy());
        } catch (ProxyStartException e) {
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, e.getMessage(), e);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build();
        try {
            notice(sink, OurIngressClass.ensure(client, options.translation(), options.createClass(),
                    options.defaultClass()));
            List<String> namespaces = source.namespaces();
            String leaseNamespace = namespaces.isEmpty() ? (target.config().getNamespace() == null ? "default"
                    : target.config().getNamespace()) : namespaces.get(0);
            ClusterSession cluster = ClusterSession.start(client, new WatchScope(namespaces), leaseNamespace,
                    options.connector(), options.proxy(), options.translation(), null, null, options.writeStatus(),
                    options.clearStatusOnExit(), sink, MachineTrust.load(options.dataDirectory()));
            return new Running(null, null, cluster, client, null, null, target.context(),
                    target.config().getMasterUrl());
        } catch (KubernetesClientException e) {
            client.close();
            throw new SessionStartException(SessionStartException.Reason.CLUSTER_UNAVAILABLE, "cannot watch the"
                    + " cluster of context " + target.context().name() + " at " + target.config().getMasterUrl()
                    + ": " + ClusterErrors.describe(e, target.context()), e);
        } catch (ProxyStartException e) {
            client.close();
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Compile only ({@link SessionOptions#withoutProxy()}): one read of the cluster's Ingresses and IngressClasses
     * (two LISTs: nothing is written, watched or claimed), translated as the controller would. Services are not
     * read, so backends are "not checked": what is compiled is which hosts and paths are served ({@code hosts
     * --context}).
     */
    private static Running compileCluster(Source.Cluster source, ClusterTarget target, SessionOptions options,
                                          Consumer<SessionEvent> sink) throws SessionStartException {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build();
        try {
            List<Ingress> ingresses = new java.util.ArrayList<>();
            if (source.namespaces().isEmpty()) {
                ingresses.addAll(client.network().v1().ingresses().inAnyNamespace().list().getItems());
            } else {
                for (String namespace : source.namespaces()) {
                    ingresses.addAll(client.network().v1().ingresses().inNamespace(namespace).list().getItems());
                }
            }
            var classes = client.network().v1().ingressClasses().list().getItems();
            Translation translation = new IngressTranslator(options.translation(),
                    MachineTrust.load(options.dataDirectory())).translate(
                    new dev.ingresslab.translate.TranslationInput(ingresses, classes, List.of(), List.of(), List.of(),
                            java.util.EnumSet.of(dev.ingresslab.translate.InputKind.INGRESS_CLASS)));
            sink.accept(new SessionEvent.RoutesApplied(Instant.now(), translation, "compiled", List.of()));
            return new Running(null, null, null, client, null, null, target.context(),
                    target.config().getMasterUrl());
        } catch (KubernetesClientException e) {
            client.close();
            throw new SessionStartException(SessionStartException.Reason.CLUSTER_UNAVAILABLE, "cannot read the"
                    + " Ingresses of context " + target.context().name() + " at " + target.config().getMasterUrl()
                    + ": " + ClusterErrors.describe(e, target.context()), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static Running startOnSandbox(Source.Sandbox source, SessionOptions options, Consumer<SessionEvent> sink)
            throws SessionStartException, InterruptedException {
        Path throwaway = null;
        try {
            DemoSession demo;
            if (source.keep()) {
                demo = DemoSession.start(new DemoOptions(options.dataDirectory(), source.samples(), source.fresh(),
                        options.portNote()), options.proxy(), null, null, sink);
            } else {
                Path parent = Files.createDirectories(options.dataDirectory().resolve("sessions"));
                throwaway = Files.createTempDirectory(parent, "sandbox-");
                notice(sink, options.portNote());
                demo = DemoSession.start(throwaway.resolve("kubeconfig"), source.samples(), options.proxy(), null,
                        null, sink, MachineTrust.load(options.dataDirectory()));
            }
            KubeContext context = new KubeContext(demo.sandbox().context(), demo.sandbox().context(),
                    demo.sandbox().apiServerUrl(), KubeContext.Kind.SANDBOX, false);
            return new Running(null, null, null, null, demo, throwaway, context, demo.sandbox().apiServerUrl());
        } catch (ProxyStartException | UncheckedIOException e) {
            deleteQuietly(throwaway);
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new SessionStartException(SessionStartException.Reason.BAD_INPUT, "cannot write the sandbox's"
                    + " kubeconfig under " + options.dataDirectory() + ": " + e.getMessage() + "; set"
                    + " INGRESS_LAB_HOME to a folder you can write", e);
        } catch (RuntimeException | InterruptedException e) {
            deleteQuietly(throwaway);
            throw e;
        }
    }

    // ---- the API ------------------------------------------------------------------------------------------------

    /**
     * The places a session can start on, for a context picker: the embedded sandbox first, then the kubeconfig's
     * contexts ({@code KUBECONFIG} or {@code ~/.kube/config}) sorted by name, each with its kind of cluster and
     * whether its API server answered. Returns within about a second whatever the servers do.
     */
    public static List<ClusterChoice> contexts() {
        return ClusterChoice.list(null);
    }

    /** As {@link #contexts()}, reading the given kubeconfig file. */
    public static List<ClusterChoice> contexts(Path kubeconfig) {
        return ClusterChoice.list(kubeconfig);
    }

    /** What the session was started on. */
    public Source source() {
        return source;
    }

    /** What the session was started with. */
    public SessionOptions options() {
        return options;
    }

    /** The session now. Never blocks; a new snapshot is made at each change. */
    public SessionSnapshot current() {
        return snapshot;
    }

    /** The session's events: subscribe to hear what happens from now on (or since the start, with history). */
    public SessionEvents events() {
        return events;
    }

    /** The handle of the subscriber given to {@link #start(Source, SessionOptions, Consumer)}, if any. */
    public Optional<Subscription> initialSubscription() {
        return Optional.ofNullable(initial);
    }

    /**
     * The kubeconfig kubectl uses to reach the session's cluster: the sandbox's own (written by the session), or the
     * file a {@link Source.Cluster} named; empty for files, and for a cluster read from {@code KUBECONFIG} or
     * {@code ~/.kube/config}.
     */
    public Optional<Path> kubeconfig() {
        if (running.demo() != null) {
            return Optional.of(running.demo().sandbox().kubeconfig());
        }
        return source instanceof Source.Cluster cluster ? Optional.ofNullable(cluster.kubeconfig()) : Optional.empty();
    }

    /**
     * Whether the chapter's host and path Ingresses ({@code default/host-ingress}, {@code default/path-ingress}: the
     * ones the demo's curl commands use) are in the session's cluster now, deployed or restored. Asks the API server:
     * call it off a UI thread. False for files.
     */
    public boolean chapterSamplesPresent() {
        KubernetesClient client = running.client();
        if (client == null) {
            return false;
        }
        var ingresses = client.network().v1().ingresses().inNamespace("default");
        return ingresses.withName("host-ingress").get() != null && ingresses.withName("path-ingress").get() != null;
    }

    /**
     * The cluster's Events about Ingresses, in the namespaces the session watches (all for the sandbox), oldest
     * first: what the controller recorded on them ({@code kubectl describe ingress} shows the same), read from the
     * API server. Empty for files. One LIST per namespace: call it off a UI thread.
     *
     * @throws KubernetesClientException when the API server cannot be asked
     */
    public List<IngressEvent> ingressEvents() {
        KubernetesClient client = running.client();
        if (client == null) {
            return List.of();
        }
        List<String> namespaces = source instanceof Source.Cluster cluster ? cluster.namespaces() : List.of();
        return IngressEvent.list(client, namespaces);
    }

    /**
     * The names the served Ingresses need in the hosts file, from the route table in force (issue #15 §6): the
     * precise rule hosts; the wildcard hosts with the concrete names seen in the requests of the journal; the hosts
     * a hosts file cannot hold, with why. Never blocks (the journal's last requests are read from memory).
     */
    public dev.ingresslab.core.hosts.WantedHosts wantedHosts() {
        SessionSnapshot now = snapshot;
        if (now == null) {
            return dev.ingresslab.core.hosts.WantedHosts.NONE;
        }
        List<String> seen = journal.recent(RECENT_HOSTS).stream().map(dev.ingresslab.proxy.RequestRecord::host)
                .distinct().toList();
        return dev.ingresslab.core.hosts.WantedHosts.of(now.translation().table().allRoutes(), seen);
    }

    /** How many of the last requests {@link #wantedHosts()} reads for the names seen under wildcard hosts. */
    private static final int RECENT_HOSTS = 10_000;

    /** The requests the proxy handled (none when the session serves no requests). */
    public SessionJournal journal() {
        return journal;
    }

    /**
     * What the proxy would do with a request, and why, on the table in force now: the same engine as the {@code
     * explain} command and the proxy's {@code X-Ingress-Lab-Route}. Never blocks; sends nothing.
     *
     * @param request a request, as {@link dev.ingresslab.route.SimpleRequest#of} makes from a method, URL and headers
     */
    public Decision explain(RequestView request) {
        return new Explainer(snapshot.translation().table()).explain(request);
    }

    /**
     * The YAML of an Ingress, for showing it with a route's rule highlighted ({@link IngressYaml#linesOf}): from
     * files, its document as written; from a cluster, as the API server has it now (one GET: call it off a UI
     * thread).
     *
     * @return empty when there is no such Ingress
     * @throws KubernetesClientException when the API server cannot be asked
     */
    public Optional<IngressYaml> ingressYaml(String namespace, String name) {
        return objectYaml("Ingress", namespace, name);
    }

    /**
     * The YAML of the object a route comes from ({@link dev.ingresslab.route.Origin#kind()}: {@code Ingress},
     * {@code HTTPRoute} or {@code Gateway}), as {@link #ingressYaml} gives an Ingress's.
     *
     * @return empty when there is no such object
     * @throws IllegalArgumentException  for another kind: no route comes from it
     * @throws KubernetesClientException when the API server cannot be asked
     */
    public Optional<IngressYaml> objectYaml(String kind, String namespace, String name) {
        ManifestSet manifests = running.manifests();
        if (manifests != null) {
            return manifests.objects().stream().filter(object -> kind.equals(object.object().getKind())
                            && name.equals(object.object().getMetadata().getName())
                            && namespace.equals(object.object().getMetadata().getNamespace()))
                    .findFirst().map(object -> IngressDocuments.fromFile(namespace, name, object.location()));
        }
        KubernetesClient client = running.client();
        io.fabric8.kubernetes.api.model.HasMetadata found = switch (kind) {
            case "Ingress" -> client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
            case dev.ingresslab.route.Origin.HTTP_ROUTE -> client.resources(
                    io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).inNamespace(namespace)
                    .withName(name).get();
            case "Gateway" -> client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class)
                    .inNamespace(namespace).withName(name).get();
            default -> throw new IllegalArgumentException("no route comes from a " + kind + ": routes come from"
                    + " Ingresses, HTTPRoutes and Gateways");
        };
        return Optional.ofNullable(found).map(object -> IngressDocuments.fromCluster(client, object));
    }

    /**
     * Applies a chapter step ({@link SampleSteps#STEPS}, by name: {@code services}, {@code host}, …) to the session's
     * cluster, labelled as ours, and waits up to {@code timeout} for its Deployments; or sends one of the chapter's
     * mistakes ({@link SampleSteps#MISTAKES}, by file: {@code mistakes/simple-ingress-spec-service.yaml}) to the API
     * server, which refuses it: the outcome holds its message and the fix. Publishes {@link
     * SessionEvent.SampleProgress} events as it goes. Blocks: call it off a UI thread.
     *
     * @throws IllegalArgumentException when there is no such step or mistake (the message lists them)
     * @throws IllegalStateException    when the session reads files: samples are applied to a cluster
     * @throws KubernetesClientException when the API server cannot be reached
     */
    public SampleOutcome applySample(String step, Duration timeout) throws InterruptedException {
        return samples().apply(step, timeout);
    }

    /**
     * Deletes a chapter step's objects that carry our label (a user's own objects of the same name are kept and
     * said so). Publishes {@link SessionEvent.SampleProgress} events. Blocks: call it off a UI thread.
     *
     * @throws IllegalArgumentException when there is no such step
     * @throws IllegalStateException    when the session reads files
     */
    public SampleOutcome deleteSample(String step) {
        return samples().delete(step);
    }

    /**
     * Issues the local CA's certificates into the Secrets Ingress {@code namespace/name}'s {@code spec.tls} names, in
     * the session's cluster ({@link dev.ingresslab.core.tls.IngressSecrets}: a Secret not ours is never written).
     * Blocks on the API server: call it off a UI thread.
     *
     * @throws IllegalStateException    when the session reads files: Secrets live in a cluster
     * @throws IllegalArgumentException when there is no such Ingress
     */
    public dev.ingresslab.core.tls.IngressSecrets.Report issueTls(String namespace, String name,
                                                                 dev.ingresslab.tls.local.LocalCa ca) {
        KubernetesClient client = running.client();
        if (client == null) {
            throw new IllegalStateException("Secrets are issued into a cluster: start the session on the sandbox or a"
                    + " kubeconfig context, or run `./ingress-lab tls issue HOST --context C` against one");
        }
        return new dev.ingresslab.core.tls.IngressSecrets(client, ca).issue(namespace, name);
    }

    /**
     * Applies the documents of a manifest text to the session's cluster as {@code kubectl apply -f} would (through
     * the API server's checks: for the sandbox, through its kubeconfig): each stored, or refused with the API
     * server's message and our hint. Blocks: call it off a UI thread.
     *
     * @throws IllegalStateException     when the session reads files: there is no cluster to apply to
     * @throws IllegalArgumentException  when the text holds no document or is not YAML (the message says what to do)
     * @throws KubernetesClientException when the API server cannot be reached
     */
    public ManifestApplyOutcome applyManifests(String text) {
        if (running.client() == null) {
            throw new IllegalStateException("this session reads manifest files, not a cluster: start it on the"
                    + " sandbox or a kubeconfig context to apply");
        }
        try (KubernetesClient kubectl = kubectlClient()) {
            return new ManifestApplier(kubectl).apply(text);
        }
    }

    /**
     * The objects the session compiles its routes from, as they are now: from files, the manifests in force; from a
     * cluster or the sandbox, its Ingresses, Services, EndpointSlices and TLS Secrets in the namespaces the session
     * reads, and its IngressClasses, one LIST each ({@link ClusterInput}). What the window's Convert view converts.
     * Blocks on the API server: call it off a UI thread.
     *
     * @throws KubernetesClientException when the API server cannot be asked
     */
    public dev.ingresslab.translate.TranslationInput input() {
        ManifestSet manifests = running.manifests();
        if (manifests != null) {
            return manifests.toInput();
        }
        return ClusterInput.read(running.client(), source instanceof Source.Cluster cluster ? cluster.namespaces()
                : List.of());
    }

    /** The class selection the session's routes are compiled with (the sandbox serves with the defaults). */
    public dev.ingresslab.translate.TranslatorSettings translatorSettings() {
        return running.demo() != null ? dev.ingresslab.translate.TranslatorSettings.defaults() : options.translation();
    }

    /** Whether the session has a cluster to apply manifests to (the sandbox or a context; not files). */
    public boolean hasCluster() {
        return running.client() != null;
    }

    private SampleOperations samples() {
        KubernetesClient client = running.client();
        if (client == null) {
            throw new IllegalStateException("samples are applied to a cluster: start the session on the sandbox or"
                    + " a kubeconfig context, not on manifest files");
        }
        return new SampleOperations(client, this::kubectlClient, sink, options.dataDirectory());
    }

    /**
     * A client that reaches the API server as kubectl does: for the sandbox, through its kubeconfig (its own client
     * talks to the object store directly, past the checks kubectl's requests get); for a cluster, a new client of
     * the same configuration (the caller closes it).
     */
    private KubernetesClient kubectlClient() {
        try {
            io.fabric8.kubernetes.client.Config config = running.demo() != null
                    ? ClusterTarget.read(running.demo().sandbox().kubeconfig(), running.demo().sandbox().context())
                    : running.ownClient().getConfiguration();
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's kubeconfig: " + e.getMessage(), e);
        }
    }

    /**
     * Stops: the proxy stops listening, the controller stops watching (and, on a cluster, writing), the sandbox
     * saves its objects and stops; the last events ({@code stopping...}, {@code stopped: …}) are delivered before it
     * returns (each subscriber waits at most 5 s). Closing twice does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (running.demo() != null) {
                running.demo().close();
            } else if (running.cluster() != null) {
                running.cluster().close();
                running.ownClient().close();
            } else if (running.serve() != null) {
                running.serve().close();
            } else if (running.ownClient() != null) {
                running.ownClient().close(); // a cluster compiled only
            }
        } finally {
            journal.close();
            if (ownJournal != null) {
                ownJournal.close();
            }
            deleteQuietly(running.throwaway());
            state.closed();
            events.close(Duration.ofSeconds(5));
        }
    }

    // ---- state --------------------------------------------------------------------------------------------------

    private SessionSnapshot snapshotFrom(SessionState.Now now) {
        ProxyServer proxy = running.proxy();
        Map<String, SourceLocation> locations = new HashMap<>();
        ManifestSet manifests = running.manifests();
        if (manifests != null) {
            for (LoadedObject object : manifests.objects()) {
                if (object.object() instanceof Ingress) {
                    locations.putIfAbsent(object.object().getMetadata().getNamespace() + "/"
                            + object.object().getMetadata().getName(), object.location());
                }
            }
        }
        SessionSnapshot.SourceKind kind = source instanceof Source.Manifests ? SessionSnapshot.SourceKind.MANIFESTS
                : source instanceof Source.Cluster ? SessionSnapshot.SourceKind.CLUSTER
                : SessionSnapshot.SourceKind.SANDBOX;
        KubeContext context = running.context();
        SessionSnapshot.Connection connection = new SessionSnapshot.Connection(kind, now.lifecycle(),
                context == null ? "" : context.name(), Optional.ofNullable(context).map(KubeContext::kind),
                running.apiServer() == null ? "" : running.apiServer(), now.connector(),
                proxy == null || now.lifecycle() == SessionSnapshot.State.CLOSED ? 0 : proxy.httpPort(),
                proxy == null || now.lifecycle() == SessionSnapshot.State.CLOSED ? 0 : Math.max(0, proxy.httpsPort()),
                proxy == null || now.lifecycle() == SessionSnapshot.State.CLOSED ? List.of() : proxy.httpAddresses(),
                proxy == null || now.lifecycle() == SessionSnapshot.State.CLOSED ? List.of() : proxy.httpsAddresses(),
                now.leader(), Optional.ofNullable(now.disconnectedSince()));
        Translation translation = now.translation() != null ? now.translation()
                : new Translation(proxy == null ? RouteTable.empty() : proxy.table(), List.of());
        return new SessionSnapshot(Instant.now(), translation, RouteViews.of(translation, locations), locations,
                connection);
    }

    private static void notice(Consumer<SessionEvent> sink, String text) {
        if (text != null) {
            sink.accept(new SessionEvent.Notice(Instant.now(), text));
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a throwaway folder left behind costs a few bytes; the next start makes a new one
        }
    }
}
