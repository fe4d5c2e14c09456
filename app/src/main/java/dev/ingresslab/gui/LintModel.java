package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.ManifestApplyOutcome;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.lint.FixedFile;
import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.LintFixer;
import dev.ingresslab.lint.LintReport;
import dev.ingresslab.lint.Linter;
import dev.ingresslab.lint.Severity;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Lint view's model: the manifest text being edited, what {@link Linter} finds in it (the checks of {@code
 * ingress-lab lint} and of the sandbox's API server: one set, one wording), what {@link LintFixer} changed, and what
 * the session's cluster said to Apply. Text is linted {@link #DEBOUNCE} after the last keystroke, on a background
 * worker; a result that arrives after newer text was linted is dropped. Call everything on the FX thread.
 */
public final class LintModel {

    /** How long typing must pause before the text is linted. */
    public static final Duration DEBOUNCE = Duration.millis(300);
    /** The name findings carry when the text was pasted or typed, not opened. */
    public static final String EDITOR = "<editor>";
    /** The empty state's example: the chapter's second attempt at {@code simple-ingress.yaml} ({@code spec.service}). */
    static final String EXAMPLE_RESOURCE = "samples/ch8/mistakes/simple-ingress-spec-service.yaml";

    private final SessionModel session;
    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper sourceName = new ReadOnlyStringWrapper(this, "sourceName", EDITOR);
    private final ObservableList<LintFinding> findings = FXCollections.observableArrayList();
    /**
     * The read-only view of {@link #findings}, made once: a view listens to its list through a weak listener, so the
     * listeners added to a view made per call stopped hearing of changes once the garbage collector took that view
     * (the gutter's marks went stale under load, #18).
     */
    private final ObservableList<LintFinding> readOnlyFindings = FXCollections.unmodifiableObservableList(findings);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper changes = new ReadOnlyStringWrapper(this, "changes", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyBooleanWrapper outcomeFailed = new ReadOnlyBooleanWrapper(this, "outcomeFailed");
    private final ReadOnlyBooleanWrapper applying = new ReadOnlyBooleanWrapper(this, "applying");
    private final PauseTransition typing = new PauseTransition(DEBOUNCE);
    private final StringBinding target;
    /** Counts lint runs: a result is shown only when no newer run has started since it was asked for. */
    private long generation;

    public LintModel(SessionModel session) {
        this.session = session;
        typing.setOnFinished(event -> lintNow());
        text.addListener((observable, old, now) -> typing.playFromStart());
        target = Bindings.createStringBinding(this::clusterName, session.sessionProperty(),
                session.snapshotProperty());
    }

    /** The manifest text in the editor: one or more YAML documents. */
    public StringProperty textProperty() {
        return text;
    }

    /** The opened file's name, or {@link #EDITOR} for pasted text: what findings are located in. */
    public ReadOnlyStringProperty sourceNameProperty() {
        return sourceName.getReadOnlyProperty();
    }

    /**
     * The findings of the last lint of the current text, in the order of their lines: a read-only list, the same one
     * on every call, whose listeners hear every change for as long as this model lives.
     */
    public ObservableList<LintFinding> findings() {
        return readOnlyFindings;
    }

    /** {@code 1 error, 0 warnings}, {@code No problems found}, or empty while the editor is empty. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the last Fix changed: one line per fix, then the unified diff; or why nothing was changed. */
    public ReadOnlyStringProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /** What the last Apply gave: the objects stored, or the API server's refusal with our hint. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** True when the last Apply (or open) failed: the outcome is shown as an error. */
    public ReadOnlyBooleanProperty outcomeFailedProperty() {
        return outcomeFailed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty applyingProperty() {
        return applying.getReadOnlyProperty();
    }

    /**
     * The name of the cluster Apply sends to ({@code ingress-lab-sandbox}, a kubeconfig context), or empty when no
     * session runs on a cluster (none started, or one serving manifest files).
     */
    public StringBinding targetProperty() {
        return target;
    }

    private String clusterName() {
        LabSession running = session.sessionProperty().get();
        SessionSnapshot snapshot = session.snapshotProperty().get();
        if (running == null || !running.hasCluster()) {
            return "";
        }
        String context = snapshot == null ? "" : snapshot.connection().context();
        return context.isEmpty() ? "the session's cluster" : context;
    }

    /** Lints the current text now, on a background worker (typing does this by itself after {@link #DEBOUNCE}). */
    public void lintNow() {
        typing.stop();
        long asked = ++generation;
        String current = text.get();
        String name = sourceName.get();
        if (current.isBlank()) {
            findings.clear();
            summary.set("");
            return;
        }
        FxThread.background(() -> linter.lintText(name, current), report -> {
            if (asked == generation) {
                show(report);
            }
        }, error -> {
            if (asked == generation) {
                findings.clear();
                summary.set("cannot lint: " + error.getMessage());
            }
        });
    }

    private void show(LintReport report) {
        findings.setAll(report.findings());
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        summary.set(errors + warnings == 0 ? "No problems found" : errors + (errors == 1 ? " error, " : " errors, ")
                + warnings + (warnings == 1 ? " warning" : " warnings"));
    }

    /** Replaces the text with {@link LintFixer}'s v1 form of it, and says what changed (or why nothing did). */
    public void fix() {
        String original = text.get();
        LintFixer.FixResult fixed = new LintFixer().fix(sourceName.get(), original);
        if (!fixed.changed()) {
            changes.set(findings.isEmpty() ? "Nothing to fix." : "Nothing Fix can change: what is left needs your"
                    + " choice (see the hints).");
            return;
        }
        text.set(fixed.text());
        lintNow();
        changes.set("Fixed " + fixed.applied().size() + (fixed.applied().size() == 1 ? " thing" : " things")
                + ":\n  " + String.join("\n  ", fixed.applied()) + "\n\n"
                + FixedFile.unifiedDiff(sourceName.get(), original, fixed.text()));
    }

    /**
     * Sends the documents to the session's cluster ({@link LabSession#applyManifests}), on a background worker;
     * says where to start one when none runs.
     */
    public void apply() {
        LabSession running = session.sessionProperty().get();
        if (running == null || !running.hasCluster()) {
            fail("No cluster to apply to: press Start in the bar above on the sandbox or a kubeconfig context"
                    + " (a session on manifest files has none).");
            return;
        }
        String where = target.get();
        String current = text.get();
        applying.set(true);
        outcome.set("Applying to " + where + "…");
        outcomeFailed.set(false);
        session.whileRunning(running, () -> running.applyManifests(current), result -> {
            applying.set(false);
            outcomeFailed.set(!result.succeeded());
            outcome.set(describe(where, result));
        }, error -> {
            applying.set(false);
            fail("Not applied to " + where + ": " + error.getMessage());
        }, () -> {
            applying.set(false);
            fail("The session stopped before Apply to " + where + " finished: some objects may be stored"
                    + " (`kubectl get` shows which); press Start, then Apply again (it updates what is there).");
        });
    }

    /** What Apply shows: each object stored, then each refusal with the API server's words and our hint. */
    static String describe(String where, ManifestApplyOutcome result) {
        StringBuilder shown = new StringBuilder();
        if (!result.applied().isEmpty()) {
            shown.append("Applied to ").append(where).append(":\n  ").append(String.join("\n  ", result.applied()));
        }
        for (ManifestApplyOutcome.Refusal refusal : result.refused()) {
            shown.append(shown.length() == 0 ? "" : "\n").append(where).append(" refused ").append(refusal.object())
                    .append(": ").append(refusal.message());
            if (!refusal.hint().isEmpty()) {
                shown.append("\n  hint: ").append(refusal.hint());
            }
        }
        return shown.toString();
    }

    /** Opens a manifest file into the editor (read on a background worker); findings then name the file. */
    public void open(Path file) {
        FxThread.background(() -> Files.readString(file, StandardCharsets.UTF_8), read -> {
            sourceName.set(file.getFileName().toString());
            changes.set("");
            text.set(read);
            lintNow();
        }, error -> fail("Cannot open " + file + ": " + error.getMessage() + ". Pick a readable YAML file."));
    }

    /** Puts the chapter's broken {@code simple-ingress.yaml} in the editor, for the empty state's button. */
    public void pasteExample() {
        sourceName.set("simple-ingress.yaml");
        changes.set("");
        text.set(example());
        lintNow();
    }

    /** The example's text, from the application's samples. */
    static String example() {
        try (InputStream in = LintModel.class.getClassLoader().getResourceAsStream(EXAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sample " + EXAMPLE_RESOURCE + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fail(String message) {
        outcomeFailed.set(true);
        outcome.set(message);
    }

    /** The findings at a 1-based line, for marking it. */
    List<LintFinding> findingsAt(int line) {
        return findings.stream().filter(finding -> finding.location().line() == line).toList();
    }
}
