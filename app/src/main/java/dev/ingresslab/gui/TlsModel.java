package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.tls.HostCertificate;
import dev.ingresslab.core.tls.IngressSecrets;
import dev.ingresslab.core.tls.TlsIngress;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.SecretOutcome;
import dev.ingresslab.tls.trust.TrustStep;
import dev.ingresslab.tls.trust.TrustStore;
import dev.ingresslab.tls.trust.TrustStores;
import dev.ingresslab.translate.Diagnostic;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The TLS pane's model (issue #16 §8): the local CA (where, subject, fingerprint, valid until) and whether each trust
 * store of the machine trusts it, with Trust and Untrust; a row per secure host of the table in force
 * ({@link HostCertificate}); the Ingresses with a {@code tls} section, for Issue ({@link TlsIngress}); the
 * translation's TLS diagnostics (reason {@code TLS…}), each with its fix. The CA file, the trust stores' tools and
 * the cluster are all worked on background workers; everything here changes on the FX thread.
 */
public final class TlsModel {

    /** The CA as read (null when there is none yet) and each store's state for it. */
    private record CaReading(LocalCa ca, List<TrustStep> states) {
    }

    /** The CA a Trust, Untrust or Issue used (made when there was none) and what it did. */
    private record Done<T>(LocalCa ca, T result) {
    }

    private final SessionModel session;
    private final Path dataDirectory;
    private Supplier<List<TrustStore>> stores = TrustStores::ofThisMachine;
    private final ReadOnlyObjectWrapper<LocalCa> ca = new ReadOnlyObjectWrapper<>(this, "ca");
    private final ObservableList<TrustStep> trustStates = FXCollections.observableArrayList();
    private final ObservableList<HostCertificate> certificates = FXCollections.observableArrayList();
    private final ObservableList<TlsIngress> ingresses = FXCollections.observableArrayList();
    private final ObservableList<Diagnostic> diagnostics = FXCollections.observableArrayList();
    private final ObservableList<String> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    /**
     * @param session       the window's session model
     * @param dataDirectory where the local CA is ({@code ca.pem}, {@code ca-key.pem}): the sessions' data directory
     */
    public TlsModel(SessionModel session, Path dataDirectory) {
        this.session = Objects.requireNonNull(session);
        this.dataDirectory = Objects.requireNonNull(dataDirectory);
        session.snapshotProperty().addListener((observable, old, now) -> {
            if (old == null || now == null || old.translation() != now.translation()) {
                showTable(now);
            }
        });
        // which leaves are ours depends on the CA: a CA made or read after the table came marks them
        ca.addListener((observable, old, now) -> showTable(session.snapshotProperty().get()));
    }

    /** Which trust stores Trust, Untrust and the status use (tests: a fake store that records the calls). */
    public void useTrustStores(Supplier<List<TrustStore>> stores) {
        this.stores = Objects.requireNonNull(stores);
    }

    /** The local CA, or null while there is none yet (it is made by the first Trust or Issue). */
    public ReadOnlyObjectProperty<LocalCa> caProperty() {
        return ca.getReadOnlyProperty();
    }

    /** Each trust store's state for the CA, one line each ({@link TrustStep#line()}). */
    public ObservableList<TrustStep> trustStates() {
        return trustStates;
    }

    /** A row per secure host of the table in force. */
    public ObservableList<HostCertificate> certificates() {
        return certificates;
    }

    /** The Ingresses with a {@code tls} section, for Issue. */
    public ObservableList<TlsIngress> ingresses() {
        return ingresses;
    }

    /** The translation's TLS diagnostics, each with its fix in its message. */
    public ObservableList<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** What the last Trust, Untrust or Issue did, a line per step; commands to copy included. */
    public ObservableList<String> steps() {
        return steps;
    }

    /** What the last action did, in a sentence. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action failed or what it would not do, and what to do; empty when nothing. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Whether an action runs (the buttons wait). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The cluster Issue writes to, as the bar names it ({@code ingress-lab-sandbox}); empty for files. */
    public String clusterName() {
        SessionSnapshot now = session.snapshotProperty().get();
        return now == null ? "" : now.connection().context();
    }

    /** Reads the CA file and asks each trust store about it (a background job), then shows the table in force. */
    public void refresh() {
        FxThread.background(() -> {
            Optional<LocalCa> loaded = LocalCa.load(dataDirectory);
            List<TrustStep> states = loaded.map(found -> stores.get().stream().map(store -> store.status(found))
                    .toList()).orElse(List.of());
            return new CaReading(loaded.orElse(null), states);
        }, done -> {
            ca.set(done.ca());
            trustStates.setAll(done.states());
            showTable(session.snapshotProperty().get());
        }, error -> problem.set("cannot read the local CA in " + dataDirectory + ": " + error.getMessage()));
    }

