package dev.ingresslab.gui;

import dev.ingresslab.convert.BehaviourCheck;
import dev.ingresslab.convert.Untranslatable;
import dev.ingresslab.core.ConversionReport;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.OutputFile;
import dev.ingresslab.manifest.ManifestException;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.text.Plural;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Convert view's model (#19 point 4, "the GUI shows the two side by side"): the Ingresses on the left, the
 * Gateway and HTTPRoutes they convert to on the right, what could not be converted, and the behaviour check, all
 * from {@link ConversionReport}, the core {@code ingress-lab convert} runs on. The Ingresses are the running
 * session's ({@link LabSession#input()}, re-read each time its routes change) until files are opened, then those
 * files' ({@link #open}), until {@link #useSession}. Work runs on a background worker; a result that arrives after a
 * newer run started is dropped. Call everything on the FX thread.
 */
public final class ConvertModel {

    /**
     * The port of the converted Gateway's HTTPS listeners, which the https redirects name: the Gateway's, in its own
     * cluster, not this session's proxy port ({@code convert --https-port}'s default).
     */
    static final int GATEWAY_HTTPS_PORT = 443;

    /** What the banner over the results says. */
    public enum Verdict {
        /** Nothing to convert: the source has no Ingress. */
        EMPTY,
        /** Converting, or waiting for a session. */
        WORKING,
        /** Every probe request is decided alike. */
        EQUIVALENT,
        /** Some probe requests are decided differently. */
        DIFFERENT,
        /** The source cannot be read. */
        FAILED
    }

    /**
     * One object's YAML inside {@link #ingressYamlProperty()} or {@link #gatewayYamlProperty()}.
     *
     * @param document the object
     * @param start    its first character in the side's text
     * @param end      the character after its last
     */
    public record Placed(ConversionReport.Document document, int start, int end) {
    }

    /**
     * A request the two sides decide differently, as the table shows it: the same words {@code convert} prints
     * ({@link BehaviourCheck.Difference#display()}).
     *
     * @param request  {@code GET http://rewrite.example.com/SUB-PATH/b}, with its headers other than Host
     * @param ingress  what the Ingresses do ({@code 200 default/alpaca:8080 /app-path/b})
     * @param gateway  what the Gateway API objects do ({@code 404})
     * @param why      each side's reason, from explain
     */
    public record DifferenceRow(String request, String ingress, String gateway, String why) {

        static DifferenceRow of(BehaviourCheck.Difference difference) {
            SimpleRequest request = difference.request();
            String headers = request.headers().entrySet().stream()
                    .filter(header -> !header.getKey().equalsIgnoreCase("Host"))
                    .flatMap(header -> header.getValue().stream().map(value -> " [" + header.getKey() + ": " + value
                            + "]")).collect(Collectors.joining());
            return new DifferenceRow(request.method() + " " + request.scheme() + "://" + request.authority()
                    + request.target() + headers, difference.ingress().summary(), difference.gateway().summary(),
                    "Ingress: " + difference.ingress().why() + "\nHTTPRoute: " + difference.gateway().why());
        }
    }

