package dev.ingresslab.core;

import dev.ingresslab.cluster.WatchScope;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.sandbox.FileProblems;
import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.sandbox.SandboxSnapshot;
import dev.ingresslab.sandbox.SavedObjects;
import dev.ingresslab.sandbox.SnapshotFile;
import dev.ingresslab.tls.CertificateTrust;
import dev.ingresslab.tls.trust.MachineTrust;
import dev.ingresslab.translate.TranslatorSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code demo}: the whole chapter on this machine, without minikube: the embedded sandbox cluster, the chapter's
 * services and its host and path Ingresses, and Ingress Lab as the sandbox's ingress controller. What the user
 * applies is still there on the next run (as on minikube after {@code minikube stop} and {@code start}); several
 * demos can run at once, each with its own port, kubeconfig and context.
 */
public final class DemoSession implements AutoCloseable {

    private final Sandbox sandbox;
    private final ClusterSession cluster;
    /** Releases the port claim and the sandbox slot, after everything else has stopped. */
    private final Runnable release;
    /** Where {@link #close} says what it does and what it did. */
    private final Consumer<String> out;

    private DemoSession(Sandbox sandbox, ClusterSession cluster, Runnable release, Consumer<String> out) {
        this.out = out;
        this.sandbox = sandbox;
        this.cluster = cluster;
        this.release = release;
    }

    /**
     * A demo whose sandbox keeps nothing and shares nothing: the kubeconfig goes to {@code kubeconfig}, no port is
     * claimed and no saved objects are read. For tests and embedding; {@code ingress-lab demo} uses {@link
     * #start(DemoOptions, ProxySettings, AccessLog.Format, PrintStream)}.
     *
     * @param withSamples deploy the chapter's services and its host and path Ingresses
     * @param kubeconfig  where the sandbox's kubeconfig is written
     */
    public static DemoSession start(Path kubeconfig, boolean withSamples, ProxySettings settings,
                                    AccessLog.Format logFormat, PrintStream out) throws InterruptedException {
        return start(kubeconfig, withSamples, settings, logFormat, out, new LinePrinter(out),
                CertificateTrust.NOT_CHECKED);
    }

    /**
     * As {@link #start(Path, boolean, ProxySettings, AccessLog.Format, PrintStream)}, saying what happens as events;
     * {@code trust} tells which served certificates this machine's clients would refuse ({@code MachineTrust}).
     */
    static DemoSession start(Path kubeconfig, boolean withSamples, ProxySettings settings, AccessLog.Format logFormat,
                             PrintStream logOut, Consumer<SessionEvent> events, CertificateTrust trust)
            throws InterruptedException {
        Sandbox sandbox = Sandbox.start(kubeconfig);
        return startOn(sandbox, withSamples, settings, logFormat, logOut, events, () -> { }, trust);
    }

    /**
     * {@code ingress-lab demo}: claims the HTTP port first (failing within a second, naming who holds it, when
     * another Ingress Lab or another program does: {@link PortClaim}), takes a sandbox slot of the data directory
     * ({@link SandboxSlot}: its own kubeconfig and context, so a second demo never breaks the first), restores the
     * objects saved by the last run (slot 1 only; the samples are then not applied again over them), and keeps
     * them saved as they change.
     *
     * @throws PortClaim.PortUnavailableException when the port cannot be ours; nothing was started or written
     * @throws java.io.UncheckedIOException       when the data directory cannot be written or read
     */
    public static DemoSession start(DemoOptions options, ProxySettings settings, AccessLog.Format logFormat,
                                    PrintStream out) throws InterruptedException {
        return start(options, settings, logFormat, out, new LinePrinter(out));
    }