    /** Adds the CA (made now when there is none) to every trust store; each store's step becomes a line. */
    public void trust() {
        changeTrust("Trusting", TrustStore::trust);
    }

    /** Removes the CA from every trust store; each store's step becomes a line. */
    public void untrust() {
        changeTrust("Untrusting", TrustStore::untrust);
    }

    private void changeTrust(String doing, BiFunction<TrustStore, LocalCa, TrustStep> step) {
        if (!start(doing + " the local CA…")) {
            return;
        }
        FxThread.background(() -> {
            LocalCa local = LocalCa.loadOrCreate(dataDirectory, LocalCa.defaultOwner());
            List<TrustStore> present = stores.get();
            List<TrustStep> done = present.stream().map(store -> step.apply(store, local)).toList();
            return new Done<>(local, done);
        }, result -> {
            busy.set(false);
            LocalCa local = result.ca();
            List<TrustStep> done = result.result();
            ca.set(local);
            steps.setAll(TlsSteps.lines(done));
            message.set(done.isEmpty() ? "No trust store found that Ingress Lab can change here: give clients the CA"
                    + " file, e.g. curl --cacert '" + local.certificateFile() + "'" : doing + " the local CA: "
                    + done.size() + (done.size() == 1 ? " store" : " stores") + ", a line each below.");
            problem.set(TlsSteps.problem(done));
            refresh();
        }, error -> fail(doing.toLowerCase(java.util.Locale.ROOT) + " the local CA failed: " + error.getMessage()));
    }

    /**
     * Issues the local CA's certificates into the Secrets {@code ingress}'s {@code tls} section names, in the
     * session's cluster; a Secret Ingress Lab did not make is never written (the problem line says what to do).
     */
    public void issue(TlsIngress ingress) {
        LabSession running = session.sessionProperty().get();
        if (running == null) {
            problem.set("Nothing is running: press Start in the bar above, then Issue.");
            return;
        }
        String cluster = clusterName();
        if (!start("Issuing for " + ingress.kindAndName() + " on " + cluster + "…")) {
            return;
        }
        session.whileRunning(running, () -> {
            LocalCa local = LocalCa.loadOrCreate(dataDirectory, LocalCa.defaultOwner());
            return new Done<>(local, running.issueTls(ingress.namespace(), ingress.name(), local));
        }, result -> {
            busy.set(false);
            ca.set(result.ca());
            IngressSecrets.Report report = result.result();
            steps.setAll(report.lines());
            long written = report.outcomes().stream().filter(SecretOutcome::written).count();
            message.set("Issue for " + ingress.kindAndName() + " on cluster " + cluster + ": " + written
                    + (written == 1 ? " Secret" : " Secrets") + " written; the table picks "
                    + (written == 1 ? "it" : "them") + " up as the controller sees the change.");
            problem.set(String.join("\n", report.outcomes().stream().filter(outcome -> outcome.action()
                    == SecretOutcome.Action.NOT_OURS).map(SecretOutcome::message).toList()));
            refresh(); // a CA made by this Issue: ask the trust stores about it
        }, error -> fail("could not issue for " + ingress.kindAndName() + " on cluster " + cluster + ": "
                + error.getMessage()), () -> fail("the session stopped before Issue for " + ingress.kindAndName()
                + " finished: `kubectl get secret -n " + ingress.namespace() + "` on " + cluster + " shows what was"
                + " written; press Start, then Issue again"));
    }

    private boolean start(String doing) {
        if (busy.get()) {
            return false;
        }
        busy.set(true);
        problem.set("");
        steps.clear();
        message.set(doing);
        return true;
    }

    private void fail(String text) {
        busy.set(false);
        message.set("");
        problem.set(text);
    }

    private void showTable(SessionSnapshot now) {
        if (now == null) {
            certificates.clear();
            ingresses.clear();
            diagnostics.clear();
            return;
        }
        List<HostCertificate> rows = HostCertificate.of(now.translation().table(), Optional.ofNullable(ca.get()),
                Instant.now());
        replace(certificates, rows);
        replace(ingresses, TlsIngress.of(rows));
        replace(diagnostics, now.diagnostics().stream().filter(diagnostic -> diagnostic.reason().startsWith("TLS"))
                .toList());
    }

    /** Sets {@code list} to {@code now} only when they differ: an endpoint change leaves the pane's nodes alone. */
    private static <T> void replace(ObservableList<T> list, List<T> now) {
        if (!list.equals(now)) {
            list.setAll(now);
        }
    }
}
