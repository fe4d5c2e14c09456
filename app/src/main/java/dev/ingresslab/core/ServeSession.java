package dev.ingresslab.core;

import dev.ingresslab.manifest.ManifestException;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestSet;
import dev.ingresslab.manifest.ManifestWatcher;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.DirectConnector;
import dev.ingresslab.proxy.ProxyServer;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestJournal;
import dev.ingresslab.route.BackendState;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.text.Plural;
import dev.ingresslab.tls.CertificateTrust;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TableObserver;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code serve}: the proxy on routes compiled from manifest files, reloaded when the files change. A reload that
 * fails keeps the last good routes in force and says why. Useful without any cluster, and the proxy's benchmark
 * target.
 */
public final class ServeSession implements AutoCloseable {

    private final ProxyRuntime runtime;
    private final ManifestWatcher watcher;
    private final Consumer<SessionEvent> events;
    private final IngressTranslator translator;
    /** The manifests in force, with where each object was read from. */
    private volatile ManifestSet manifests;

    private ServeSession(ProxyRuntime runtime, ManifestWatcher watcher, Consumer<SessionEvent> events,
                         IngressTranslator translator, ManifestSet manifests) {
        this.runtime = runtime;
        this.watcher = watcher;
        this.events = events;
        this.translator = translator;
        this.manifests = manifests;
    }

    /**
     * Loads the manifests, starts the proxy and the watcher.
     *
     * @param logFormat the access log's format, or null for no access log
     * @throws ManifestException when the manifests cannot be used at start
     */
    public static ServeSession start(List<String> files, ProxySettings settings, TranslatorSettings translation,
                                     AccessLog.Format logFormat, Duration reloadInterval, PrintStream out)
            throws ManifestException {
        return start(files, settings, translation, logFormat, out, reloadInterval, new LinePrinter(out),
                CertificateTrust.NOT_CHECKED);
    }

    /**
     * Loads the manifests, starts the proxy and the watcher; says what happens to {@code events}: the first routes
     * ({@code serving}), each reload ({@code reloaded}) or rejected change, on the watcher's thread.
     *
     * @param logFormat the access log's format, or null for no access log
     * @param logOut    where the access log goes
     * @param trust     whether this machine's clients trust a served certificate ({@code MachineTrust})
     * @throws ManifestException when the manifests cannot be used at start
     */
    static ServeSession start(List<String> files, ProxySettings settings, TranslatorSettings translation,
                              AccessLog.Format logFormat, PrintStream logOut, Duration reloadInterval,
                              Consumer<SessionEvent> events, CertificateTrust trust) throws ManifestException {
        ManifestLoader loader = new ManifestLoader();
        ServeSession[] session = new ServeSession[1];
        ManifestWatcher watcher = new ManifestWatcher(files, loader, new ManifestWatcher.Listener() {
            @Override
            public void loaded(ManifestSet manifests) {
                session[0].apply(manifests, "reloaded");
            }

            @Override
            public void failed(ManifestException problems) {
                session[0].reject(problems);
            }
        });
        ManifestSet initial = watcher.loadNow();
        ProxyRuntime runtime = ProxyRuntime.start(settings, RouteTable.empty(), new DirectConnector(), logFormat,
                logOut, events);
        // redirects to https only where the proxy serves https, on the port it bound (§6.3)
        IngressTranslator translator = new IngressTranslator(translation.servingHttpsOn(runtime.proxy.httpsPort()),
                trust);
        Translation compiled = translator.translate(initial.toInput());
        runtime.proxy.swap(compiled.table()); // before anything says "serving": no request sees the empty table
        session[0] = new ServeSession(runtime, watcher, events, translator, initial);
        session[0].report(initial, compiled, "serving");
        session[0].sayWhatServeNeeds(compiled);
        watcher.watch(reloadInterval);
        return session[0];
    }

    public ProxyServer server() {
        return runtime.proxy;
    }

    public RequestJournal journal() {
        return runtime.journal;
    }

    /** The manifests in force: the objects and where each was read from. */
    ManifestSet manifests() {
        return manifests;
    }

    private void apply(ManifestSet loaded, String verb) {
        Translation compiled = translator.translate(loaded.toInput());
        // the observers of each new table, in order: the proxy's swap, then the session's report
        TableObserver.tellAll(List.of(table -> runtime.proxy.swap(table.table()), table -> {
            manifests = loaded;
            report(loaded, table, verb);
        }), compiled, problem -> events.accept(new SessionEvent.Problem(Instant.now(),
                "the new routes could not be put in force: " + problem)));
    }

    private void reject(ManifestException problems) {
        events.accept(new SessionEvent.ReloadRejected(Instant.now(), problems.problems()));
    }

    /**
     * When some routes have no endpoints to go to (the natural first try, {@code serve -f samples/ch8/}, gives
     * Deployments and Services but no EndpointSlices), says what serve needs: it runs no Pods, so it routes only to
     * the addresses of EndpointSlices in the files; and points to {@code demo}, which runs the samples' Pods.
     */
    private void sayWhatServeNeeds(Translation compiled) {
        List<String> withoutEndpoints = compiled.table().allRoutes().stream().map(Route::backend)
                .filter(backend -> backend.endpoints().isEmpty()
                        && (backend.state() == BackendState.UNCHECKED || backend.state() == BackendState.NO_ENDPOINTS))
                .map(backend -> backend.namespace() + "/" + backend.service()).distinct().sorted().toList();
        if (withoutEndpoints.isEmpty()) {
            return;
        }
        events.accept(new SessionEvent.Notice(Instant.now(), "note: " + Plural.of(withoutEndpoints.size(),
                "Service") + " without endpoints (" + String.join(", ", withoutEndpoints) + ") will answer 503."
                + " serve runs no Pods: it routes only to the addresses of the EndpointSlices in its files, so give"
                + " each Service one whose addresses answer from this machine (a local server). For the chapter's"
                + " samples with running pods, run `ingress-lab demo` instead."));
    }

    private void report(ManifestSet loaded, Translation compiled, String verb) {
        events.accept(new SessionEvent.RoutesApplied(Instant.now(), compiled, verb, loaded.notes()));
    }

    @Override
    public void close() {
        watcher.close();
        runtime.close();
    }
}