    /** As {@link #start(DemoOptions, ProxySettings, AccessLog.Format, PrintStream)}, saying what happens as events. */
    static DemoSession start(DemoOptions options, ProxySettings settings, AccessLog.Format logFormat,
                             PrintStream logOut, Consumer<SessionEvent> events) throws InterruptedException {
        Consumer<String> out = notices(events);
        Path data = options.dataDirectory();
        PortClaim port = PortClaim.acquire(data, settings, "demo");
        SandboxSlot slot = null;
        try {
            if (options.portNote() != null) {
                out.accept(options.portNote());
            }
            slot = SandboxSlot.take(data, "demo on " + (settings.httpPort() == 0 ? "any free port"
                    : "port " + settings.httpPort()));
            slot.notes().forEach(out);
            SnapshotFile keep = slot.snapshot().orElse(null);
            SnapshotFile.Found saved = keep == null ? null : savedObjects(keep, options, out);
            if (keep == null) {
                out.accept("another demo runs the saved sandbox" + slot.mainHolder().map(h -> ": " + h)
                        .orElse("") + "; this one is sandbox " + slot.number() + " (context " + slot.context()
                        + "), and its objects are not kept when it stops");
            }
            Sandbox sandbox = Sandbox.start(slot.kubeconfig(), slot.context(),
                    saved == null ? null : saved.snapshot(), keep, out);
            if (saved != null) {
                out.accept("restored the sandbox saved at " + saved.savedAt().truncatedTo(ChronoUnit.SECONDS) + ": "
                        + sandbox.restoredSummary() + (options.withSamples() ? " (the samples are not applied"
                        + " again over it; `demo --fresh` starts clean)" : ""));
                if (!options.withSamples()) {
                    out.accept("--empty: no samples are deployed, but the saved objects above are restored; to start"
                            + " without them, run `demo --empty --fresh` (it sets the saved sandbox aside)");
                }
                reportUnrestored(sandbox, out);
            }
            SandboxSlot held = slot;
            boolean deploy = options.withSamples() && saved == null;
            DemoSession demo = startOn(sandbox, deploy, settings, logFormat, logOut, events, () -> {
                held.close();
                port.close();
            }, MachineTrust.load(data));
            if (deploy && keep != null) {
                try {
                    Files.writeString(samplesFingerprint(keep), sandbox.kept().contentFingerprint() + "\n");
                } catch (IOException e) {
                    // only --fresh's shortcut needs it: without it, the file is set aside as always
                }
            }
            return demo;
        } catch (RuntimeException | InterruptedException e) {
            if (slot != null) {
                slot.close();
            }
            port.close();
            throw e;
        }
    }

    /** The saved objects to restore, after {@code --fresh} set them aside or an unreadable file was; null: none. */
    private static SnapshotFile.Found savedObjects(SnapshotFile file, DemoOptions options, Consumer<String> out) {
        try {
            if (options.fresh() && onlyTheSamples(file)) {
                Files.delete(file.path());
                out.accept("--fresh: the saved sandbox held only the samples, as this demo makes them again; it is"
                        + " discarded (nothing of yours was in it)");
            } else if (options.fresh()) {
                Path aside = file.moveAside("set-aside");
                out.accept(aside == null ? "--fresh: there was no saved sandbox; starting clean"
                        : "--fresh: the saved sandbox is set aside as " + aside + " (to get it back, stop the demo"
                        + " and move it to " + file.path() + ")");
            }
            SnapshotFile.Loaded loaded = file.load();
            if (loaded instanceof SnapshotFile.Unreadable unreadable) {
                out.accept("the saved sandbox " + file.path() + " cannot be read (" + unreadable.reason() + "); it"
                        + " is kept as " + unreadable.setAsideTo() + " and the sandbox starts "
                        + (options.withSamples() ? "with the samples" : "empty"));
            }
            return loaded instanceof SnapshotFile.Found found ? found : null;
        } catch (IOException e) {
            String fix = e instanceof java.nio.file.AccessDeniedException
                    ? "check " + FileProblems.whosePermissions(file.path()) + ", or start" : "start";
            throw new UncheckedIOException("cannot read the saved sandbox " + file.path() + ": "
                    + FileProblems.reason(e) + "; nothing was changed: " + fix + " with `demo --fresh`, which sets"
                    + " it aside", e);
        }
    }

    /**
     * Whether the saved file holds exactly what a fresh demo deployed, untouched: its {@link
     * SandboxSnapshot#contentFingerprint} is the one recorded when the samples were deployed ({@link
     * #samplesFingerprint}); then {@code --fresh} has nothing of the user's to set aside.
     */
    private static boolean onlyTheSamples(SnapshotFile file) throws IOException {
        Path recorded = samplesFingerprint(file);
        if (!Files.isRegularFile(recorded) || !Files.isRegularFile(file.path())) {
            return false;
        }
        try { // parsed here, not loaded: loading sets an unreadable file aside, which is --fresh's to do
            return SandboxSnapshot.parse(Files.readAllBytes(file.path())).contentFingerprint()
                    .equals(Files.readString(recorded).trim());
        } catch (SandboxSnapshot.UnreadableSnapshotException e) {
            return false;
        }
    }

    /** {@code sandbox/objects.samples-fingerprint}: the content fingerprint of the samples as last deployed. */
    private static Path samplesFingerprint(SnapshotFile file) {
        return file.path().resolveSibling("objects.samples-fingerprint");
    }

