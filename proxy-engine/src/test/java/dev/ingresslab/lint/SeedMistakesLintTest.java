package dev.ingresslab.lint;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.manifest.SourceLocation;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chapter's two broken {@code simple-ingress.yaml} versions, as the user wrote them (samples/ch8/mistakes, the
 * files the sandbox test applies with kubectl) and as their study note keeps them (indentation lost by the web page:
 * src/test/resources/lint/seed, copied verbatim from the note): the API server's message, then our hint.
 */
class SeedMistakesLintTest {

    private final Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());

    @Test
    void theLowerCaseKindGetsTheApiServersMessageAndTheHint() {
        String file = "../samples/ch8/mistakes/simple-ingress-lowercase-kind.yaml";
        LintReport report = linter.lint(List.of(file));

        assertThat(report.findings()).hasSize(1);
        LintFinding finding = report.findings().get(0);
        assertThat(finding.display()).isEqualTo(file + ":5:1: error: no kind \"ingress\" is registered for version"
                + " \"networking.k8s.io/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"\n"
                + "  hint: kinds are case-sensitive: use `kind: Ingress`");
        assertThat(finding.code()).isEqualTo("KindNotRegistered");
    }

    @Test
    void specServiceGetsTheStrictDecodingErrorAndTheRightField() {
        String file = "../samples/ch8/mistakes/simple-ingress-spec-service.yaml";
        LintReport report = linter.lint(List.of(file));

        assertThat(report.findings()).hasSize(1);
        LintFinding finding = report.findings().get(0);
        assertThat(finding.location()).isEqualTo(new SourceLocation(file, 9, 3));
        assertThat(finding.message()).isEqualTo("Ingress in version \"v1\" cannot be handled as a Ingress: strict"
                + " decoding error: unknown field \"spec.service\"");
        assertThat(finding.hint()).isEqualTo("a catch-all backend is `spec.defaultBackend.service` (name and port),"
                + " not `spec.service`");
    }

    @Test
    void theNotesFlattenedCopiesGetKubectlsDuplicateKeyMessageAndTheIndentationHint() {
        for (String version : List.of("v1", "v2")) {
            String file = "src/test/resources/lint/seed/simple-ingress-" + version + "-as-noted.yaml";
            LintReport report = linter.lint(List.of(file));

            assertThat(report.findings()).as(version).singleElement().satisfies(finding -> {
                assertThat(finding.location()).isEqualTo(new SourceLocation(file, 8, 1));
                assertThat(finding.message()).isEqualTo("yaml: unmarshal errors: line 8: mapping key \"name\""
                        + " already defined at line 5");
                assertThat(finding.hint()).contains("indent the fields under their parent");
            });
        }
    }
}