    private final SessionModel session;
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper(this, "source", "");
    private final ReadOnlyStringWrapper ingressYaml = new ReadOnlyStringWrapper(this, "ingressYaml", "");
    private final ReadOnlyStringWrapper gatewayYaml = new ReadOnlyStringWrapper(this, "gatewayYaml", "");
    private final ReadOnlyObjectWrapper<List<Placed>> ingressDocuments = new ReadOnlyObjectWrapper<>(this,
            "ingressDocuments", List.of());
    private final ReadOnlyObjectWrapper<List<Placed>> gatewayDocuments = new ReadOnlyObjectWrapper<>(this,
            "gatewayDocuments", List.of());
    private final ObservableList<Untranslatable> untranslatable = FXCollections.observableArrayList();
    private final ObservableList<Untranslatable> readOnlyUntranslatable =
            FXCollections.unmodifiableObservableList(untranslatable);
    private final ObservableList<DifferenceRow> differences = FXCollections.observableArrayList();
    private final ObservableList<DifferenceRow> readOnlyDifferences =
            FXCollections.unmodifiableObservableList(differences);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner", "");
    private final ReadOnlyObjectWrapper<Verdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict",
            Verdict.WORKING);
    private final ReadOnlyStringWrapper saved = new ReadOnlyStringWrapper(this, "saved", "");
    private final ReadOnlyBooleanWrapper savedFailed = new ReadOnlyBooleanWrapper(this, "savedFailed");
    /** The files opened, or empty while the source is the session. */
    private List<Path> files = List.of();
    /** Counts runs: a result is shown only when no newer run has started since. */
    private long generation;

    public ConvertModel(SessionModel session) {
        this.session = Objects.requireNonNull(session);
        session.snapshotProperty().addListener((observable, old, now) -> {
            if (files.isEmpty()) {
                refresh();
            }
        });
        refresh();
    }

    /** Where the Ingresses come from: {@code the session's Ingresses (ingress-lab-sandbox)}, or the files opened. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** The Ingresses as YAML documents, each after a {@code ---} line. */
    public ReadOnlyStringProperty ingressYamlProperty() {
        return ingressYaml.getReadOnlyProperty();
    }

    /** The Gateway, ReferenceGrants and HTTPRoutes as YAML documents: what {@code ingress-lab convert} prints. */
    public ReadOnlyStringProperty gatewayYamlProperty() {
        return gatewayYaml.getReadOnlyProperty();
    }

    /** Where each Ingress is in {@link #ingressYamlProperty()}. */
    public ReadOnlyObjectProperty<List<Placed>> ingressDocumentsProperty() {
        return ingressDocuments.getReadOnlyProperty();
    }

    /** Where each converted object is in {@link #gatewayYamlProperty()}. */
    public ReadOnlyObjectProperty<List<Placed>> gatewayDocumentsProperty() {
        return gatewayDocuments.getReadOnlyProperty();
    }

    /** What the output does not carry, or carries with a difference, each with what to do (read-only, one list). */
    public ObservableList<Untranslatable> untranslatable() {
        return readOnlyUntranslatable;
    }

    /** The requests decided differently (read-only, one list). */
    public ObservableList<DifferenceRow> differences() {
        return readOnlyDifferences;
    }

    /** {@code Equivalent for 8 probe requests: …}, {@code 1 difference in 12 probe requests: …}, or what is wrong. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Verdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** What the last Save as… did: the file written, or why not. */
    public ReadOnlyStringProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savedFailedProperty() {
        return savedFailed.getReadOnlyProperty();
    }

    /** Whether the Ingresses come from files the user opened (else from the session). */
    public boolean readsFiles() {
        return !files.isEmpty();
    }

    /** Converts the session's Ingresses from now on, re-converting each time its routes change. */
    public void useSession() {
        files = List.of();
        refresh();
    }

    /**
     * Converts the Ingresses of these manifest files (with the Services they name, for port names), as {@code
     * ingress-lab convert -f FILE…} does; the session's changes no longer replace them, until {@link #useSession}.
     */
    public void open(List<Path> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        files = List.copyOf(chosen);
        refresh();
    }

    /** Converts again, from the current source. */
    public void refresh() {
        long asked = ++generation;
        if (!files.isEmpty()) {
            List<Path> reading = files;
            source.set("Files: " + reading.stream().map(path -> path.getFileName().toString())
                    .collect(Collectors.joining(", ")));
            working("Converting " + Plural.of(reading.size(), "file") + "…");
            FxThread.background(() -> fromFiles(reading), result -> show(asked, result),
                    error -> failed(asked, error));
            return;
        }
        LabSession running = session.sessionProperty().get();
        if (running == null) {
            source.set("The session's Ingresses");
            clear();
            verdict.set(Verdict.WORKING);
            banner.set("No session runs: press Start in the bar above, or Open… manifest files to convert.");
            return;
        }
        source.set("The session's Ingresses (" + where(running) + ")");
        working("Converting the session's Ingresses…");
        FxThread.background(() -> fromSession(running), result -> show(asked, result),
                error -> failed(asked, error));
    }

    /** What a run gives: the report, or why there is none. */
    private record Outcome(Optional<ConversionReport> report, String empty) {
    }

    private static Outcome fromSession(LabSession running) {
        TranslationInput input = running.input();
        if (input.ingresses().isEmpty()) {
            return new Outcome(Optional.empty(), "The session has no Ingress to convert. Apply one (Samples, or"
                    + " Lint's Apply), or Open… manifest files that hold Ingresses.");
        }
        return new Outcome(Optional.of(ConversionReport.run(input, settings(running.translatorSettings()), true)),
                "");
    }

    private static Outcome fromFiles(List<Path> paths) throws ManifestException {
        TranslationInput input = new ManifestLoader().load(paths.stream().map(Path::toString).toList()).toInput();
        if (input.ingresses().isEmpty()) {
            return new Outcome(Optional.empty(), "No Ingress in " + paths.stream().map(path -> path.getFileName()
                    .toString()).collect(Collectors.joining(", ")) + ": convert reads Ingresses (apiVersion"
                    + " networking.k8s.io/v1, kind Ingress). Open the files that hold them, with the Services they"
                    + " name.");
        }
        return new Outcome(Optional.of(ConversionReport.run(input, settings(TranslatorSettings.defaults()), true)),
                "");
    }

    private static TranslatorSettings settings(TranslatorSettings base) {
        return base.withHttpsPort(GATEWAY_HTTPS_PORT);
    }

    private static String where(LabSession running) {
        String context = running.current().connection().context();
        return running.hasCluster() ? (context.isEmpty() ? "the session's cluster" : context) : "its manifest files";
    }

    private void working(String text) {
        verdict.set(Verdict.WORKING);
        banner.set(text);
    }

    private void show(long asked, Outcome outcome) {
        if (asked != generation) {
            return;
        }
        if (outcome.report().isEmpty()) {
            clear();
            verdict.set(Verdict.EMPTY);
            banner.set(outcome.empty());
            return;
        }
        ConversionReport report = outcome.report().get();
        place(report.ingressDocuments(), ingressYaml, ingressDocuments);
        place(report.gatewayDocuments(), gatewayYaml, gatewayDocuments);
        untranslatable.setAll(report.conversion().untranslatable());
        BehaviourCheck.Verification check = report.verification().orElseThrow();
        differences.setAll(check.differences().stream().map(DifferenceRow::of).toList());
        String lost = untranslatable.isEmpty() ? "everything converted"
                : Plural.of(untranslatable.size(), "item") + " not converted, or converted with a difference"
                + " (listed below)";
        if (check.equivalent()) {
            verdict.set(Verdict.EQUIVALENT);
            banner.set("Equivalent for " + check.requests() + " probe requests: the Ingresses and the HTTPRoutes"
                    + " decide each alike; " + lost + ".");
        } else {
            verdict.set(Verdict.DIFFERENT);
            banner.set(Plural.of(check.differences().size(), "difference") + " in " + check.requests()
                    + " probe requests: the HTTPRoutes decide " + (check.differences().size() == 1 ? "it" : "them")
                    + " otherwise than the Ingresses (listed below); " + lost + ".");
        }
    }

    private void failed(long asked, Throwable error) {
        if (asked != generation) {
            return;
        }
        clear();
        verdict.set(Verdict.FAILED);
        if (error instanceof ManifestException manifests) {
            banner.set("The files cannot be read: " + manifests.problems().stream().map(ManifestProblem::display)
                    .collect(Collectors.joining("; ")) + ". The Lint view (or `ingress-lab lint PATH…`) says more"
                    + " about each problem.");
        } else {
            banner.set("Cannot convert: " + error.getMessage() + (files.isEmpty() ? ". Is the session's cluster"
                    + " reachable? Press Start again, or Open… manifest files." : ""));
        }
    }

    private void clear() {
        ingressYaml.set("");
        gatewayYaml.set("");
        ingressDocuments.set(List.of());
        gatewayDocuments.set(List.of());
        untranslatable.clear();
        differences.clear();
    }

    private static void place(List<ConversionReport.Document> documents, ReadOnlyStringWrapper text,
                              ReadOnlyObjectWrapper<List<Placed>> placed) {
        StringBuilder all = new StringBuilder();
        List<Placed> where = new ArrayList<>();
        for (ConversionReport.Document document : documents) {
            int start = all.length();
            all.append(document.yaml());
            where.add(new Placed(document, start, all.length()));
        }
        placed.set(List.copyOf(where));
        text.set(all.toString());
    }

    /** The Ingress ({@code namespace/name}) at a character of the left side's text, or empty. */
    public Optional<String> ingressAt(int position) {
        return at(ingressDocuments.get(), position).map(placed -> placed.document().objectName());
    }

    /** The Ingress the object at a character of the right side's text was converted from, or empty. */
    public Optional<String> convertedFromAt(int position) {
        return at(gatewayDocuments.get(), position).flatMap(placed -> placed.document().convertedFrom());
    }

    /** The Ingress's place in the left side's text. */
    public Optional<Placed> ingress(String objectName) {
        return ingressDocuments.get().stream().filter(placed -> placed.document().objectName().equals(objectName))
                .findFirst();
    }

    /** The HTTPRoutes converted from the Ingress, in the order of the right side's text. */
    public List<Placed> convertedFrom(String objectName) {
        return gatewayDocuments.get().stream().filter(placed -> placed.document().convertedFrom()
                .filter(objectName::equals).isPresent()).toList();
    }

    private static Optional<Placed> at(List<Placed> placed, int position) {
        return placed.stream().filter(one -> position >= one.start() && position < one.end()).findFirst();
    }

    /**
     * Writes the right side's YAML to {@code file}, whole or not at all ({@link OutputFile}); an existing file only
     * when {@code replace} (the user said so). On a background worker; {@link #savedProperty()} says what happened.
     */
    public void save(Path file, boolean replace) {
        String text = gatewayYaml.get();
        if (text.isEmpty()) {
            savedFailed.set(true);
            saved.set("Nothing to save: there is no converted object yet.");
            return;
        }
        FxThread.background(() -> {
            OutputFile.write(file, text, replace);
            return file;
        }, written -> {
            savedFailed.set(false);
            saved.set("Saved " + Plural.of(gatewayDocuments.get().size(), "object") + " to " + written
                    + " (kubectl apply -f it in a cluster with the Gateway API)");
        }, error -> {
            savedFailed.set(true);
            saved.set(error instanceof FileAlreadyExistsException ? file + " exists and was left as it is: choose"
                    + " Replace when asked, or another name" : "Cannot write " + file + " (" + describe(error)
                    + "); nothing was written. Choose a folder you can write.");
        });
    }

    private static String describe(Throwable error) {
        return error instanceof IOException && error.getMessage() != null ? error.getClass().getSimpleName() + ": "
                + error.getMessage() : String.valueOf(error.getMessage());
    }
}