    /**
     * Saved entries that were set aside, each with its item number and why: the sandbox copied the whole file aside
     * before the first save left them out.
     */
    private static void reportUnrestored(Sandbox sandbox, Consumer<String> out) {
        int count = sandbox.unrestored().size();
        if (count == 0) {
            return;
        }
        out.accept(count + " saved entr" + (count == 1 ? "y was" : "ies were") + " set aside, not restored: "
                + String.join("; ", sandbox.unrestored()) + "; the whole saved file is copied to "
                + sandbox.unrestoredCopy().map(copy -> copy + " (to get " + (count == 1 ? "it" : "them")
                        + " back, fix " + (count == 1 ? "it" : "them") + " there, stop the demo and move the copy"
                        + " to objects.json)").orElse("(nowhere: nothing is kept)"));
    }

    private static DemoSession startOn(Sandbox sandbox, boolean withSamples, ProxySettings settings,
                                       AccessLog.Format logFormat, PrintStream logOut,
                                       Consumer<SessionEvent> events, Runnable release, CertificateTrust trust)
            throws InterruptedException {
        Consumer<String> out = notices(events);
        try {
            out.accept("sandbox cluster: API server " + sandbox.apiServerUrl() + ", context " + sandbox.context());
            if (withSamples) {
                SampleDeployer deployer = new SampleDeployer(sandbox.client(), events::accept);
                var applied = new java.util.ArrayList<io.fabric8.kubernetes.api.model.HasMetadata>();
                for (String step : SampleSteps.CHAPTER_END) {
                    events.accept(new SessionEvent.SampleStarted(Instant.now(), step,
                            SampleSteps.named(step).description(), false));
                    applied.addAll(deployer.deploy(SampleSteps.named(step)));
                }
                deployer.awaitReady(applied, Duration.ofSeconds(20));
            } else {
                // Restored (or already there): their pods start again with the sandbox, not ready at first. Wait as a
                // fresh start does, so that "ready" means the printed curl commands answer, not 503.
                new SampleDeployer(sandbox.client(), events::accept).awaitReady(List.copyOf(sandbox.client().apps()
                        .deployments().inAnyNamespace().list().getItems()), Duration.ofSeconds(20));
            }
            ClusterSession cluster = ClusterSession.start(sandbox.client(), WatchScope.allNamespaces(), "default",
                    ConnectorChoice.DIRECT, settings, TranslatorSettings.defaults(), logFormat, logOut, true, false,
                    events, trust);
            return new DemoSession(sandbox, cluster, release, out);
        } catch (RuntimeException | InterruptedException e) {
            sandbox.close();
            throw e;
        }
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Whether the chapter's samples are in the sandbox now (the Ingresses {@code default/host-ingress} and {@code
     * default/path-ingress} the printed curl commands use): deployed by this demo, or restored with the saved
     * objects; false on {@code --empty} without them, or when the user deleted them.
     */
    public boolean samplesPresent() {
        var ingresses = sandbox.client().network().v1().ingresses().inNamespace("default");
        return ingresses.withName("host-ingress").get() != null && ingresses.withName("path-ingress").get() != null;
    }

    public ClusterSession cluster() {
        return cluster;
    }

    /**
     * Stops, saying so: {@code stopping...}, then the kubeconfig is marked stopped (first, so that no kubectl connects
     * to a server that is going away), the controller stops writing and watching, the sandbox saves its objects one
     * last time and stops, and one line says what was kept: {@code stopped: 12 objects saved to
     * …/sandbox/objects.json; the kubeconfig …/sandbox/kubeconfig is marked stopped}.
     */
    @Override
    public void close() {
        out.accept("stopping...");
        try {
            sandbox.markStopped();
            cluster.close();
            sandbox.close();
        } finally {
            release.run();
        }
        out.accept("stopped: " + sandbox.saved().map(DemoSession::kept).orElse("this sandbox kept nothing")
                + "; the kubeconfig " + sandbox.kubeconfig() + " is marked stopped");
    }

    /** Lines said as {@link SessionEvent.Notice}s. */
    private static Consumer<String> notices(Consumer<SessionEvent> events) {
        return text -> events.accept(new SessionEvent.Notice(Instant.now(), text));
    }

    private static String kept(SavedObjects saved) {
        String objects = saved.objects() + " object" + (saved.objects() == 1 ? "" : "s");
        return saved.problem() == null ? objects + " saved to " + saved.file()
                : "the changes since the last save are lost (" + saved.problem() + "); " + saved.file() + " holds "
                + objects;
    }
}
