package dev.ingresslab.lint;

import dev.ingresslab.manifest.FieldPositions;
import dev.ingresslab.manifest.LoadedObject;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.manifest.ManifestReading;
import dev.ingresslab.manifest.ManifestSet;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Checks manifests as the API server, then the controller, would take them, without a cluster:
 * <ol>
 *   <li>reading and the API server's checks, by {@link ManifestLoader} (YAML positions, kinds, decoding, strict
 *       fields, validation), each problem an error;</li>
 *   <li>the controller's view, by {@link IngressTranslator}: what it refuses or loses (ingress-nginx's path and
 *       annotation admission, host+path conflicts across documents, a Service or Secret missing when the files hold
 *       them; for the Gateway API, a parentRef to a Gateway or listener the files lack, a backendRef no
 *       ReferenceGrant allows), each diagnostic a warning at its field of the object it is about;</li>
 *   <li>what only lint checks: TLS hosts no rule serves ({@link TlsHostCoverage}).</li>
 * </ol>
 * A cluster's objects (Services, Secrets, IngressClasses) can be added to what the Ingresses are checked against
 * ({@link #withCluster}): then a missing Service is found even when the files hold none.
 */
public final class Linter {

    private final ManifestLoader loader;
    private final TranslatorSettings settings;
    private final UnaryOperator<TranslationInput> cluster;

    /** A linter reading files and standard input as {@code loader} does, translating with {@code settings}. */
    public Linter(ManifestLoader loader, TranslatorSettings settings) {
        this(loader, settings, UnaryOperator.identity());
    }

    private Linter(ManifestLoader loader, TranslatorSettings settings, UnaryOperator<TranslationInput> cluster) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cluster = cluster;
    }

    /**
     * This linter, checking the files' Ingresses against a cluster's objects too: {@code withCluster} gets the
     * files' translation input and returns it with the cluster's Services, EndpointSlices, Secrets and
     * IngressClasses added (read only).
     */
    public Linter withCluster(UnaryOperator<TranslationInput> withCluster) {
        return new Linter(loader, settings, withCluster);
    }

    /** Lints files, folders (not recursing) and {@code -} for standard input. */
    public LintReport lint(List<String> sources) {
        return report(loader.read(sources));
    }

    /** Lints manifest text, named {@code name} in findings (a file name, or {@code <editor>}). */
    public LintReport lintText(String name, String text) {
        return report(loader.readText(name, text));
    }

    private LintReport report(ManifestReading reading) {
        List<LintFinding> findings = new ArrayList<>();
        for (ManifestProblem problem : reading.problems()) {
            findings.add(new LintFinding(problem.location(), Severity.ERROR, FindingCodes.of(problem),
                    problem.message(), problem.hint()));
        }
        ManifestSet set = reading.set();
        Translation translation = new IngressTranslator(settings).translate(cluster.apply(set.toInput()));
        for (Diagnostic diagnostic : translation.diagnostics()) {
            LoadedObject origin = object(set, diagnostic.kind(), diagnostic.namespace(), diagnostic.name());
            if (origin == null) {
                continue; // about an object of the cluster's, not of these files
            }
            findings.add(new LintFinding(origin.positions().of(diagnostic.field()),
                    diagnostic.severity() == Diagnostic.Severity.WARNING ? Severity.WARNING : Severity.INFO,
                    diagnostic.reason(), diagnostic.message(), ""));
        }
        for (LoadedObject loaded : set.objects()) {
            if (loaded.object() instanceof Ingress ingress) {
                tlsFindings(ingress, loaded.positions(), findings);
            }
        }
        findings.sort(Comparator.comparing((LintFinding f) -> f.location().file())
                .thenComparingInt(f -> f.location().line()).thenComparingInt(f -> f.location().column()));
        return new LintReport(findings, set.notes());
    }

    private static void tlsFindings(Ingress ingress, FieldPositions positions, List<LintFinding> findings) {
        for (TlsHostCoverage.Uncovered uncovered : TlsHostCoverage.check(ingress)) {
            findings.add(new LintFinding(positions.of(uncovered.field()), Severity.WARNING, "TLSHostWithoutRule",
                    uncovered.field() + ": \"" + uncovered.host() + "\" is not the host of any rule of this Ingress:"
                            + " its certificate is offered, but no route of this Ingress answers it",
                    uncovered.ruleHosts().isEmpty() ? "add a rule with `host: " + uncovered.host() + "`"
                            : "add a rule for it, or list only the rules' hosts: "
                            + String.join(", ", uncovered.ruleHosts())));
        }
    }

    /** The files' object a diagnostic is about: an Ingress, or a Gateway API object (of the same name, maybe). */
    private static LoadedObject object(ManifestSet set, String kind, String namespace, String name) {
        return set.objects().stream()
                .filter(o -> kind.equals(HasMetadata.getKind(o.object().getClass()))
                        && o.object().getMetadata().getName().equals(name)
                        && Objects.equals(namespace, o.object().getMetadata().getNamespace()))
                .findFirst().orElse(null);
    }
}
